/**
 * The "Sync to a sheet" form as plain values: turning them into the server's request (checked first, so a slip is
 * pointed at its field before any round trip) and back from a saved sync for Edit. No DOM here.
 */
import type { SyncDefinition, SyncRequest } from './server';

export interface SyncFormValues {
  provider: string;
  /** The checked statuses; none checked means every status. */
  statuses: string[];
  range: string;
  /** "YYYY-MM-DD" or "", only read when range is "custom". */
  from: string;
  to: string;
  sheetName: string;
  full: boolean;
  /** The saved sync Edit mode changes, so a new sheet name moves that sync instead of adding another; null otherwise. */
  syncId: string | null;
}

export type SyncFormField = Exclude<keyof SyncFormValues, 'syncId'>;

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string; field: SyncFormField };

/**
 * "Aura payments", or "Aura payments 2" and on when saved syncs already write those: a sheet belongs to one sync, so
 * suggesting one of theirs would only be refused.
 */
export function defaultSheetName(providerLabel: string, takenSheets: readonly string[] = []): string {
  const taken = new Set(takenSheets.map((name) => name.toLowerCase()));
  const base = `${providerLabel} payments`;
  let name = base;
  for (let number = 2; taken.has(name.toLowerCase()); number++) name = `${base} ${number}`;
  return name;
}

/** A real calendar day written YYYY-MM-DD, which is what <input type="date"> gives and the server takes. */
export function isDayKey(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A custom range needs at least one end; an empty end is open. */
export function checkCustomDates(from: string, to: string): Checked<{ from?: string; to?: string }> {
  const start = from.trim();
  const end = to.trim();
  if (!start && !end) return { ok: false, error: 'Choose a start date, an end date or both for a custom range.', field: 'from' };
  if (start && !isDayKey(start)) return { ok: false, error: `“${start}” is not a date: pick one or type it as YYYY-MM-DD.`, field: 'from' };
  if (end && !isDayKey(end)) return { ok: false, error: `“${end}” is not a date: pick one or type it as YYYY-MM-DD.`, field: 'to' };
  if (start && end && start > end) return { ok: false, error: `The start date (${start}) is after the end date (${end}).`, field: 'from' };
  return { ok: true, value: { ...(start && { from: start }), ...(end && { to: end }) } };
}

/**
 * The request for syncPayments(). Every status checked means the same as none: all of them, sent as "" so the saved
 * sync keeps following every status.
 */
export function buildSyncRequest(values: SyncFormValues, allStatuses: readonly string[]): Checked<SyncRequest> {
  if (!values.provider) return { ok: false, error: 'Choose a provider to sync from.', field: 'provider' };
  const sheetName = values.sheetName.trim();
  if (!sheetName) return { ok: false, error: 'Give the sheet to sync into a name.', field: 'sheetName' };
  const everyStatus = values.statuses.length === 0 || allStatuses.every((status) => values.statuses.includes(status));
  const request: SyncRequest = {
    provider: values.provider,
    status: everyStatus ? '' : values.statuses.join(','),
    range: values.range,
    sheetName,
    full: values.full,
    ...(values.syncId ? { syncId: values.syncId } : {}),
  };
  if (values.range !== 'custom') return { ok: true, value: request };
  const dates = checkCustomDates(values.from, values.to);
  return dates.ok ? { ok: true, value: { ...request, ...dates.value } } : dates;
}

/** What Edit puts in the form: the saved sync as it is, run incrementally unless the user asks for a full refresh. */
export function formValuesOf(sync: SyncDefinition): SyncFormValues {
  return {
    provider: sync.provider,
    statuses: sync.statuses ?? [],
    range: sync.range,
    from: sync.from ?? '',
    to: sync.to ?? '',
    sheetName: sync.sheetName,
    full: false,
    syncId: sync.id,
  };
}

/**
 * The saved sync that writes into a sheet, other than the one being edited: the server refuses a sheet that belongs
 * to another sync, and its message cannot say which one over google.script.run, so the sidebar looks it up by name.
 * Sheet names match as Sheets matches them, ignoring case.
 */
export function sheetOwner(
  syncs: readonly SyncDefinition[],
  sheetName: string,
  editingSyncId: string | null | undefined,
): SyncDefinition | null {
  const wanted = sheetName.trim().toLowerCase();
  return syncs.find((sync) => sync.id !== editingSyncId && sync.sheetName.toLowerCase() === wanted) ?? null;
}
