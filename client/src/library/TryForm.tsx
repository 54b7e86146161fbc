import { useState } from 'preact/hooks';
import type {
  AnswerValue,
  InstrumentDefinition,
  Item,
} from '../../../instruments/definition-schema';
import type { ScoreResult } from '../../../instruments/score';
import { itemsHiddenBySkipRules } from '../../../instruments/skip-rules';
import { ApiError, postJson } from '../shared/api';
import { useLang } from '../shared/i18n';
import { ItemInput } from './ItemInput';
import { ScoreResultView } from './ScoreResultView';

type Answers = Record<string, AnswerValue>;

function groups(def: InstrumentDefinition): { id: string; items: Item[] }[] {
  const byId = new Map(def.items.map((i) => [i.id, i]));
  if (!def.sections?.length) return [{ id: 'all', items: def.items }];
  return def.sections.map((s) => ({
    id: s.id,
    items: s.items.flatMap((id) => byId.get(id) ?? []),
  }));
}

export function TryForm({ definition: def }: { definition: InstrumentDefinition }) {
  const { lang, t } = useLang();
  const [answers, setAnswers] = useState<Answers>({});
  const [sex, setSex] = useState<'' | 'female' | 'male'>('');
  const [result, setResult] = useState<ScoreResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const hidden = itemsHiddenBySkipRules(def, answers);

  function answer(id: string, value: AnswerValue) {
    setAnswers((current) => {
      const next = { ...current, [id]: value };
      // Clear answers a skip rule now hides, as a paper form would have them left blank.
      for (const hiddenId of itemsHiddenBySkipRules(def, next)) delete next[hiddenId];
      return next;
    });
    setResult(null);
  }

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const scored = await postJson<ScoreResult>(`/api/v1/instruments/${def.id}/score`, {
        version: def.version,
        answers,
        ...(sex ? { respondent: { sex } } : {}),
      });
      setResult(scored);
    } catch (e) {
      setResult(null);
      setError(e instanceof ApiError ? e : new ApiError(0, 'network', String(e)));
    } finally {
      setBusy(false);
    }
  }

  function reset() {
    setAnswers({});
    setResult(null);
    setError(null);
  }

  const sectionTitle = (id: string) => def.sections?.find((s) => s.id === id)?.title[lang];
  const answeredCount = Object.values(answers).filter((v) => v !== null && v !== '').length;

  return (
    <section aria-labelledby="try-title" class="try">
      <h2 id="try-title">{t('Prøv skjemaet', 'Try the form')}</h2>
      <p class="instructions">{def.instructions[lang]}</p>
      <form onSubmit={submit} noValidate>
        {groups(def).map((group) => (
          <div key={group.id} class="item-group">
            {def.sections?.length ? <h3>{sectionTitle(group.id)}</h3> : null}
            {group.items.map((item) => (
              <ItemInput
                key={item.id}
                item={item}
                value={answers[item.id] ?? null}
                hidden={hidden.has(item.id)}
                onAnswer={(value) => answer(item.id, value)}
              />
            ))}
          </div>
        ))}
        <div class="form-footer">
          <label for="respondent-sex">
            {t('Kjønn (for kjønnsspesifikke grenser)', 'Sex (for sex-specific cut-offs)')}
          </label>
          <select
            id="respondent-sex"
            value={sex}
            onChange={(e) =>
              setSex((e.target as HTMLSelectElement).value as '' | 'female' | 'male')
            }
          >
            <option value="">{t('Ikke oppgitt', 'Not given')}</option>
            <option value="female">{t('Kvinne', 'Female')}</option>
            <option value="male">{t('Mann', 'Male')}</option>
          </select>
          <span class="muted">
            {answeredCount} / {def.items.length} {t('besvart', 'answered')}
          </span>
          <button type="submit" class="button-primary" disabled={busy}>
            {busy ? t('Regner ut …', 'Scoring …') : t('Regn ut skår', 'Compute score')}
          </button>
          <button type="button" class="button-secondary" onClick={reset}>
            {t('Tøm skjemaet', 'Clear the form')}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {error && (
          <div class="alert alert-error" role="alert">
            <p>{error.message}</p>
            {error.issues.length > 0 && (
              <ul>
                {error.issues.map((i) => (
                  <li key={i.path.join('.')}>{i.message}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {result && <ScoreResultView definition={def} result={result} />}
      </div>
    </section>
  );
}
