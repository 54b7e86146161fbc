/**
 * Patients and treatment courses: access control and audit in one place. Every read and write of
 * patient data writes exactly one audit event in the same transaction; a denied attempt on data
 * the actor's unit holds is written too.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, UnprocessableError } from '../http/errors';
import {
  type CourseRow,
  insertContact,
  insertCourse,
  insertEpisode,
  listContacts,
  listEpisodes,
} from '../storage/course-repository';
import type { Database } from '../storage/database';
import {
  findPatientByCode,
  findPatientById,
  insertPatient,
  type PatientRow,
} from '../storage/patient-repository';
import type { ContactKind, LevelOfCare, Sex } from '../storage/schema';
import { listMemberships } from '../storage/user-repository';
import { clinicalRole, looksLikeNationalId } from './access';
import { courseFacts, recordAccess } from './audit-service';
import type { Actor } from './auth-service';
import { courseForWork, readableCourse } from './course-access';
import type { RiskEngine } from './risk-engine';

export function createClinicalService(db: Database, risk: RiskEngine, clock: () => Date) {
  const inTransaction = <T>(work: (trx: Database) => Promise<T>) => db.transaction().execute(work);

  function requireUnitRole(actor: Actor, unitId: string) {
    const role = clinicalRole(actor, unitId);
    if (!role) throw new NotFoundError('No such unit');
    return role;
  }

  return {
    async createPatient(
      actor: Actor,
      unitId: string,
      input: { code: string; birthYear?: number | null; sex?: Sex | null },
    ) {
      const role = requireUnitRole(actor, unitId);
      const code = input.code.trim();
      if (looksLikeNationalId(code)) {
        throw new UnprocessableError(
          'national_id_refused',
          'The code looks like a national identity number (11 digits): use the pseudonym code, never the fødselsnummer',
          [{ path: ['code'], message: 'an 11-digit number is refused' }],
        );
      }
      return inTransaction(async (trx) => {
        if (await findPatientByCode(trx, unitId, code)) {
          throw new ConflictError('code_taken', `The unit already has a patient with code ${code}`);
        }
        const now = clock();
        const row: PatientRow = {
          id: randomUUID(),
          unit_id: unitId,
          code,
          birth_year: input.birthYear ?? null,
          sex: input.sex ?? null,
          created_at: now.toISOString(),
        };
        await insertPatient(trx, row);
        await recordAccess(
          trx,
          actor,
          {
            action: 'patient.create',
            unitId,
            role,
            patientId: row.id,
            objectType: 'patient',
            objectId: row.id,
            outcome: 'allowed',
          },
          now,
        );
        return publicPatient(row);
      });
    },

    async findPatient(actor: Actor, unitId: string, code: string) {
      const role = requireUnitRole(actor, unitId);
      const patient = await findPatientByCode(db, unitId, code.trim());
      if (!patient) throw new NotFoundError('No patient with that code in this unit');
      await inTransaction((trx) =>
        recordAccess(
          trx,
          actor,
          {
            action: 'patient.read',
            unitId,
            role,
            patientId: patient.id,
            objectType: 'patient',
            objectId: patient.id,
            outcome: 'allowed',
          },
          clock(),
        ),
      );
      return publicPatient(patient);
    },

    async createCourse(
      actor: Actor,
      input: {
        patientId: string;
        startDate: string;
        plannedEndDate?: string | null;
        plannedDurationWeeks?: number | null;
        goals?: string[];
        levelOfCare: LevelOfCare;
        therapistIds?: string[];
      },
    ) {
      const patient = await findPatientById(db, input.patientId);
      const role = patient ? clinicalRole(actor, patient.unit_id) : null;
      if (!patient || !role) throw new NotFoundError('No such patient');
      const therapistIds = input.therapistIds ?? (role === 'therapist' ? [actor.userId] : []);
      for (const id of therapistIds) {
        const memberships = await listMemberships(db, id);
        if (!memberships.some((m) => m.unit_id === patient.unit_id && m.role === 'therapist')) {
          throw new UnprocessableError(
            'invalid_therapist',
            `User ${id} is not a therapist at this unit`,
            [{ path: ['therapistIds'], message: `${id} is not a therapist at this unit` }],
          );
        }
      }
      return inTransaction(async (trx) => {
        const now = clock();
        const stamp = now.toISOString();
        const course: CourseRow = {
          id: randomUUID(),
          patient_id: patient.id,
          unit_id: patient.unit_id,
          start_date: input.startDate,
          planned_end_date: input.plannedEndDate ?? null,
          planned_duration_weeks: input.plannedDurationWeeks ?? null,
          goals: input.goals ? JSON.stringify(input.goals) : null,
          end_type: null,
          end_date: null,
          end_note: null,
          created_at: stamp,
          updated_at: stamp,
        };
        await insertCourse(trx, course, [...new Set(therapistIds)]);
        await insertEpisode(trx, {
          id: randomUUID(),
          course_id: course.id,
          unit_id: patient.unit_id,
          level_of_care: input.levelOfCare,
          start_date: input.startDate,
          end_date: null,
          created_at: stamp,
        });
        await recordAccess(
          trx,
          actor,
          {
            action: 'course.create',
            unitId: patient.unit_id,
            role,
            patientId: patient.id,
            courseId: course.id,
            objectType: 'course',
            objectId: course.id,
            outcome: 'allowed',
          },
          now,
        );
        await risk.refresh(trx, course.id, now);
        return {
          id: course.id,
          patientId: patient.id,
          unitId: course.unit_id,
          therapistIds: [...new Set(therapistIds)],
        };
      });
    },

    async getCourse(actor: Actor, courseId: string, reason: string | undefined) {
      const {
        course,
        role,
        therapists,
        reason: logged,
      } = await readableCourse(db, actor, courseId, reason, 'course.read', clock());
      const [patient, episodes, contacts] = await Promise.all([
        findPatientById(db, course.patient_id),
        listEpisodes(db, course.id),
        listContacts(db, course.id),
      ]);
      await inTransaction((trx) =>
        recordAccess(
          trx,
          actor,
          courseFacts(course, role, 'course.read', {
            object: ['course', course.id],
            reason: logged,
          }),
          clock(),
        ),
      );
      return {
        id: course.id,
        unitId: course.unit_id,
        patient: patient ? publicPatient(patient) : null,
        therapistIds: therapists,
        startDate: course.start_date,
        plannedEndDate: course.planned_end_date,
        plannedDurationWeeks: course.planned_duration_weeks,
        goals: course.goals ? (JSON.parse(course.goals) as string[]) : [],
        end: course.end_type
          ? { type: course.end_type, date: course.end_date, note: course.end_note }
          : null,
        episodes: episodes.map((e) => ({
          id: e.id,
          unitId: e.unit_id,
          levelOfCare: e.level_of_care,
          startDate: e.start_date,
          endDate: e.end_date,
        })),
        contacts: contacts.map((c) => ({ id: c.id, kind: c.kind, date: c.date })),
      };
    },

    async recordContact(
      actor: Actor,
      courseId: string,
      input: { kind: ContactKind; date: string },
    ) {
      const { course, role } = await courseForWork(db, actor, courseId, 'contact.create', clock());
      return inTransaction(async (trx) => {
        const now = clock();
        const id = randomUUID();
        await insertContact(trx, {
          id,
          course_id: course.id,
          kind: input.kind,
          date: input.date,
          recorded_by: actor.userId,
          created_at: now.toISOString(),
        });
        await recordAccess(
          trx,
          actor,
          courseFacts(course, role, 'contact.create', { object: ['contact', id] }),
          now,
        );
        await risk.refresh(trx, course.id, now);
        return { id, kind: input.kind, date: input.date };
      });
    },
  };
}

function publicPatient(p: PatientRow) {
  return { id: p.id, unitId: p.unit_id, code: p.code, birthYear: p.birth_year, sex: p.sex };
}

export type ClinicalService = ReturnType<typeof createClinicalService>;
