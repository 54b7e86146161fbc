/**
 * Implementation follow-up for trainers: for each unit they support, the unit-level fidelity
 * months of the unit report over the last months, its trainers, how many of its clinicians have
 * completed a course, and the courses that reached it. Figures only, no patient; each read
 * writes one audit event.
 */
import type { Database } from '../storage/database';
import {
  type FollowUpUnitRow,
  listCompletedParticipantsOfUnits,
  listCoursesReachingUnits,
  listFollowUpUnits,
  listTrainersOfUnits,
  listUnitsOfTrainerCourses,
} from '../storage/training-follow-up-repository';
import { countParticipantsOfCourses } from '../storage/training-repository';
import { recordAccess } from './audit-service';
import type { Actor } from './auth-service';
import { type FidelityMonth, monthFigures } from './fidelity-figures';
import { firstOfMonth, monthsOf, type Period } from './report-periods';
import { unitFidelityFacts } from './report-service';
import { requireTrainingReader } from './training-access';

/** Names in Norwegian order, the same on every engine (databases collate differently). */
const byName = (a: string, b: string) => a.localeCompare(b, 'nb');

/** How many calendar months the follow-up covers when the request does not say. */
export const FOLLOW_UP_DEFAULT_MONTHS = 12;

/** The last `months` calendar months, the current one up to today. */
export function followUpPeriod(today: string, months: number): Period {
  return { from: firstOfMonth(today, 1 - months), to: today };
}

async function unitFidelity(db: Database, unitId: string, period: Period) {
  const { facts } = await unitFidelityFacts(db, unitId, period);
  return monthsOf(period).map((m): FidelityMonth => monthFigures(facts.values(), m));
}

/** One person may have completed several courses: count them once (account, e-mail, row). */
function distinctPeople(
  rows: readonly { id: string; userId: string | null; email: string | null }[],
) {
  return new Set(
    rows.map((r) => (r.userId ? `user ${r.userId}` : r.email ? `email ${r.email}` : `row ${r.id}`)),
  ).size;
}

export function createTrainingFollowUpService(db: Database, clock: () => Date) {
  /** National trainers and administrators: every unit; a trainer: the units they support. */
  async function supportedUnits(actor: Actor, seesAll: boolean) {
    let ids: string[] | undefined;
    if (!seesAll) {
      const own = actor.memberships.filter((m) => m.role === 'trainer').map((m) => m.unitId);
      ids = [...new Set([...own, ...(await listUnitsOfTrainerCourses(db, actor.userId))])];
    }
    return (await listFollowUpUnits(db, ids)).sort(
      (a, b) => byName(a.name, b.name) || a.id.localeCompare(b.id),
    );
  }

  /** Per unit: fidelity months, trainers, trained clinicians and the courses that reached it. */
  async function unitFigures(units: readonly FollowUpUnitRow[], period: Period) {
    const unitIds = units.map((u) => u.id);
    const [trainers, completed, courses] = await Promise.all([
      listTrainersOfUnits(db, unitIds),
      listCompletedParticipantsOfUnits(db, unitIds),
      listCoursesReachingUnits(db, unitIds, period),
    ]);
    const participants = await countParticipantsOfCourses(db, [
      ...new Set(courses.map((c) => c.course.id)),
    ]);
    const result = [];
    for (const unit of units) {
      result.push({
        unitId: unit.id,
        unitName: unit.name,
        isDemo: unit.isDemo,
        fidelity: await unitFidelity(db, unit.id, period),
        trainers: trainers
          .filter((t) => t.unitId === unit.id)
          .sort(
            (a, b) =>
              byName(a.name, b.name) || `${a.id}/${a.userId}`.localeCompare(`${b.id}/${b.userId}`),
          )
          .map((t) => ({
            trainerId: t.id,
            userId: t.userId,
            name: t.name,
            certifiedAt: t.certifiedAt,
          })),
        trainedClinicians: distinctPeople(completed.filter((p) => p.unitId === unit.id)),
        coursesHeld: courses
          .filter((c) => c.unitId === unit.id)
          .map(({ course: c }) => ({
            id: c.id,
            title: c.title,
            kind: c.kind,
            startDate: c.start_date,
            status: c.status,
            participants: participants.get(c.id)?.registered ?? 0,
          })),
      });
    }
    return result;
  }

  return {
    async followUp(actor: Actor, input: { months?: number }) {
      const access = requireTrainingReader(actor);
      const now = clock();
      const period = followUpPeriod(
        now.toISOString().slice(0, 10),
        input.months ?? FOLLOW_UP_DEFAULT_MONTHS,
      );
      const units = await unitFigures(await supportedUnits(actor, access.seesAll), period);
      await db.transaction().execute((trx) =>
        recordAccess(
          trx,
          actor,
          {
            action: 'training.follow_up',
            unitId: null,
            role: access.role,
            objectType: 'training_follow_up',
            objectId: `${period.from}/${period.to}`,
            outcome: 'allowed',
          },
          now,
        ),
      );
      return { ...period, units };
    },
  };
}

export type TrainingFollowUpService = ReturnType<typeof createTrainingFollowUpService>;
