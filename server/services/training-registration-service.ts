/**
 * The invitation side of training courses: any logged-in staff user sees the courses open for
 * registration and signs up, or withdraws before the course starts. A sign-up goes through the
 * participant service's register path — the same rules (open, not twice, capacity), the unit and
 * region a staff participant gets, one audit event and the practice-unit sync — in the role
 * "trainee". Courses that are not open, or have ended, answer 404 (like a course one cannot see).
 */
import { NotFoundError } from '../http/errors';
import type { Database } from '../storage/database';
import {
  findRegisteredParticipant,
  listCoursesRegisteredBy,
  listOpenTrainingCourses,
  type TrainingCourseRow,
} from '../storage/training-repository';
import type { Actor } from './auth-service';
import { AS_TRAINEE } from './training-access';
import { personOf, refuseClosed, unprocessable } from './training-participant-rules';
import { cancelRegistration, inLockedCourse, registerPerson } from './training-participant-service';
import { courseSummaries } from './training-views';

/** Dates are ISO text in UTC, as everywhere in the trainer module. */
const dayOf = (now: Date) => now.toISOString().slice(0, 10);

function requireOpen(course: TrainingCourseRow, now: Date): void {
  if (course.status !== 'open' || course.end_date < dayOf(now)) {
    throw new NotFoundError('No course open for registration with this id');
  }
}

export function createTrainingRegistrationService(db: Database, clock: () => Date) {
  return {
    /** Open courses that have not ended, soonest first, with the places left and the actor's own. */
    async listOpen(actor: Actor) {
      const rows = await listOpenTrainingCourses(db, dayOf(clock()));
      const ids = rows.map((r) => r.id);
      const [summaries, mine] = await Promise.all([
        courseSummaries(db, rows),
        listCoursesRegisteredBy(db, actor.userId, ids),
      ]);
      return {
        courses: summaries.map((c) => ({
          id: c.id,
          kind: c.kind,
          title: c.title,
          startDate: c.startDate,
          endDate: c.endDate,
          days: c.days,
          place: c.place,
          digital: c.digital,
          feeNok: c.feeNok,
          capacity: c.capacity,
          registered: c.registered,
          full: c.registered >= c.capacity,
          trainers: c.trainers.map((t) => t.name),
          mine: mine.has(c.id),
        })),
      };
    },

    /** The actor signs up: 201 with the participant; 409 when already registered or full. */
    async register(actor: Actor, courseId: string) {
      const person = await personOf(db, { userId: actor.userId });
      return inLockedCourse(db, clock, { actor, access: AS_TRAINEE }, courseId, (w) => {
        requireOpen(w.course, w.now);
        return registerPerson(w, person);
      });
    },

    /** The actor withdraws their own registration, only before the first course day. */
    async cancel(actor: Actor, courseId: string) {
      return inLockedCourse(db, clock, { actor, access: AS_TRAINEE }, courseId, async (w) => {
        const participant = await findRegisteredParticipant(w.trx, w.course.id, {
          userId: actor.userId,
          email: null,
        });
        if (!participant) throw new NotFoundError('You are not registered on this course');
        refuseClosed(w.course, 'the registration can no longer be cancelled');
        if (dayOf(w.now) >= w.course.start_date) {
          unprocessable(
            'course_started',
            'startDate',
            `The course started on ${w.course.start_date}: ask the trainers to cancel your registration`,
          );
        }
        return cancelRegistration(w, participant);
      });
    },
  };
}

export type TrainingRegistrationService = ReturnType<typeof createTrainingRegistrationService>;
