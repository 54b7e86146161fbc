/**
 * Instrument versions on every engine: an administrator imports a clinic's licensed wording of
 * the session outcome scale as a FHIR Questionnaire, previews what changed, publishes it, and a
 * patient answers it in a course; the published version is immutable, can be retired (its
 * responses stay readable), and a second instance on the same database picks it up. Broken
 * imports are refused with errors that name the place, and leave nothing behind.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { builtInRegistry, createCatalogue } from '../../instruments';
import { createApp } from '../../server/app';
import { createLogger } from '../../server/logger';
import { loadCatalogue } from '../../server/services/instrument-version-service';
import { createTestApp, type TestApp } from '../support/app';
import { fictionalUnits, staffMember } from '../support/clinic';
import { engines } from '../support/databases';

/** A clinic's own (fictional) licensed wording, Norwegian and English, item by item. */
const LICENSED = {
  '1': [
    'Meg: Hvordan har uka vært for deg personlig?',
    'Me: How has the week been for you personally?',
  ],
  '2': [
    'Familie og nære: Hvordan har det vært med dem du står nær?',
    'Family and close ones: How has it been with those close to you?',
  ],
  '3': [
    'Sosialt: Hvordan har det gått med jobb, skole og venner?',
    'Socially: How have work, school and friends been?',
  ],
  '4': ['Alt i alt: Hvordan har uka vært?', 'All in all: How has the week been?'],
} as const;

function translation(lang: string, content: string) {
  return {
    extension: [
      {
        url: 'http://hl7.org/fhir/StructureDefinition/translation',
        extension: [
          { url: 'lang', valueCode: lang },
          { url: 'content', valueString: content },
        ],
      },
    ],
  };
}

/** KOR's own Questionnaire of session-outcome 1.0.0, reworded as the licence says. */
function licensed(q: any) {
  return {
    ...q,
    id: 'klinikk-utbytte',
    version: '1.1.0',
    publisher: 'Klinikk Nord (lisensiert tekst)',
    title: 'Hvordan har uka vært? (lisensiert)',
    _title: translation('en', 'How has the week been? (licensed)'),
    item: q.item.map((item: any) => {
      const [nb, en] = LICENSED[item.linkId as keyof typeof LICENSED];
      return { ...item, text: nb, _text: translation('en', en) };
    }),
  };
}

describe.each(engines())('instrument versions on $name', (engine) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  let courseId = '';
  const extra: { close(): Promise<void> }[] = [];

  afterEach(async () => {
    for (const e of extra.splice(0)) await e.close();
    await t?.close();
  });

  function call(who: string | null, method: string, path: string, body?: unknown, headers = {}) {
    return t.app.request(`/api/v1${path}`, {
      method,
      headers: {
        ...(who ? { Cookie: cookies[who] ?? '' } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
  const json = async (res: Response) => (await res.json()) as any;
  const count = async (table: string) =>
    Number(
      (
        await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(
          t.db,
        )
      ).rows[0]?.n,
    );

  async function setup() {
    const now = new Date('2026-03-02T08:00:00Z');
    t = await createTestApp({ engine, start: now });
    const [unitId] = (await fictionalUnits(t, ['Enhet A'], now)) as [string];
    for (const [name, memberships, globalRole] of [
      ['ther', [{ unitId, role: 'therapist' }], null],
      ['lead', [{ unitId, role: 'unit_lead' }], null],
      ['root', [], 'admin'],
    ] as const)
      cookies[name] = (
        await staffMember(t, name, { memberships: [...memberships], globalRole }, now)
      ).cookie;
    const patient = await json(
      await call('ther', 'POST', `/units/${unitId}/patients`, {
        code: 'VER-1',
        birthYear: 1985,
        sex: 'female',
      }),
    );
    courseId = (
      await json(
        await call('ther', 'POST', '/courses', {
          patientId: patient.id,
          startDate: '2026-03-01',
          levelOfCare: 'outpatient',
        }),
      )
    ).id;
  }

  async function fhirImport(overrides: Record<string, unknown> = {}) {
    const q = await json(
      await call(null, 'GET', '/instruments/session-outcome/versions/1.0.0/fhir'),
    );
    return call('root', 'POST', '/admin/instrument-versions/imports', {
      format: 'fhir-questionnaire',
      questionnaire: licensed(q),
      version: '1.1.0',
      translation: { status: 'official', source: 'Lisensavtale Klinikk Nord 2026-11' },
      commercialUse: 'licence-required',
      ...overrides,
    });
  }

  /** A patient answers the session forms the therapist starts now; returns the versions served. */
  async function patientAnswers(answers: Record<string, number>, key: string) {
    const session = await json(
      await call('ther', 'POST', `/courses/${courseId}/form-sessions`, {
        instruments: ['session-outcome'],
        channel: 'kiosk',
      }),
    );
    const { token } = await json(
      await call(null, 'POST', '/patient/exchange', { code: session.code }),
    );
    const auth = { Authorization: `Bearer ${token}` };
    const forms = await json(await call(null, 'GET', '/patient/forms', undefined, auth));
    const form = forms.forms[0];
    const sent = await call(
      null,
      'POST',
      '/patient/responses',
      { instrument: form.id, version: form.version, answers, language: 'nb' },
      { ...auth, 'Idempotency-Key': key },
    );
    expect(sent.status).toBe(201);
    return form;
  }

  it('imports a licensed wording from a FHIR Questionnaire, previews it, publishes it, and a patient answers it', async () => {
    await setup();
    const imported = await fhirImport();
    expect(imported.status).toBe(201);
    const draft = await json(imported);
    expect(draft).toMatchObject({
      id: 'session-outcome',
      version: '1.1.0',
      status: 'draft',
      origin: 'fhir-questionnaire',
      baseVersion: '1.0.0',
      previousVersion: '1.0.0',
      published: null,
    });
    expect(draft.imported.by).toBeTruthy();
    expect(draft.definition.items[0].text).toEqual({ nb: LICENSED['1'][0], en: LICENSED['1'][1] });
    // Only wording changed: four item texts and the title, nothing in values or scoring.
    const areas = draft.changes.map((c: any) => `${c.area}:${c.subject}`);
    expect(areas).toEqual(
      expect.arrayContaining([
        'text:title',
        'item:1: text',
        'item:4: text',
        'translation:nb',
        'licence:commercial use',
      ]),
    );
    expect(
      draft.changes.filter((c: any) => ['option', 'scoring', 'interpretation'].includes(c.area)),
    ).toEqual([]);
    expect(draft.definition.scoring).toEqual(
      builtInRegistry().get('session-outcome', '1.0.0')?.scoring,
    );
    expect(draft.definition.translations.nb).toEqual({
      status: 'official',
      source: 'Lisensavtale Klinikk Nord 2026-11',
    });

    // A draft is used nowhere: not public, not in new forms.
    expect((await call(null, 'GET', '/instruments/session-outcome/versions/1.1.0')).status).toBe(
      404,
    );
    expect((await json(await call(null, 'GET', '/instruments/session-outcome'))).version).toBe(
      '1.0.0',
    );
    const list = await json(await call('root', 'GET', '/admin/instrument-versions'));
    expect(
      list.versions
        .filter((v: any) => v.id === 'session-outcome')
        .map((v: any) => [v.version, v.status, v.latest]),
    ).toEqual([
      ['1.0.0', 'released', true],
      ['1.1.0', 'draft', false],
    ]);

    const published = await call(
      'root',
      'POST',
      '/admin/instrument-versions/session-outcome/1.1.0/publish',
      {},
    );
    expect(published.status).toBe(200);
    const release = await json(published);
    expect(release.status).toBe('released');
    expect(release.published.at).toBe('2026-03-02T08:00:00.000Z');
    expect(release.sha256).toMatch(/^[0-9a-f]{64}$/);

    // Public now, and the latest: the scoring contract serves it and scores it like 1.0.0.
    const pub = await json(await call(null, 'GET', '/instruments/session-outcome'));
    expect(pub.version).toBe('1.1.0');
    expect(pub.items[3].text.nb).toBe(LICENSED['4'][0]);
    const scored = await json(
      await call(null, 'POST', '/instruments/session-outcome/score', {
        version: '1.1.0',
        answers: { '1': 6.2, '2': 5, '3': 7.1, '4': 5.5 },
      }),
    );
    expect(scored).toMatchObject({ version: '1.1.0', status: 'scored', scores: { total: 23.8 } });

    // In a course: the therapist's next form uses it, the patient reads the licensed wording.
    const form = await patientAnswers({ '1': 6.2, '2': 5, '3': 7.1, '4': 5.5 }, 'licensed-0001');
    expect(form.version).toBe('1.1.0');
    expect(form.items[0].text.nb).toBe(LICENSED['1'][0]);
    const responses = await json(await call('ther', 'GET', `/courses/${courseId}/responses`));
    expect(
      responses.responses.map((r: any) => [r.instrument, r.version, r.score.scores.total]),
    ).toEqual([['session-outcome', '1.1.0', 23.8]]);
    const trends = await json(await call('ther', 'GET', `/courses/${courseId}/trends`));
    expect(JSON.stringify(trends)).toContain('1.1.0');

    const actions = (
      await t.db
        .selectFrom('audit_events')
        .select(['action', 'object_id'])
        .where('object_type', '=', 'instrument_version')
        .orderBy('seq')
        .execute()
    ).map((e) => `${e.action} ${e.object_id}`);
    expect(actions).toEqual([
      'instrument_version.import session-outcome@1.1.0',
      'instrument_version.publish session-outcome@1.1.0',
    ]);
  });

  it('keeps a published version immutable, retires it without losing its responses, and refuses tampering', async () => {
    await setup();
    await fhirImport();
    await call('root', 'POST', '/admin/instrument-versions/session-outcome/1.1.0/publish', {});
    await patientAnswers({ '1': 2, '2': 3, '3': 4, '4': 5 }, 'retire-0001');

    const again = await fhirImport();
    expect(again.status).toBe(409);
    expect((await json(again)).error.message).toContain('exists already');
    expect(
      (await call('root', 'POST', '/admin/instrument-versions/session-outcome/1.1.0/publish', {}))
        .status,
    ).toBe(409);
    expect(
      (await call('root', 'DELETE', '/admin/instrument-versions/session-outcome/1.1.0', {})).status,
    ).toBe(409);
    // Lower than the highest version: refused, with the reason.
    const lower = await fhirImport({ version: '1.0.1' });
    expect(lower.status).toBe(422);
    expect(JSON.stringify(await json(lower))).toContain('must be higher than 1.1.0');

    const noReason = await call(
      'root',
      'POST',
      '/admin/instrument-versions/session-outcome/1.1.0/retire',
      {},
    );
    expect(noReason.status).toBe(400);
    const retired = await call(
      'root',
      'POST',
      '/admin/instrument-versions/session-outcome/1.1.0/retire',
      {
        reason: 'Lisensen er sagt opp',
      },
    );
    expect(retired.status).toBe(200);
    expect(await json(retired)).toMatchObject({
      status: 'retired',
      retired: { reason: 'Lisensen er sagt opp' },
    });
    // New forms use 1.0.0 again; the answer given on 1.1.0 stays readable and scored.
    expect((await json(await call(null, 'GET', '/instruments/session-outcome'))).version).toBe(
      '1.0.0',
    );
    const form = await patientAnswers({ '1': 5, '2': 5, '3': 5, '4': 5 }, 'retire-0002');
    expect(form.version).toBe('1.0.0');
    const responses = await json(await call('ther', 'GET', `/courses/${courseId}/responses`));
    expect(responses.responses.map((r: any) => [r.version, r.score.scores.total])).toEqual([
      ['1.1.0', 14],
      ['1.0.0', 20],
    ]);
    const last = await call(
      'root',
      'POST',
      '/admin/instrument-versions/session-outcome/1.0.0/retire',
      {
        reason: 'Vil slutte med skjemaet',
      },
    );
    expect(last.status).toBe(409);
    expect((await json(last)).error.message).toContain('only released version');

    // A published row edited behind KOR's back is refused, never scored with.
    await t.db
      .updateTable('instrument_versions')
      .set({ definition: sql`replace(definition, 'Alt i alt', 'Totalt sett')` })
      .execute();
    await expect(loadCatalogue(t.db, createCatalogue(builtInRegistry().all()))).rejects.toThrow(
      /session-outcome 1\.1\.0 has changed since it was published/,
    );
  });

  it('refuses broken imports with errors that name the place, and stores nothing', async () => {
    await setup();
    const q = await json(await call(null, 'GET', '/instruments/audit/versions/1.0.0/fhir'));
    const base = {
      format: 'fhir-questionnaire',
      version: '1.1.0',
      translation: { status: 'working', note: 'Testoversettelse' },
    };
    const send = (questionnaire: unknown, more = {}) =>
      call('root', 'POST', '/admin/instrument-versions/imports', {
        ...base,
        questionnaire,
        ...more,
      });

    // Item 9 without the option worth 4: the scoring value must stay.
    const dropped = structuredClone(q);
    dropped.item[8].answerOption = dropped.item[8].answerOption.slice(0, 2);
    const res1 = await send(dropped);
    expect(res1.status).toBe(422);
    const body1 = await json(res1);
    expect(body1.error.issues).toEqual([
      {
        path: ['questionnaire', 'item', 8, 'answerOption'],
        message: expect.stringContaining('lacks the options with the values 4'),
      },
    ]);
    // A changed value, an unknown item and a missing one.
    const broken = structuredClone(q);
    broken.item[0].answerOption[1].extension[0].valueDecimal = 7;
    broken.item[1].linkId = '2b';
    const body2 = await json(await send(broken));
    const messages = body2.error.issues.map((i: any) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^questionnaire\.item\.0\.answerOption\.1: item 1 has no option with the value 7/,
        ),
        expect.stringMatching(/^questionnaire\.item\.1\.linkId: audit has no item 2b/),
        expect.stringMatching(/^questionnaire\.item: item 2 of audit is missing/),
      ]),
    );
    // Not a Questionnaire; names no instrument; an unknown base version.
    expect(
      (await json(await send({ resourceType: 'Patient' }, { instrumentId: 'audit' }))).error
        .issues[0].path,
    ).toEqual(['questionnaire', 'resourceType']);
    expect(
      (await json(await send({ resourceType: 'Questionnaire', item: [] }))).error.issues[0].path,
    ).toEqual(['instrumentId']);
    expect((await send(q, { baseVersion: '0.9.0' })).status).toBe(422);
    // The request itself: a missing translation status is a 400 that names it.
    const res3 = await call('root', 'POST', '/admin/instrument-versions/imports', {
      format: 'fhir-questionnaire',
      questionnaire: q,
      version: '1.1.0',
    });
    expect(res3.status).toBe(400);
    expect(JSON.stringify(await json(res3))).toContain('translation');

    // KOR JSON: a new score key within the same major breaks the contract; zod names the field.
    const audit = structuredClone(builtInRegistry().get('audit', '1.0.0')) as any;
    const renamed = {
      ...audit,
      version: '1.1.0',
      scoring: {
        ...audit.scoring,
        scales: audit.scoring.scales.map((s: any) =>
          s.key === 'harm' ? { ...s, key: 'harms' } : s,
        ),
      },
    };
    const res4 = await call('root', 'POST', '/admin/instrument-versions/imports', {
      format: 'kor-json',
      definition: renamed,
    });
    expect(res4.status).toBe(422);
    expect(JSON.stringify(await json(res4))).toMatch(/score keys must stay|harm/);
    const rescored = {
      ...audit,
      version: '1.2.0',
      scoring: {
        ...audit.scoring,
        interpretation: audit.scoring.interpretation.map((r: any) =>
          r.key === 'zone' ? { ...r, label: r.label, bands: r.bands } : r,
        ),
        scorableWhen: { anyOf: ['total'] },
      },
    };
    const res5 = await json(
      await call('root', 'POST', '/admin/instrument-versions/imports', {
        format: 'kor-json',
        definition: rescored,
      }),
    );
    expect(JSON.stringify(res5)).toContain('needs a new major version');
    const res6 = await call('root', 'POST', '/admin/instrument-versions/imports', {
      format: 'kor-json',
      definition: { ...audit, version: '1.3.0', items: [] },
    });
    expect(res6.status).toBe(422);
    expect((await json(res6)).error.issues[0].path).toEqual(['definition', 'items']);

    expect(await count('instrument_versions')).toBe(0);
    expect((await json(await call(null, 'GET', '/instruments/audit'))).version).toBe('1.0.0');
  });

  it('publishes a new instrument from KOR JSON, and a draft can be discarded', async () => {
    await setup();
    const own = structuredClone(builtInRegistry().get('session-outcome', '1.0.0')) as any;
    const ors = { ...own, id: 'klinikk-utbytte', abbreviation: 'KU', status: 'released' };
    const res = await call('root', 'POST', '/admin/instrument-versions/imports', {
      format: 'kor-json',
      definition: ors,
    });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({
      status: 'draft',
      origin: 'kor-json',
      previousVersion: null,
      changes: [],
    });
    expect(
      (await call('root', 'DELETE', '/admin/instrument-versions/klinikk-utbytte/1.0.0', {})).status,
    ).toBe(204);
    expect(
      (await call('root', 'GET', '/admin/instrument-versions/klinikk-utbytte/1.0.0')).status,
    ).toBe(404);
    await call('root', 'POST', '/admin/instrument-versions/imports', {
      format: 'kor-json',
      definition: ors,
    });
    await call('root', 'POST', '/admin/instrument-versions/klinikk-utbytte/1.0.0/publish', {});
    const ids = (await json(await call(null, 'GET', '/instruments'))).instruments.map(
      (i: any) => i.id,
    );
    expect(ids).toContain('klinikk-utbytte');
    const compare = await json(
      await call(
        'root',
        'GET',
        '/admin/instrument-versions/session-outcome/compare?from=1.0.0&to=1.0.0',
      ),
    );
    expect(compare.changes).toEqual([]);
    expect(
      (
        await call(
          'root',
          'GET',
          '/admin/instrument-versions/session-outcome/compare?from=1.0.0&to=x',
        )
      ).status,
    ).toBe(400);
  });

  it('never answers 5xx to whatever an administrator uploads as a Questionnaire', async () => {
    await setup();
    const real = await json(await call(null, 'GET', '/instruments/audit/versions/1.0.0/fhir'));
    const item = fc.record(
      {
        linkId: fc.oneof(fc.constantFrom('1', '2', '9', '10'), fc.string()),
        type: fc.constantFrom('choice', 'decimal', 'integer', 'group', 'display', 'string', 'x'),
        text: fc.jsonValue(),
        _text: fc.jsonValue(),
        answerOption: fc.oneof(fc.array(fc.jsonValue()), fc.constant(real.item[0].answerOption)),
        item: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    const questionnaire = fc.oneof(
      fc.record(
        {
          resourceType: fc.constantFrom('Questionnaire', 'Patient'),
          url: fc.constantFrom('urn:kor:instrument:audit', 'urn:kor:instrument:nope', 'x'),
          language: fc.oneof(fc.constantFrom('nb', 'en', 'nn', 'de'), fc.jsonValue()),
          title: fc.jsonValue(),
          item: fc.oneof(fc.array(item, { maxLength: 12 }), fc.jsonValue()),
        },
        { requiredKeys: [] },
      ),
      fc.dictionary(fc.string(), fc.jsonValue()),
    );
    await fc.assert(
      fc.asyncProperty(questionnaire, async (q) => {
        const res = await call('root', 'POST', '/admin/instrument-versions/imports', {
          format: 'fhir-questionnaire',
          questionnaire: q,
          version: '1.1.0',
          translation: { status: 'working', note: 'fuzz' },
        });
        expect(res.status, JSON.stringify(q)).toBeLessThan(500);
        expect([400, 404, 422]).toContain(res.status);
      }),
      { numRuns: 150 },
    );
    expect(await count('instrument_versions')).toBe(0);
  });

  it('is for system administrators only', async () => {
    await setup();
    for (const who of ['ther', 'lead', null]) {
      const list = await call(who, 'GET', '/admin/instrument-versions');
      expect(list.status).toBe(who ? 404 : 401);
    }
    const q = await json(
      await call(null, 'GET', '/instruments/session-outcome/versions/1.0.0/fhir'),
    );
    const res = await call('lead', 'POST', '/admin/instrument-versions/imports', {
      format: 'fhir-questionnaire',
      questionnaire: q,
      version: '1.1.0',
      translation: { status: 'working', note: 'prøve' },
    });
    expect(res.status).toBe(404);
    expect(await count('instrument_versions')).toBe(0);
  });

  it('a second instance on the same database serves a version the first one published', async () => {
    await setup();
    const second = createApp({
      db: t.db,
      registry: builtInRegistry(),
      logger: createLogger(() => {}, 'error'),
    });
    const latest = async () =>
      (await (await second.request('/api/v1/instruments/session-outcome')).json()).version;
    expect(await latest()).toBe('1.0.0');
    await fhirImport();
    await call('root', 'POST', '/admin/instrument-versions/session-outcome/1.1.0/publish', {});
    // The second instance looks again at most every 2 s.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await latest()).toBe('1.1.0');
  });
});
