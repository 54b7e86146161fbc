/**
 * A treatment course as a FHIR R4 Bundle (server/fhir/course-bundle.ts): read under the same
 * rules as the course itself — its therapists and the unit lead, another therapist of the unit
 * only with a stated reason — and audited as an export, with the reason when one was needed.
 */
import type { InstrumentRegistry, ScoreResult } from '../../instruments';
import { type BundleResponse, courseBundle } from '../fhir/course-bundle';
import { NotFoundError } from '../http/errors';
import type { Database } from '../storage/database';
import { listResponsesOfCourse } from '../storage/form-repository';
import { findPatientById } from '../storage/patient-repository';
import { courseFacts, recordAccess } from './audit-service';
import type { Actor } from './auth-service';
import { readableCourse } from './course-access';

export function createFhirExportService(
  db: Database,
  registry: InstrumentRegistry,
  clock: () => Date,
) {
  return {
    async courseBundle(actor: Actor, courseId: string, reason: string | undefined) {
      const action = 'course.fhir_export';
      const now = clock();
      const visible = await readableCourse(db, actor, courseId, reason, action, now);
      const { course } = visible;
      const [patient, rows] = await Promise.all([
        findPatientById(db, course.patient_id),
        listResponsesOfCourse(db, course.id),
      ]);
      if (!patient) throw new NotFoundError('No such course');
      const responses: BundleResponse[] = rows.map((row) => ({
        id: row.id,
        instrumentId: row.instrument_id,
        instrumentVersion: row.instrument_version,
        answeredAt: row.answered_at,
        respondent: row.respondent,
        language: row.language,
        answers: JSON.parse(row.answers) as BundleResponse['answers'],
        score: JSON.parse(row.score) as ScoreResult,
      }));
      await db.transaction().execute((trx) =>
        recordAccess(
          trx,
          actor,
          courseFacts(course, visible.role, action, {
            object: ['course', course.id],
            reason: visible.reason,
          }),
          now,
        ),
      );
      return courseBundle({
        course: { id: course.id, startDate: course.start_date, endDate: course.end_date },
        patient: { id: patient.id, code: patient.code },
        responses,
        definition: (id, version) => registry.get(id, version),
        now,
      });
    },
  };
}

export type FhirExportService = ReturnType<typeof createFhirExportService>;
