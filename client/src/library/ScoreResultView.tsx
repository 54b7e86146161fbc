import type {
  InstrumentDefinition,
  InterpretationRule,
} from '../../../instruments/definition-schema';
import type { InterpretationValue, ScoreResult } from '../../../instruments/score';
import { formatScore } from '../shared/format';
import { useLang } from '../shared/i18n';

function valueLabel(
  rule: InterpretationRule | undefined,
  value: InterpretationValue,
  lang: 'nb' | 'en',
  t: (nb: string, en: string) => string,
): string {
  if (value === null) return t('Kan ikke vurderes', 'Cannot be assessed');
  if (typeof value === 'boolean') return value ? t('Ja', 'Yes') : t('Nei', 'No');
  if (rule?.kind === 'bands')
    return rule.bands.find((b) => b.value === value)?.label[lang] ?? value;
  if (rule?.kind === 'sex-bands') {
    return [...rule.male, ...rule.female].find((b) => b.value === value)?.label[lang] ?? value;
  }
  return value;
}

export function ScoreResultView({
  definition: def,
  result,
}: {
  definition: InstrumentDefinition;
  result: ScoreResult;
}) {
  const { lang, t } = useLang();
  const scored = result.status === 'scored';
  return (
    <section
      class={`result ${scored ? 'result-ok' : 'result-warn'}`}
      aria-labelledby="result-title"
    >
      <h3 id="result-title">
        {scored ? t('Resultat', 'Result') : t('Kan ikke skåres', 'Cannot be scored')}
      </h3>
      {result.reason && <p>{result.reason}</p>}
      <dl class="scores">
        {def.scoring.scales.map((s) => (
          <div key={s.key} class="score">
            <dt>{s.label[lang]}</dt>
            <dd data-score={s.key}>{formatScore(result.scores[s.key], lang)}</dd>
          </div>
        ))}
      </dl>
      {Object.keys(result.interpretation).length > 0 && (
        <ul class="interpretation">
          {Object.entries(result.interpretation).map(([key, value]) => {
            const rule = def.scoring.interpretation.find((r) => r.key === key);
            return (
              <li key={key} data-interpretation={key}>
                <strong>{rule?.label[lang] ?? key}:</strong> {valueLabel(rule, value, lang, t)}
              </li>
            );
          })}
        </ul>
      )}
      {result.missing.length > 0 && (
        <p>
          {t('Ubesvart', 'Not answered')}: {result.missing.join(', ')}
        </p>
      )}
      {result.skipped.length > 0 && (
        <p class="muted">
          {t('Hoppet over (teller 0)', 'Skipped (count 0)')}: {result.skipped.join(', ')}
        </p>
      )}
    </section>
  );
}
