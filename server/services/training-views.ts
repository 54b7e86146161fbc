/**
 * The JSON shapes of the trainer module's courses and participants, as the client reads them.
 */
import type { Database } from '../storage/database';
import {
  countParticipantsOfCourses,
  listAttendance,
  listTrainersOfCourses,
  listTrainingParticipants,
  type TrainingAttendanceRow,
  type TrainingCourseRow,
  type TrainingParticipantRow,
} from '../storage/training-repository';

export async function courseSummaries(db: Database, courses: readonly TrainingCourseRow[]) {
  const ids = courses.map((c) => c.id);
  const [trainers, counts] = await Promise.all([
    listTrainersOfCourses(db, ids),
    countParticipantsOfCourses(db, ids),
  ]);
  return courses.map((c) => ({
    id: c.id,
    kind: c.kind,
    title: c.title,
    startDate: c.start_date,
    endDate: c.end_date,
    days: c.days,
    place: c.place,
    digital: c.digital === 1,
    capacity: c.capacity,
    feeNok: c.fee_nok,
    status: c.status,
    regionId: c.region_id,
    unitId: c.unit_id,
    trainers: trainers
      .filter((t) => t.courseId === c.id)
      .map((t) => ({ id: t.userId, name: t.name })),
    registered: counts.get(c.id)?.registered ?? 0,
    completed: counts.get(c.id)?.completed ?? 0,
  }));
}

export function participantView(
  p: TrainingParticipantRow,
  days: number,
  attendance: readonly TrainingAttendanceRow[],
) {
  const present = new Map(
    attendance.filter((a) => a.participant_id === p.id).map((a) => [a.day, a.present === 1]),
  );
  return {
    id: p.id,
    userId: p.user_id,
    name: p.name,
    email: p.email,
    role: p.role,
    unitId: p.unit_id,
    unitName: p.unit_name,
    regionId: p.region_id,
    status: p.status,
    completed: p.completed === 1,
    completedAt: p.completed_at,
    attendance: Object.fromEntries(
      Array.from({ length: days }, (_, i) => [String(i + 1), present.get(i + 1) ?? false]),
    ) as Record<string, boolean>,
  };
}

export type ParticipantView = ReturnType<typeof participantView>;

/** One participant as the API shows it, with attendance for every course day. */
export async function participantDetail(
  db: Database,
  course: TrainingCourseRow,
  participant: TrainingParticipantRow,
): Promise<ParticipantView> {
  return participantView(participant, course.days, await listAttendance(db, [participant.id]));
}

export async function courseDetail(db: Database, course: TrainingCourseRow) {
  const [summary] = await courseSummaries(db, [course]);
  if (!summary) throw new Error(`course view: no summary of ${course.id}`);
  const participants = await listTrainingParticipants(db, course.id);
  const attendance = await listAttendance(
    db,
    participants.map((p) => p.id),
  );
  return {
    ...summary,
    evaluationCode: course.evaluation_code,
    participants: participants.map((p) => participantView(p, course.days, attendance)),
  };
}
