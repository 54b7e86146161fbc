/**
 * The invitation to a course that is open for registration: a ready-to-copy text for e-mail or
 * the intranet, ending in the address where staff sign up themselves (/kurs/pamelding).
 */
import { useRef, useState } from 'preact/hooks';
import { useLang } from '../shared/i18n';
import { courseDays, dateRange, feeName, kindName, placeName } from '../shared/training-labels';
import type { CourseSummary } from './types';

type T = (nb: string, en: string) => string;

/** The invitation in the page's language; `origin` is KOR's address (scheme and host). */
export function invitationText(c: CourseSummary, t: T, lang: 'nb' | 'en', origin: string) {
  return [
    `${kindName(c.kind, t)}: ${c.title}`,
    '',
    `${t('Tid', 'When')}: ${dateRange(c.startDate, c.endDate, lang)} (${courseDays(c.days, t)})`,
    `${t('Sted', 'Where')}: ${placeName(c, t)}`,
    `${t('Egenandel', 'Fee')}: ${feeName(c.feeNok, t, lang)}`,
    `${t('Kursholdere', 'Trainers')}: ${c.trainers.map((tr) => tr.name).join(', ')}`,
    '',
    `${t('Meld deg på i KOR', 'Sign up in KOR')}: ${origin}/kurs/pamelding`,
  ].join('\n');
}

export function InvitationBox({ course }: { course: CourseSummary }) {
  const { t, lang } = useLang();
  const text = invitationText(course, t, lang, location.origin);
  const box = useRef<HTMLTextAreaElement>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  const copy = async () => {
    setNote(null);
    try {
      // Missing outside a secure context (http on another host than localhost): falls back below.
      await navigator.clipboard.writeText(text);
      setNote({
        ok: true,
        text: t(
          'Invitasjonen er kopiert. Lim den inn i en e-post eller på intranettet.',
          'The invitation is copied. Paste it into an e-mail or on the intranet.',
        ),
      });
    } catch {
      box.current?.select();
      setNote({
        ok: false,
        text: t(
          'Kunne ikke kopiere automatisk. Teksten er merket: kopier den med Ctrl+C (⌘+C på Mac).',
          'Could not copy automatically. The text is selected: copy it with Ctrl+C (⌘+C on a Mac).',
        ),
      });
    }
  };

  return (
    <section class="invitation" aria-labelledby="invitation-heading">
      <h2 id="invitation-heading">{t('Invitasjon', 'Invitation')}</h2>
      <p class="muted">
        {t(
          'Send invitasjonen til de ansatte: de melder seg på selv i KOR og dukker opp i deltakerlisten her.',
          'Send the invitation to staff: they sign up themselves in KOR and appear in the participant list here.',
        )}
      </p>
      <label for="invitation-text">{t('Invitasjonstekst', 'Invitation text')}</label>
      <textarea id="invitation-text" ref={box} readOnly rows={9} value={text} />
      <div class="button-row">
        <button type="button" class="button-secondary" onClick={copy}>
          {t('Kopier invitasjonen', 'Copy the invitation')}
        </button>
      </div>
      {/* Always in the page, so screen readers announce what the button did. */}
      <p
        role="status"
        class={note ? `alert ${note.ok ? 'alert-ok' : 'alert-note'}` : 'visually-hidden'}
      >
        {note?.text ?? ''}
      </p>
    </section>
  );
}
