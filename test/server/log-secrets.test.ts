/**
 * Logs never contain answers, codes, tokens or passwords. The real server runs as a child process
 * with the demo data; known secrets go through it — staff passwords (right and wrong), session
 * cookies, a patient's code, tablet code, home link and tokens, free text (GAS goals, a note, a
 * course-evaluation comment) and distinctive answer values — in good requests and in bad ones
 * (malformed JSON, unknown fields, too large, wrong codes, wrong content type), and everything the
 * process writes is searched for each of them. (The audit log goes to the database, not here.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServer, stopServer } from '../../scripts/server-process';
import { resetPassword } from '../../server/services/staff-service';
import { openDatabase } from '../../server/storage/database';
import { createTestApp } from '../support/app';

/** Every string planted; none may appear in the output. Tokens and codes are added as made. */
const secrets = new Map<string, string>([
  ['therapist password', 'Sekret-Passord-Q7Zx9-terapeut'],
  ['trainer password', 'Sekret-Passord-K4Wm2-trener'],
  ['wrong password', 'Feil-Passord-V8Lp3-galt'],
  ['password of an unknown e-mail', 'Ukjent-Passord-R2Dy6-ingen'],
  ['patient code', 'PSEUDO-8841-QXZ'],
  ['GAS goal', 'Maal-tekst-Drikke-mindre-J5Hq'],
  ['second GAS goal', 'Maal-tekst-Sove-bedre-N3Bv'],
  ['course end note', 'Avslutning-notat-Flyttet-T6Ck'],
  ['evaluation comment', 'Kurs-kommentar-Fin-dag-P9Ws'],
  ['text in a wrong answer', 'Feil-svar-tekst-L1Fg'],
  ['password in malformed JSON', 'Passord-i-brutt-JSON-E4Tn'],
  ['password beside an unknown field', 'Passord-ved-ukjent-felt-A8Uy'],
  ['unknown field value', 'Ukjent-felt-verdi-Z5Mr'],
  ['text in a too large body', 'For-stor-kropp-tekst-H2Kx'],
  ['text in a text/plain body', 'Ren-tekst-kropp-B7Jd'],
  ['wrong tablet code', '904417'],
  ['wrong home link', 'FeilLenkeAbcdefghij0123456789xyz'],
  ['wrong patient token', 'FeilTokenAbcdefghij0123456789xyzW'],
]);
/** Answers with distinctive values; neither the set nor an item's value may be logged. */
const answerSets = {
  gaf: { symptom: 37, function: 58 },
  audit: { '1': 3, '2': 2, '3': 4, '4': 1, '5': 3, '6': 0, '7': 2, '8': 1, '9': 4, '10': 2 },
  sessionOutcome: { '1': 1.7, '2': 8.3, '3': 2.9, '4': 6.1 },
};

const THERAPIST = 'demo-terapeut@kor.example';
const TRAINER = 'demo-trener@kor.example';

let dir: string;
let server: ServerProcess;
let output = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kor-log-secrets-'));
  const file = path.join(dir, 'kor.sqlite');
  server = await startServer(file, { KOR_DEMO: '1' }, { onOutput: (text) => (output += text) });
  // The demo passwords are printed at start-up on purpose; these two users get secret ones.
  const db = openDatabase({ kind: 'sqlite', file });
  try {
    const secret = (name: string) => secrets.get(name) ?? '';
    await resetPassword(db, THERAPIST, secret('therapist password'), new Date());
    await resetPassword(db, TRAINER, secret('trainer password'), new Date());
  } finally {
    await db.destroy();
  }
}, 120_000);

afterAll(async () => {
  if (server) await stopServer(server, 'SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

interface Call {
  cookie?: string;
  bearer?: string;
  body?: unknown;
  /** Sent as it is, instead of JSON. */
  raw?: string;
  headers?: Record<string, string>;
}

async function api(method: string, pathname: string, call: Call = {}) {
  const res = await fetch(`${server.base}/api/v1${pathname}`, {
    method,
    headers: {
      ...(call.body !== undefined || call.raw !== undefined
        ? { 'Content-Type': 'application/json' }
        : {}),
      ...(call.cookie ? { Cookie: call.cookie } : {}),
      ...(call.bearer ? { Authorization: `Bearer ${call.bearer}` } : {}),
      ...call.headers,
    },
    ...(call.raw !== undefined
      ? { body: call.raw }
      : call.body !== undefined
        ? { body: JSON.stringify(call.body) }
        : {}),
  });
  const text = await res.text();
  return { status: res.status, res, body: text ? JSON.parse(text) : null };
}

function plant(name: string, value: string): string {
  expect(value.length, name).toBeGreaterThanOrEqual(6);
  secrets.set(name, value);
  return value;
}

async function loginAs(email: string, secretName: string): Promise<string> {
  const res = await api('POST', '/auth/login', {
    body: { email, password: secrets.get(secretName) },
  });
  expect(res.status, email).toBe(200);
  const cookie = (res.res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  plant(`session token of ${email}`, cookie.split('=')[1] ?? '');
  return cookie;
}

let idempotency = 0;
const key = () => `log-secrets-${String(++idempotency).padStart(4, '0')}`;

describe('the server log', () => {
  it('holds no password, token, code or answer that went through the server', async () => {
    const secret = (name: string) => secrets.get(name) ?? '';
    // Staff: wrong and unknown logins, then the right ones.
    for (const email of [THERAPIST, 'nobody@kor.example'])
      expect(
        (await api('POST', '/auth/login', { body: { email, password: secret('wrong password') } }))
          .status,
      ).toBe(401);
    expect(
      (
        await api('POST', '/auth/login', {
          body: { email: 'ingen@kor.example', password: secret('password of an unknown e-mail') },
        })
      ).status,
    ).toBe(401);
    const therapist = await loginAs(THERAPIST, 'therapist password');
    const unit = (await api('GET', '/auth/me', { cookie: therapist })).body.user.units[0];

    // A patient and a course, with GAS goals and clinician ratings.
    const patient = await api('POST', `/units/${unit.id}/patients`, {
      cookie: therapist,
      body: { code: secret('patient code'), birthYear: 1979 },
    });
    expect(patient.status).toBe(201);
    expect(
      (
        await api('POST', `/units/${unit.id}/patients/search`, {
          cookie: therapist,
          body: { code: secret('patient code') },
        })
      ).status,
    ).toBe(200);
    const course = await api('POST', '/courses', {
      cookie: therapist,
      body: {
        patientId: patient.body.id,
        startDate: new Date().toISOString().slice(0, 10),
        levelOfCare: 'outpatient',
        goals: [secret('GAS goal')],
      },
    });
    expect(course.status).toBe(201);
    const courseId: string = course.body.id;
    const goals = await api('PUT', `/courses/${courseId}/goals`, {
      cookie: therapist,
      body: {
        goals: [
          { text: secret('GAS goal'), weight: 2 },
          { text: secret('second GAS goal'), weight: 1 },
        ],
      },
    });
    expect(goals.status).toBe(200);
    const gaf = await api('POST', `/courses/${courseId}/responses`, {
      cookie: therapist,
      headers: { 'Idempotency-Key': key() },
      body: { instrument: 'gaf', answers: answerSets.gaf, language: 'nb' },
    });
    expect(gaf.status).toBe(201);

    // The tablet: a code, exchanged for a patient token, answers sent.
    const kiosk = await api('POST', `/courses/${courseId}/form-sessions`, {
      cookie: therapist,
      body: { instruments: ['audit', 'session-outcome'], channel: 'kiosk' },
    });
    expect(kiosk.status).toBe(201);
    plant('tablet code', kiosk.body.code);
    const wrongCode = secret('wrong tablet code');
    expect(wrongCode).not.toBe(kiosk.body.code);
    expect(
      (await api('POST', '/patient/exchange', { body: { code: wrongCode, device: 'tablet-01' } }))
        .status,
    ).toBe(404);
    const exchanged = await api('POST', '/patient/exchange', {
      body: { code: kiosk.body.code, device: 'tablet-01' },
    });
    expect(exchanged.status).toBe(200);
    const token = plant('patient token (tablet)', exchanged.body.token);
    expect((await api('GET', '/patient/forms', { bearer: token })).status).toBe(200);
    const wrongAnswer = await api('POST', '/patient/responses', {
      bearer: token,
      headers: { 'Idempotency-Key': key() },
      body: {
        instrument: 'audit',
        version: '1.0.0',
        answers: { ...answerSets.audit, '1': secret('text in a wrong answer') },
        language: 'nb',
      },
    });
    expect(wrongAnswer.status).toBe(422);
    for (const [instrument, answers] of [
      ['audit', answerSets.audit],
      ['session-outcome', answerSets.sessionOutcome],
    ] as const) {
      const sent = await api('POST', '/patient/responses', {
        bearer: token,
        headers: { 'Idempotency-Key': key() },
        body: { instrument, version: '1.0.0', answers, language: 'nb' },
      });
      expect(sent.status, instrument).toBe(201);
    }

    // A home link, opened as a page and exchanged; a wrong link and a wrong token.
    const home = await api('POST', `/courses/${courseId}/form-sessions`, {
      cookie: therapist,
      body: { instruments: ['session-outcome'], channel: 'home' },
    });
    expect(home.status).toBe(201);
    const link = plant('home link', String(home.body.link).replace('/f/', ''));
    expect((await fetch(`${server.base}/f/${link}`)).status).toBe(200);
    const homeToken = await api('POST', '/patient/exchange', { body: { link } });
    expect(homeToken.status).toBe(200);
    plant('patient token (home)', homeToken.body.token);
    expect(
      (await api('POST', '/patient/exchange', { body: { link: secret('wrong home link') } }))
        .status,
    ).toBe(404);
    expect(
      (await api('GET', '/patient/forms', { bearer: secret('wrong patient token') })).status,
    ).toBe(401);
    // Secrets in a query string and a path are not logged either.
    await fetch(`${server.base}/api/v1/patient/forms?token=${homeToken.body.token}`);
    await fetch(`${server.base}/api/v1/no-such-route/${homeToken.body.token}`);

    // Bad requests with secrets in them.
    const badLogin = [
      {
        raw: `{"email":"${THERAPIST}","password":"${secret('password in malformed JSON')}"`,
        status: 400,
      },
      {
        body: {
          email: THERAPIST,
          password: secret('password beside an unknown field'),
          remember: secret('unknown field value'),
        },
        status: 400,
      },
      {
        raw: `email=${THERAPIST}&password=${secret('text in a text/plain body')}`,
        headers: { 'Content-Type': 'text/plain' },
        status: 415,
      },
    ];
    for (const { status, ...call } of badLogin)
      expect((await api('POST', '/auth/login', call)).status).toBe(status);

    // The course ends with a note.
    const ended = await api('POST', `/courses/${courseId}/end`, {
      cookie: therapist,
      body: {
        type: 'transferred',
        date: new Date().toISOString().slice(0, 10),
        note: secret('course end note'),
      },
    });
    expect(ended.status).toBe(200);

    // A training course's evaluation, with a comment, by its public code.
    const trainer = await loginAs(TRAINER, 'trainer password');
    const today = new Date().toISOString().slice(0, 10);
    const training = await api('POST', '/training/courses', {
      cookie: trainer,
      body: {
        kind: 'local',
        title: 'Lokalt kurs (fiktivt)',
        startDate: today,
        endDate: today,
        days: 1,
        digital: true,
        capacity: 10,
        feeNok: 0,
      },
    });
    expect(training.status).toBe(201);
    plant('evaluation code', training.body.evaluationCode);
    expect(
      (
        await api('POST', `/training/courses/${training.body.id}/participants`, {
          cookie: trainer,
          body: { name: 'Deltaker (fiktiv)' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api('PATCH', `/training/courses/${training.body.id}`, {
          cookie: trainer,
          body: { status: 'open' },
        })
      ).status,
    ).toBe(200);
    const evaluation = await api('POST', `/course-evaluation/${training.body.evaluationCode}`, {
      body: {
        answers: {
          relevance: 6,
          understandable: 5,
          structured: 4,
          action: 6,
          comments: secret('evaluation comment'),
        },
        language: 'nb',
      },
    });
    expect(evaluation.status).toBe(201);
    // Logging out sends the session token once more.
    expect((await api('POST', '/auth/logout', { cookie: therapist, body: {} })).status).toBe(204);
    // Last: the server closes the connection of a body it refused half-read.
    const tooLarge = await api('POST', '/patient/responses', {
      bearer: homeToken.body.token,
      headers: { 'Idempotency-Key': key() },
      body: {
        instrument: 'session-outcome',
        version: '1.0.0',
        answers: { '1': secret('text in a too large body').repeat(20_000) },
        language: 'nb',
      },
    });
    expect(tooLarge.status).toBe(413);

    await stopServer(server, 'SIGTERM');

    // Not vacuous: the log is there and holds a line for the requests made above.
    const lines = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = lines.filter((line) => line.message === 'request');
    expect(requests.length).toBeGreaterThan(30);
    for (const [route, status] of [
      ['/api/v1/auth/login', 401],
      ['/api/v1/auth/login', 200],
      ['/api/v1/auth/login', 400],
      // Refused before routing (content type, body size): the API's own template.
      ['/api/v1/*', 415],
      ['/api/v1/patient/exchange', 404],
      ['/api/v1/patient/responses', 201],
      ['/api/v1/*', 413],
      ['/api/v1/patient/responses', 422],
      ['/api/v1/courses/:courseId/goals', 200],
      ['/api/v1/course-evaluation/:code', 201],
    ] as const)
      expect(
        requests.some((line) => line.route === route && line.status === status),
        `${route} ${status}`,
      ).toBe(true);
    expect(output).toContain('"message":"stopped"');

    const found = [...secrets].filter(([, value]) => output.includes(value));
    expect(found.map(([name]) => name)).toEqual([]);
    for (const [name, answers] of Object.entries(answerSets)) {
      expect(output, name).not.toContain(JSON.stringify(answers));
      for (const [item, value] of Object.entries(answers))
        expect(output, `${name} ${item}`).not.toMatch(new RegExp(`"${item}"\\s*:\\s*${value}`));
    }
    expect(output).not.toMatch(/"answers"|"password"|"comments"|"goals"|"note"/);
  }, 120_000);
});

describe('an unexpected error', () => {
  it('is logged with where it happened, but not the path or message, which can hold secrets', async () => {
    const t = await createTestApp();
    await t.db.destroy(); // every query now fails
    const token = 'SessionTokenThatMustNotBeLogged0123456789ab';
    const courseId = 'course-id-that-must-not-be-logged';
    const res = await t.app.request(`/api/v1/courses/${courseId}/responses?code=483920`, {
      headers: { Cookie: `kor_session=${token}` },
    });
    expect(res.status).toBe(500);
    const logged = t.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const error = logged.find((line) => line.message === 'unhandled error');
    expect(error).toMatchObject({ level: 'error', route: '/api/v1/courses/*' });
    expect(error?.error).toEqual(expect.any(String));
    expect(error?.at).toMatch(/\.ts:\d+/);
    const all = t.logLines.join('\n');
    for (const secret of [token, courseId, '483920']) expect(all).not.toContain(secret);
  });
});
