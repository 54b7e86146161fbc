/**
 * De-identified research exports, for system administrators only, each with a stated purpose and
 * audited. An export covers chosen clinical units (never practice units) and a period: the
 * courses that overlap it, their patients, levels of care and the responses answered in it.
 *
 * What leaves KOR: export-specific random ids in place of every KOR id and pseudonym code (an
 * HMAC under the export's own secret, so the tables of one export join and two exports do not),
 * birth year, sex, dates, level of care, end type, instrument, version, respondent kind, scores
 * and the numeric answers. What never does: pseudonym codes, goals, notes, free-text answers,
 * staff, form sessions. Dates are exact: the export is pseudonymised data under GDPR, not
 * anonymous, and its recipient must treat it so.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { InstrumentRegistry, ScoreResult } from '../../instruments';
import { NotFoundError, UnprocessableError } from '../http/errors';
import type { Database } from '../storage/database';
import {
  findResearchExport,
  insertResearchExport,
  listAllClinicalUnits,
  listClinicalUnits,
  listResearchCourses,
  listResearchEpisodes,
  listResearchExports,
  listResearchResponses,
  type ResearchExportRow,
} from '../storage/research-repository';
import { recordAccess } from './audit-service';
import { type Actor, requireSystemAdmin } from './auth-service';

/** Course ids per query: well inside SQLite's and PostgreSQL's limits on bound parameters. */
const CHUNK = 500;

export const RESEARCH_TABLES = [
  'patients',
  'courses',
  'episodes',
  'responses',
  'scores',
  'answers',
] as const;
export type ResearchTable = (typeof RESEARCH_TABLES)[number];

type Cell = string | number | null;

interface Column {
  name: string;
  type: 'id' | 'integer' | 'number' | 'text' | 'date' | 'datetime' | 'code';
  description: string;
}

/** The data dictionary: every table and column, what it holds. Part of every export. */
export const DICTIONARY: Record<ResearchTable, { description: string; columns: Column[] }> = {
  patients: {
    description: 'One row per patient with a course in the export.',
    columns: [
      { name: 'patient', type: 'id', description: 'Random id of the patient, this export only.' },
      { name: 'birth_year', type: 'integer', description: 'Year of birth, if recorded.' },
      { name: 'sex', type: 'code', description: 'female, male, other, or empty if not recorded.' },
    ],
  },
  courses: {
    description: 'One row per treatment course that overlaps the period.',
    columns: [
      { name: 'course', type: 'id', description: 'Random id of the course, this export only.' },
      { name: 'patient', type: 'id', description: 'The patient (patients.patient).' },
      { name: 'unit', type: 'text', description: 'The unit the course belongs to.' },
      { name: 'start_date', type: 'date', description: 'Start of the course.' },
      { name: 'planned_end_date', type: 'date', description: 'Planned end, if set.' },
      { name: 'end_date', type: 'date', description: 'Actual end; empty while the course runs.' },
      {
        name: 'end_type',
        type: 'code',
        description:
          'completed, dropped_out (left before the planned end), transferred, other; empty while active.',
      },
      {
        name: 'levels_of_care',
        type: 'text',
        description: 'The levels of care in order, separated by "|" (see episodes).',
      },
    ],
  },
  episodes: {
    description: 'One row per period at one level of care within a course.',
    columns: [
      { name: 'course', type: 'id', description: 'The course (courses.course).' },
      {
        name: 'level_of_care',
        type: 'code',
        description: 'outpatient, ambulant, inpatient, digital.',
      },
      { name: 'start_date', type: 'date', description: 'First day at this level.' },
      { name: 'end_date', type: 'date', description: 'Last day; empty for the current level.' },
    ],
  },
  responses: {
    description: 'One row per filled-in form answered in the period.',
    columns: [
      { name: 'response', type: 'id', description: 'Random id of the response, this export only.' },
      { name: 'course', type: 'id', description: 'The course (courses.course).' },
      { name: 'instrument', type: 'code', description: 'KOR instrument id (audit, hscl-25, …).' },
      { name: 'version', type: 'code', description: 'Instrument version, semver.' },
      { name: 'answered_at', type: 'datetime', description: 'When it was answered (UTC).' },
      { name: 'respondent', type: 'code', description: 'patient, therapist or other.' },
      {
        name: 'score_status',
        type: 'code',
        description: 'scored, or unscorable (too many items missing, per the manual).',
      },
    ],
  },
  scores: {
    description:
      'One row per score of a response (long format); scores that could not be computed are empty.',
    columns: [
      { name: 'response', type: 'id', description: 'The response (responses.response).' },
      {
        name: 'score',
        type: 'code',
        description: 'Score key as in KOR’s public scoring contract (total, depression, …).',
      },
      { name: 'value', type: 'number', description: 'The score, unrounded.' },
    ],
  },
  answers: {
    description:
      'One row per numeric item answer of a response (long format); free text is never exported.',
    columns: [
      { name: 'response', type: 'id', description: 'The response (responses.response).' },
      { name: 'item', type: 'code', description: 'Item id of the instrument version.' },
      { name: 'value', type: 'number', description: 'The scoring value of the answer.' },
    ],
  },
};

export interface ResearchExportInput {
  unitIds: string[];
  from: string;
  to: string;
  purpose: string;
}

type Tables = Record<ResearchTable, Cell[][]>;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export function createResearchExportService(
  db: Database,
  registry: InstrumentRegistry,
  clock: () => Date,
) {
  async function tables(x: ResearchExportRow): Promise<Tables> {
    const unitIds = JSON.parse(x.unit_ids) as string[];
    const period = { from: x.period_from, to: x.period_to };
    const units = new Map((await listClinicalUnits(db, unitIds)).map((u) => [u.id, u.name]));
    const rid = (kind: string, id: string) =>
      `${kind}${createHmac('sha256', Buffer.from(x.secret, 'hex')).update(`${kind}/${id}`).digest('hex').slice(0, 16)}`;
    const courses = await listResearchCourses(db, [...units.keys()], period);
    const ids = courses.map((c) => c.id);
    const episodes = (
      await Promise.all(chunks(ids).map((part) => listResearchEpisodes(db, part)))
    ).flat();
    const responses = (
      await Promise.all(chunks(ids).map((part) => listResearchResponses(db, part, period)))
    )
      .flat()
      .sort((a, b) => a.answered_at.localeCompare(b.answered_at) || a.id.localeCompare(b.id));
    const levels = new Map<string, string[]>();
    for (const e of episodes)
      levels.set(e.course_id, [...(levels.get(e.course_id) ?? []), e.level_of_care]);
    const patients = new Map<string, Cell[]>();
    for (const c of courses)
      patients.set(c.patient_id, [rid('P', c.patient_id), c.birth_year, c.sex]);
    const scores: Cell[][] = [];
    const answers: Cell[][] = [];
    for (const r of responses) {
      const response = rid('R', r.id);
      const result = JSON.parse(r.score) as ScoreResult;
      for (const [key, value] of Object.entries(result.scores)) scores.push([response, key, value]);
      const def = registry.get(r.instrument_id, r.instrument_version);
      const given = JSON.parse(r.answers) as Record<string, unknown>;
      for (const item of def?.items ?? []) {
        const value = given[item.id];
        // Numbers only: a text item (free text) is never exported, whatever it holds.
        if (item.kind !== 'text' && typeof value === 'number')
          answers.push([response, item.id, value]);
      }
    }
    return {
      patients: [...patients.values()],
      courses: courses.map((c) => [
        rid('C', c.id),
        rid('P', c.patient_id),
        units.get(c.unit_id) ?? null,
        c.start_date,
        c.planned_end_date,
        c.end_date,
        c.end_type,
        (levels.get(c.id) ?? []).join('|'),
      ]),
      episodes: episodes.map((e) => [
        rid('C', e.course_id),
        e.level_of_care,
        e.start_date,
        e.end_date,
      ]),
      responses: responses.map((r) => [
        rid('R', r.id),
        rid('C', r.course_id),
        r.instrument_id,
        r.instrument_version,
        r.answered_at,
        r.respondent,
        r.score_status,
      ]),
      scores,
      answers,
    };
  }

  async function audited(actor: Actor, action: string, x: ResearchExportRow, detail: string) {
    await db.transaction().execute((trx) =>
      recordAccess(
        trx,
        actor,
        {
          action,
          unitId: null,
          role: 'admin',
          objectType: 'research_export',
          objectId: x.id,
          outcome: 'allowed',
          reason: detail,
        },
        clock(),
      ),
    );
  }

  async function exportFor(actor: Actor, id: string): Promise<ResearchExportRow> {
    requireSystemAdmin(actor);
    const x = await findResearchExport(db, id);
    if (!x) throw new NotFoundError('No such research export');
    return x;
  }

  const summary = (x: ResearchExportRow) => ({
    id: x.id,
    createdAt: x.created_at,
    purpose: x.purpose,
    unitIds: JSON.parse(x.unit_ids) as string[],
    from: x.period_from,
    to: x.period_to,
  });

  return {
    /** Records the export (who, why, what) and returns its summary with the row counts. */
    async create(actor: Actor, input: ResearchExportInput) {
      requireSystemAdmin(actor);
      const unitIds = [...new Set(input.unitIds)];
      const found = new Set((await listClinicalUnits(db, unitIds)).map((u) => u.id));
      const unknown = unitIds.filter((u) => !found.has(u));
      if (unknown.length > 0)
        throw new UnprocessableError(
          'unknown_units',
          `Not clinical units (unknown, not a unit, or a practice unit): ${unknown.join(', ')}`,
          unknown.map((u) => ({
            path: ['unitIds', unitIds.indexOf(u)],
            message: 'not a clinical unit',
          })),
        );
      const now = clock();
      const x: ResearchExportRow = {
        id: randomUUID(),
        created_by: actor.userId,
        created_at: now.toISOString(),
        purpose: input.purpose.trim(),
        unit_ids: JSON.stringify(unitIds),
        period_from: input.from,
        period_to: input.to,
        secret: randomBytes(32).toString('hex'),
      };
      await db.transaction().execute(async (trx) => {
        await insertResearchExport(trx, x);
        await recordAccess(
          trx,
          actor,
          {
            action: 'research_export.create',
            unitId: null,
            role: 'admin',
            objectType: 'research_export',
            objectId: x.id,
            outcome: 'allowed',
            reason: x.purpose,
          },
          now,
        );
      });
      const t = await tables(x);
      return {
        ...summary(x),
        counts: Object.fromEntries(RESEARCH_TABLES.map((name) => [name, t[name].length])),
      };
    },

    /** The units an export can cover: every clinical unit (practice units never). */
    async units(actor: Actor) {
      requireSystemAdmin(actor);
      return (await listAllClinicalUnits(db)).map((u) => ({
        id: u.id,
        name: u.name,
        parentName: u.parent_name,
        isDemo: u.is_demo === 1,
      }));
    },

    async list(actor: Actor) {
      requireSystemAdmin(actor);
      return (await listResearchExports(db, 200)).map((x) => ({
        id: x.id,
        createdAt: x.created_at,
        createdBy: x.created_by_name,
        purpose: x.purpose,
        unitIds: JSON.parse(x.unit_ids) as string[],
        from: x.period_from,
        to: x.period_to,
      }));
    },

    /** The whole export as JSON: the dictionary and every table as rows of named fields. */
    async json(actor: Actor, id: string) {
      const x = await exportFor(actor, id);
      const t = await tables(x);
      await audited(actor, 'research_export.download', x, 'json');
      const named = (name: ResearchTable) =>
        t[name].map((row) =>
          Object.fromEntries(DICTIONARY[name].columns.map((c, i) => [c.name, row[i] ?? null])),
        );
      return {
        ...summary(x),
        dictionary: DICTIONARY,
        ...Object.fromEntries(RESEARCH_TABLES.map((name) => [name, named(name)])),
      };
    },

    /** One table, for CSV: its header (the dictionary's column names) and rows. */
    async table(actor: Actor, id: string, name: ResearchTable) {
      const x = await exportFor(actor, id);
      const t = await tables(x);
      await audited(actor, 'research_export.download', x, `${name}.csv`);
      return { header: DICTIONARY[name].columns.map((c) => c.name), rows: t[name] };
    },

    /** The data dictionary as a table, for CSV. */
    dictionaryTable(actor: Actor) {
      requireSystemAdmin(actor);
      return {
        header: ['table', 'column', 'type', 'description'],
        rows: RESEARCH_TABLES.flatMap((name) =>
          DICTIONARY[name].columns.map((c) => [name, c.name, c.type, c.description]),
        ),
      };
    },
  };
}

export type ResearchExportService = ReturnType<typeof createResearchExportService>;
