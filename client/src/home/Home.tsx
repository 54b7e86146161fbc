import { useLang } from '../shared/i18n';

export function Home() {
  const { t } = useLang();
  return (
    <section class="page home">
      <h1>KOR</h1>
      <p class="lead">
        {t(
          'Klient- og resultatstyrt praksis for tverrfaglig spesialisert rusbehandling: pasienten forteller hvordan livet og timene går, behandleren ser utviklingen sammen med pasienten og handler tidlig når behandlingen ikke virker.',
          'Feedback-informed practice for specialised substance-use treatment: the patient tells how life and the sessions are going, the therapist reads the trend with the patient and acts early when treatment is not working.',
        )}
      </p>
      <div class="cards">
        <a class="card card-link" href="/terapeut">
          <h2>{t('Mine pasienter', 'My patients')}</h2>
          <p>
            {t(
              'For behandlere: pasientene med høyest risiko for avbrudd først, utviklingen over tid og det du gjør i timen.',
              'For therapists: the patients most at risk of drop-out first, the trend over time and what you do in the session.',
            )}
          </p>
        </a>
        <a class="card card-link" href="/enhet">
          <h2>{t('Enhetsrapporter', 'Unit reports')}</h2>
          <p>
            {t(
              'For enhetsledere: avbrudd per kvartal, systematisk bruk, resultater og hvor godt varslene treffer.',
              'For unit leads: drop-out per quarter, fidelity, outcomes and how well the warnings hit.',
            )}
          </p>
        </a>
        <a class="card card-link" href="/kurs">
          <h2>{t('Kurs og trenernettverk', 'Courses and the trainer network')}</h2>
          <p>
            {t(
              'For trenere: kurs med påmelding, oppmøte og anonym evaluering, og hvem som har lært opp hvem.',
              'For trainers: courses with registration, attendance and anonymous evaluation, and who trained whom.',
            )}
          </p>
        </a>
        <a class="card card-link" href="/instrumenter">
          <h2>{t('Instrumentbibliotek', 'Instrument library')}</h2>
          <p>
            {t(
              'Les instrumentene med kilde, lisens og oversettelsesstatus, fyll dem ut og se skåren.',
              'Read the instruments with source, licence and translation status, fill them in and see the score.',
            )}
          </p>
        </a>
        <a class="card card-link" href="/tablet">
          <h2>{t('Pasientens nettbrett', 'The patient tablet')}</h2>
          <p>
            {t(
              'Åpne denne på klinikkens nettbrett. Pasienten skriver koden fra behandleren og fyller ut skjemaene.',
              'Open this on the clinic’s tablet. The patient types the code from the therapist and fills in the forms.',
            )}
          </p>
        </a>
      </div>
    </section>
  );
}
