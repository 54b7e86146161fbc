/**
 * Exercises on a training course's practice cases: the trainer's side (set an exercise, list
 * them, read the answers beside the key) and the trainee's (my exercises, my answer per case).
 * Who may do what is the exercise service's business.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { ActorEnv } from '../http/require-actor';
import { id } from '../http/schemas';
import { validate } from '../http/validate';
import type { ExerciseService } from '../services/exercise-service';

const text = (max: number, empty: string) =>
  z.string().trim().min(1, empty).max(max, `at most ${max} characters`);

const newExercise = z
  .object({
    title: text(200, 'a title is needed'),
    instructions: z
      .string()
      .trim()
      .max(2000, 'at most 2000 characters')
      .transform((s) => (s === '' ? null : s))
      .nullable()
      .optional(),
    caseIds: z
      .array(id)
      .min(1, 'pick at least one case')
      .max(6, 'at most 6 cases')
      .superRefine((ids, ctx) => {
        ids.forEach((caseId, i) => {
          if (ids.indexOf(caseId) !== i)
            ctx.addIssue({ code: 'custom', path: [i], message: `${caseId} is picked twice` });
        });
      }),
  })
  .strict();

const answer = z
  .object({
    observed: text(2000, 'say what you see in the case'),
    nextStep: text(2000, 'say what you would do next'),
  })
  .strict();

const courseParam = z.object({ id });
const exerciseParam = z.object({ id });
const answerParam = z.object({ id, caseId: id });

export function exerciseRoutes(exercises: ExerciseService) {
  return new Hono<ActorEnv>()
    .post(
      '/courses/:id/exercises',
      validate('param', courseParam),
      validate('json', newExercise),
      async (c) =>
        c.json(
          await exercises.create(c.var.actor, c.req.valid('param').id, c.req.valid('json')),
          201,
        ),
    )
    .get('/courses/:id/exercises', validate('param', courseParam), async (c) =>
      c.json(await exercises.listForCourse(c.var.actor, c.req.valid('param').id)),
    )
    .get('/exercises/:id/answers', validate('param', exerciseParam), async (c) =>
      c.json(await exercises.answers(c.var.actor, c.req.valid('param').id)),
    )
    .get('/my/exercises', async (c) => c.json(await exercises.mine(c.var.actor)))
    .get('/my/exercises/:id', validate('param', exerciseParam), async (c) =>
      c.json(await exercises.myExercise(c.var.actor, c.req.valid('param').id)),
    )
    .put(
      '/my/exercises/:id/cases/:caseId/answer',
      validate('param', answerParam),
      validate('json', answer),
      async (c) => {
        const { id: exerciseId, caseId } = c.req.valid('param');
        return c.json(
          await exercises.saveAnswer(c.var.actor, exerciseId, caseId, c.req.valid('json')),
        );
      },
    );
}
