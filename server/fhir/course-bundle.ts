/**
 * One treatment course as a FHIR R4 Bundle (type `collection`), for a patient record or a
 * registry: the patient as a pseudonymous Patient (the KOR code, nothing else), each response as
 * a QuestionnaireResponse pointing to its Questionnaire version (`urn:kor:instrument:<id>|<version>`,
 * as GET /instruments/{id}/versions/{version}/fhir serves it), and each score as an Observation
 * derived from it — LOINC-coded where LOINC has a code for the score, always with KOR's own code
 * (`urn:kor:score`, `<instrument>.<key>`). A score that could not be computed (null) has no
 * Observation. The interpretation of a response (AUDIT zone, HSCL-25 case, …) is one panel
 * Observation per response, with the score Observations as members and one component per
 * interpretation value.
 *
 * Pure: rows in, JSON out. Staff are never named (a therapist's rating has `author.display`
 * "clinician"), and the patient's birth year and sex are left out on purpose.
 */
import { createHash } from 'node:crypto';
import type { InstrumentDefinition, Item, ScoreResult } from '../../instruments';
import { answerSystem, questionnaireUrl } from './questionnaire';

const LOINC = 'http://loinc.org';
export const KOR_SCORE_SYSTEM = 'urn:kor:score';
export const KOR_INTERPRETATION_SYSTEM = 'urn:kor:interpretation';
export const KOR_PSEUDONYM_SYSTEM = 'urn:kor:pseudonym';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const UCUM = 'http://unitsofmeasure.org';
/** HL7 v3 ObservationValue: the subject's identity is pseudonymised. */
const PSEUDED = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'PSEUDED',
  display: 'pseudonymized',
};

type Json = Record<string, unknown>;

export interface BundleResponse {
  id: string;
  instrumentId: string;
  instrumentVersion: string;
  answeredAt: string;
  respondent: 'patient' | 'therapist' | 'other';
  language: 'nb' | 'en';
  answers: Record<string, number | string | null>;
  score: ScoreResult;
}

export interface CourseBundleInput {
  course: { id: string; startDate: string; endDate: string | null };
  patient: { id: string; code: string };
  responses: readonly BundleResponse[];
  /** The definition of every instrument version the responses use. */
  definition: (id: string, version: string) => InstrumentDefinition | undefined;
  /** When the bundle is made. */
  now: Date;
}

const urn = (id: string) => `urn:uuid:${id}`;

/** FHIR ids are [A-Za-z0-9\-.]{1,64}; KOR's ids are UUIDs already. */
const fhirId = (id: string) => id.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 64);

/**
 * A stable UUID for a resource KOR has no row for (a score of a response): name-based, SHA-1
 * (RFC 9562 version 5 layout) over the response id and the name, so a re-export names it the same.
 */
export function derivedUuid(id: string, name: string): string {
  const h = createHash('sha1').update(`${id}/${name}`).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

function patientResource(patient: CourseBundleInput['patient']): Json {
  return {
    resourceType: 'Patient',
    id: fhirId(patient.id),
    meta: { security: [PSEUDED] },
    identifier: [{ system: KOR_PSEUDONYM_SYSTEM, value: patient.code }],
  };
}

function answerOf(
  def: InstrumentDefinition,
  item: Item,
  value: number | string,
  lang: 'nb' | 'en',
): Json | undefined {
  switch (item.kind) {
    case 'choice': {
      const option = item.options.find((o) => o.value === value);
      if (!option) return undefined;
      const coding = { system: answerSystem(def), code: String(option.value) };
      return { valueCoding: { ...coding, display: option.label[lang] } };
    }
    case 'visual-analogue':
      return typeof value === 'number' ? { valueDecimal: value } : undefined;
    case 'number':
      if (typeof value !== 'number') return undefined;
      return item.integer ? { valueInteger: value } : { valueDecimal: value };
    case 'text':
      return typeof value === 'string' && value.trim() !== '' ? { valueString: value } : undefined;
  }
}

function questionnaireResponse(
  r: BundleResponse,
  def: InstrumentDefinition | undefined,
  patientRef: Json,
): Json {
  const items = (def?.items ?? []).flatMap((item) => {
    const value = r.answers[item.id];
    if (value === null || value === undefined) return [];
    const answer = def && answerOf(def, item, value, r.language);
    if (!answer) return [];
    return [{ linkId: item.id, text: item.text[r.language], answer: [answer] }];
  });
  return {
    resourceType: 'QuestionnaireResponse',
    id: fhirId(r.id),
    language: r.language,
    identifier: { system: 'urn:kor:response', value: r.id },
    questionnaire: `${questionnaireUrl(r.instrumentId)}|${r.instrumentVersion}`,
    status: 'completed',
    subject: patientRef,
    authored: r.answeredAt,
    ...(r.respondent === 'patient'
      ? { author: patientRef, source: patientRef }
      : { author: { display: r.respondent === 'therapist' ? 'clinician' : 'other' } }),
    item: items,
  };
}

function scoreCode(def: InstrumentDefinition | undefined, r: BundleResponse, key: string): Json {
  const label = def?.scoring.scales.find((s) => s.key === key)?.label.en ?? key;
  const name = `${def?.abbreviation ?? r.instrumentId} ${label}`;
  const loinc = def?.loinc?.scores?.[key];
  return {
    coding: [
      ...(loinc ? [{ system: LOINC, code: loinc }] : []),
      { system: KOR_SCORE_SYSTEM, code: `${r.instrumentId}.${key}`, display: name },
    ],
    text: name,
  };
}

const category = [
  { coding: [{ system: OBSERVATION_CATEGORY, code: 'survey', display: 'Survey' }] },
];

function interpretationValue(value: string | boolean): Json {
  return typeof value === 'boolean' ? { valueBoolean: value } : { valueString: value };
}

function observations(r: BundleResponse, def: InstrumentDefinition | undefined, patientRef: Json) {
  const derivedFrom = [{ reference: urn(r.id) }];
  const common = {
    status: 'final',
    category,
    subject: patientRef,
    effectiveDateTime: r.answeredAt,
    derivedFrom,
  };
  const scores = Object.entries(r.score.scores).flatMap(([key, value]) =>
    value === null
      ? []
      : [
          {
            fullUrl: urn(derivedUuid(r.id, `score.${key}`)),
            resource: {
              resourceType: 'Observation',
              id: derivedUuid(r.id, `score.${key}`),
              ...common,
              code: scoreCode(def, r, key),
              valueQuantity: { value, unit: 'score', system: UCUM, code: '{score}' },
            },
          },
        ],
  );
  const interpretations = Object.entries(r.score.interpretation).filter(
    (entry): entry is [string, string | boolean] => entry[1] !== null,
  );
  if (scores.length === 0 && interpretations.length === 0) return scores;
  const panelCode = def?.loinc?.panel;
  const name = def?.abbreviation ?? r.instrumentId;
  const panel = {
    fullUrl: urn(derivedUuid(r.id, 'panel')),
    resource: {
      resourceType: 'Observation',
      id: derivedUuid(r.id, 'panel'),
      ...common,
      code: {
        coding: [
          ...(panelCode ? [{ system: LOINC, code: panelCode }] : []),
          { system: KOR_SCORE_SYSTEM, code: r.instrumentId, display: name },
        ],
        text: name,
      },
      hasMember: scores.map((s) => ({ reference: s.fullUrl })),
      component: interpretations.map(([key, value]) => ({
        code: {
          coding: [{ system: KOR_INTERPRETATION_SYSTEM, code: `${r.instrumentId}.${key}` }],
          text: key,
        },
        ...interpretationValue(value),
      })),
    },
  };
  // A panel needs a value, members or components; without interpretations it holds the members.
  if (panel.resource.component.length === 0) delete (panel.resource as Json).component;
  return [panel, ...scores];
}

export function courseBundle(input: CourseBundleInput): Json {
  const patientRef = { reference: urn(input.patient.id) };
  const entries: Json[] = [
    { fullUrl: urn(input.patient.id), resource: patientResource(input.patient) },
  ];
  for (const r of input.responses) {
    const def = input.definition(r.instrumentId, r.instrumentVersion);
    entries.push({ fullUrl: urn(r.id), resource: questionnaireResponse(r, def, patientRef) });
    entries.push(...observations(r, def, patientRef));
  }
  return {
    resourceType: 'Bundle',
    id: fhirId(input.course.id),
    meta: { security: [PSEUDED] },
    identifier: { system: 'urn:kor:course', value: input.course.id },
    type: 'collection',
    timestamp: input.now.toISOString(),
    entry: entries,
  };
}
