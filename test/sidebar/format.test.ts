import {
  changeCounts,
  countOf,
  formatCount,
  formatDay,
  formatDuration,
  formatHour,
  formatWhen,
  progressMessage,
  rangeDescription,
  rangeLabel,
  refreshLabel,
  runOutcome,
  statusesLabel,
  syncOutcomeMessage,
} from '../../sidebar/format';
import type { RunRecord, SyncResult } from '../../sidebar/server';

const utc = { locale: 'en-GB', timeZone: 'UTC', now: Date.parse('2026-06-03T16:00:00Z') };

const result: SyncResult = {
  syncId: 's1',
  sheetName: 'Aura',
  status: 'done',
  kind: 'full',
  rows: 12_345,
  added: 120,
  updated: 3,
  removed: 1,
  durationMs: 64_000,
  fetched: 12_345,
  pages: 124,
};

const run: RunRecord = {
  syncId: 's1',
  sheetName: 'Aura',
  at: Date.parse('2026-06-03T14:00:00Z'),
  trigger: 'scheduled',
  outcome: 'ok',
  kind: 'incremental',
  rows: 1,
  added: 1,
  updated: 0,
  removed: 0,
  durationMs: 900,
};

describe('sidebar formatting', () => {
  it('writes durations in the largest units needed', () => {
    expect(formatDuration(0)).toBe('under 1 s');
    expect(formatDuration(999)).toBe('under 1 s');
    expect(formatDuration(1_400)).toBe('1 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(59_600)).toBe('1 min');
    expect(formatDuration(64_000)).toBe('1 min 4 s');
    expect(formatDuration(3_600_000)).toBe('1 h');
    expect(formatDuration(7_530_000)).toBe('2 h 5 min');
  });

  it('writes numbers with thousands separators, and the noun in the right number', () => {
    expect(formatCount(12_345, 'en-US')).toBe('12,345');
    expect(formatCount(12_345, 'de-DE')).toBe('12.345');
    expect(countOf(1, 'payment', 'en-US')).toBe('1 payment');
    expect(countOf(0, 'payment', 'en-US')).toBe('0 payments');
  });

  it('gives the time alone for today, the day for other days and the year for other years', () => {
    expect(formatWhen(Date.parse('2026-06-03T14:00:00Z'), utc)).toBe('14:00');
    expect(formatWhen(Date.parse('2026-06-01T09:05:00Z'), utc)).toBe('1 Jun, 9:05');
    expect(formatWhen(Date.parse('2025-12-31T23:00:00Z'), utc)).toBe('31 Dec 2025, 23:00');
    expect(formatDay(Date.parse('2026-06-03T10:00:00Z'), utc)).toBe('3 Jun');
    expect(formatDay(Date.parse('2025-06-03T10:00:00Z'), utc)).toBe('3 Jun 2025');
  });

  it('judges "today" in the given time zone', () => {
    const lateEvening = { ...utc, timeZone: 'America/New_York', now: Date.parse('2026-06-04T02:00:00Z') };
    expect(formatWhen(Date.parse('2026-06-03T14:00:00Z'), lateEvening)).toBe('10:00');
  });

  it('writes hours of the day on one 24-hour clock, whatever the browser', () => {
    expect(formatHour(6, 'en-GB')).toBe('6:00');
    expect(formatHour(18, 'en-US')).toBe('18:00');
  });

  it('names ranges, refresh intervals and statuses', () => {
    expect(rangeLabel('last_12_months')).toBe('Last 12 months');
    expect(rangeLabel('next_week')).toBe('next_week');
    expect(rangeDescription({ range: 'this_month', from: null, to: null })).toBe('This month');
    expect(rangeDescription({ range: 'custom', from: '2026-01-01', to: '2026-03-31' }, 'en-GB')).toBe('1 Jan 2026 – 31 Mar 2026');
    expect(rangeDescription({ range: 'custom', from: '2026-01-01', to: null }, 'en-GB')).toBe('Since 1 Jan 2026');
    expect(rangeDescription({ range: 'custom', from: null, to: '2026-03-31' }, 'en-GB')).toBe('Until 31 Mar 2026');
    expect([0, 1, 2, 24].map(refreshLabel)).toEqual(['Off', 'Every hour', 'Every 2 hours', 'Daily at…']);
    expect(statusesLabel(null)).toBe('All statuses');
    expect(statusesLabel(['succeeded', 'refunded'])).toBe('Succeeded, refunded');
  });

  it('words a sync while it runs and when it is done', () => {
    expect(progressMessage({ fetched: 12_300, pages: 123 }, 'en-US')).toBe('12,300 payments fetched · 123 pages read…');
    expect(progressMessage({ fetched: 1, pages: 1 }, 'en-US')).toBe('1 payment fetched · 1 page read…');
    expect(syncOutcomeMessage(result, 'en-US')).toBe('Synced 12,345 payments into “Aura” in 1 min 4 s: 120 added · 3 updated · 1 removed.');
    expect(changeCounts(result, 'en-US')).toBe('120 added · 3 updated · 1 removed');
  });

  it('words a run in the log', () => {
    expect(runOutcome(run, 'en-US')).toBe('1 row');
    expect(runOutcome({ ...run, outcome: 'error', error: 'Aura rejected the API key.' })).toBe('Failed: Aura rejected the API key.');
    expect(runOutcome({ ...run, outcome: 'continuing' })).toBe('Still running…');
  });
});
