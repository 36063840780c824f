import { dayInZone, type DayKey } from './dates';
import type { CompletePull } from './syncStore';

const DAY_MS = 86_400_000;

/**
 * The instant an incremental refresh may fetch from, or null when only a full pull gives the right table.
 * An incremental pull fetches the days from (last pull's start − look-back) on and takes the window's earlier days
 * from the sheet, so the last pull must have covered those days: a "last month" sync after the month turns, or a
 * window that ended before the look-back, needs a full pull.
 */
export function incrementalSince(
  last: CompletePull | null,
  window: { from: DayKey | null; to: DayKey | null },
  lookbackDays: number,
  timeZone: string,
): number | null {
  if (!last) return null;
  const since = last.startedAt - lookbackDays * DAY_MS;
  const sinceDay = dayInZone(since, timeZone);
  if (window.to !== null && window.to < sinceDay) return null;
  // A window starting after the look-back day is fetched whole; one starting on that day needs the day's early hours.
  if (window.from !== null && window.from > sinceDay) return since;
  const coversStart = last.from === null || (window.from !== null && last.from <= window.from);
  const coversUpToSince = last.to === null || last.to >= sinceDay;
  return coversStart && coversUpToSince ? since : null;
}
