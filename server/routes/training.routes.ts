/**
 * The trainer module ("tren treneren"): courses, participants, attendance and completion, the
 * trainer lineage and the reports (staff, behind the login), and the public course-evaluation
 * form that participants reach with a course's code.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { clientKey } from '../http/client-key';
import type { ActorEnv } from '../http/require-actor';
import { id, isoDate } from '../http/schemas';
import { validate } from '../http/validate';
import type { CourseEvaluationService } from '../services/course-evaluation-service';
import { EVALUATION_CODE_PATTERN } from '../services/training-course-rules';
import type { TrainingCourseService } from '../services/training-course-service';
import type { TrainingNetworkService } from '../services/training-network-service';
import type { TrainingParticipantService } from '../services/training-participant-service';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

const courseFields = {
  kind: z.enum(['inspiration', 'train_the_trainer', 'local', 'network']),
  title: z.string().trim().min(1, 'a title is needed').max(200, 'at most 200 characters'),
  startDate: isoDate,
  endDate: isoDate,
  days: z
    .number()
    .int('a whole number of days')
    .min(1, 'at least 1 course day')
    .max(14, 'at most 14 course days'),
  place: optionalText(200),
  digital: z.boolean(),
  capacity: z
    .number()
    .int('a whole number')
    .min(1, 'at least 1 place')
    .max(1000, 'at most 1000 places'),
  feeNok: z
    .number()
    .int('whole kroner')
    .min(0, 'the fee cannot be negative')
    .max(100_000, 'at most 100 000 kr'),
  regionId: id.nullable().optional(),
  unitId: id.nullable().optional(),
  trainerIds: z
    .array(id)
    .min(1, 'a course needs at least one trainer')
    .max(10, 'at most 10 trainers')
    .optional(),
};

const newCourse = z.object(courseFields).strict();
const courseChanges = z
  .object(courseFields)
  .partial()
  .extend({ status: z.enum(['planned', 'open', 'completed', 'cancelled']).optional() })
  .strict();

const EITHER =
  'give either userId (a staff user: name, e-mail and unit come from KOR) or name (someone without a KOR account)';
const newParticipant = z
  .object({
    userId: id.optional(),
    name: z
      .string()
      .trim()
      .min(1, 'a name is needed')
      .max(200, 'at most 200 characters')
      .optional(),
    email: z
      .string()
      .trim()
      .max(254, 'at most 254 characters')
      .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'an e-mail address')
      .nullable()
      .optional(),
    role: optionalText(100),
    unitId: id.nullable().optional(),
    unitName: optionalText(200),
    regionId: id.nullable().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const external = ['name', 'email', 'unitId', 'unitName', 'regionId'] as const;
    if (p.userId && external.some((k) => p[k] !== undefined && p[k] !== null)) {
      ctx.addIssue({ code: 'custom', path: ['userId'], message: EITHER });
    }
    if (!p.userId && !p.name) ctx.addIssue({ code: 'custom', path: ['name'], message: EITHER });
  });

const courseParam = z.object({ id });
const participantParam = z.object({ id, participantId: id });

export function trainingRoutes(services: {
  courses: TrainingCourseService;
  participants: TrainingParticipantService;
  network: TrainingNetworkService;
  evaluations: CourseEvaluationService;
}) {
  const { courses, participants, network, evaluations } = services;
  return new Hono<ActorEnv>()
    .get('/courses', async (c) => c.json(await courses.list(c.var.actor)))
    .post('/courses', validate('json', newCourse), async (c) =>
      c.json(await courses.create(c.var.actor, c.req.valid('json')), 201),
    )
    .get('/courses/:id', validate('param', courseParam), async (c) =>
      c.json(await courses.get(c.var.actor, c.req.valid('param').id)),
    )
    .patch(
      '/courses/:id',
      validate('param', courseParam),
      validate('json', courseChanges),
      async (c) =>
        c.json(await courses.update(c.var.actor, c.req.valid('param').id, c.req.valid('json'))),
    )
    .post(
      '/courses/:id/participants',
      validate('param', courseParam),
      validate('json', newParticipant),
      async (c) =>
        c.json(
          await participants.register(c.var.actor, c.req.valid('param').id, c.req.valid('json')),
          201,
        ),
    )
    .post(
      '/courses/:id/participants/:participantId/cancel',
      validate('param', participantParam),
      async (c) => {
        const { id: courseId, participantId } = c.req.valid('param');
        return c.json(await participants.cancel(c.var.actor, courseId, participantId));
      },
    )
    .put(
      '/courses/:id/participants/:participantId/attendance',
      validate('param', participantParam),
      validate(
        'json',
        z.object({ day: z.number().int('a whole day number'), present: z.boolean() }).strict(),
      ),
      async (c) => {
        const { id: courseId, participantId } = c.req.valid('param');
        return c.json(
          await participants.recordAttendance(
            c.var.actor,
            courseId,
            participantId,
            c.req.valid('json'),
          ),
        );
      },
    )
    .post(
      '/courses/:id/participants/:participantId/complete',
      validate('param', participantParam),
      async (c) => {
        const { id: courseId, participantId } = c.req.valid('param');
        return c.json(await participants.complete(c.var.actor, courseId, participantId));
      },
    )
    .get('/courses/:id/evaluations', validate('param', courseParam), async (c) =>
      c.json(await evaluations.results(c.var.actor, c.req.valid('param').id)),
    )
    .get('/lineage', async (c) => c.json(await network.lineage(c.var.actor)))
    .get('/report', async (c) => c.json(await network.report(c.var.actor)));
}

const codeParam = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(EVALUATION_CODE_PATTERN, 'the 8-character code from the course'),
});

/** Public: no login. Logs nothing but the route template (the request logger's rule). */
export function courseEvaluationRoutes(evaluations: CourseEvaluationService, trustProxy: boolean) {
  return new Hono()
    .get('/:code', validate('param', codeParam), async (c) =>
      c.json(await evaluations.form(c.req.valid('param').code, clientKey(c, trustProxy))),
    )
    .post(
      '/:code',
      validate('param', codeParam),
      validate(
        'json',
        z
          .object({
            answers: z.record(z.string(), z.unknown(), {
              message: 'answers must be an object of item id → value',
            }),
            language: z.enum(['nb', 'en']),
          })
          .strict(),
      ),
      async (c) =>
        c.json(
          await evaluations.submit(
            c.req.valid('param').code,
            c.req.valid('json'),
            clientKey(c, trustProxy),
          ),
          201,
        ),
    );
}
