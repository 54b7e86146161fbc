/**
 * An instrument version as a FHIR R4 Questionnaire: linkId = item id, answer options carry their
 * scoring values as ordinal values, LOINC codes where known, and the other language as a
 * translation extension.
 */
import type {
  ChoiceItem,
  InstrumentDefinition,
  Item,
  Language,
  LocalizedText,
} from '../../instruments';

const EXT = {
  translation: 'http://hl7.org/fhir/StructureDefinition/translation',
  ordinalValue: 'http://hl7.org/fhir/StructureDefinition/ordinalValue',
  minValue: 'http://hl7.org/fhir/StructureDefinition/minValue',
  maxValue: 'http://hl7.org/fhir/StructureDefinition/maxValue',
  maxDecimalPlaces: 'http://hl7.org/fhir/StructureDefinition/maxDecimalPlaces',
  itemControl: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',
} as const;
const ITEM_CONTROL_SYSTEM = 'http://hl7.org/fhir/questionnaire-item-control';
const LOINC = 'http://loinc.org';

type Json = Record<string, unknown>;

export function questionnaireUrl(id: string): string {
  return `urn:kor:instrument:${id}`;
}

export function answerSystem(def: InstrumentDefinition): string {
  return `${questionnaireUrl(def.id)}:${def.version}:answers`;
}

function other(lang: Language): Language {
  return lang === 'nb' ? 'en' : 'nb';
}

/** `_field` carrying the other language as a translation extension. */
function translated(field: string, text: LocalizedText, lang: Language): Json {
  const second = other(lang);
  return {
    [field]: text[lang],
    [`_${field}`]: {
      extension: [
        {
          url: EXT.translation,
          extension: [
            { url: 'lang', valueCode: second },
            { url: 'content', valueString: text[second] },
          ],
        },
      ],
    },
  };
}

function itemControl(code: string): Json {
  return {
    url: EXT.itemControl,
    valueCodeableConcept: { coding: [{ system: ITEM_CONTROL_SYSTEM, code }] },
  };
}

function answerOptions(def: InstrumentDefinition, item: ChoiceItem, lang: Language): Json[] {
  return item.options.map((o) => ({
    extension: [{ url: EXT.ordinalValue, valueDecimal: o.value }],
    valueCoding: {
      system: answerSystem(def),
      code: String(o.value),
      ...translated('display', o.label, lang),
    },
  }));
}

/**
 * enableWhen from the skip rules. An item is shown when the last rule that skips it does not
 * hold, i.e. when any of its conditions' items has another answer. That is exact for chained
 * rules like AUDIT's, where the later rule's items are themselves hidden by the earlier one.
 */
function enableWhen(def: InstrumentDefinition, item: Item): Json {
  const rule = def.skipRules.filter((r) => r.skip.includes(item.id)).at(-1);
  if (!rule) return {};
  const conditions = rule.when.flatMap((c) => {
    const source = def.items.find((i) => i.id === c.item);
    if (source?.kind !== 'choice') return [];
    return source.options
      .filter((o) => o.value !== c.equals)
      .map((o) => ({
        question: c.item,
        operator: '=',
        answerCoding: { system: answerSystem(def), code: String(o.value) },
      }));
  });
  return conditions.length === 0 ? {} : { enableWhen: conditions, enableBehavior: 'any' };
}

function toItem(def: InstrumentDefinition, item: Item, lang: Language): Json {
  const base: Json = {
    linkId: item.id,
    ...(item.loinc ? { code: [{ system: LOINC, code: item.loinc }] } : {}),
    ...translated('text', item.text, lang),
    required: !item.optional,
    ...enableWhen(def, item),
  };
  switch (item.kind) {
    case 'choice':
      return { ...base, type: 'choice', answerOption: answerOptions(def, item, lang) };
    case 'visual-analogue':
      return {
        ...base,
        type: 'decimal',
        extension: [
          { url: EXT.minValue, valueDecimal: 0 },
          { url: EXT.maxValue, valueDecimal: 10 },
          { url: EXT.maxDecimalPlaces, valueInteger: 1 },
          itemControl('slider'),
        ],
        item: (['min', 'max'] as const).map((end) => ({
          linkId: `${item.id}-${end}`,
          type: 'display',
          extension: [itemControl(end === 'min' ? 'lower' : 'upper')],
          ...translated('text', item.anchors[end], lang),
        })),
      };
    case 'number': {
      const value = item.integer ? 'valueInteger' : 'valueDecimal';
      return {
        ...base,
        type: item.integer ? 'integer' : 'decimal',
        extension: [
          { url: EXT.minValue, [value]: item.min },
          { url: EXT.maxValue, [value]: item.max },
        ],
      };
    }
    case 'text':
      return { ...base, type: 'text', maxLength: item.maxLength };
  }
}

function fhirName(abbreviation: string): string {
  const name = abbreviation.replace(/[^A-Za-z0-9]+/g, '_');
  return /^[A-Z]/.test(name) ? name : `KOR_${name}`;
}

const STATUS = { released: 'active', draft: 'draft', retired: 'retired' } as const;

export function toQuestionnaire(def: InstrumentDefinition, lang: Language = 'nb'): Json {
  return {
    resourceType: 'Questionnaire',
    id: `${def.id}-${def.version}`,
    language: lang,
    url: questionnaireUrl(def.id),
    identifier: [{ system: 'urn:kor:instrument', value: def.id }],
    version: def.version,
    name: fhirName(def.abbreviation),
    ...translated('title', def.title, lang),
    status: STATUS[def.status],
    // A course evaluation is about a course, not a patient: no subject type.
    ...(def.rater === 'participant' ? {} : { subjectType: ['Patient'] }),
    publisher: 'KOR',
    ...translated('description', def.description, lang),
    ...translated('copyright', def.licence.summary, lang),
    ...(def.loinc?.panel ? { code: [{ system: LOINC, code: def.loinc.panel }] } : {}),
    item: def.items.map((item) => toItem(def, item, lang)),
  };
}
