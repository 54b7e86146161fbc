/**
 * Measurement-plan templates of a unit (list, make, delete), a course's plan, and the forms due
 * for a course.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { ActorEnv } from '../http/require-actor';
import { courseParam, id, isoDate, unitParam } from '../http/schemas';
import { validate } from '../http/validate';
import type { PlanService } from '../services/plan-service';

const planItem = z
  .object({
    instrument: z.string().min(1).max(64),
    schedule: z.enum(['intake', 'every_session', 'every_n_weeks', 'discharge']),
    intervalWeeks: z.number().int().min(1).max(52).optional(),
  })
  .strict();
const items = z.array(planItem).min(1, 'a plan needs at least one instrument').max(30);

export function unitPlanRoutes(plans: PlanService) {
  return new Hono<ActorEnv>()
    .post(
      '/:unitId/plan-templates',
      validate('param', unitParam),
      validate('json', z.object({ name: z.string().trim().min(1).max(100), items }).strict()),
      async (c) =>
        c.json(
          await plans.createTemplate(c.var.actor, c.req.valid('param').unitId, c.req.valid('json')),
          201,
        ),
    )
    .get('/:unitId/plan-templates', validate('param', unitParam), async (c) =>
      c.json({ templates: await plans.listTemplates(c.var.actor, c.req.valid('param').unitId) }),
    )
    .delete(
      '/:unitId/plan-templates/:templateId',
      validate('param', unitParam.extend({ templateId: id })),
      async (c) => {
        const { unitId, templateId } = c.req.valid('param');
        await plans.deleteTemplate(c.var.actor, unitId, templateId);
        return c.body(null, 204);
      },
    );
}

export function coursePlanRoutes(plans: PlanService) {
  return new Hono<ActorEnv>()
    .put(
      '/:courseId/plan',
      validate('param', courseParam),
      validate(
        'json',
        z.union([z.object({ templateId: id }).strict(), z.object({ items }).strict()]),
      ),
      async (c) =>
        c.json(
          await plans.setCoursePlan(
            c.var.actor,
            c.req.valid('param').courseId,
            c.req.valid('json'),
          ),
        ),
    )
    .get(
      '/:courseId/due',
      validate('param', courseParam),
      validate(
        'query',
        z.object({
          date: isoDate.optional(),
        }),
      ),
      async (c) =>
        c.json(
          await plans.due(c.var.actor, c.req.valid('param').courseId, c.req.valid('query').date),
        ),
    );
}
