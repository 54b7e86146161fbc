/**
 * The traffic of the load scripts, built on the crash test's (scripts/crash-test/traffic.ts):
 * the active courses a staff member sees, patient tokens prepared through the API, and one
 * submission sent as an Outcome the open loop can count.
 */
import { type Client, callOk, preparePatient, type Submission, send } from '../crash-test/traffic';
import type { Outcome } from './open-loop';

/** How many set-up calls (form sessions, exchanges) run at once: set-up is not measured. */
const PREPARE_AT_ONCE = 8;

interface Membership {
  unitId: string;
  role: string;
}

/** The caseloads `staff` can read: their own, and that of every unit they lead. */
export async function caseloadPaths(staff: Client): Promise<string[]> {
  const me = (await callOk(staff.base, 'GET', '/auth/me', { Cookie: staff.cookie })) as {
    user?: { memberships?: Membership[] };
  };
  const led = (me.user?.memberships ?? []).filter((m) => m.role === 'unit_lead');
  return [
    '/courses?scope=mine',
    ...led.map((m) => `/courses?scope=unit&unitId=${encodeURIComponent(m.unitId)}`),
  ];
}

/** The active courses on those caseloads (a caseload lists active courses only). */
export async function visibleCourses(staff: Client): Promise<{ id: string; unitId: string }[]> {
  const found = new Map<string, string>();
  for (const path of await caseloadPaths(staff)) {
    const { courses } = (await callOk(staff.base, 'GET', path, { Cookie: staff.cookie })) as {
      courses?: { id: string; unitId: string }[];
    };
    for (const c of courses ?? []) found.set(c.id, c.unitId);
  }
  return [...found].map(([id, unitId]) => ({ id, unitId }));
}

/** A patient token for every patient submission (a home link each, exchanged), a few at once. */
export async function preparePatients(staff: Client, submissions: Submission[]): Promise<void> {
  const patients = submissions.filter((s) => s.kind === 'patient' && s.token === undefined);
  for (let at = 0; at < patients.length; at += PREPARE_AT_ONCE) {
    await Promise.all(
      patients.slice(at, at + PREPARE_AT_ONCE).map((s) => preparePatient(staff, s)),
    );
  }
}

/** Sends one submission; its outcome is named by who sent it and how it failed. */
export async function submitOnce(staff: Client, submission: Submission): Promise<Outcome> {
  const result = await send(staff, submission);
  const kind = submission.kind;
  if (result.outcome === 'ack') {
    submission.ackId = result.id;
    return { kind };
  }
  return {
    kind,
    error: `${kind} ${result.outcome === 'refused' ? result.status : 'unanswered'}`,
  };
}
