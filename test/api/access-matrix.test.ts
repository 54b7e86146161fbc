/**
 * The access matrix: every staff route × every role × own and other unit. No unexpected 2xx;
 * another unit's data is 404. Then random bodies at every route: never a 5xx.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInRegistry } from '../../instruments';
import { createTestApp, type TestApp } from '../support/app';
import { fictionalUnits, staffMember } from '../support/clinic';

type Who =
  | 'anonymous'
  | 'therOwn'
  | 'therOther'
  | 'leadA'
  | 'therB'
  | 'leadB'
  | 'adminA'
  | 'trainerA'
  | 'root';
const EVERYONE: Who[] = [
  'anonymous',
  'therOwn',
  'therOther',
  'leadA',
  'therB',
  'leadB',
  'adminA',
  'trainerA',
  'root',
];
const OTHER_UNIT: Who[] = ['therB', 'leadB'];

let t: TestApp;
const cookies: Partial<Record<Who, string>> = {};
const ids = {
  unitA: '',
  unitB: '',
  patient: '',
  course: '',
  training: '',
  p1: '',
  p2: '',
  p3: '',
  research: '',
  /** A user the admin created for the organisation routes to change. */
  managed: '',
};
/** The exercises' course (with a practice unit; therOwn is a trainee), a case and an exercise. */
const exercising = { course: '', practiceCase: '', exercise: '' };
const userIds: Partial<Record<Who, string>> = {};

interface RouteCase {
  method: string;
  path: string;
  template: string;
  body?: () => unknown;
  headers?: () => Record<string, string>;
  allowed: Who[];
  /** Not about one unit's data (a course open to every staff user): no 404 for another unit. */
  anyUnit?: true;
}

/** A KOR JSON import of a copy of session-outcome as the instrument `id`, version `version`. */
const instrumentImport =
  (id: string, version = '1.0.0') =>
  () => ({
    format: 'kor-json',
    definition: { ...builtInRegistry().get('session-outcome', '1.0.0'), id, version },
  });

const researchBody = () => ({
  unitIds: [ids.unitA],
  from: '2026-01-01',
  to: '2026-12-31',
  purpose: 'Tilgangsmatrisen: forskningsuttrekk',
});

function cases(): RouteCase[] {
  const course = `/courses/${ids.course}`;
  return [
    {
      method: 'GET',
      template: '/api/v1/auth/me',
      path: '/auth/me',
      allowed: EVERYONE.filter((w) => w !== 'anonymous'),
    },
    {
      method: 'POST',
      template: '/api/v1/units/:unitId/patients',
      path: `/units/${ids.unitA}/patients`,
      body: () => ({ code: `M-${randomUUID().slice(0, 8)}` }),
      allowed: ['therOwn', 'therOther', 'leadA'],
    },
    {
      method: 'POST',
      template: '/api/v1/units/:unitId/patients/search',
      path: `/units/${ids.unitA}/patients/search`,
      body: () => ({ code: 'MATRIX-1' }),
      allowed: ['therOwn', 'therOther', 'leadA'],
    },
    {
      method: 'POST',
      template: '/api/v1/courses',
      path: '/courses',
      body: () => ({
        patientId: ids.patient,
        startDate: '2026-03-01',
        levelOfCare: 'outpatient',
        therapistIds: [],
      }),
      allowed: ['therOwn', 'therOther', 'leadA'],
    },
    {
      method: 'GET',
      template: '/api/v1/courses',
      path: '/courses',
      allowed: EVERYONE.filter((w) => w !== 'anonymous'),
    },
    {
      method: 'GET',
      template: '/api/v1/courses/:courseId',
      path: course,
      allowed: ['therOwn', 'leadA'],
    },
    {
      method: 'POST',
      template: '/api/v1/courses/:courseId/contacts',
      path: `${course}/contacts`,
      body: () => ({ kind: 'session', date: '2026-03-02' }),
      allowed: ['therOwn', 'leadA'],
    },
    {
      method: 'POST',
      template: '/api/v1/courses/:courseId/form-sessions',
      path: `${course}/form-sessions`,
      body: () => ({ instruments: ['session-outcome'], channel: 'kiosk' }),
      allowed: ['therOwn', 'leadA'],
    },
    {
      method: 'POST',
      template: '/api/v1/courses/:courseId/responses',
      path: `${course}/responses`,
      body: () => ({ instrument: 'gaf', answers: { symptom: 50, function: 50 }, language: 'nb' }),
      headers: () => ({ 'Idempotency-Key': randomUUID() }),
      allowed: ['therOwn', 'leadA'],
    },
    {
      method: 'GET',
      template: '/api/v1/courses/:courseId/responses',
      path: `${course}/responses`,
      allowed: ['therOwn', 'leadA'],
    },
    {
      method: 'POST',
      template: '/api/v1/admin/research-exports',
      path: '/admin/research-exports',
      body: researchBody,
      allowed: ['root'],
    },
    {
      method: 'GET',
      template: '/api/v1/admin/research-exports',
      path: '/admin/research-exports',
      allowed: ['root'],
    },
    {
      method: 'GET',
      template: '/api/v1/admin/research-exports/units',
      path: '/admin/research-exports/units',
      allowed: ['root'],
    },
    {
      method: 'GET',
      template: '/api/v1/admin/research-exports/dictionary',
      path: '/admin/research-exports/dictionary',
      allowed: ['root'],
    },
    {
      method: 'GET',
      template: '/api/v1/admin/research-exports/:exportId',
      path: `/admin/research-exports/${ids.research}`,
      allowed: ['root'],
    },
    {
      method: 'GET',
      template: '/api/v1/admin/research-exports/:exportId/tables/:table',
      path: `/admin/research-exports/${ids.research}/tables/courses`,
      allowed: ['root'],
    },
    {
      method: 'GET',
      template: '/api/v1/admin/instrument-versions',
      path: '/admin/instrument-versions',
      allowed: ['root'],
    },
    {
      method: 'POST',
      template: '/api/v1/admin/instrument-versions/imports',
      path: '/admin/instrument-versions/imports',
      body: instrumentImport('matrise-import'),
      allowed: ['root'],
    },
    {
      method: 'GET',
      template: '/api/v1/admin/instrument-versions/:instrumentId/:version',
      path: '/admin/instrument-versions/session-outcome/1.0.0',
      allowed: ['root'],
      anyUnit: true,
    },
    {
      method: 'GET',
      template: '/api/v1/admin/instrument-versions/:instrumentId/compare',
      path: '/admin/instrument-versions/audit/compare?from=1.0.0&to=1.0.0',
      allowed: ['root'],
      anyUnit: true,
    },
    {
      method: 'POST',
      template: '/api/v1/admin/instrument-versions/:instrumentId/:version/publish',
      path: '/admin/instrument-versions/matrise-publish/1.0.0/publish',
      body: () => ({}),
      allowed: ['root'],
      anyUnit: true,
    },
    {
      method: 'DELETE',
      template: '/api/v1/admin/instrument-versions/:instrumentId/:version',
      path: '/admin/instrument-versions/matrise-discard/1.0.0',
      body: () => ({}),
      allowed: ['root'],
      anyUnit: true,
    },
    {
      method: 'POST',
      template: '/api/v1/admin/instrument-versions/:instrumentId/:version/retire',
      path: '/admin/instrument-versions/matrise-retire/1.0.0/retire',
      body: () => ({ reason: 'Tilgangsmatrisen' }),
      allowed: ['root'],
      anyUnit: true,
    },
    {
      method: 'GET',
      template: '/api/v1/admin/organisation',
      path: '/admin/organisation',
      allowed: ['root'],
    },
    {
      method: 'POST',
      template: '/api/v1/admin/organisation/units',
      path: '/admin/organisation/units',
      body: () => ({ kind: 'region', name: 'Matriseregion' }),
      allowed: ['root'],
    },
    {
      method: 'POST',
      template: '/api/v1/admin/organisation/users',
      path: '/admin/organisation/users',
      body: () => ({
        email: `matrise-${randomUUID().slice(0, 8)}@example.org`,
        displayName: 'Matrise',
        password: 'matrise passord 1',
      }),
      allowed: ['root'],
    },
    {
      method: 'PATCH',
      template: '/api/v1/admin/organisation/users/:userId',
      path: `/admin/organisation/users/${ids.managed}`,
      body: () => ({ isActive: true }),
      allowed: ['root'],
      anyUnit: true,
    },
    {
      method: 'PUT',
      template: '/api/v1/admin/organisation/users/:userId/memberships/:unitId',
      path: `/admin/organisation/users/${ids.managed}/memberships/${ids.unitB}`,
      body: () => ({ role: 'therapist' }),
      allowed: ['root'],
      anyUnit: true,
    },
    {
      method: 'DELETE',
      template: '/api/v1/admin/organisation/users/:userId/memberships/:unitId',
      path: `/admin/organisation/users/${ids.managed}/memberships/${ids.unitA}`,
      body: () => ({}),
      allowed: ['root'],
      anyUnit: true,
    },
    {
      method: 'PATCH',
      template: '/api/v1/admin/organisation/units/:unitId',
      path: `/admin/organisation/units/${ids.unitA}`,
      body: () => ({ name: 'A' }),
      allowed: ['root'],
    },
    {
      method: 'DELETE',
      template: '/api/v1/admin/organisation/units/:unitId',
      path: '/admin/organisation/units/{region}',
      body: () => ({}),
      allowed: ['root'],
      anyUnit: true,
    },
    {
      method: 'GET',
      template: '/api/v1/units/:unitId/staff',
      path: `/units/${ids.unitA}/staff`,
      allowed: ['leadA', 'adminA', 'root'],
    },
    {
      method: 'PUT',
      template: '/api/v1/units/:unitId/staff',
      path: `/units/${ids.unitA}/staff`,
      body: () => ({ email: 'matrise-bruker@example.org', role: 'therapist' }),
      allowed: ['leadA', 'adminA', 'root'],
    },
    {
      method: 'DELETE',
      template: '/api/v1/units/:unitId/staff/:userId',
      path: `/units/${ids.unitA}/staff/{member}`,
      body: () => ({}),
      allowed: ['leadA', 'adminA', 'root'],
    },
    {
      method: 'GET',
      template: '/api/v1/units/:unitId/access-report',
      path: `/units/${ids.unitA}/access-report`,
      allowed: ['leadA'],
    },
    {
      method: 'GET',
      template: '/api/v1/users/:userId/access-log',
      path: `/users/${userIds.therOther}/access-log`,
      // The user themself, a lead of their unit, a system administrator.
      allowed: ['therOther', 'leadA', 'root'],
    },
    {
      method: 'GET',
      template: '/api/v1/courses/:courseId/fhir',
      path: `${course}/fhir`,
      allowed: ['therOwn', 'leadA'],
    },
    {
      method: 'GET',
      template: '/api/v1/patients/:patientId/access-log',
      path: `/patients/${ids.patient}/access-log`,
      allowed: ['leadA'],
    },
    { method: 'GET', template: '/api/v1/audit/verify', path: '/audit/verify', allowed: ['root'] },
    {
      method: 'POST',
      template: '/api/v1/units/:unitId/plan-templates',
      path: `/units/${ids.unitA}/plan-templates`,
      body: () => ({
        name: `Standard ${randomUUID().slice(0, 8)}`,
        items: [{ instrument: 'session-outcome', schedule: 'every_session' }],
      }),
      allowed: ['leadA', 'adminA', 'root'],
    },
    {
      method: 'GET',
      template: '/api/v1/units/:unitId/plan-templates',
      path: `/units/${ids.unitA}/plan-templates`,
      allowed: ['therOwn', 'therOther', 'leadA', 'adminA', 'root'],
    },
    {
      method: 'DELETE',
      template: '/api/v1/units/:unitId/plan-templates/:templateId',
      path: `/units/${ids.unitA}/plan-templates/{template}`,
      body: () => ({}),
      allowed: ['leadA', 'adminA', 'root'],
    },
    {
      method: 'GET',
      template: '/api/v1/units/:unitId/reports/dropout',
      path: `/units/${ids.unitA}/reports/dropout`,
      allowed: ['leadA', 'root'],
    },
    {
      method: 'GET',
      template: '/api/v1/units/:unitId/reports/fidelity',
      path: `/units/${ids.unitA}/reports/fidelity`,
      allowed: ['leadA', 'root'],
    },
    {
      method: 'GET',
      template: '/api/v1/units/:unitId/reports/outcomes',
      path: `/units/${ids.unitA}/reports/outcomes`,
      allowed: ['leadA', 'root'],
    },
    {
      method: 'PUT',
      template: '/api/v1/courses/:courseId/plan',
      path: `${course}/plan`,
      body: () => ({
        items: [{ instrument: 'hscl-25', schedule: 'every_n_weeks', intervalWeeks: 6 }],
      }),
      allowed: ['therOwn', 'leadA'],
    },
    {
      method: 'GET',
      template: '/api/v1/units/:unitId/calibration',
      path: `/units/${ids.unitA}/calibration`,
      allowed: ['leadA', 'root'],
    },
    {
      method: 'GET',
      template: '/api/v1/courses/:courseId/form-sessions',
      path: `${course}/form-sessions`,
      allowed: ['therOwn', 'leadA'],
    },
    {
      method: 'POST',
      template: '/api/v1/courses/:courseId/form-sessions/:sessionId/revoke',
      path: '/courses/{fresh}/form-sessions/{session}/revoke',
      body: () => ({}),
      allowed: ['therOwn', 'leadA'],
    },
    {
      method: 'GET',
      template: '/api/v1/courses/:courseId/trends',
      path: `${course}/trends`,
      allowed: ['therOwn', 'leadA'],
    },
    {
      method: 'PUT',
      template: '/api/v1/courses/:courseId/goals',
      path: `${course}/goals`,
      body: () => ({ goals: [{ text: 'Sove bedre', weight: 1 }] }),
      allowed: ['therOwn', 'leadA'],
    },
    {
      method: 'GET',
      template: '/api/v1/courses/:courseId/due',
      path: `${course}/due`,
      allowed: ['therOwn', 'leadA'],
    },
    {
      method: 'POST',
      template: '/api/v1/courses/:courseId/episodes',
      path: `${course}/episodes`,
      body: () => ({ levelOfCare: 'ambulant', startDate: '2026-03-05' }),
      allowed: ['therOwn', 'leadA'],
    },
    {
      method: 'POST',
      template: '/api/v1/courses/:courseId/end',
      path: '/courses/{fresh}/end',
      body: () => ({ type: 'completed', date: '2026-06-01' }),
      allowed: ['therOwn', 'leadA'],
    },
    ...trainingCases(),
  ];
}

/** The trainer module: trainerA runs ids.training; global admins may read; others 403/404. */
function trainingCases(): RouteCase[] {
  const course = `/training/courses/${ids.training}`;
  const api = '/api/v1/training/courses/:id';
  const read: Who[] = ['trainerA', 'root'];
  const write: Who[] = ['trainerA'];
  const participant = (id: string, action: string) => `${course}/participants/${id}/${action}`;
  return [
    {
      method: 'GET',
      template: '/api/v1/training/courses',
      path: '/training/courses',
      allowed: read,
    },
    {
      method: 'POST',
      template: '/api/v1/training/courses',
      path: '/training/courses',
      body: () => trainingCourseBody,
      allowed: write,
    },
    { method: 'GET', template: api, path: course, allowed: read },
    {
      method: 'PATCH',
      template: api,
      path: course,
      body: () => ({ title: 'Kurs' }),
      allowed: write,
    },
    {
      method: 'POST',
      template: `${api}/participants`,
      path: `${course}/participants`,
      body: () => ({ name: `Deltaker ${randomUUID().slice(0, 8)}` }),
      allowed: write,
    },
    {
      method: 'POST',
      template: `${api}/participants/:participantId/cancel`,
      path: participant(ids.p1, 'cancel'),
      body: () => ({}),
      allowed: write,
    },
    {
      method: 'PUT',
      template: `${api}/participants/:participantId/attendance`,
      path: participant(ids.p2, 'attendance'),
      body: () => ({ day: 1, present: true }),
      allowed: write,
    },
    {
      method: 'POST',
      template: `${api}/participants/:participantId/complete`,
      path: participant(ids.p3, 'complete'),
      body: () => ({}),
      allowed: write,
    },
    { method: 'GET', template: `${api}/evaluations`, path: `${course}/evaluations`, allowed: read },
    // ids.training has no practice unit yet: trainerA's one call makes it (201).
    {
      method: 'POST',
      template: `${api}/practice`,
      path: `${course}/practice`,
      body: () => ({ seed: 7 }),
      allowed: write,
    },
    {
      method: 'GET',
      template: `${api}/practice`,
      path: `/training/courses/${exercising.course}/practice`,
      allowed: read,
    },
    {
      method: 'GET',
      template: '/api/v1/training/lineage',
      path: '/training/lineage',
      allowed: read,
    },
    { method: 'GET', template: '/api/v1/training/report', path: '/training/report', allowed: read },
    ...exerciseCases(),
    ...openCourseCases(),
  ];
}

/**
 * Courses open for registration: every staff user lists them and signs up (or withdraws)
 * themselves. The sign-ups run before the withdrawals, one staff user after another.
 */
function openCourseCases(): RouteCase[] {
  const staff = EVERYONE.filter((w) => w !== 'anonymous');
  const registration = `/training/open-courses/${ids.training}/registration`;
  return [
    {
      method: 'GET',
      template: '/api/v1/training/open-courses',
      path: '/training/open-courses',
      allowed: staff,
    },
    {
      method: 'POST',
      template: '/api/v1/training/open-courses/:id/registration',
      path: registration,
      body: () => ({}),
      allowed: staff,
      anyUnit: true,
    },
    {
      method: 'POST',
      template: '/api/v1/training/open-courses/:id/registration/cancel',
      path: `${registration}/cancel`,
      body: () => ({}),
      allowed: staff,
      anyUnit: true,
    },
  ];
}

/** Exercises (trainee side: any logged-in staff user), staff search and follow-up. */
function exerciseCases(): RouteCase[] {
  const mine = `/training/my/exercises/${exercising.exercise}`;
  const inCourse: Who[] = ['trainerA', 'therOwn'];
  return [
    {
      method: 'POST',
      template: '/api/v1/training/courses/:id/exercises',
      path: `/training/courses/${exercising.course}/exercises`,
      body: () => ({ title: 'Øving (fiktiv)', caseIds: [exercising.practiceCase] }),
      allowed: ['trainerA'],
    },
    {
      method: 'GET',
      template: '/api/v1/training/courses/:id/exercises',
      path: `/training/courses/${exercising.course}/exercises`,
      allowed: ['trainerA', 'root'],
    },
    {
      method: 'GET',
      template: '/api/v1/training/exercises/:id/answers',
      path: `/training/exercises/${exercising.exercise}/answers`,
      allowed: ['trainerA', 'root'],
    },
    {
      method: 'GET',
      template: '/api/v1/training/my/exercises',
      path: '/training/my/exercises',
      allowed: EVERYONE.filter((w) => w !== 'anonymous'),
    },
    { method: 'GET', template: '/api/v1/training/my/exercises/:id', path: mine, allowed: inCourse },
    {
      method: 'PUT',
      template: '/api/v1/training/my/exercises/:id/cases/:caseId/answer',
      path: `${mine}/cases/${exercising.practiceCase}/answer`,
      body: () => ({ observed: 'Utbyttet faller.', nextStep: 'Snakk om det.' }),
      allowed: inCourse,
    },
    {
      method: 'GET',
      template: '/api/v1/training/staff',
      path: '/training/staff?q=ther',
      allowed: ['trainerA'],
    },
    {
      method: 'GET',
      template: '/api/v1/training/follow-up',
      path: '/training/follow-up',
      allowed: ['trainerA', 'root'],
    },
  ];
}

/** A second course of trainerA's with a practice unit, therOwn registered, and one exercise. */
async function exerciseSetup(): Promise<void> {
  const send = async (path: string, body: unknown) => {
    const res = await t.app.request(`/api/v1/training${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookies.trainerA ?? '' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`test setup: ${path} → ${res.status}`);
    return (await res.json()) as any;
  };
  exercising.course = (await send('/courses', { ...trainingCourseBody, title: 'Øvingskurs' })).id;
  await send(`/courses/${exercising.course}/participants`, { userId: userIds.therOwn });
  const practice = await send(`/courses/${exercising.course}/practice`, { seed: 1 });
  exercising.practiceCase = practice.cases[0].id;
  const created = await send(`/courses/${exercising.course}/exercises`, {
    title: 'Øving (fiktiv)',
    caseIds: [exercising.practiceCase],
  });
  exercising.exercise = created.exercise.id;
}

const trainingCourseBody = {
  kind: 'local',
  title: 'Lokalt kurs (fiktivt)',
  startDate: '2026-03-10',
  endDate: '2026-03-10',
  days: 1,
  digital: true,
  capacity: 500,
  feeNok: 0,
};

/** A course of trainerA's with three participants (the third present on its one day). */
async function trainingSetup(): Promise<void> {
  const send = async (method: string, path: string, body: unknown) => {
    const res = await t.app.request(`/api/v1/training${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Cookie: cookies.trainerA ?? '' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as { id: string };
  };
  ids.training = (await send('POST', '/courses', trainingCourseBody)).id;
  await send('PATCH', `/courses/${ids.training}`, { status: 'open' });
  for (const key of ['p1', 'p2', 'p3'] as const) {
    ids[key] = (await send('POST', `/courses/${ids.training}/participants`, { name: key })).id;
  }
  await send('PUT', `/courses/${ids.training}/participants/${ids.p3}/attendance`, {
    day: 1,
    present: true,
  });
}

/** A new course of therOwn's, for routes that change a course for good (ending it). */
async function freshCourse(): Promise<string> {
  const res = await t.app.request('/api/v1/courses', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookies.therOwn ?? '' },
    body: JSON.stringify({
      patientId: ids.patient,
      startDate: '2026-03-01',
      levelOfCare: 'outpatient',
    }),
  });
  return ((await res.json()) as { id: string }).id;
}

/** A waiting kiosk form session on a course of therOwn's (to withdraw). */
async function freshSession(courseId: string): Promise<string> {
  const res = await t.app.request(`/api/v1/courses/${courseId}/form-sessions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookies.therOwn ?? '' },
    body: JSON.stringify({ instruments: ['session-outcome'], channel: 'kiosk' }),
  });
  return ((await res.json()) as { id: string }).id;
}

/** A new plan template at unit A (made by leadA), for the route that deletes one. */
async function freshTemplate(): Promise<string> {
  const res = await t.app.request(`/api/v1/units/${ids.unitA}/plan-templates`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookies.leadA ?? '' },
    body: JSON.stringify({
      name: `Mal ${randomUUID().slice(0, 8)}`,
      items: [{ instrument: 'session-outcome', schedule: 'every_session' }],
    }),
  });
  return ((await res.json()) as { id: string }).id;
}

/** As a system administrator: a new user with a role in unit A, or a new empty region. */
async function asRoot(path: string, body: unknown): Promise<string> {
  const res = await t.app.request(`/api/v1${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookies.root ?? '' },
    body: JSON.stringify(body),
  });
  return ((await res.json()) as { id: string }).id;
}
const freshMember = () =>
  asRoot('/admin/organisation/users', {
    email: `medlem-${randomUUID().slice(0, 8)}@example.org`,
    displayName: 'Medlem',
    password: 'matrise passord 1',
    memberships: [{ unitId: ids.unitA, role: 'therapist' }],
  });
const freshRegion = () =>
  asRoot('/admin/organisation/units', { kind: 'region', name: `Tom ${randomUUID().slice(0, 8)}` });

/** Routes anyone may call: the public scoring contract, health, login/logout, the patient side. */
const PUBLIC = new Set([
  'GET /api/v1/health',
  'GET /api/v1/openapi.json',
  'GET /api/v1/instruments',
  'GET /api/v1/instruments/:id',
  'GET /api/v1/instruments/:id/versions',
  'GET /api/v1/instruments/:id/versions/:version',
  'GET /api/v1/instruments/:id/versions/:version/fhir',
  'POST /api/v1/instruments/:id/score',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  // OpenID Connect login (test/api/oidc-login.api.test.ts): before a session exists.
  'GET /api/v1/auth/oidc',
  'GET /api/v1/auth/oidc/start',
  'GET /api/v1/auth/oidc/callback',
  'POST /api/v1/patient/exchange',
  'POST /api/v1/patient/close',
  'GET /api/v1/patient/forms',
  'POST /api/v1/patient/responses',
  'GET /api/v1/course-evaluation/:code',
  'POST /api/v1/course-evaluation/:code',
]);

async function request(who: Who, c: RouteCase, body?: unknown) {
  const payload = body ?? c.body?.();
  let path = c.path;
  if (path.includes('{fresh}')) {
    const courseId = await freshCourse();
    path = path.replace('{fresh}', courseId);
    if (path.includes('{session}')) path = path.replace('{session}', await freshSession(courseId));
  }
  if (path.includes('{template}')) path = path.replace('{template}', await freshTemplate());
  if (path.includes('{member}')) path = path.replace('{member}', await freshMember());
  if (path.includes('{region}')) path = path.replace('{region}', await freshRegion());
  return t.app.request(`/api/v1${path}`, {
    method: c.method,
    headers: {
      ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(cookies[who] ? { Cookie: cookies[who] } : {}),
      ...c.headers?.(),
    },
    ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
  });
}

beforeAll(async () => {
  t = await createTestApp();
  const now = new Date('2026-03-01T08:00:00Z');
  [ids.unitA, ids.unitB] = (await fictionalUnits(t, ['A', 'B'], now)) as [string, string];
  const people: [
    Who,
    { unitId: string; role: 'therapist' | 'unit_lead' | 'admin' | 'trainer' }[],
    'admin' | null,
  ][] = [
    ['therOwn', [{ unitId: ids.unitA, role: 'therapist' }], null],
    ['therOther', [{ unitId: ids.unitA, role: 'therapist' }], null],
    ['leadA', [{ unitId: ids.unitA, role: 'unit_lead' }], null],
    ['therB', [{ unitId: ids.unitB, role: 'therapist' }], null],
    ['leadB', [{ unitId: ids.unitB, role: 'unit_lead' }], null],
    ['adminA', [{ unitId: ids.unitA, role: 'admin' }], null],
    ['trainerA', [{ unitId: ids.unitA, role: 'trainer' }], null],
    ['root', [], 'admin'],
  ];
  for (const [who, memberships, globalRole] of people) {
    const member = await staffMember(t, who, { memberships, globalRole }, now);
    cookies[who] = member.cookie;
    userIds[who] = member.id;
  }
  const patient = await request('therOwn', {
    method: 'POST',
    path: `/units/${ids.unitA}/patients`,
    template: '',
    allowed: [],
    body: () => ({ code: 'MATRIX-1' }),
  });
  ids.patient = ((await patient.json()) as { id: string }).id;
  const course = await request('therOwn', {
    method: 'POST',
    path: '/courses',
    template: '',
    allowed: [],
    body: () => ({ patientId: ids.patient, startDate: '2026-03-01', levelOfCare: 'outpatient' }),
  });
  ids.course = ((await course.json()) as { id: string }).id;
  const research = await request('root', {
    method: 'POST',
    path: '/admin/research-exports',
    template: '',
    allowed: [],
    body: researchBody,
  });
  ids.research = ((await research.json()) as { id: string }).id;
  // Drafts to publish and discard, and a version to retire (with a newer one beside it).
  const admin = (path: string, body: () => unknown) =>
    request('root', { method: 'POST', path, template: '', allowed: [], body });
  for (const [id, version] of [
    ['matrise-publish', '1.0.0'],
    ['matrise-discard', '1.0.0'],
    ['matrise-retire', '1.0.0'],
    ['matrise-retire', '2.0.0'],
  ] as const) {
    await admin('/admin/instrument-versions/imports', instrumentImport(id, version));
    if (id === 'matrise-retire')
      await admin(`/admin/instrument-versions/${id}/${version}/publish`, () => ({}));
  }
  // A user for the organisation routes to change, with a membership to remove.
  const managed = await admin('/admin/organisation/users', () => ({
    email: 'matrise-bruker@example.org',
    displayName: 'Matrisebruker',
    password: 'matrise passord 1',
    memberships: [{ unitId: ids.unitA, role: 'therapist' }],
  }));
  ids.managed = ((await managed.json()) as { id: string }).id;
  await trainingSetup();
  await exerciseSetup();
});
afterAll(async () => {
  await t.close();
});

describe('access matrix', () => {
  it('covers every non-public API route the app registers', () => {
    const registered = new Set(
      t.app.routes
        .filter((r) => r.path.startsWith('/api/v1') && r.method !== 'ALL' && !r.path.endsWith('*'))
        .map((r) => `${r.method} ${r.path}`),
    );
    const covered = new Set(cases().map((c) => `${c.method} ${c.template}`));
    expect(registered).toContain('GET /api/v1/courses/:courseId');
    expect(registered).toContain('POST /api/v1/patient/responses');
    const missing = [...registered].filter((r) => !PUBLIC.has(r) && !covered.has(r));
    const stalePublic = [...PUBLIC].filter((r) => !registered.has(r));
    expect(stalePublic).toEqual([]);
    expect(missing).toEqual([]);
  });

  it('gives 2xx only to the allowed roles, 401 without login, and 404 to another unit', async () => {
    const unexpected: string[] = [];
    for (const c of cases()) {
      for (const who of EVERYONE) {
        const res = await request(who, c);
        const ok = res.status >= 200 && res.status < 300;
        const label = `${c.method} ${c.template} as ${who}: ${res.status}`;
        if (ok !== c.allowed.includes(who)) unexpected.push(label);
        if (who === 'anonymous' && res.status !== 401) unexpected.push(`${label} (expected 401)`);
        const unitScoped =
          c.template.includes(':') && !c.template.startsWith('/api/v1/audit') && !c.anyUnit;
        if (unitScoped && OTHER_UNIT.includes(who) && res.status !== 404)
          unexpected.push(`${label} (expected 404)`);
        expect(res.status, label).toBeLessThan(500);
      }
    }
    expect(unexpected).toEqual([]);
  });
});

describe('random bodies at every route', () => {
  const anyJson = fc.oneof(
    fc.object({ maxDepth: 2 }),
    fc.record(
      {
        code: fc.oneof(fc.string(), fc.integer()),
        answers: fc.object({ maxDepth: 1 }),
        instruments: fc.array(fc.string()),
      },
      { requiredKeys: [] },
    ),
    fc.jsonValue(),
  );
  it('never answers 5xx', async () => {
    const routes = [
      ...cases().filter((c) => c.method === 'POST'),
      { method: 'POST', path: '/instruments/audit/score', template: '', allowed: [] },
      { method: 'POST', path: '/auth/login', template: '', allowed: [] },
      { method: 'POST', path: '/patient/exchange', template: '', allowed: [] },
      {
        method: 'POST',
        path: '/patient/responses',
        template: '',
        allowed: [],
        headers: () => ({
          Authorization: 'Bearer aaaaaaaaaaaaaaaaaaaaaaaa',
          'Idempotency-Key': 'fuzz-key-1',
        }),
      },
    ] as RouteCase[];
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(anyJson, async (body) => {
          const res = await request('leadA', { ...route, body: undefined }, body ?? null);
          expect(res.status, `${route.method} ${route.path} ${JSON.stringify(body)}`).toBeLessThan(
            500,
          );
        }),
        { numRuns: 40 },
      );
    }
  });
});
