/**
 * The anonymous course evaluation's results: the means from the minimum number of answers (so no
 * single answer can be recognised), and the comments.
 */
import { formatScore } from '../shared/format';
import { useLang } from '../shared/i18n';
import type { Evaluations } from './types';

export function EvaluationResults({ data }: { data: Evaluations }) {
  const { t, lang } = useLang();
  if (!data.shown || !data.means)
    return (
      <p class="muted">
        {t(
          `${data.n} svar så langt. Resultatene vises fra ${data.minimum} svar, så ingen enkeltsvar kan kjennes igjen.`,
          `${data.n} answers so far. Results are shown from ${data.minimum} answers, so no single answer can be recognised.`,
        )}
      </p>
    );
  const rows: [string, number][] = [
    [t('Relevant for arbeidet', 'Relevant to the work'), data.means.relevance],
    [t('Lett å forstå', 'Easy to understand'), data.means.understandable],
    [t('Godt strukturert', 'Well structured'), data.means.structured],
    [t('Fører til handling', 'Leads to action'), data.means.action],
    [t('Gjennomsnitt', 'Mean'), data.means.mean],
  ];
  return (
    <>
      <div class="table-wrap">
        <table>
          <caption>
            {t(`Gjennomsnitt av ${data.n} svar (1–10)`, `Mean of ${data.n} answers (1–10)`)}
          </caption>
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{formatScore(value, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.comments && data.comments.length > 0 && (
        <>
          <h3>{t('Kommentarer', 'Comments')}</h3>
          <ul class="comments">
            {data.comments.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
