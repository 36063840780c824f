import { UserError } from './errors';

/**
 * Payments a sync leaves out of its table, and why: none is ever dropped without a word. A payment the provider
 * sent malformed is skipped (its row, if the sheet has one, stays as it was); one whose date cannot be read is left
 * out of a dated table. Both are counted in the sync's outcome and run log, with a few ids to look them up by.
 */

/** A payment the adapter could not read, and what was wrong with it. */
export interface SkippedPayment {
  id: string;
  reason: string;
}

/** What a run reports beside its row counts; a field is present only when something was left out. */
export interface LeftOut {
  /** Payments of a dated pull whose date could not be read: how many, and the first few ids. */
  undated?: { count: number; ids: string[] };
  /** Malformed payments skipped: how many, and the first few with their reasons. */
  skipped?: { count: number; payments: SkippedPayment[] };
}

/**
 * More malformed payments than this in one pull is not a stray bad record but a format we cannot read: the sync
 * fails rather than leave most of the table stale. Also bounds the list a job keeps in a document property.
 */
export const MAX_SKIPPED_PAYMENTS = 10;
/** Ids and reasons a report names: the run log lives in one 9 KB property, so a few, not all. */
const REPORTED_IDS = 3;
const REASON_MAX_CHARS = 160;

/** Adds a skipped payment to a pull's list (once per id: a page read again reports it again). */
export function addSkipped(list: SkippedPayment[], skip: SkippedPayment, providerLabel: string): void {
  const id = skip.id || '(no id)';
  if (list.some((known) => known.id === id)) return;
  list.push({ id, reason: skip.reason.slice(0, REASON_MAX_CHARS) });
  if (list.length > MAX_SKIPPED_PAYMENTS) {
    throw new UserError(
      `${providerLabel} sent more than ${MAX_SKIPPED_PAYMENTS} payments this add-on cannot read (the first: ${list[0].id}: ${list[0].reason}). ` +
        'The sheet keeps its data; please report this.',
    );
  }
}

/** The report of a run: only what was left out, a few ids each. */
export function leftOutReport(undatedIds: string[], skipped: SkippedPayment[]): LeftOut {
  return {
    ...(undatedIds.length ? { undated: { count: undatedIds.length, ids: undatedIds.slice(0, REPORTED_IDS) } } : {}),
    ...(skipped.length ? { skipped: { count: skipped.length, payments: skipped.slice(0, REPORTED_IDS) } } : {}),
  };
}

/** The LeftOut fields of a saved run, leaving out absent ones. */
export function leftOutOf(record: LeftOut): LeftOut {
  return { ...(record.undated ? { undated: record.undated } : {}), ...(record.skipped ? { skipped: record.skipped } : {}) };
}
