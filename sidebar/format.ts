/**
 * How the sidebar words numbers, times and results. No DOM here, so it is unit-tested under node. `locale` and
 * `timeZone` default to the browser's; tests pass them explicitly.
 */
import { RANGE_LABELS } from '../src/core/ranges';
import { withoutSidebarDirections } from './messages';
import type { ConnectionSummary, KeptRows, RunRecord, SyncDefinition, SyncResult } from './server';

export interface LocaleOptions {
  locale?: string;
  timeZone?: string;
  /** The moment "today" is judged from; the current time unless given. */
  now?: number;
}

export function formatCount(value: number, locale?: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** "1 payment", "12,345 payments". */
export function countOf(value: number, noun: string, locale?: string): string {
  return `${formatCount(value, locale)} ${noun}${value === 1 ? '' : 's'}`;
}

/** "under 1 s", "42 s", "1 min 4 s", "2 h 5 min": rounded to the second, and no smaller unit than needed. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return 'under 1 s';
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`;
  return `${seconds} s`;
}

function calendarDay(at: number, timeZone?: string): string {
  // en-CA writes dates as YYYY-MM-DD, which compares as text.
  return new Date(at).toLocaleDateString('en-CA', { timeZone });
}

/** A moment in a list: the time alone for today, the day and time otherwise, the year only when it is not this one. */
export function formatWhen(at: number, { locale, timeZone, now = Date.now() }: LocaleOptions = {}): string {
  // One clock everywhere (the sidebar, the run log, the playground's page): 24-hour, in the spreadsheet's zone.
  const time: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit', hourCycle: 'h23', timeZone };
  if (calendarDay(at, timeZone) === calendarDay(now, timeZone)) return new Date(at).toLocaleTimeString(locale, time);
  const sameYear = calendarDay(at, timeZone).slice(0, 4) === calendarDay(now, timeZone).slice(0, 4);
  return new Date(at).toLocaleString(locale, { ...time, day: 'numeric', month: 'short', year: sameYear ? undefined : 'numeric' });
}

/** "3 Jun" (or "Jun 3", as the locale writes it); with the year when it is not this one. */
export function formatDay(at: number, { locale, timeZone, now = Date.now() }: LocaleOptions = {}): string {
  const sameYear = calendarDay(at, timeZone).slice(0, 4) === calendarDay(now, timeZone).slice(0, 4);
  return new Date(at).toLocaleDateString(locale, { day: 'numeric', month: 'short', year: sameYear ? undefined : 'numeric', timeZone });
}

/** A "YYYY-MM-DD" day as the locale writes it: "1 Mar 2026". */
export function formatDayKey(day: string, locale?: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** A saved sync's days: the preset's name, or the custom range's ends. */
export function rangeDescription(sync: Pick<SyncDefinition, 'range' | 'from' | 'to'>, locale?: string): string {
  if (sync.range !== 'custom') return rangeLabel(sync.range);
  if (sync.from && sync.to) return `${formatDayKey(sync.from, locale)} – ${formatDayKey(sync.to, locale)}`;
  if (sync.from) return `Since ${formatDayKey(sync.from, locale)}`;
  return sync.to ? `Until ${formatDayKey(sync.to, locale)}` : 'All time';
}

/** An hour of the day on the same 24-hour clock as every time the sidebar shows: "6:00", "18:00". */
export function formatHour(hour: number, locale?: string): string {
  return new Date(Date.UTC(2000, 0, 1, hour)).toLocaleTimeString(locale, {
    hour: 'numeric',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
  });
}

/**
 * A range preset's name, as a sync's name says it (the custom one as the choice that opens the date fields); one the
 * sidebar does not know yet is shown as the server calls it.
 */
export function rangeLabel(range: string): string {
  if (range === 'custom') return 'Custom…';
  return (RANGE_LABELS as Record<string, string>)[range] ?? range;
}

export function refreshLabel(hours: number): string {
  if (hours === 0) return 'Off';
  if (hours === 1) return 'Every hour';
  if (hours === 24) return 'Daily at…';
  return `Every ${hours} hours`;
}

export function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** null means every status. */
export function statusesLabel(statuses: readonly string[] | null): string {
  return statuses && statuses.length > 0 ? capitalize(statuses.join(', ')) : 'All statuses';
}

/** "12,300 payments fetched · 123 pages read…" while a sync continues; "12,300 of 40,000 payments …" when the total is known. */
export function progressMessage(result: Pick<SyncResult, 'fetched' | 'pages' | 'total'>, locale?: string): string {
  const fetched =
    progressShare(result) === null
      ? countOf(result.fetched, 'payment', locale)
      : `${formatCount(result.fetched, locale)} of ${countOf(result.total!, 'payment', locale)}`;
  return `${fetched} fetched · ${countOf(result.pages, 'page', locale)} read…`;
}

/** How far a continuing pull is, 0–1, when the server knows its total; null for a bar without an end. */
export function progressShare(result: Pick<SyncResult, 'fetched' | 'total'>): number | null {
  if (typeof result.total !== 'number' || !(result.total > 0)) return null;
  return Math.min(1, result.fetched / result.total);
}

/** "10 added · 2 updated · 0 removed": what a run changed, in words, for eyes and screen readers alike. */
export function changeCounts(counts: Pick<SyncResult, 'added' | 'updated' | 'removed'>, locale?: string): string {
  return `${formatCount(counts.added, locale)} added · ${formatCount(counts.updated, locale)} updated · ${formatCount(counts.removed, locale)} removed`;
}

/** A provider's name as its connection gives it; one the sidebar does not know is shown as the server calls it. */
export function providerLabel(connections: readonly ConnectionSummary[], provider: string): string {
  return connections.find((connection) => connection.provider === provider)?.label ?? provider;
}

/** "Uqualify · All time → Payments": which sync this is, in the words the form uses. */
export function syncLabel(
  sync: Pick<SyncDefinition, 'range' | 'from' | 'to' | 'sheetName'>,
  providerLabel: string,
  locale?: string,
): string {
  return `${providerLabel} · ${rangeDescription(sync, locale)} → ${sync.sheetName}`;
}

/**
 * A run that took rows out of the table is a warning, not a success: they may be payments the user still wanted
 * (another sync's rows, say, or a range that moved on).
 */
export function outcomeKind(counts: Pick<SyncResult, 'removed'>): 'ok' | 'warning' {
  return counts.removed > 0 ? 'warning' : 'ok';
}

/** "3 rows with your notes moved to “Payments · removed”", or "" when the run kept none. */
export function keptRowsMessage(kept: KeptRows, locale?: string): string {
  if (!kept.keptRemoved || !kept.keptSheetName) return '';
  return `${countOf(kept.keptRemoved, 'row', locale)} with your notes moved to “${kept.keptSheetName}”`;
}

/** "Synced 12,345 payments into “Aura” in 1 min 4 s: 120 added, 3 updated, 1 removed." and any rows kept. */
export function syncOutcomeMessage(result: SyncResult, locale?: string): string {
  const kept = keptRowsMessage(result, locale);
  const synced = `Synced ${countOf(result.rows, 'payment', locale)} into “${result.sheetName}” in ${formatDuration(result.durationMs)}: ${changeCounts(result, locale)}.`;
  return kept ? `${synced} ${kept}.` : synced;
}

/** How a finished run went, in a few words: "1,234 rows", "1,234 rows · 3,623 removed", "Failed: …", "Continuing…". */
export function runOutcome(run: RunRecord, locale?: string): string {
  switch (run.outcome) {
    case 'ok':
      return [
        countOf(run.rows, 'row', locale),
        run.removed > 0 && `${formatCount(run.removed, locale)} removed`,
        keptRowsMessage(run, locale),
      ]
        .filter(Boolean)
        .join(' · ');
    case 'continuing':
      return 'Still running…';
    case 'error':
      return `Failed: ${run.error ? withoutSidebarDirections(run.error) : 'no reason was recorded.'}`;
  }
}

/** The class a run's outcome line takes: failures in red, removals in amber. */
export function runOutcomeClass(run: RunRecord): 'error' | 'warning' | 'secondary' {
  if (run.outcome === 'error') return 'error';
  return run.outcome === 'ok' && outcomeKind(run) === 'warning' ? 'warning' : 'secondary';
}
