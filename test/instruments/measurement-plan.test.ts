import { describe, expect, it } from 'vitest';
import { dueInstruments, type PlanItem } from '../../instruments';

const plan: PlanItem[] = [
  { instrumentId: 'audit', schedule: 'intake' },
  { instrumentId: 'session-outcome', schedule: 'every_session' },
  { instrumentId: 'hscl-25', schedule: 'every_n_weeks', intervalWeeks: 6 },
  { instrumentId: 'psq-18', schedule: 'discharge' },
];
const base = { startDate: '2026-01-05', plannedEndDate: '2026-04-27' };
const ids = (today: string, lastAnswered: Record<string, string>, extra = {}) =>
  dueInstruments(plan, { ...base, today, lastAnswered, ...extra }).map((d) => d.instrumentId);

describe('dueInstruments', () => {
  it('at intake: intake, every session and every-N-weeks forms are due', () => {
    expect(ids('2026-01-05', {})).toEqual(['audit', 'session-outcome', 'hscl-25']);
  });

  it('intake forms are due once; session forms once a day', () => {
    const last = {
      audit: '2026-01-05T09:00:00Z',
      'session-outcome': '2026-01-12T08:00:00Z',
      'hscl-25': '2026-01-05',
    };
    expect(ids('2026-01-12', last)).toEqual([]);
    expect(ids('2026-01-19', last)).toEqual(['session-outcome']);
  });

  it('every 6 weeks: due again from day 42', () => {
    const last = { audit: '2026-01-05', 'session-outcome': '2026-02-15', 'hscl-25': '2026-01-05' };
    expect(ids('2026-02-15', last)).toEqual([]);
    expect(ids('2026-02-16', { ...last, 'session-outcome': '2026-02-16' })).toEqual(['hscl-25']);
  });

  it(`discharge forms are due in the last 14 days before the planned end, once`, () => {
    const last = { audit: '2026-01-05', 'session-outcome': '2026-04-12', 'hscl-25': '2026-04-01' };
    expect(ids('2026-04-12', last)).toEqual([]);
    expect(ids('2026-04-13', { ...last, 'session-outcome': '2026-04-13' })).toEqual(['psq-18']);
    expect(
      ids('2026-04-20', { ...last, 'session-outcome': '2026-04-20', 'psq-18': '2026-04-14' }),
    ).toEqual([]);
    expect(
      ids('2026-04-13', { ...last, 'session-outcome': '2026-04-13' }, { plannedEndDate: null }),
    ).toEqual([]);
  });

  it('nothing is due for an ended course or before the start', () => {
    expect(ids('2026-03-01', {}, { endDate: '2026-02-20' })).toEqual([]);
    expect(ids('2026-01-01', {})).toEqual([]);
  });
});
