import type { AnswerValue, Item } from '../../../instruments/definition-schema';
import { useLang } from '../shared/i18n';

interface Props {
  item: Item;
  value: AnswerValue;
  hidden: boolean;
  onAnswer: (value: AnswerValue) => void;
}

export function ItemInput({ item, value, hidden, onAnswer }: Props) {
  const { lang, t } = useLang();
  const fieldId = `item-${item.id}`;
  const label = (
    <>
      <span class="item-number">{item.id}</span> {item.text[lang]}
      {item.optional && <span class="muted"> ({t('valgfritt', 'optional')})</span>}
    </>
  );
  if (hidden) {
    return (
      <div class="item item-skipped">
        <p>
          {label}
          <br />
          <span class="muted">
            {t(
              'Hoppes over etter hopperegelen (teller 0).',
              'Skipped by the skip rule (counts 0).',
            )}
          </span>
        </p>
      </div>
    );
  }
  const help = item.help && <p class="help">{item.help[lang]}</p>;
  switch (item.kind) {
    case 'choice':
      return (
        <fieldset class="item">
          <legend>{label}</legend>
          {help}
          <div class="options">
            {item.options.map((o) => (
              <label key={o.value} class="option">
                <input
                  type="radio"
                  name={fieldId}
                  value={o.value}
                  checked={value === o.value}
                  onChange={() => onAnswer(o.value)}
                />
                <span>{o.label[lang]}</span>
                <span class="option-value">
                  <span class="visually-hidden">{t('verdi', 'value')} </span>
                  {o.value}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      );
    case 'visual-analogue':
      return (
        <div class="item">
          <label for={fieldId}>{label}</label>
          <div class="vas">
            <span class="vas-anchor">{item.anchors.min[lang]}</span>
            <input
              id={fieldId}
              type="range"
              min={0}
              max={10}
              step={0.1}
              value={typeof value === 'number' ? value : 5}
              onInput={(e) => onAnswer(Number((e.target as HTMLInputElement).value))}
            />
            <span class="vas-anchor">{item.anchors.max[lang]}</span>
          </div>
          <p class="muted">
            {typeof value === 'number'
              ? `${t('Verdi', 'Value')}: ${value.toLocaleString(lang === 'nb' ? 'nb-NO' : 'en-GB')}`
              : t(
                  'Ikke besvart – dra eller trykk på linjen.',
                  'Not answered – drag or tap the line.',
                )}
          </p>
        </div>
      );
    case 'number':
      return (
        <div class="item">
          <label for={fieldId}>{label}</label>
          {help}
          <input
            id={fieldId}
            type="number"
            inputMode={item.integer ? 'numeric' : 'decimal'}
            min={item.min}
            max={item.max}
            step={item.integer ? 1 : 'any'}
            value={typeof value === 'number' ? value : ''}
            onInput={(e) => {
              const raw = (e.target as HTMLInputElement).value;
              onAnswer(raw === '' ? null : Number(raw));
            }}
          />
          {item.anchors && (
            <details>
              <summary>{t('Ankerpunkter', 'Anchors')}</summary>
              <ul class="plain anchors">
                {item.anchors.map((a) => (
                  <li key={a.min}>
                    <strong>{a.min === a.max ? a.min : `${a.min}–${a.max}`}</strong>: {a.text[lang]}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      );
    case 'text':
      return (
        <div class="item">
          <label for={fieldId}>{label}</label>
          <textarea
            id={fieldId}
            maxLength={item.maxLength}
            value={typeof value === 'string' ? value : ''}
            onInput={(e) => onAnswer((e.target as HTMLTextAreaElement).value)}
          />
        </div>
      );
  }
}
