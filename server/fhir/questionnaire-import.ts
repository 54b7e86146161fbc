/**
 * A FHIR R4 Questionnaire as a new wording of an instrument KOR knows: a clinic's licensed
 * ORS/SRS text, or an official Norwegian translation. A Questionnaire carries questions and
 * answer options, not scoring rules, so the import keeps the scoring, skip rules and
 * interpretation of a base version and takes from the Questionnaire only what it says: the
 * wording of title, description, copyright, items, option labels and slider ends. Items are
 * matched by linkId (= KOR item id); every option must keep its scoring value (ordinalValue, or
 * the code of its coding). Anything that does not fit is a problem that names its place in the
 * Questionnaire, like `item[2].answerOption[1]`.
 */
import type { InstrumentDefinition, Item, Language, LocalizedText } from '../../instruments';

const EXT_TRANSLATION = 'http://hl7.org/fhir/StructureDefinition/translation';
const EXT_ORDINAL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
const EXT_ITEM_CONTROL = 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl';
const EXT_ITEM_WEIGHT = 'http://hl7.org/fhir/StructureDefinition/itemWeight';

type Json = Record<string, unknown>;

export interface ImportProblem {
  /** Where in the Questionnaire, e.g. `item[2].answerOption[1].valueCoding.code`. */
  path: string;
  message: string;
}

export type QuestionnaireImport =
  | { ok: true; definition: InstrumentDefinition; notes: LocalizedText[] }
  | { ok: false; problems: ImportProblem[] };

const isObject = (x: unknown): x is Json =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const array = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const str = (x: unknown): string | undefined =>
  typeof x === 'string' && x.trim() !== '' ? x.trim() : undefined;

/** The instrument id a Questionnaire names: its KOR url or identifier. */
export function questionnaireInstrumentId(q: unknown): string | undefined {
  if (!isObject(q)) return undefined;
  const url = str(q.url);
  const fromUrl = url?.match(/^urn:kor:instrument:([a-z][a-z0-9-]*)$/)?.[1];
  if (fromUrl) return fromUrl;
  for (const id of array(q.identifier)) {
    if (isObject(id) && id.system === 'urn:kor:instrument' && str(id.value)) return str(id.value);
  }
  return undefined;
}

/** nb for Norwegian (no, nb, nb-NO, nn is not bokmål and is refused), en for English. */
function languageOf(code: unknown): Language | undefined {
  const c = str(code)?.toLowerCase();
  if (!c) return undefined;
  if (c === 'nb' || c === 'no' || c.startsWith('nb-') || c.startsWith('no-')) return 'nb';
  if (c === 'en' || c.startsWith('en-')) return 'en';
  return undefined;
}

/** The other language's text from a `_field` translation extension, if there is one. */
function translationOf(element: unknown, lang: Language): string | undefined {
  if (!isObject(element)) return undefined;
  for (const ext of array(element.extension)) {
    if (!isObject(ext) || ext.url !== EXT_TRANSLATION) continue;
    const parts = array(ext.extension).filter(isObject);
    const code = parts.find((p) => p.url === 'lang')?.valueCode;
    const content = parts.find((p) => p.url === 'content')?.valueString;
    if (languageOf(code) === lang && str(content)) return str(content);
  }
  return undefined;
}

export function createQuestionnaireReader(q: Json, base: InstrumentDefinition) {
  const problems: ImportProblem[] = [];
  const notes: LocalizedText[] = [];
  const lang = languageOf(q.language) ?? 'nb';
  const second: Language = lang === 'nb' ? 'en' : 'nb';
  const keptSecond = new Set<string>();

  /** The wording at `holder[field]` in the Questionnaire's language, the other from `_field`. */
  function localized(
    holder: Json,
    field: string,
    fallback: LocalizedText,
    where: string,
  ): LocalizedText {
    const first = str(holder[field]);
    const other = translationOf(holder[`_${field}`], second);
    if (!other && first && first !== fallback[lang]) keptSecond.add(where);
    return {
      [lang]: first ?? fallback[lang],
      [second]: other ?? fallback[second],
    } as LocalizedText;
  }

  function optionValue(option: Json): number | undefined {
    for (const ext of array(option.extension)) {
      if (isObject(ext) && (ext.url === EXT_ORDINAL || ext.url === EXT_ITEM_WEIGHT)) {
        if (typeof ext.valueDecimal === 'number') return ext.valueDecimal;
        if (typeof ext.valueInteger === 'number') return ext.valueInteger;
      }
    }
    if (typeof option.valueInteger === 'number') return option.valueInteger;
    const coding = option.valueCoding;
    if (isObject(coding)) {
      for (const ext of array(coding.extension)) {
        if (isObject(ext) && (ext.url === EXT_ORDINAL || ext.url === EXT_ITEM_WEIGHT)) {
          if (typeof ext.valueDecimal === 'number') return ext.valueDecimal;
        }
      }
      const code = str(coding.code);
      if (code !== undefined && /^-?\d+(\.\d+)?$/.test(code)) return Number(code);
    }
    return undefined;
  }

  const TYPES: Record<Item['kind'], readonly string[]> = {
    choice: ['choice', 'coding'],
    'visual-analogue': ['decimal', 'integer'],
    number: ['integer', 'decimal'],
    text: ['text', 'string'],
  };

  function readItem(item: Item, q: Json, where: string): Item {
    const type = str(q.type);
    if (!type || !TYPES[item.kind].includes(type)) {
      problems.push({
        path: `${where}.type`,
        message: `item ${item.id} must be of type ${TYPES[item.kind].join(' or ')} (got ${type ?? 'none'})`,
      });
    }
    const text = localized(q, 'text', item.text, `${where}.text`);
    if (item.kind === 'choice') {
      const given = array(q.answerOption);
      const options = given.map((raw, i) => {
        const at = `${where}.answerOption[${i}]`;
        const option = isObject(raw) ? raw : {};
        const value = optionValue(option);
        const known = item.options.find((o) => o.value === value);
        if (value === undefined) {
          problems.push({
            path: at,
            message: `option ${i + 1} of item ${item.id} has no scoring value (ordinalValue or a numeric code)`,
          });
        } else if (!known) {
          problems.push({
            path: at,
            message: `item ${item.id} has no option with the value ${value} (values: ${item.options.map((o) => o.value).join(', ')})`,
          });
        }
        const coding = isObject(option.valueCoding) ? option.valueCoding : {};
        const label = known
          ? localized(coding, 'display', known.label, `${at}.valueCoding.display`)
          : { nb: '', en: '' };
        return { value: value ?? Number.NaN, label };
      });
      const values = options.map((o) => o.value);
      const missing = item.options.filter((o) => !values.includes(o.value)).map((o) => o.value);
      if (missing.length > 0) {
        problems.push({
          path: `${where}.answerOption`,
          message: `item ${item.id} lacks the options with the values ${missing.join(', ')}; every scoring value must stay`,
        });
      }
      // Order and values as in the base: only the labels are the Questionnaire's.
      return {
        ...item,
        text,
        options: item.options.map((o) => ({
          value: o.value,
          label: options.find((x) => x.value === o.value)?.label ?? o.label,
        })),
      };
    }
    if (item.kind === 'visual-analogue') {
      const ends = array(q.item).filter(isObject);
      const end = (code: 'lower' | 'upper') =>
        ends.find((e) =>
          array(e.extension).some(
            (x) =>
              isObject(x) &&
              x.url === EXT_ITEM_CONTROL &&
              JSON.stringify(x.valueCodeableConcept ?? {}).includes(`"code":"${code}"`),
          ),
        );
      const lower = end('lower');
      const upper = end('upper');
      return {
        ...item,
        text,
        anchors: {
          min: lower
            ? localized(lower, 'text', item.anchors.min, `${where}.lower`)
            : item.anchors.min,
          max: upper
            ? localized(upper, 'text', item.anchors.max, `${where}.upper`)
            : item.anchors.max,
        },
      };
    }
    return { ...item, text };
  }

  function read(version: string): InstrumentDefinition | undefined {
    if (q.resourceType !== 'Questionnaire') {
      problems.push({ path: 'resourceType', message: 'the resource is not a Questionnaire' });
      return undefined;
    }
    if (q.language !== undefined && languageOf(q.language) === undefined) {
      problems.push({
        path: 'language',
        message: `language ${String(q.language)} is neither Norwegian bokmål (nb) nor English (en)`,
      });
    }
    // Questions, with groups flattened and display items left out.
    const questions: { q: Json; where: string }[] = [];
    const walk = (items: unknown[], prefix: string) => {
      items.forEach((raw, i) => {
        const where = `${prefix}item[${i}]`;
        if (!isObject(raw)) {
          problems.push({ path: where, message: 'an item must be an object' });
          return;
        }
        if (raw.type === 'group') walk(array(raw.item), `${where}.`);
        else if (raw.type !== 'display') questions.push({ q: raw, where });
      });
    };
    walk(array(q.item), '');
    if (questions.length === 0) {
      problems.push({ path: 'item', message: 'the Questionnaire has no questions' });
    }
    const seen = new Set<string>();
    for (const { q: item, where } of questions) {
      const linkId = str(item.linkId);
      if (!linkId) problems.push({ path: `${where}.linkId`, message: 'an item needs a linkId' });
      else if (seen.has(linkId))
        problems.push({ path: `${where}.linkId`, message: `linkId ${linkId} appears twice` });
      else if (!base.items.some((b) => b.id === linkId))
        problems.push({
          path: `${where}.linkId`,
          message: `${base.id} has no item ${linkId} (items: ${base.items.map((b) => b.id).join(', ')})`,
        });
      if (linkId) seen.add(linkId);
    }
    const items = base.items.map((item) => {
      const found = questions.find((x) => str(x.q.linkId) === item.id);
      if (!found) {
        problems.push({
          path: 'item',
          message: `item ${item.id} of ${base.id} is missing (linkId ${item.id})`,
        });
        return item;
      }
      return readItem(item, found.q, found.where);
    });
    if (problems.length > 0) return undefined;
    if (keptSecond.size > 0) {
      const name = { nb: { nb: 'norsk', en: 'engelsk' }, en: { nb: 'Norwegian', en: 'English' } };
      notes.push({
        nb: `${keptSecond.size} tekster har ingen ${name.nb[second]} oversettelse i Questionnaire-et; for dem beholdes den ${name.nb[second]}e teksten fra ${base.id} ${base.version}.`,
        en: `${keptSecond.size} texts have no ${name.en[second]} translation in the Questionnaire; the ${name.en[second]} wording of ${base.id} ${base.version} is kept for them.`,
      });
    }
    return {
      ...base,
      version,
      status: 'draft',
      title: localized(q, 'title', base.title, 'title'),
      description: localized(q, 'description', base.description, 'description'),
      licence: {
        ...base.licence,
        summary: localized(q, 'copyright', base.licence.summary, 'copyright'),
      },
      items,
    };
  }

  return { read, problems, notes, language: lang };
}

/**
 * The Questionnaire as version `version` of `base`'s instrument, with the translation status of
 * the Questionnaire's language as the importer states it.
 */
export function fromQuestionnaire(
  q: unknown,
  base: InstrumentDefinition,
  input: {
    version: string;
    translation: InstrumentDefinition['translations']['nb'];
    source?: string;
    commercialUse?: InstrumentDefinition['licence']['commercialUse'];
  },
): QuestionnaireImport {
  if (!isObject(q)) return { ok: false, problems: [{ path: '', message: 'not a JSON object' }] };
  const reader = createQuestionnaireReader(q, base);
  const read = reader.read(input.version);
  if (!read) return { ok: false, problems: reader.problems };
  const publisher = str(q.publisher);
  const citation =
    input.source ??
    `FHIR Questionnaire ${str(q.id) ?? str(q.url) ?? ''}${publisher ? ` (${publisher})` : ''}`.trim();
  return {
    ok: true,
    notes: reader.notes,
    definition: {
      ...read,
      translations: { ...read.translations, [reader.language]: input.translation },
      licence: {
        ...read.licence,
        commercialUse: input.commercialUse ?? read.licence.commercialUse,
      },
      source: [...base.source, { citation }],
      notes: [
        ...base.notes,
        {
          kind: 'info',
          text: {
            nb: `Ordlyden er importert fra et FHIR Questionnaire; skåring og tolkning er som i versjon ${base.version}.`,
            en: `The wording was imported from a FHIR Questionnaire; scoring and interpretation are as in version ${base.version}.`,
          },
        },
      ],
    },
  };
}
