import { describe, expect, it } from 'vitest';
import {
  isoWeek,
  isoWeekIssue,
  isoWeekOf,
  osloOffsetMinutes,
  previousIsoWeek,
} from '../../server/services/iso-week';

describe('ISO weeks in Oslo time', () => {
  it('bounds a winter week by Monday 00:00 CET', () => {
    expect(isoWeek('2026-W49')).toEqual({
      week: '2026-W49',
      firstDay: '2026-11-30',
      lastDay: '2026-12-06',
      from: '2026-11-29T23:00:00.000Z',
      to: '2026-12-06T23:00:00.000Z',
    });
  });

  it('bounds a summer week by Monday 00:00 CEST, and the week summer time starts in by both', () => {
    expect(isoWeek('2026-W27')).toMatchObject({
      firstDay: '2026-06-29',
      from: '2026-06-28T22:00:00.000Z',
      to: '2026-07-05T22:00:00.000Z',
    });
    // Summer time starts on Sunday 29 March 2026.
    expect(isoWeek('2026-W13')).toMatchObject({
      from: '2026-03-22T23:00:00.000Z',
      to: '2026-03-29T22:00:00.000Z',
    });
    expect(osloOffsetMinutes(new Date('2026-03-29T00:59:00Z'))).toBe(60);
    expect(osloOffsetMinutes(new Date('2026-03-29T01:00:00Z'))).toBe(120);
  });

  it('numbers weeks as ISO 8601 does at the turn of the year', () => {
    expect(isoWeekOf(new Date('2026-12-31T12:00:00Z'))).toBe('2026-W53');
    expect(isoWeekOf(new Date('2027-01-03T12:00:00Z'))).toBe('2026-W53');
    expect(isoWeekOf(new Date('2027-01-04T12:00:00Z'))).toBe('2027-W01');
    expect(isoWeekOf(new Date('2021-01-03T12:00:00Z'))).toBe('2020-W53');
    expect(isoWeek('2020-W01').firstDay).toBe('2019-12-30');
    // Sunday 23:30 UTC is already Monday in Oslo.
    expect(isoWeekOf(new Date('2026-12-06T23:30:00Z'))).toBe('2026-W50');
  });

  it('names the last whole week as the one before', () => {
    expect(previousIsoWeek(new Date('2026-12-07T09:00:00Z'))).toBe('2026-W49');
    expect(previousIsoWeek(new Date('2027-01-05T09:00:00Z'))).toBe('2026-W53');
  });

  it('says what is wrong with a week that does not exist', () => {
    expect(isoWeekIssue('2026-W53')).toBeNull();
    expect(isoWeekIssue('2025-W53')).toBe('2025 has no week 53');
    expect(isoWeekIssue('2026-W00')).toBe('2026 has no week 00');
    expect(isoWeekIssue('2026-49')).toBe('an ISO week like 2026-W49');
    expect(() => isoWeek('2026-W54')).toThrow(/2026 has no week 54/);
  });
});
