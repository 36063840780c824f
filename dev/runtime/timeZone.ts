/** Wall-clock fields of an instant in a time zone, and back: what formatDate, DATE() and daily triggers need. */

export interface CalendarDate {
  year: number;
  month: number; // 1-12
  day: number;
}

export interface ZonedTime extends CalendarDate {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday, as Date.getDay. */
  weekday: number;
  /** Minutes to add to UTC to get local time (+60 for BST). */
  offsetMinutes: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function fieldsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Like Java's TimeZone.getTimeZone, which Apps Script uses: an unknown zone ID silently means GMT. */
export function resolveTimeZone(timeZone: string): string {
  try {
    fieldsFormatter(timeZone);
    return timeZone;
  } catch {
    return 'GMT';
  }
}

export function toZoned(epochMs: number, timeZone: string): ZonedTime {
  const parts: Record<string, string> = {};
  for (const part of fieldsFormatter(timeZone).formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  const millisecond = ((epochMs % 1000) + 1000) % 1000;
  const fields = {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond,
  };
  const asUtc = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second, millisecond);
  return { ...fields, weekday: WEEKDAYS.indexOf(parts.weekday), offsetMinutes: Math.round((asUtc - epochMs) / MINUTE_MS) };
}

/** The instant a wall-clock time names in a zone. Out-of-range fields roll over (day 32 is the 1st of next month). */
export function fromZoned(time: CalendarDate & Partial<Pick<ZonedTime, 'hour' | 'minute' | 'second'>>, timeZone: string): number {
  const asUtc = Date.UTC(time.year, time.month - 1, time.day, time.hour ?? 0, time.minute ?? 0, time.second ?? 0);
  // The offset at the guess can differ from the offset at the answer around DST changes: correct once.
  const guess = asUtc - toZoned(asUtc, timeZone).offsetMinutes * MINUTE_MS;
  return asUtc - toZoned(guess, timeZone).offsetMinutes * MINUTE_MS;
}

/** The calendar date `days` after `date` (negative goes back). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** Local midnight of the day containing `epochMs`. */
export function startOfDay(epochMs: number, timeZone: string): number {
  return fromZoned(toZoned(epochMs, timeZone), timeZone);
}

export function shortZoneName(epochMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(new Date(epochMs));
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}

const SHEETS_EPOCH_UTC = Date.UTC(1899, 11, 30);

/** Sheets' date serial number: days (and fractions of a day) since 1899-12-30, local wall-clock time. */
export function toSheetsSerial(epochMs: number, timeZone: string): number {
  const time = toZoned(epochMs, timeZone);
  const wallClock = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second, time.millisecond);
  return (wallClock - SHEETS_EPOCH_UTC) / DAY_MS;
}

export function fromSheetsSerial(serial: number, timeZone: string): number {
  const days = Math.floor(serial);
  return fromZoned({ year: 1899, month: 12, day: 30 + days }, timeZone) + Math.round((serial - days) * DAY_MS);
}
