/**
 * Measurement plans: unit templates (made and deleted by the unit lead, a unit admin or a system
 * administrator; every change audited), copied to a course and adjusted there, and which forms
 * are due for a course today. A course copies a template's items, so deleting a template leaves
 * every course's plan as it is.
 */
import { randomUUID } from 'node:crypto';
import { dueInstruments, type InstrumentRegistry, type PlanSchedule } from '../../instruments';
import { ConflictError, NotFoundError, UnprocessableError } from '../http/errors';
import type { Database } from '../storage/database';
import {
  deletePlanTemplate,
  findPlanTemplate,
  insertPlanTemplate,
  lastAnsweredPerInstrument,
  listPlanItems,
  listPlanTemplates,
  type PlanItemRow,
  replaceCoursePlan,
} from '../storage/plan-repository';
import { rolesIn } from './access';
import { courseFacts, recordAccess } from './audit-service';
import type { Actor } from './auth-service';
import { courseForWork } from './course-access';
import type { RiskEngine } from './risk-engine';
import { unitManager } from './unit-manager';

export interface PlanItemInput {
  instrument: string;
  schedule: PlanSchedule;
  intervalWeeks?: number;
}

const publicItem = (i: PlanItemRow) => ({
  instrument: i.instrument_id,
  schedule: i.schedule,
  intervalWeeks: i.interval_weeks,
});

export function createPlanService(
  db: Database,
  registry: InstrumentRegistry,
  risk: RiskEngine,
  clock: () => Date,
) {
  function rows(
    ownerKind: 'template' | 'course',
    ownerId: string,
    items: readonly PlanItemInput[],
    stamp: string,
  ): PlanItemRow[] {
    return items.map((item, index) => {
      if (!registry.get(item.instrument)) {
        throw new UnprocessableError(
          'unknown_instrument',
          `Unknown instrument "${item.instrument}"`,
          [{ path: ['items', index, 'instrument'], message: 'unknown instrument' }],
        );
      }
      if ((item.schedule === 'every_n_weeks') !== (item.intervalWeeks !== undefined)) {
        throw new UnprocessableError(
          'invalid_interval',
          'intervalWeeks goes with the schedule every_n_weeks, and only with it',
          [
            {
              path: ['items', index, 'intervalWeeks'],
              message: 'only and always with every_n_weeks',
            },
          ],
        );
      }
      return {
        id: randomUUID(),
        owner_kind: ownerKind,
        owner_id: ownerId,
        position: index,
        instrument_id: item.instrument,
        schedule: item.schedule,
        interval_weeks: item.intervalWeeks ?? null,
        created_at: stamp,
      };
    });
  }

  /** Who manages the unit's templates (unit-manager.ts), as the audit log records it. */
  async function templateManager(actor: Actor, unitId: string): Promise<string> {
    return (await unitManager(db, actor, unitId)).role;
  }

  const templateFacts = (action: string, unitId: string, role: string, templateId: string) => ({
    action,
    unitId,
    role,
    objectType: 'plan_template',
    objectId: templateId,
    outcome: 'allowed' as const,
  });

  return {
    async createTemplate(
      actor: Actor,
      unitId: string,
      input: { name: string; items: PlanItemInput[] },
    ) {
      const role = await templateManager(actor, unitId);
      const now = clock();
      const stamp = now.toISOString();
      const id = randomUUID();
      const items = rows('template', id, input.items, stamp);
      const name = input.name.trim();
      await db.transaction().execute(async (trx) => {
        const taken = (await listPlanTemplates(trx, unitId)).some(
          (t) => t.name.toLowerCase() === name.toLowerCase(),
        );
        if (taken)
          throw new ConflictError(
            'name_taken',
            `The unit already has a plan template named "${name}"`,
            [{ path: ['name'], message: 'already used at this unit' }],
          );
        await insertPlanTemplate(trx, { id, unit_id: unitId, name, created_at: stamp }, items);
        await recordAccess(
          trx,
          actor,
          templateFacts('plan_template.create', unitId, role, id),
          now,
        );
      });
      return { id, unitId, name, createdAt: stamp, items: items.map(publicItem) };
    },

    async listTemplates(actor: Actor, unitId: string) {
      if (!rolesIn(actor, unitId).includes('therapist')) await templateManager(actor, unitId);
      const templates = await listPlanTemplates(db, unitId);
      return Promise.all(
        templates.map(async (t) => ({
          id: t.id,
          name: t.name,
          createdAt: t.created_at,
          items: (await listPlanItems(db, 'template', t.id)).map(publicItem),
        })),
      );
    },

    /** Deletes one of the unit's templates; the courses that copied it keep their own plans. */
    async deleteTemplate(actor: Actor, unitId: string, templateId: string) {
      const role = await templateManager(actor, unitId);
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const template = await findPlanTemplate(trx, templateId);
        if (!template || template.unit_id !== unitId)
          throw new NotFoundError('No such plan template at this unit');
        await deletePlanTemplate(trx, templateId);
        await recordAccess(
          trx,
          actor,
          templateFacts('plan_template.delete', unitId, role, templateId),
          now,
        );
      });
    },

    /** Copies a template to the course, or sets the course's own items. */
    async setCoursePlan(
      actor: Actor,
      courseId: string,
      input: { templateId: string } | { items: PlanItemInput[] },
    ) {
      const now = clock();
      const { course, role } = await courseForWork(db, actor, courseId, 'plan.update', now);
      let items: PlanItemInput[];
      if ('templateId' in input) {
        const template = await findPlanTemplate(db, input.templateId);
        if (!template || template.unit_id !== course.unit_id)
          throw new NotFoundError('No such plan template at this unit');
        items = (await listPlanItems(db, 'template', template.id)).map((i) => ({
          instrument: i.instrument_id,
          schedule: i.schedule,
          ...(i.interval_weeks ? { intervalWeeks: i.interval_weeks } : {}),
        }));
      } else {
        items = input.items;
      }
      const copied = rows('course', courseId, items, now.toISOString());
      await db.transaction().execute(async (trx) => {
        await replaceCoursePlan(trx, courseId, copied);
        await recordAccess(
          trx,
          actor,
          courseFacts(course, role, 'plan.update', { object: ['plan', courseId] }),
          now,
        );
        // What is due is stored with the course's risk.
        await risk.refresh(trx, courseId, now);
      });
      return { items: copied.map(publicItem) };
    },

    /** The course's plan and what is due on `date` (default today). */
    async due(actor: Actor, courseId: string, date?: string) {
      const now = clock();
      const { course, role } = await courseForWork(db, actor, courseId, 'plan.read', now);
      const [items, last] = await Promise.all([
        listPlanItems(db, 'course', courseId),
        lastAnsweredPerInstrument(db, courseId),
      ]);
      const today = date ?? now.toISOString().slice(0, 10);
      const due = dueInstruments(
        items.map((i) => ({
          instrumentId: i.instrument_id,
          schedule: i.schedule,
          intervalWeeks: i.interval_weeks,
        })),
        {
          today,
          startDate: course.start_date,
          plannedEndDate: course.planned_end_date,
          endDate: course.end_date,
          lastAnswered: Object.fromEntries(last),
        },
      );
      await db
        .transaction()
        .execute((trx) =>
          recordAccess(
            trx,
            actor,
            courseFacts(course, role, 'plan.read', { object: ['plan', courseId] }),
            now,
          ),
        );
      return {
        date: today,
        plan: items.map(publicItem),
        due: due.map((d) => ({
          instrument: d.instrumentId,
          version: registry.get(d.instrumentId)?.version ?? null,
          schedule: d.schedule,
          lastAnswered: d.lastAnswered,
        })),
      };
    },
  };
}

export type PlanService = ReturnType<typeof createPlanService>;
