import { UserError } from './errors';
import type { PaymentStatus } from './payment';

/** A calendar day, "YYYY-MM-DD". Comparing two of them as strings compares the days. */
export type DayKey = string;

const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** A wall-clock reading: what a clock in the zone shows at an instant. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const wallClockFormatters = new Map<string, Intl.DateTimeFormat>();

/** What a clock in `timeZone` shows at an instant, to the minute (hours 0–23). */
export function wallClock(epochMs: number, timeZone: string): WallClock {
  let formatter = wallClockFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    wallClockFormatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(epochMs))) parts[part.type] = Number(part.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute };
}

/** "2026-11-30 17:05": an instant to the minute in the zone. */
export function minuteInZone(epochMs: number, timeZone: string): string {
  const { year, month, day, hour, minute } = wallClock(epochMs, timeZone);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${year}-${two(month)}-${two(day)} ${two(hour)}:${two(minute)}`;
}

/** The calendar day an instant falls on in a time zone. */
export function dayInZone(epochMs: number, timeZone: string): DayKey {
  const parts = dayFormatter(timeZone).formatToParts(new Date(epochMs));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Validates "YYYY-MM-DD" as a real day (2026-02-30 is not). */
export function parseDayKey(text: string): DayKey | null {
  const match = DAY_KEY.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid ? match[0] : null;
}

/** Shifts a day by whole days. */
export function addDays(day: DayKey, days: number): DayKey {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/**
 * A formula's date argument: a date cell (a Date at midnight in the spreadsheet's zone) or text "YYYY-MM-DD".
 * `what` names the argument in the error.
 */
export function dayFromArgument(value: unknown, timeZone: string, what: string): DayKey | null {
  if (value === undefined || value === null || value === '') return null;
  if (isDate(value)) {
    if (Number.isNaN(value.getTime())) throw new UserError(`${what} is not a valid date.`);
    return dayInZone(value.getTime(), timeZone);
  }
  if (typeof value === 'string') {
    const day = parseDayKey(value);
    if (day) return day;
    throw new UserError(`${what} "${value}" is not a date. Use a date cell or text like 2026-03-31 (year-month-day, a day that exists).`);
  }
  throw new UserError(`${what} must be a date cell or text like 2026-03-31, not ${JSON.stringify(value)}.`);
}

/** Date objects from another realm (a cell value in the local runtime) fail instanceof, so test the shape. */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** Parses an ISO 8601 / RFC 3339 timestamp from a provider; null when absent or unparseable. */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value !== 'string' || value === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Instants that surely contain the query's days in any time zone (UTC−12 to UTC+14), for APIs that filter by
 * instant with unstated inclusivity: a day wider on each side. The exact filter runs on our side afterwards.
 */
export function serverWindow(from: DayKey | null, to: DayKey | null, since?: number): { fromIso: string | null; toIso: string | null } {
  const fromMs = from ? Date.parse(`${addDays(from, -1)}T00:00:00Z`) : null;
  const startMs = since !== undefined ? Math.max(since, fromMs ?? -Infinity) : fromMs;
  return {
    fromIso: startMs === null ? null : new Date(startMs).toISOString(),
    toIso: to ? `${addDays(to, 2)}T00:00:00.000Z` : null,
  };
}

/**
 * How far the field a provider's date filter reads may lie from our `date` column, for APIs whose docs leave that
 * field open: "the API returns every payment whose date is in a window" holds under every reading only once the
 * window is widened by these.
 */
export interface DateFilterReadings {
  /** The filtered field lies at most this far either side of our date (Aura: payment_date or created_at). */
  skewMs: number;
  /** The filtered field may be later than our date by any amount (Uqualify's updated_at): no upper bound is sent. */
  openEnded: boolean;
  /** Statuses whose payments may carry no date the filter reads (Aura's pending): they are fetched undated. */
  undatedStatuses: ReadonlyArray<PaymentStatus>;
}

/** Aura's payment_date and created_at are assumed at most this many days apart, either way (see the README). */
export const MAX_DATE_SKEW_DAYS = 35;
const DAY_MS = 86_400_000;
export const MAX_DATE_SKEW_MS = MAX_DATE_SKEW_DAYS * DAY_MS;

/** The window to send: the query's days (or the incremental start), widened so every reading returns them all. */
export interface FilterWindow {
  fromIso: string | null;
  toIso: string | null;
  fromMs: number | null;
  toMs: number | null;
}

export function filterWindow(
  query: { from: DayKey | null; to: DayKey | null; updatedSince?: number },
  readings: DateFilterReadings,
): FilterWindow {
  const exact = serverWindow(query.from, query.to, query.updatedSince);
  const fromMs = exact.fromIso === null ? null : Date.parse(exact.fromIso) - readings.skewMs;
  const toMs = exact.toIso === null || readings.openEnded ? null : Date.parse(exact.toIso) + readings.skewMs;
  return {
    fromIso: fromMs === null ? null : new Date(fromMs).toISOString(),
    toIso: toMs === null ? null : new Date(toMs).toISOString(),
    fromMs,
    toMs,
  };
}
