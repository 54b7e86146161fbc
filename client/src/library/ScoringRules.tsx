import type {
  InstrumentDefinition,
  InterpretationRule,
} from '../../../instruments/definition-schema';
import { useLang } from '../shared/i18n';
import { scaleMethodLabel } from './labels';

function ruleDetail(
  rule: InterpretationRule,
  lang: 'nb' | 'en',
  t: (nb: string, en: string) => string,
): string {
  switch (rule.kind) {
    case 'bands':
      // Labels that already name their range (AUDIT zones) are shown as they are.
      return rule.bands
        .map((b) =>
          b.label[lang].includes(`${b.min}–${b.max}`)
            ? b.label[lang]
            : `${b.min}–${b.max}: ${b.label[lang]}`,
        )
        .join(' · ');
    case 'threshold':
      return `${rule.scale} ${rule.op} ${rule.value}`;
    case 'sex-threshold':
      return `${rule.scale} ${rule.op} ${rule.male} ${t('(menn)', '(men)')}, ${rule.female} ${t('(kvinner)', '(women)')}`;
    case 'sex-bands':
      return [
        `${t('Menn', 'Men')}: ${rule.male.map((b) => `${b.min}–${b.max} ${b.label[lang]}`).join(', ')}`,
        `${t('Kvinner', 'Women')}: ${rule.female.map((b) => `${b.min}–${b.max} ${b.label[lang]}`).join(', ')}`,
      ].join(' · ');
    case 'any-item':
      return rule.conditions
        .map((c) => `${t('spørsmål', 'items')} ${c.items.join(', ')} ${c.op} ${c.value}`)
        .join(t(' eller ', ' or '));
  }
}

export function ScoringRules({ definition: def }: { definition: InstrumentDefinition }) {
  const { lang, t } = useLang();
  const missingRule = (m: InstrumentDefinition['scoring']['scales'][number]['missing']) =>
    m === 'require-all'
      ? t('alle spørsmål må være besvart', 'every item must be answered')
      : m === 'answered-only'
        ? t('besvarte spørsmål (minst ett)', 'answered items (at least one)')
        : t(`minst ${m.minFraction * 100} % besvart`, `at least ${m.minFraction * 100} % answered`);
  return (
    <section aria-labelledby="scoring-title">
      <h2 id="scoring-title">{t('Slik skåres instrumentet', 'How the instrument is scored')}</h2>
      <div class="table-wrap">
        <table>
          <caption>{t('Skalaer', 'Scales')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Skala', 'Scale')}</th>
              <th scope="col">{t('Nøkkel', 'Key')}</th>
              <th scope="col">{t('Spørsmål', 'Items')}</th>
              <th scope="col">{t('Metode', 'Method')}</th>
              <th scope="col">{t('Manglende svar', 'Missing answers')}</th>
              <th scope="col">{t('Område', 'Range')}</th>
            </tr>
          </thead>
          <tbody>
            {def.scoring.scales.map((s) => (
              <tr key={s.key}>
                <th scope="row">{s.label[lang]}</th>
                <td>
                  <code>{s.key}</code>
                </td>
                <td>{s.items.join(', ')}</td>
                <td>
                  {scaleMethodLabel(s.method, t)}
                  {s.method !== 'gas-tscore' && s.reverse
                    ? t(
                        `; snudd: ${s.reverse.items.join(', ')}`,
                        `; reversed: ${s.reverse.items.join(', ')}`,
                      )
                    : ''}
                </td>
                <td>{missingRule(s.missing)}</td>
                <td>
                  {s.range.min}–{s.range.max}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {def.scoring.interpretation.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption>{t('Tolkning', 'Interpretation')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Regel', 'Rule')}</th>
                <th scope="col">{t('Grenser', 'Cut-offs')}</th>
                <th scope="col">{t('Grunnlag', 'Basis')}</th>
              </tr>
            </thead>
            <tbody>
              {def.scoring.interpretation.map((r) => (
                <tr key={r.key}>
                  <th scope="row">
                    {r.label[lang]} <code>{r.key}</code>
                  </th>
                  <td>{ruleDetail(r, lang, t)}</td>
                  <td>{r.basis}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {def.skipRules.length > 0 && (
        <>
          <h3>{t('Hopperegler', 'Skip rules')}</h3>
          <ul>
            {def.skipRules.map((r) => (
              <li key={r.note.en}>
                {r.note[lang]} {t('Spørsmål som hoppes over, teller 0.', 'Skipped items count 0.')}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
