/**
 * A sync's own schedule: the rule a person sets (off, every 1–12 hours, daily, weekly or monthly at an hour), checked,
 * and when it next runs. Everything is wall-clock time in the spreadsheet's time zone, so "daily at 6" stays at 6
 * across a DST change. The add-on's one trigger per user fires hourly; a round runs each sync whose next run has come.
 */
import { wallClock } from './dates';
import { UserError } from './errors';

export type ScheduleRule =
  | { every: 'off' }
  | { every: 'hours'; hours: number }
  | { every: 'day'; atHour: number }
  | { every: 'week'; weekday: number; atHour: number }
  | { every: 'month'; day: number; atHour: number };

/** What setSyncSchedule takes: a rule, and whether it is paused (it keeps its settings). */
export type SyncScheduleSetting = ScheduleRule & { paused: boolean };

/** As saved on the sync. */
export type SyncSchedule = SyncScheduleSetting & {
  /**
   * Runs are counted from here: when the schedule was last set or its last scheduled run began, whichever is later.
   * Setting a schedule (or resuming one) therefore never fires a run for a slot that passed before.
   */
  since: number;
};

const EVERY = ['off', 'hours', 'day', 'week', 'month'] as const;
/** The fields each kind takes, besides `every` and `paused`. */
const FIELDS: Record<ScheduleRule['every'], string[]> = {
  off: [],
  hours: ['hours'],
  day: ['atHour'],
  week: ['weekday', 'atHour'],
  month: ['day', 'atHour'],
};
const RULE_SHAPES =
  "{every: 'off'}, {every: 'hours', hours}, {every: 'day', atHour}, {every: 'week', weekday, atHour} or {every: 'month', day, atHour}";
const WHOLE_NUMBER_RULES: Record<string, { min: number; max: number; what: string }> = {
  hours: { min: 1, max: 12, what: 'a whole number of hours from 1 to 12' },
  atHour: { min: 0, max: 23, what: "a whole hour from 0 to 23, in the spreadsheet's time zone" },
  weekday: { min: 1, max: 7, what: 'a whole number from 1 (Monday) to 7 (Sunday)' },
  day: { min: 1, max: 31, what: "a day of the month from 1 to 31 (past a month's end it runs on the month's last day)" },
};

function shown(value: unknown): string {
  return value === undefined ? 'missing' : (JSON.stringify(value) ?? String(value));
}

/** Checks a schedule from the sidebar or a script; every error names the field and what it may be. */
export function parseSyncSchedule(value: unknown): SyncScheduleSetting {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError(`schedule must be an object, one of ${RULE_SHAPES}, with paused true or false; not ${shown(value)}.`);
  }
  const input = value as Record<string, unknown>;
  const every = input.every;
  if (!(EVERY as readonly unknown[]).includes(every)) {
    throw new UserError(`schedule.every must be one of ${EVERY.map((kind) => `"${kind}"`).join(', ')}; not ${shown(every)}.`);
  }
  const kind = every as ScheduleRule['every'];
  const allowed = ['every', 'paused', ...FIELDS[kind]];
  for (const field of Object.keys(input)) {
    if (!allowed.includes(field)) {
      throw new UserError(`schedule.${field} does not apply to every: "${kind}": give only ${allowed.join(', ')}.`);
    }
  }
  if (input.paused !== undefined && typeof input.paused !== 'boolean') {
    throw new UserError(`schedule.paused must be true or false; not ${shown(input.paused)}.`);
  }
  const rule: Record<string, unknown> = { every: kind };
  for (const field of FIELDS[kind]) {
    const { min, max, what } = WHOLE_NUMBER_RULES[field];
    const number = input[field];
    if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
      throw new UserError(`schedule.${field} must be ${what}; not ${shown(number)}.`);
    }
    rule[field] = number;
  }
  return { ...(rule as ScheduleRule), paused: input.paused === true };
}

/**
 * The first run strictly after `since`, in ms since the epoch; null when the schedule never runs (off or paused).
 * Hourly schedules run at the whole hours from midnight that are multiples of `hours` (every 3: 0:00, 3:00, … 21:00),
 * each time such an hour happens on the clock: an hour the clocks skip has no run, an hour they repeat runs twice
 * when it is a slot. The others run once at their hour on the days they name: an hour the clocks skip runs when
 * the clocks resume (2:00 in New York's spring change runs at 3:00), a repeated one on its first occurrence, and a
 * monthly day past a month's end on its last day.
 */
export function nextRunAt(schedule: ScheduleRule & { paused?: boolean }, since: number, timeZone: string): number | null {
  if (schedule.paused) return null;
  switch (schedule.every) {
    case 'off':
      return null;
    case 'hours':
      return nextWholeHour(since, timeZone, (hour) => hour % schedule.hours === 0);
    case 'day':
      return nextDay(since, timeZone, schedule.atHour, () => true);
    case 'week':
      return nextDay(since, timeZone, schedule.atHour, (date) => isoWeekday(date) === schedule.weekday);
    case 'month':
      return nextDay(since, timeZone, schedule.atHour, (date) => date.day === Math.min(schedule.day, daysInMonth(date)));
  }
}

/** Whether a round at `now` runs this schedule. */
export function isScheduleDue(schedule: SyncSchedule, now: number, timeZone: string): boolean {
  const next = nextRunAt(schedule, schedule.since, timeZone);
  return next !== null && next <= now;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Every UTC offset in use is a multiple of 15 minutes, so every local whole hour is on one of these. */
const QUARTER_HOUR_MS = 15 * MINUTE_MS;
/** A sync's slots are at most a day apart (a day and the hours a DST change adds); a monthly one at most 31 days. */
const MAX_QUARTER_HOURS = 2 * 24 * 4;
const MAX_DAYS = 2 * 31;

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(epochMs: number, timeZone: string): number {
  const time = wallClock(epochMs, timeZone);
  const asUtc = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute);
  return Math.round((asUtc - Math.floor(epochMs / MINUTE_MS) * MINUTE_MS) / MINUTE_MS);
}

function nextWholeHour(since: number, timeZone: string, isSlot: (hour: number) => boolean): number {
  let candidate = Math.floor(since / QUARTER_HOUR_MS) * QUARTER_HOUR_MS + QUARTER_HOUR_MS;
  for (let step = 0; step < MAX_QUARTER_HOURS; step++, candidate += QUARTER_HOUR_MS) {
    const time = wallClock(candidate, timeZone);
    if (time.minute === 0 && isSlot(time.hour)) return candidate;
  }
  throw new Error(`No hourly slot within two days after ${new Date(since).toISOString()} in ${timeZone}.`);
}

function nextDay(since: number, timeZone: string, atHour: number, isRunDay: (date: CalendarDate) => boolean): number {
  const start = wallClock(since, timeZone);
  for (let days = 0; days < MAX_DAYS; days++) {
    const date = addDays(start, days);
    if (!isRunDay(date)) continue;
    const at = instantOf(date, atHour, timeZone);
    if (at > since) return at;
  }
  throw new Error(`No run day within ${MAX_DAYS} days after ${new Date(since).toISOString()} in ${timeZone}.`);
}

/**
 * The instant a day's hour names in the zone, as Java's ZonedDateTime (which Apps Script runs on) resolves it: the
 * earlier of two when the clocks repeat the hour, and the same distance past the gap when they skip it.
 */
function instantOf(date: CalendarDate, hour: number, timeZone: string): number {
  const asUtc = Date.UTC(date.year, date.month - 1, date.day, hour);
  const offsetBefore = offsetMinutes(asUtc - DAY_MS, timeZone);
  const offsetAfter = offsetMinutes(asUtc + DAY_MS, timeZone);
  const matching = [offsetBefore, offsetAfter]
    .map((offset) => asUtc - offset * MINUTE_MS)
    .filter((instant) => {
      const time = wallClock(instant, timeZone);
      return time.year === date.year && time.month === date.month && time.day === date.day && time.hour === hour && time.minute === 0;
    });
  return matching.length ? Math.min(...matching) : asUtc - offsetBefore * MINUTE_MS;
}

function addDays(date: CalendarDate, days: number): CalendarDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** 1 = Monday … 7 = Sunday. */
function isoWeekday(date: CalendarDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() || 7;
}

function daysInMonth(date: CalendarDate): number {
  return new Date(Date.UTC(date.year, date.month, 0)).getUTCDate();
}
