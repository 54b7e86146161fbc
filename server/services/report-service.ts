/**
 * Unit reports for unit leads (and global administrators): the drop-out indicator per quarter,
 * implementation fidelity per therapist and month, and the outcome summary. Figures only — no
 * patient is named — and each report read writes one audit event.
 */
import { NotFoundError, UnprocessableError } from '../http/errors';
import type { Database } from '../storage/database';
import { findOrganisationById } from '../storage/organisation-repository';
import {
  listCoursesWithTherapists,
  listEndedCourses,
  listFirstAndLastTotals,
  listResponseDates,
  listSessionContacts,
  type OutcomeSeries,
} from '../storage/report-repository';
import type { EndType } from '../storage/schema';
import { rolesIn } from './access';
import { recordAccess } from './audit-service';
import type { Actor } from './auth-service';
import {
  contactsSince,
  courseFacts,
  FIDELITY_RULES,
  hasActivity,
  monthFigures,
  responsesAround,
} from './fidelity-figures';
import { monthsOf, type Period, quartersOf, resolvePeriod, share } from './report-periods';

/**
 * Reliable change on the session-outcome scale, in points. The RCI is UNVERIFIED: about 5 points
 * (4.3 rounded) from a secondary source — INSTRUMENTS.md §9.1.
 */
export const RELIABLE_CHANGE_POINTS = 5;
/** Adult clinical cut-off of the session-outcome scale (below = clinical range), INSTRUMENTS.md §9.1. */
export const CLINICAL_CUTOFF = 25;
const OUTCOME_INSTRUMENT = 'session-outcome';

export type ReportKind = 'dropout' | 'fidelity' | 'outcomes';
export interface PeriodInput {
  from?: string;
  to?: string;
}

const END_TYPES: readonly EndType[] = ['completed', 'dropped_out', 'transferred', 'other'];

function dropoutFigures(ends: readonly { endType: EndType }[], transferredCounts: boolean) {
  const n = (type: EndType) => ends.filter((e) => e.endType === type).length;
  const droppedOut = n('dropped_out');
  const transferred = n('transferred');
  // A transfer is either a drop-out (the patient may be lost in the transition) or left out of
  // the indicator altogether — never a success.
  const numerator = droppedOut + (transferredCounts ? transferred : 0);
  const denominator = ends.length - (transferredCounts ? 0 : transferred);
  return {
    ended: ends.length,
    droppedOut,
    transferred,
    completed: n('completed'),
    other: n('other'),
    numerator,
    denominator,
    indicator: share(numerator, denominator),
  };
}

function outcomeGroup(series: readonly OutcomeSeries[]) {
  let improved = 0;
  let deteriorated = 0;
  let clinicallySignificant = 0;
  for (const s of series) {
    // Totals are sums of one-decimal values: round away binary noise before comparing.
    const change = Math.round((s.last.total - s.first.total) * 1e6) / 1e6;
    if (change >= RELIABLE_CHANGE_POINTS) {
      improved++;
      if (s.first.total < CLINICAL_CUTOFF && s.last.total >= CLINICAL_CUTOFF)
        clinicallySignificant++;
    } else if (change <= -RELIABLE_CHANGE_POINTS) deteriorated++;
  }
  const n = series.length;
  const unchanged = n - improved - deteriorated;
  return {
    n,
    improved,
    deteriorated,
    unchanged,
    clinicallySignificant,
    improvedShare: share(improved, n),
    deterioratedShare: share(deteriorated, n),
    unchangedShare: share(unchanged, n),
    clinicallySignificantShare: share(clinicallySignificant, n),
  };
}

/**
 * What a unit's fidelity figures need: its courses in the period (one row per course and
 * therapist) and, per course, its measurements, sessions and evaluations. The unit report and
 * the trainers' follow-up both count from this, so they show the same figures.
 */
export async function unitFidelityFacts(db: Database, unitId: string, period: Period) {
  const [rows, contacts, responses] = await Promise.all([
    listCoursesWithTherapists(db, unitId, period),
    listSessionContacts(db, unitId, contactsSince(period)),
    listResponseDates(db, unitId, responsesAround(period)),
  ]);
  const courses = [...new Map(rows.map((r) => [r.courseId, r])).values()];
  return { rows, facts: courseFacts({ courses, contacts, responses }, period) };
}

export function createReportService(db: Database, clock: () => Date) {
  /** A unit's reports are for its unit lead and for global administrators; anyone else: 404. */
  async function reportRole(actor: Actor, unitId: string): Promise<'unit_lead' | 'admin'> {
    if (rolesIn(actor, unitId).includes('unit_lead')) return 'unit_lead';
    if (actor.globalRole === 'admin' && (await findOrganisationById(db, unitId))?.kind === 'unit')
      return 'admin';
    throw new NotFoundError('No such unit');
  }

  /** Checks access and the period, computes the report, and audits the read with it. */
  async function report<T>(
    actor: Actor,
    unitId: string,
    kind: ReportKind,
    input: PeriodInput,
    compute: (period: Period) => Promise<T>,
  ): Promise<{ unitId: string; from: string; to: string } & T> {
    const role = await reportRole(actor, unitId);
    const now = clock();
    const { period, issues } = resolvePeriod(input, now.toISOString().slice(0, 10));
    if (issues.length > 0) {
      const where = issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new UnprocessableError('invalid_period', `Invalid period: ${where}`, issues);
    }
    const result = await compute(period);
    await db.transaction().execute((trx) =>
      recordAccess(
        trx,
        actor,
        {
          action: `report.${kind}`,
          unitId,
          role,
          objectType: 'unit_report',
          objectId: `${period.from}/${period.to}`,
          outcome: 'allowed',
        },
        now,
      ),
    );
    return { unitId, ...period, ...result };
  }

  return {
    /** Ended courses and the drop-out indicator per calendar quarter of the end date. */
    dropout(actor: Actor, unitId: string, input: PeriodInput & { transferredCounts: boolean }) {
      const { transferredCounts } = input;
      return report(actor, unitId, 'dropout', input, async (period) => {
        const ends = await listEndedCourses(db, unitId, period);
        return {
          definition: { transferredCounts },
          quarters: quartersOf(period).map((q) => ({
            quarter: q.label,
            from: q.from,
            to: q.to,
            ...dropoutFigures(
              ends.filter((e) => e.endDate >= q.from && e.endDate <= q.to),
              transferredCounts,
            ),
          })),
          total: dropoutFigures(ends, transferredCounts),
        };
      });
    },

    /** Measurement fidelity per month: the whole unit, and each therapist's courses. */
    fidelity(actor: Actor, unitId: string, input: PeriodInput) {
      return report(actor, unitId, 'fidelity', input, async (period) => {
        const { rows, facts } = await unitFidelityFacts(db, unitId, period);
        const months = monthsOf(period);
        const therapists = new Map<string | null, { name: string | null; courses: string[] }>();
        for (const r of rows) {
          const t = therapists.get(r.therapistId) ?? { name: r.therapistName, courses: [] };
          t.courses.push(r.courseId);
          therapists.set(r.therapistId, t);
        }
        const byName = [...therapists.entries()].sort(([aId, a], [bId, b]) =>
          aId === null || bId === null
            ? Number(aId === null) - Number(bId === null)
            : (a.name ?? '').localeCompare(b.name ?? '', 'nb') || aId.localeCompare(bId),
        );
        return {
          definition: FIDELITY_RULES,
          unit: months.map((m) => monthFigures(facts.values(), m)),
          therapists: byName
            .map(([therapistId, t]) => {
              const own = t.courses.flatMap((id) => facts.get(id) ?? []);
              return {
                therapistId,
                therapistName: t.name,
                months: months.map((m) => monthFigures(own, m)).filter(hasActivity),
              };
            })
            .filter((t) => t.months.length > 0),
        };
      });
    },

    /** Reliable and clinically significant change over courses measured in the period. */
    outcomes(actor: Actor, unitId: string, input: PeriodInput) {
      return report(actor, unitId, 'outcomes', input, async (period) => {
        const series = (
          await listFirstAndLastTotals(db, unitId, OUTCOME_INSTRUMENT, period)
        ).filter((s) => s.count >= 2 && s.last.date >= period.from);
        return {
          definition: {
            instrument: OUTCOME_INSTRUMENT,
            minResponses: 2,
            reliableChangePoints: RELIABLE_CHANGE_POINTS,
            clinicalCutoff: CLINICAL_CUTOFF,
            rciVerified: false,
          },
          total: outcomeGroup(series),
          byEndType: [...END_TYPES, 'active' as const].map((endType) => ({
            endType,
            ...outcomeGroup(series.filter((s) => (s.endType ?? 'active') === endType)),
          })),
        };
      });
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
export type DropoutReport = Awaited<ReturnType<ReportService['dropout']>>;
export type FidelityReport = Awaited<ReturnType<ReportService['fidelity']>>;
export type OutcomesReport = Awaited<ReturnType<ReportService['outcomes']>>;
