import { useLang } from '../shared/i18n';
import { LoginForm, oidcFailureCode, type StaffUser } from '../shared/session';
import { useJson } from '../shared/useJson';

/** Trainers, national trainers and administrators read the trainer module (training-access.ts). */
function readsTraining(user: StaffUser): boolean {
  return (
    user.globalRole === 'national_trainer' ||
    user.globalRole === 'admin' ||
    user.memberships.some((m) => m.role === 'trainer')
  );
}

export function Home() {
  const { t } = useLang();
  // Who is logged in, if anyone: the page is public, the extra cards are for some staff.
  const me = useJson<{ user: StaffUser }>('/api/v1/auth/me');
  const user = me.state === 'ready' ? me.data.user : null;
  const practising = user?.units.some((u) => u.isPractice) ?? false;
  const trainer = user ? readsTraining(user) : false;
  // A login through the provider that failed comes back here with ?innlogging=<reason>.
  if (me.state === 'error' && oidcFailureCode())
    return <LoginForm onLogin={() => location.assign('/')} />;
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
        {user && (
          <a class="card card-link" href="/kurs/pamelding">
            <h2>{t('Kurs og påmelding', 'Courses and registration')}</h2>
            <p>
              {t(
                'For alle ansatte: kursene som er åpne for påmelding, med dato, sted, egenandel og ledige plasser. Meld deg på selv.',
                'For all staff: the courses open for registration, with dates, place, fee and places left. Sign up yourself.',
              )}
            </p>
          </a>
        )}
        {practising && (
          <a class="card card-link" href="/kurs/ovelser">
            <h2>{t('Øvelser', 'Exercises')}</h2>
            <p>
              {t(
                'Øvelsene fra kursene du er med på: syntetiske pasienter i terapeutvisningen, og dine svar på hva du ser og hva du vil gjøre.',
                'The exercises of the courses you take part in: synthetic patients in the therapist view, and your answers on what you see and what you would do.',
              )}
            </p>
          </a>
        )}
        {trainer && (
          <a class="card card-link" href="/kurs/oppfolging">
            <h2>{t('Oppfølging', 'Follow-up')}</h2>
            <p>
              {t(
                'For trenere: per enhet trenere, opplærte behandlere, kurs som er holdt, og om KOR brukes i timene måned for måned.',
                'For trainers: per unit the trainers, trained clinicians, courses held, and whether KOR is used in the sessions month by month.',
              )}
            </p>
          </a>
        )}
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
