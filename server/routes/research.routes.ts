/**
 * De-identified research exports (system administrators only; to anyone else 404): create one
 * with a stated purpose, list them, download one as JSON with its data dictionary or table by
 * table as CSV. What an export holds is the research-export service's business.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { csvAttachment, toCsv } from '../http/csv';
import type { ActorEnv } from '../http/require-actor';
import { id, isoDate } from '../http/schemas';
import { validate } from '../http/validate';
import { isCalendarDate } from '../services/report-periods';
import { RESEARCH_TABLES, type ResearchExportService } from '../services/research-export-service';

const day = isoDate.refine(isCalendarDate, 'not a calendar date');

const newExport = z
  .object({
    unitIds: z.array(id).min(1, 'choose at least one unit').max(200),
    from: day,
    to: day,
    purpose: z
      .string()
      .trim()
      .min(10, 'state the purpose (at least 10 characters)')
      .max(1000, 'at most 1000 characters'),
  })
  .strict()
  .refine((x) => x.from <= x.to, { path: ['to'], message: 'the period ends before it starts' });

const exportParam = z.object({ exportId: id });

export function researchRoutes(research: ResearchExportService) {
  return new Hono<ActorEnv>()
    .post('/', validate('json', newExport), async (c) =>
      c.json(await research.create(c.var.actor, c.req.valid('json')), 201),
    )
    .get('/', async (c) => c.json({ exports: await research.list(c.var.actor) }))
    .get('/units', async (c) => c.json({ units: await research.units(c.var.actor) }))
    .get('/dictionary', (c) => {
      const { header, rows } = research.dictionaryTable(c.var.actor);
      return csvAttachment(c, 'kor-forskning-dataordbok.csv', toCsv(header, rows));
    })
    .get('/:exportId', validate('param', exportParam), async (c) =>
      c.json(await research.json(c.var.actor, c.req.valid('param').exportId)),
    )
    .get(
      '/:exportId/tables/:table',
      validate('param', exportParam.extend({ table: z.enum(RESEARCH_TABLES) })),
      async (c) => {
        const { exportId, table } = c.req.valid('param');
        const { header, rows } = await research.table(c.var.actor, exportId, table);
        return csvAttachment(c, `kor-forskning-${exportId}-${table}.csv`, toCsv(header, rows));
      },
    );
}
