/**
 * The kiosk start screen: a big keypad for the six-digit code the therapist gives. The code is
 * sent when the sixth digit is typed. A physical keyboard works too; the tablet's own keyboard
 * stays away (inputmode="none"), so the keypad is not covered.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLang } from '../shared/i18n';

interface Props {
  busy: boolean;
  /** Shown (and read out) under the code. */
  message?: string;
  locked: boolean;
  onSubmit: (code: string) => void;
}

const DIGITS = 6;

export function Keypad({ busy, message, locked, onSubmit }: Props) {
  const { t } = useLang();
  const [digits, setDigits] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const disabled = busy || locked;

  useEffect(() => {
    input.current?.focus();
  }, []);
  const update = (value: string) => {
    const clean = value.replace(/\D/g, '').slice(0, DIGITS);
    setDigits(clean);
    if (clean.length === DIGITS) {
      setDigits('');
      onSubmit(clean);
    }
  };

  return (
    <section class="screen keypad-screen" aria-labelledby="screen-heading">
      <h1 id="screen-heading">{t('Skriv inn koden', 'Enter the code')}</h1>
      <p>
        {t(
          'Behandleren din gir deg en kode på seks sifre.',
          'Your therapist gives you a code of six digits.',
        )}
      </p>
      <label for="code" class="visually-hidden">
        {t('Kode, seks sifre', 'Code, six digits')}
      </label>
      <input
        id="code"
        ref={input}
        class="code-input"
        type="text"
        inputMode="none"
        autoComplete="off"
        autoCorrect="off"
        spellcheck={false}
        maxLength={DIGITS}
        value={digits}
        disabled={disabled}
        aria-describedby="code-message"
        onInput={(e) => update((e.target as HTMLInputElement).value)}
      />
      <p id="code-message" class={message ? 'message message-error' : 'message'} role="alert">
        {busy ? t('Sjekker koden …', 'Checking the code …') : (message ?? '')}
      </p>
      <div class="keypad">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
          <button key={d} type="button" disabled={disabled} onClick={() => update(digits + d)}>
            {d}
          </button>
        ))}
        <button
          type="button"
          class="key-secondary"
          disabled={disabled || digits === ''}
          onClick={() => setDigits('')}
        >
          {t('Tøm', 'Clear')}
        </button>
        <button type="button" disabled={disabled} onClick={() => update(`${digits}0`)}>
          0
        </button>
        <button
          type="button"
          class="key-secondary"
          disabled={disabled || digits === ''}
          aria-label={t('Slett siste siffer', 'Delete the last digit')}
          onClick={() => setDigits(digits.slice(0, -1))}
        >
          ⌫
        </button>
      </div>
    </section>
  );
}
