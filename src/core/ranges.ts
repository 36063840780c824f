import { addDays, dayInZone, type DayKey } from './dates';
import { UserError } from './errors';

export const RANGE_PRESETS = ['this_month', 'last_month', 'this_quarter', 'year_to_date', 'last_12_months', 'all_time', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

function monthStart(year: number, month: number): DayKey {
  const date = new Date(Date.UTC(year, month - 1, 1));
  return date.toISOString().slice(0, 10);
}

/**
 * The days a preset covers on `today` (in the spreadsheet's zone). Saved syncs keep the preset, not the days, so
 * "this month" rolls over with the calendar.
 */
export function resolveRange(
  preset: RangePreset,
  today: DayKey,
  custom: { from: DayKey | null; to: DayKey | null },
): { from: DayKey | null; to: DayKey | null } {
  const [year, month] = today.split('-').map(Number);
  switch (preset) {
    case 'this_month':
      return { from: monthStart(year, month), to: addDays(monthStart(year, month + 1), -1) };
    case 'last_month':
      return { from: monthStart(year, month - 1), to: addDays(monthStart(year, month), -1) };
    case 'this_quarter': {
      const first = month - ((month - 1) % 3);
      return { from: monthStart(year, first), to: addDays(monthStart(year, first + 3), -1) };
    }
    case 'year_to_date':
      return { from: monthStart(year, 1), to: today };
    case 'last_12_months': {
      const [, , day] = today.split('-').map(Number);
      // The same day a year before, or that month's last day: 29 February goes back to 28 February, not 1 March.
      const lastDayThen = new Date(Date.UTC(year - 1, month, 0)).getUTCDate();
      const yearAgo = new Date(Date.UTC(year - 1, month - 1, Math.min(day, lastDayThen))).toISOString().slice(0, 10);
      return { from: addDays(yearAgo, 1), to: today };
    }
    case 'all_time':
      return { from: null, to: null };
    case 'custom':
      return custom;
  }
}

/** Each preset's name, the same in a sync's name and in the sidebar. */
export const RANGE_LABELS: Readonly<Record<RangePreset, string>> = {
  this_month: 'This month',
  last_month: 'Last month',
  this_quarter: 'This quarter',
  year_to_date: 'Year to date',
  last_12_months: 'Last 12 months',
  all_time: 'All time',
  custom: 'Custom dates',
};

/** A range in words, as the sidebar names it: "Last 12 months", "2026-01-01 – 2026-03-31". */
export function describeRange(preset: RangePreset, from: DayKey | null, to: DayKey | null): string {
  if (preset !== 'custom') return RANGE_LABELS[preset];
  if (from && to) return `${from} – ${to}`;
  if (from) return `From ${from}`;
  return to ? `Until ${to}` : 'All time';
}

export function parseRangePreset(value: unknown): RangePreset {
  if (value === undefined || value === null || value === '') return 'custom';
  if (typeof value === 'string' && (RANGE_PRESETS as readonly string[]).includes(value)) return value as RangePreset;
  throw new UserError(`Unknown date range "${String(value)}". Use one of: ${RANGE_PRESETS.join(', ')}.`);
}

export function todayIn(now: number, timeZone: string): DayKey {
  return dayInZone(now, timeZone);
}
