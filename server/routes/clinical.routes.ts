/**
 * Patients, treatment courses and contacts. Every route needs a logged-in user; what each user
 * may see is decided in the clinical service.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { ActorEnv } from '../http/require-actor';
import { courseParam, id, isoDate, levelOfCare, reasonHeader, unitParam } from '../http/schemas';
import { validate } from '../http/validate';
import type { ClinicalService } from '../services/clinical-service';
import type { CourseLifecycleService } from '../services/course-lifecycle-service';

const code = z
  .string()
  .trim()
  .min(1, 'the code must not be empty')
  .max(32, 'at most 32 characters')
  .regex(/^[\p{L}\p{N} _.-]+$/u, 'letters, digits, space, _ . - only');

const newPatient = z
  .object({
    code,
    birthYear: z.number().int().min(1900).max(2100).nullable().optional(),
    sex: z.enum(['female', 'male', 'other']).nullable().optional(),
  })
  .strict();

const newCourse = z
  .object({
    patientId: id,
    startDate: isoDate,
    plannedEndDate: isoDate.nullable().optional(),
    plannedDurationWeeks: z.number().int().min(1).max(520).nullable().optional(),
    goals: z.array(z.string().trim().min(1).max(500)).max(20).optional(),
    levelOfCare: levelOfCare,
    therapistIds: z.array(id).max(10).optional(),
  })
  .strict();

export function unitPatientRoutes(clinical: ClinicalService) {
  return new Hono<ActorEnv>()
    .post(
      '/:unitId/patients',
      validate('param', unitParam),
      validate('json', newPatient),
      async (c) =>
        c.json(
          await clinical.createPatient(
            c.var.actor,
            c.req.valid('param').unitId,
            c.req.valid('json'),
          ),
          201,
        ),
    )
    .post(
      '/:unitId/patients/search',
      validate('param', unitParam),
      validate('json', z.object({ code }).strict()),
      async (c) =>
        c.json(
          await clinical.findPatient(
            c.var.actor,
            c.req.valid('param').unitId,
            c.req.valid('json').code,
          ),
        ),
    );
}

export function courseRoutes(clinical: ClinicalService) {
  return new Hono<ActorEnv>()
    .post('/', validate('json', newCourse), async (c) =>
      c.json(await clinical.createCourse(c.var.actor, c.req.valid('json')), 201),
    )
    .get(
      '/:courseId',
      validate('param', courseParam),
      validate('header', reasonHeader),
      async (c) =>
        c.json(
          await clinical.getCourse(
            c.var.actor,
            c.req.valid('param').courseId,
            c.req.valid('header')['x-access-reason'],
          ),
        ),
    )
    .post(
      '/:courseId/contacts',
      validate('param', courseParam),
      validate(
        'json',
        z
          .object({
            kind: z.enum(['session', 'evaluation', 'no_show', 'cancelled']),
            date: isoDate,
          })
          .strict(),
      ),
      async (c) =>
        c.json(
          await clinical.recordContact(
            c.var.actor,
            c.req.valid('param').courseId,
            c.req.valid('json'),
          ),
          201,
        ),
    );
}

export function courseLifecycleRoutes(lifecycle: CourseLifecycleService) {
  return new Hono<ActorEnv>()
    .post(
      '/:courseId/episodes',
      validate('param', courseParam),
      validate(
        'json',
        z
          .object({
            levelOfCare: levelOfCare,
            startDate: isoDate,
            unitId: id.optional(),
          })
          .strict(),
      ),
      async (c) =>
        c.json(
          await lifecycle.changeLevelOfCare(
            c.var.actor,
            c.req.valid('param').courseId,
            c.req.valid('json'),
          ),
          201,
        ),
    )
    .post(
      '/:courseId/end',
      validate('param', courseParam),
      validate(
        'json',
        z
          .object({
            type: z.enum(['completed', 'dropped_out', 'transferred', 'other']),
            date: isoDate,
            note: z.string().trim().max(1000).optional(),
          })
          .strict(),
      ),
      async (c) =>
        c.json(
          await lifecycle.end(c.var.actor, c.req.valid('param').courseId, c.req.valid('json')),
        ),
    );
}
