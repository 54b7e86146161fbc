/**
 * Role play with a practice case: a form session on the synthetic patient's treatment course,
 * through the ordinary clinical API, so one participant plays the patient on the tablet while
 * another reads the answers in the therapist's view. The code is shown large, as for a patient.
 */
import { postJson } from '../shared/api';
import { useLang } from '../shared/i18n';
import type { PracticeCase } from './types';

/** The clinical API's answer to a new kiosk form session (server/services/form-service.ts). */
export interface RolePlaySession {
  id: string;
  expiresAt: string;
  code?: string;
}

/** The forms a role play uses: how life is going and how the session went. */
const ROLE_PLAY_FORMS = ['session-outcome', 'session-alliance'];

export function startRolePlay(practiceCase: PracticeCase): Promise<RolePlaySession> {
  return postJson<RolePlaySession>(`/api/v1/courses/${practiceCase.courseId}/form-sessions`, {
    instruments: ROLE_PLAY_FORMS,
    channel: 'kiosk',
  });
}

export function RolePlayCode({
  practiceCase,
  session,
}: {
  practiceCase: PracticeCase;
  session: RolePlaySession;
}) {
  const { t, lang } = useLang();
  const time = new Date(session.expiresAt).toLocaleTimeString(lang === 'nb' ? 'nb-NO' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
  });
  return (
    <div class="roleplay-code" aria-live="polite">
      <p>
        <strong>
          {t(
            `Rollespill med ${practiceCase.patientCode}`,
            `Role play with ${practiceCase.patientCode}`,
          )}
        </strong>
        {' – '}
        {t(
          'én spiller pasienten og skriver koden på nettbrettet, en annen er behandler og leser svarene i terapeutvisningen.',
          'one plays the patient and types the code on the tablet, another is the therapist and reads the answers in the therapist view.',
        )}
      </p>
      {session.code && (
        <output class="code">{session.code.replace(/(\d{3})(\d{3})/, '$1 $2')}</output>
      )}
      <p class="muted">
        {t('Gyldig til', 'Valid until')} {time} · {t('kan brukes én gang', 'single use')}
      </p>
      <p>
        <a class="button-secondary" href="/tablet" target="_blank" rel="noopener">
          {t('Åpne nettbrettet', 'Open the tablet')}
          <span class="visually-hidden"> {t('(ny fane)', '(new tab)')}</span>
        </a>{' '}
        <a href={`/terapeut/forlop/${practiceCase.courseId}`}>
          {t('Åpne i terapeutvisningen', 'Open in the therapist view')}
        </a>
      </p>
    </div>
  );
}
