/**
 * The therapist's workspace: the caseload by risk, a course's trends, its GAS goals, and the
 * unit's calibration report.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { ActorEnv } from '../http/require-actor';
import { courseParam, id, levelOfCare, reasonHeader, unitParam } from '../http/schemas';
import { validate } from '../http/validate';
import type { WorkspaceService } from '../services/workspace-service';

const goal = z
  .object({
    text: z.string().trim().min(1, 'a goal needs a text').max(300, 'at most 300 characters'),
    weight: z.number().min(0, 'a weight is 0 or more').max(100, 'a weight is at most 100'),
  })
  .strict();

export function caseloadRoutes(workspace: WorkspaceService) {
  return new Hono<ActorEnv>()
    .get(
      '/',
      validate(
        'query',
        z
          .object({
            scope: z.enum(['mine', 'unit']).default('mine'),
            unitId: id.optional(),
            levelOfCare: levelOfCare.optional(),
          })
          .strict(),
      ),
      async (c) => c.json({ courses: await workspace.caseload(c.var.actor, c.req.valid('query')) }),
    )
    .get(
      '/:courseId/trends',
      validate('param', courseParam),
      validate('header', reasonHeader),
      async (c) =>
        c.json(
          await workspace.trends(
            c.var.actor,
            c.req.valid('param').courseId,
            c.req.valid('header')['x-access-reason'],
          ),
        ),
    )
    .put(
      '/:courseId/goals',
      validate('param', courseParam),
      validate(
        'json',
        z.object({ goals: z.array(goal).max(6, 'GAS takes at most six goals') }).strict(),
      ),
      async (c) =>
        c.json(
          await workspace.setGoals(
            c.var.actor,
            c.req.valid('param').courseId,
            c.req.valid('json').goals,
          ),
        ),
    );
}

export function unitCalibrationRoutes(workspace: WorkspaceService) {
  return new Hono<ActorEnv>().get('/:unitId/calibration', validate('param', unitParam), async (c) =>
    c.json(await workspace.calibration(c.var.actor, c.req.valid('param').unitId)),
  );
}
