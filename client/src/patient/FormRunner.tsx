/**
 * The forms due, one item per screen: an intro of one plain sentence, the items (skip rules
 * applied as the patient answers), a review page, then send. A sent form cannot be changed; the
 * answers of the form being filled in live only in this component's state.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type {
  Answers,
  AnswerValue,
  InstrumentDefinition,
  Item,
} from '../../../instruments/definition-schema';
import { itemsHiddenBySkipRules } from '../../../instruments/skip-rules';
import { useLang } from '../shared/i18n';
import { VasLine } from './VasLine';

interface Props {
  forms: InstrumentDefinition[];
  /** Queues a finished form for sending (see outbox.ts); resolves once it is kept safely. */
  onSend: (form: InstrumentDefinition, answers: Answers) => Promise<void>;
  onFinished: () => void;
}

type At = 'intro' | 'review' | { item: string };
const ADVANCE_MS = 350;
const TAP_MS = 1500;

/** The first sentence of a description: the one plain sentence a form is introduced with. */
const firstSentence = (text: string) => text.match(/^.*?[.!?](?=\s|$)/)?.[0] ?? text;

export function FormRunner({ forms, onSend, onFinished }: Props) {
  const { lang, t } = useLang();
  const [index, setIndex] = useState(0);
  const [answers, setAnswers] = useState<Answers>({});
  const [at, setAt] = useState<At>('intro');
  const [fromReview, setFromReview] = useState(false);
  const [sending, setSending] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const advance = useRef<ReturnType<typeof setTimeout>>();
  // The timer of a tap calls the newest `next`, which knows the items the tap's answer hides.
  const nextRef = useRef<() => void>(() => {});
  const form = forms[index] as InstrumentDefinition;
  const hidden = itemsHiddenBySkipRules(form, answers);
  const visible = form.items.filter((i) => !hidden.has(i.id));
  const position = typeof at === 'object' ? visible.findIndex((i) => i.id === at.item) : -1;
  const item = position >= 0 ? visible[position] : undefined;
  const screenKey = `${index}:${typeof at === 'object' ? at.item : at}`;

  // Each new screen: focus its heading, so a screen reader reads the new question.
  useLayoutEffect(() => {
    heading.current?.focus();
    window.scrollTo(0, 0);
  }, [screenKey]);
  useEffect(() => () => clearTimeout(advance.current), []);
  // An item a changed answer hid: continue at the review.
  useEffect(() => {
    if (typeof at === 'object' && !item) setAt('review');
  });

  const formLabel = t(
    `Skjema ${index + 1} av ${forms.length}`,
    `Form ${index + 1} of ${forms.length}`,
  );
  const goTo = (next: At) => {
    clearTimeout(advance.current);
    setAt(next);
  };
  const next = () => {
    if (fromReview) return goTo('review');
    const following = visible[position + 1];
    goTo(following ? { item: following.id } : 'review');
  };
  nextRef.current = next;
  const back = () => {
    if (position > 0) goTo({ item: (visible[position - 1] as Item).id });
    else goTo('intro');
  };
  const answer = (id: string, value: AnswerValue | undefined) => {
    setAnswers((old) => {
      const updated: Answers = { ...old };
      if (value === undefined) delete updated[id];
      else updated[id] = value;
      // Items a skip rule now hides lose their answers, as on paper.
      for (const h of itemsHiddenBySkipRules(form, updated)) delete updated[h];
      return updated;
    });
  };
  const send = async () => {
    setSending(true);
    try {
      await onSend(form, answers);
    } finally {
      setSending(false);
    }
    if (index + 1 >= forms.length) {
      onFinished();
      return;
    }
    setIndex(index + 1);
    setAnswers({});
    setFromReview(false);
    setAt('intro');
  };

  if (at === 'intro') {
    return (
      <section class="screen" aria-labelledby="screen-heading">
        <p class="step">{formLabel}</p>
        <h1 id="screen-heading" ref={heading} tabIndex={-1}>
          {firstSentence(form.description[lang])}
        </h1>
        {form.instructions && <p class="instructions">{form.instructions[lang]}</p>}
        <p class="muted">
          {form.title[lang]} · {t(`${visible.length} spørsmål`, `${visible.length} questions`)}
        </p>
        <div class="actions">
          <button
            type="button"
            class="primary"
            onClick={() => goTo({ item: (visible[0] as Item).id })}
          >
            {t('Start', 'Start')}
          </button>
        </div>
      </section>
    );
  }

  if (at === 'review') {
    return (
      <section class="screen" aria-labelledby="screen-heading">
        <p class="step">{formLabel}</p>
        <h1 id="screen-heading" ref={heading} tabIndex={-1}>
          {t('Se over svarene dine', 'Check your answers')}
        </h1>
        <p>
          {t(
            'Trykk «Endre» for å endre et svar. Når du har sendt skjemaet, kan du ikke endre det.',
            'Press “Change” to change an answer. Once you have sent the form, you cannot change it.',
          )}
        </p>
        <ol class="review">
          {visible.map((i, n) => (
            <li key={i.id}>
              <p class="review-question">{i.text[lang]}</p>
              <div class="review-answer">
                <AnswerView item={i} value={answers[i.id]} />
                <button
                  type="button"
                  class="link-button"
                  aria-label={t(
                    `Endre svar på spørsmål ${n + 1}`,
                    `Change answer to question ${n + 1}`,
                  )}
                  onClick={() => {
                    setFromReview(true);
                    goTo({ item: i.id });
                  }}
                >
                  {t('Endre', 'Change')}
                </button>
              </div>
            </li>
          ))}
        </ol>
        <div class="actions">
          <button
            type="button"
            onClick={() => {
              setFromReview(false);
              goTo({ item: (visible[visible.length - 1] as Item).id });
            }}
          >
            {t('Tilbake', 'Back')}
          </button>
          <button type="button" class="primary" disabled={sending} onClick={send}>
            {index + 1 < forms.length
              ? t('Send og gå videre', 'Send and continue')
              : t('Send', 'Send')}
          </button>
        </div>
      </section>
    );
  }

  if (!item) return null;
  const value = answers[item.id];
  const questionId = `q-${item.id}`;
  const answered = value !== undefined && value !== null && value !== '';
  return (
    <section class="screen" aria-labelledby={questionId}>
      <div class="progress-text">
        <span>{formLabel}</span>
        <span>
          {t(
            `Spørsmål ${position + 1} av ${visible.length}`,
            `Question ${position + 1} of ${visible.length}`,
          )}
        </span>
      </div>
      <div
        class="progress"
        role="progressbar"
        aria-label={t('Hvor langt du har kommet i skjemaet', 'How far you are in the form')}
        aria-valuemin={0}
        aria-valuemax={visible.length}
        aria-valuenow={position + 1}
        aria-valuetext={t(
          `Spørsmål ${position + 1} av ${visible.length}`,
          `Question ${position + 1} of ${visible.length}`,
        )}
      >
        <div
          class="progress-bar"
          style={{ width: `${((position + 1) / visible.length) * 100}%` }}
        />
      </div>
      {form.recallPeriod && <p class="recall">{form.recallPeriod[lang]}</p>}
      <h1 id={questionId} ref={heading} tabIndex={-1} class="question">
        {item.text[lang]}
      </h1>
      {item.help && <p class="help">{item.help[lang]}</p>}
      <ItemField
        item={item}
        value={value}
        labelledBy={questionId}
        onAnswer={(v, pointer) => {
          answer(item.id, v);
          // A tap on a choice moves on by itself; keyboard users move on with «Neste». (The
          // change event that follows a tap must not cancel it.)
          if (pointer && item.kind === 'choice') {
            clearTimeout(advance.current);
            advance.current = setTimeout(() => nextRef.current(), ADVANCE_MS);
          }
        }}
      />
      <div class="actions">
        <button type="button" onClick={back}>
          {t('Tilbake', 'Back')}
        </button>
        {answered ? (
          <button type="button" class="primary" onClick={next}>
            {fromReview ? t('Til oversikten', 'To the overview') : t('Neste', 'Next')}
          </button>
        ) : (
          <button type="button" class="quiet" onClick={next}>
            {t('Hopp over', 'Skip')}
          </button>
        )}
      </div>
    </section>
  );
}

function ItemField({
  item,
  value,
  labelledBy,
  onAnswer,
}: {
  item: Item;
  value: AnswerValue | undefined;
  labelledBy: string;
  onAnswer: (value: AnswerValue | undefined, pointer: boolean) => void;
}) {
  const { lang, t } = useLang();
  const pointerAt = useRef(0);
  switch (item.kind) {
    case 'choice':
      return (
        <div class="choices" role="radiogroup" aria-labelledby={labelledBy}>
          {item.options.map((o) => (
            <label
              key={o.value}
              class="choice"
              onPointerDown={() => {
                pointerAt.current = Date.now();
              }}
            >
              <input
                type="radio"
                name={`item-${item.id}`}
                value={o.value}
                checked={value === o.value}
                // A click right after a touch or mouse press on the option is a tap (it also
                // comes when the option was already chosen); arrow keys only change.
                onClick={() => {
                  const tap = Date.now() - pointerAt.current < TAP_MS;
                  pointerAt.current = 0;
                  onAnswer(o.value, tap);
                }}
                onChange={() => onAnswer(o.value, false)}
              />
              <span>{o.label[lang]}</span>
            </label>
          ))}
        </div>
      );
    case 'visual-analogue':
      return (
        <VasLine
          value={typeof value === 'number' ? value : undefined}
          onChange={(v) => onAnswer(v, false)}
          labelledBy={labelledBy}
          min={item.anchors.min[lang]}
          max={item.anchors.max[lang]}
        />
      );
    case 'number':
      return (
        <input
          class="number-answer"
          type="number"
          inputMode="decimal"
          aria-labelledby={labelledBy}
          min={item.min}
          max={item.max}
          step={item.integer ? 1 : 'any'}
          value={typeof value === 'number' ? value : ''}
          onInput={(e) => {
            const raw = (e.target as HTMLInputElement).value;
            onAnswer(raw === '' ? undefined : Number(raw), false);
          }}
        />
      );
    case 'text':
      return (
        <textarea
          class="text-answer"
          aria-labelledby={labelledBy}
          maxLength={item.maxLength}
          value={typeof value === 'string' ? value : ''}
          placeholder={t('Skriv her', 'Write here')}
          onInput={(e) => {
            const raw = (e.target as HTMLTextAreaElement).value;
            onAnswer(raw === '' ? undefined : raw, false);
          }}
        />
      );
  }
}

function AnswerView({ item, value }: { item: Item; value: AnswerValue | undefined }) {
  const { lang, t } = useLang();
  if (value === undefined || value === null || value === '')
    return <span class="unanswered">{t('Ikke besvart', 'Not answered')}</span>;
  if (item.kind === 'choice')
    return <span>{item.options.find((o) => o.value === value)?.label[lang] ?? String(value)}</span>;
  if (item.kind === 'visual-analogue')
    return (
      <VasLine
        readOnly
        value={Number(value)}
        onChange={() => {}}
        labelledBy={`review-${item.id}`}
        min={item.anchors.min[lang]}
        max={item.anchors.max[lang]}
      />
    );
  return <span>{String(value)}</span>;
}
