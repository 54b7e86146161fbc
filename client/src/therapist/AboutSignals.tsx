/** How the light is made: the rule set, its thresholds and weights, in plain words. */
import { useLang } from '../shared/i18n';

const RULES: [string, string, string][] = [
  [
    'ALLIANCE_LOW',
    'Samarbeidsskåren (hvordan timen var) er under 36.',
    'The alliance score (how the session went) is below 36.',
  ],
  [
    'ALLIANCE_DROP',
    'Samarbeidsskåren falt 1 poeng eller mer siden forrige time.',
    'The alliance score fell 1 point or more since the last session.',
  ],
  [
    'NO_EARLY_CHANGE',
    'Ved 3. måling har «hvordan livet går» ikke bedret seg 5 poeng fra start.',
    'By the 3rd measurement, “how life is going” has not improved 5 points from intake.',
  ],
  [
    'DETERIORATION',
    '«Hvordan livet går» er 5 poeng eller mer under start.',
    '“How life is going” is 5 points or more below intake.',
  ],
  [
    'BELOW_EXPECTED',
    'Skåren er under nedre grense for forventet utvikling fra samme startskåre.',
    'The score is below the lower bound of the expected course from the same intake score.',
  ],
  [
    'MISSED_CONTACT',
    'Pasienten uteble, eller det er mer enn dobbelt så lenge siden kontakt som planlagt.',
    'The patient did not come, or it is more than twice the planned interval since contact.',
  ],
  [
    'TRANSITION',
    'Under 14 dager siden bytte av behandlingsnivå (f.eks. døgn til poliklinikk).',
    'Less than 14 days since a change of level of care (e.g. inpatient to outpatient).',
  ],
  [
    'READINESS_FALLING',
    'Endringsberedskapen i DUDIT-E er lavere enn sist.',
    'DUDIT-E readiness to change is lower than last time.',
  ],
  [
    'SAFETY',
    'HSCL-25 spørsmål 20 (håpløshet) er besvart med 2 eller mer. Vises alltid øverst.',
    'HSCL-25 item 20 (hopelessness) is answered 2 or more. Always shown first.',
  ],
];

export function AboutSignals() {
  const { t } = useLang();
  return (
    <section class="page">
      <p class="breadcrumb">
        <a href="/terapeut">{t('Mine pasienter', 'My patients')}</a> ›
      </p>
      <h1>{t('Slik virker signalene', 'How the signals work')}</h1>
      <p class="lead">
        {t(
          'Regelsettet dropout-risk@1 ser på pasientens svar og oppmøte. Hvert signal gir poeng; summen gir lyset: 1–3 poeng gult, 4 eller mer rødt. Med færre enn to svar og ingen signaler er lyset grått. Grensene kan settes av enheten (KOR_RISK_CONFIG).',
          'The rule set dropout-risk@1 reads the patient’s answers and attendance. Each signal adds points; the sum makes the light: 1–3 points yellow, 4 or more red. With fewer than two answers and no signal the light is grey. Units can set the thresholds (KOR_RISK_CONFIG).',
        )}
      </p>
      <div class="table-wrap">
        <table>
          <caption>{t('Signalene og standardvektene', 'The signals and default weights')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Kode', 'Code')}</th>
              <th scope="col">{t('Når', 'When')}</th>
              <th scope="col">{t('Poeng', 'Points')}</th>
            </tr>
          </thead>
          <tbody>
            {RULES.map(([code, nb, en]) => (
              <tr key={code}>
                <td>
                  <code>{code}</code>
                </td>
                <td>{t(nb, en)}</td>
                <td>
                  {{
                    ALLIANCE_LOW: 3,
                    ALLIANCE_DROP: 2,
                    MISSED_CONTACT: 3,
                    TRANSITION: 2,
                    DETERIORATION: 2,
                  }[code] ?? (code === 'SAFETY' ? t('vises alltid', 'always shown') : 1)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted">
        {t(
          'Den forventede utviklingen er en foreløpig kurve til enheten har 30 fullførte forløp med lignende startskåre; da brukes enhetens egne tall. Enhetslederen ser i kalibreringsrapporten hvor godt lyset har forutsagt avbrudd.',
          'The expected course is a provisional curve until the unit has 30 completed courses with a similar intake score; then the unit’s own figures are used. The unit lead sees in the calibration report how well the light has predicted drop-out.',
        )}
      </p>
    </section>
  );
}
