import { dayInZone, filterWindow, type DayKey } from './dates';
import type { Payment } from './payment';
import type { CompletePull } from './syncStore';
import { paymentKey } from './table';
import type { ExistingTable } from './userColumns';
import type { PaymentQuery, ProviderAdapter } from './adapter';

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

/**
 * Whether an incremental pull can fetch only what changed since an instant: the API filters by date, or lists newest
 * created first, so a walk can stop where the look-back ends (pageWalk.ts).
 */
export function fetchesSince(adapter: ProviderAdapter): boolean {
  return adapter.filtersByDate || (adapter.paging === 'numbered' && adapter.newestCreatedFirst === true);
}

/**
 * Which of the sheet's rows a complete fetch spoke for, so that one it did not return was deleted at the provider.
 * A full pull speaks for every row; a walk newest first (no date filter) for the rows created since its instant. An incremental one (every status, from an instant on) speaks for a row only
 * under every reading of the provider's date filter: its date and its created_at both lie in the window sent (the
 * filter reads one of them, or a field within the skew of them). A row of an undated status (Aura's pending, fetched
 * by its own undated walk) may have been given a date since, anywhere within the skew of its created_at, so that
 * whole span must lie in the window too. Rows of payments the pull skipped as malformed are never spoken for.
 */
export function fetchCoverage(
  adapter: ProviderAdapter,
  kind: 'full' | 'incremental',
  fetchQuery: PaymentQuery,
  skippedIds: ReadonlyArray<string>,
): (payment: Payment) => boolean {
  const skipped = new Set(skippedIds);
  const readings = adapter.dateFilter;
  if (kind === 'full') return (payment) => !skipped.has(payment.id);
  // Only a fetch of every status can tell a deleted payment from one whose status moved out of it.
  if (fetchQuery.statuses !== null) return () => false;
  if (adapter.paging === 'numbered' && adapter.newestCreatedFirst && fetchQuery.updatedSince !== undefined) {
    // A walk newest first read every page down to one older than `since` (or every page, when the order failed).
    const since = fetchQuery.updatedSince;
    return (payment) => !skipped.has(payment.id) && payment.created_at !== null && payment.created_at >= since;
  }
  if (!readings) return () => false;
  const window = filterWindow(fetchQuery, readings);
  const inside = (ms: number | null) =>
    ms !== null && (window.fromMs === null || ms >= window.fromMs) && (window.toMs === null || ms <= window.toMs);
  const undated = new Set(readings.undatedStatuses);
  return (payment) =>
    !skipped.has(payment.id) &&
    inside(payment.date) &&
    inside(payment.created_at) &&
    (!undated.has(payment.status) || (inside(payment.created_at! - readings.skewMs) && inside(payment.created_at! + readings.skewMs)));
}

/**
 * What the sheet had, with the freshly fetched payments replacing or joining them. A row the fetch `covered` (see
 * fetchCoverage) that did not come back was deleted at the provider and goes; any other row stays as the sheet has
 * it. A full pull covers every row but those of payments it had to skip.
 */
export function mergeIncremental(existing: ExistingTable, fetched: Payment[], covered: (payment: Payment) => boolean): Payment[] {
  const merged = new Map<string, Payment>();
  for (const [key, payment] of existing.paymentsByKey) {
    if (!covered(payment)) merged.set(key, payment);
  }
  for (const payment of fetched) merged.set(paymentKey(payment), payment);
  return [...merged.values()];
}
