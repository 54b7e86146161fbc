/**
 * Request pieces shared by the routes, so one field means the same everywhere.
 */
import { z } from 'zod';

export const id = z.string().uuid('an id');
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
export const levelOfCare = z.enum(['outpatient', 'ambulant', 'inpatient', 'digital']);
export const unitParam = z.object({ unitId: id });
export const courseParam = z.object({ courseId: id });
/** The reason a therapist states to open a course that is not on their caseload. */
export const reasonHeader = z.object({
  'x-access-reason': z.string().max(500, 'at most 500 characters').optional(),
});
