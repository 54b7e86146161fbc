/**
 * Measurement plans: unit templates (by the unit lead or unit admin), copied to a course and
 * adjusted there, and which forms are due for a course today.
 */
import { randomUUID } from 'node:crypto';
import { dueInstruments, type InstrumentRegistry, type PlanSchedule } from '../../instruments';
import { NotFoundError, UnprocessableError } from '../http/errors';
import type { Database } from '../storage/database';
import {
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

  function requireUnit(actor: Actor, unitId: string, roles: readonly string[]) {
    if (!rolesIn(actor, unitId).some((r) => roles.includes(r)))
      throw new NotFoundError('No such unit');
  }

  return {
    async createTemplate(
      actor: Actor,
      unitId: string,
      input: { name: string; items: PlanItemInput[] },
    ) {
      requireUnit(actor, unitId, ['unit_lead', 'admin']);
      const stamp = clock().toISOString();
      const id = randomUUID();
      const items = rows('template', id, input.items, stamp);
      await db
        .transaction()
        .execute((trx) =>
          insertPlanTemplate(
            trx,
            { id, unit_id: unitId, name: input.name.trim(), created_at: stamp },
            items,
          ),
        );
      return { id, unitId, name: input.name.trim(), items: items.map(publicItem) };
    },

    async listTemplates(actor: Actor, unitId: string) {
      requireUnit(actor, unitId, ['unit_lead', 'admin', 'therapist']);
      const templates = await listPlanTemplates(db, unitId);
      return Promise.all(
        templates.map(async (t) => ({
          id: t.id,
          name: t.name,
          items: (await listPlanItems(db, 'template', t.id)).map(publicItem),
        })),
      );
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
