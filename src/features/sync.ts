import { TimeBudget } from '../core/budget';
import { loadConnection, notConnected, requireConnection } from '../core/connections';
import type { DayKey } from '../core/dates';
import { isDailyQuotaError, SyncBusyError, UserError } from '../core/errors';
import { fetchAllPages } from '../core/pageWalk';
import { compactToPayment, paymentToCompact, type Payment } from '../core/payment';
import { openWalk } from '../core/pull';
import { incrementalSince } from '../core/incremental';
import { buildQuery, selectPayments } from '../core/query';
import { parseRangePreset, resolveRange, todayIn } from '../core/ranges';
import {
  appendRunLog, deleteJob, findSync, findSyncBySheet, loadJob, NO_ROWS, saveJob, saveSync, syncSignature,
  type CompletePull, type RowCounts, type RunRecord, type RunTrigger, type SyncDefinition, type SyncJob,
} from '../core/syncStore';
import { mergeIncremental, planTable, readExistingTable, type TablePlan } from '../core/table';
import type { SheetTable, SpreadsheetPlatform } from '../platform/types';
import { PROVIDERS } from '../providers/registry';
import type { Connection, PaymentQuery } from '../providers/types';
import { settleTrigger } from './trigger';

export interface SyncRequest {
  provider: string;
  status?: string;
  from?: string;
  to?: string;
  /** A preset (this_month, last_month, …, all_time) or "custom" for from/to. */
  range?: string;
  sheetName: string;
  /** Pull everything again instead of only what changed since the last sync. */
  full?: boolean;
  /** The saved sync an Edit changes (its sheet may change too); without it, the sheet's own sync, if any. */
  syncId?: string;
}

export interface SyncResult extends RowCounts {
  syncId: string;
  sheetName: string;
  status: 'done' | 'continuing';
  kind: 'full' | 'incremental';
  durationMs: number;
  /** While continuing: payments fetched so far and pages read. */
  fetched: number;
  pages: number;
}

export const DEFAULT_LOOKBACK_DAYS = 7;
const LOOKBACK_KEY = 'payments.lookbackDays';
const LOCK_WAIT_MS = { manual: 10_000, scheduled: 60_000 } as const;
/** A cell holds 50,000 characters. */
const STAGED_CELL_MAX_CHARS = 45_000;
const SHEET_NAME_MAX = 100;
/** A pull that reads nothing in this many executions running gives up instead of continuing for ever. */
const MAX_STALLED_EXECUTIONS = 3;

export function lookbackDays(platform: SpreadsheetPlatform): number {
  const stored = platform.documentStore.get(LOOKBACK_KEY);
  return stored === null ? DEFAULT_LOOKBACK_DAYS : Number(stored);
}

export function setLookbackDays(platform: SpreadsheetPlatform, days: unknown): number {
  const value = Number(days);
  if (!Number.isInteger(value) || value < 0 || value > 365) {
    throw new UserError('The look-back window must be a whole number of days from 0 to 365.');
  }
  platform.documentStore.set(LOOKBACK_KEY, String(value));
  return value;
}

function newSyncId(): string {
  return `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

function stagingSheetName(sync: SyncDefinition): string {
  return `Payments Sync staging ${sync.id}`;
}

/**
 * Checks a sync request and turns it into a definition (reusing the sheet's existing one), before any pull. Not
 * saved: syncPayments saves it under the lock, so an edit never lands under a run of the old definition.
 */
export function defineSync(platform: SpreadsheetPlatform, request: SyncRequest): SyncDefinition {
  if (!request || typeof request !== 'object') throw new UserError('Nothing to sync: choose a provider and a sheet.');
  const requestedName = typeof request.sheetName === 'string' ? request.sheetName.trim() : '';
  if (!requestedName) throw new UserError('Give the sheet to sync into a name.');
  if (requestedName.length > SHEET_NAME_MAX || /[[\]*?/\\:]/.test(requestedName) || requestedName.toLowerCase().startsWith('payments sync staging')) {
    throw new UserError(`"${requestedName}" cannot be a sheet name here: use up to ${SHEET_NAME_MAX} characters without [ ] * ? / \\ :.`);
  }
  const range = parseRangePreset(request.range);
  const { adapter, query } = buildQuery(request.provider, request.status ?? '', request.from ?? '', request.to ?? '', platform.timeZone());
  requireConnection(platform.userStore, adapter);
  const existing =
    typeof request.syncId === 'string' && request.syncId !== ''
      ? editedSync(platform, request.syncId, requestedName)
      : findSyncBySheet(platform.documentStore, requestedName);
  const sheet = platform.workbook.sheet(requestedName);
  // One sheet, one spelling: "payments" is the existing "Payments".
  const sheetName = sheet?.name() ?? (existing && existing.sheetName.toLowerCase() === requestedName.toLowerCase() ? existing.sheetName : requestedName);
  const newSheet = !existing || existing.sheetName.toLowerCase() !== sheetName.toLowerCase();
  if (newSheet && sheet) readExistingTable(sheetName, sheet.readValues().slice(0, 1), () => []);
  const definition: SyncDefinition = {
    id: existing?.id ?? newSyncId(),
    sheetName,
    provider: adapter.id,
    statuses: query.statuses,
    range,
    from: range === 'custom' ? query.from : null,
    to: range === 'custom' ? query.to : null,
    createdAt: existing?.createdAt ?? platform.clock.now(),
    owner: platform.userEmail(),
    lastPull: existing?.lastPull ?? null,
    lastRun: existing?.lastRun ?? null,
  };
  // A changed query makes the old rows a different table: the next pull is a full one.
  if (existing && syncSignature(existing) !== syncSignature(definition)) definition.lastPull = null;
  return definition;
}

/** The saved sync an Edit changes; moving it into a sheet that another sync writes would make two syncs fight over it. */
function editedSync(platform: SpreadsheetPlatform, syncId: string, sheetName: string): SyncDefinition {
  const edited = findSync(platform.documentStore, syncId);
  if (!edited) throw new UserError('The sync being edited no longer exists; it may have been deleted. Reopen the sidebar.');
  const other = findSyncBySheet(platform.documentStore, sheetName);
  if (other && other.id !== edited.id) {
    throw new UserError(`Another saved sync already writes into "${other.sheetName}": pick another sheet, or edit that sync instead.`);
  }
  return edited;
}

/** Holds the spreadsheet's lock for the run, so two runs never write the same sheet at once. */
export function withSyncLock<T>(platform: SpreadsheetPlatform, trigger: RunTrigger, work: () => T): T {
  const outcome = platform.locks.withDocumentLock(LOCK_WAIT_MS[trigger], work);
  if (!outcome.acquired) {
    throw new SyncBusyError('Another sync is running in this spreadsheet right now (a scheduled refresh, or another person\'s). Try again in a minute.');
  }
  return outcome.result;
}

function windowFor(platform: SpreadsheetPlatform, sync: SyncDefinition): { from: DayKey | null; to: DayKey | null } {
  return resolveRange(sync.range, todayIn(platform.clock.now(), platform.timeZone()), { from: sync.from, to: sync.to });
}

function startJob(platform: SpreadsheetPlatform, sync: SyncDefinition, trigger: RunTrigger, full: boolean): SyncJob {
  const window = windowFor(platform, sync);
  const canIncrement = !full && PROVIDERS[sync.provider].filtersByDate && platform.workbook.sheet(sync.sheetName) !== null;
  const since = canIncrement ? incrementalSince(sync.lastPull, window, lookbackDays(platform), platform.timeZone()) : null;
  return {
    syncId: sync.id,
    signature: syncSignature(sync),
    runBy: platform.userEmail(),
    connectionId: null,
    ...window,
    kind: since === null ? 'full' : 'incremental',
    updatedSince: since,
    position: null,
    stagedRows: 0,
    fetched: 0,
    startedAt: platform.clock.now(),
    executions: 0,
    stalledExecutions: 0,
    trigger,
  };
}

/** Queues a sync for the round that is starting, unless this user is already part way through pulling it. */
export function queueSync(platform: SpreadsheetPlatform, sync: SyncDefinition, trigger: RunTrigger): void {
  const job = loadJob(platform.documentStore, sync.id);
  if (job?.runBy === platform.userEmail()) return;
  // Someone else's pull of this sync (a sidebar they closed, say) gives way to its owner's schedule.
  if (job) discardJob(platform, sync);
  saveJob(platform.documentStore, startJob(platform, sync, trigger, false));
}

function stage(platform: SpreadsheetPlatform, sync: SyncDefinition, job: SyncJob, payments: Payment[]): void {
  if (payments.length === 0) return;
  const name = stagingSheetName(sync);
  const sheet = platform.workbook.sheet(name) ?? platform.workbook.createSheet(name, { hidden: true });
  const cells = packIntoCells(payments.map((payment) => JSON.stringify(paymentToCompact(payment))));
  sheet.ensureSize(job.stagedRows + cells.length, 1);
  // Rows past stagedRows are left from an execution killed before its checkpoint: overwrite them.
  sheet.writeValues(job.stagedRows + 1, 1, cells);
  job.stagedRows += cells.length;
}

/** JSON arrays of staged payments, each cell under a cell's character limit however long the provider's text. */
function packIntoCells(encoded: string[]): string[][] {
  const cells: string[][] = [];
  let batch: string[] = [];
  let length = 2;
  for (const item of encoded) {
    if (batch.length > 0 && length + item.length + 1 > STAGED_CELL_MAX_CHARS) {
      cells.push([`[${batch.join(',')}]`]);
      batch = [];
      length = 2;
    }
    batch.push(item);
    length += item.length + 1;
  }
  if (batch.length > 0) cells.push([`[${batch.join(',')}]`]);
  return cells;
}

function readStaged(platform: SpreadsheetPlatform, sync: SyncDefinition, job: SyncJob): Payment[] {
  if (job.stagedRows === 0) return [];
  const sheet = platform.workbook.sheet(stagingSheetName(sync));
  if (!sheet) throw new UserError(`The staging sheet of the sync into "${sync.sheetName}" was deleted mid-pull. Run the sync again.`);
  const payments: Payment[] = [];
  for (const [cell] of sheet.readValues().slice(0, job.stagedRows)) {
    for (const values of JSON.parse(String(cell)) as unknown[][]) payments.push(compactToPayment(values));
  }
  return payments;
}

export function discardJob(platform: SpreadsheetPlatform, sync: SyncDefinition): void {
  deleteJob(platform.documentStore, sync.id);
  platform.workbook.deleteSheet(stagingSheetName(sync));
}

function writeTable(sheet: SheetTable, plan: TablePlan): void {
  const width = plan.values[0].length;
  sheet.ensureSize(plan.values.length, width);
  sheet.writeValues(1, 1, plan.values);
  for (const block of plan.formatBlocks) {
    if (block.formats.length) sheet.writeNumberFormats(2, block.column, block.formats);
  }
  if (plan.rowsToClear > 0) sheet.clearContent(plan.values.length + 1, 1, plan.rowsToClear, width);
  sheet.styleHeader(width);
}

/** Saves the run on the sync (re-read: the sidebar may have edited it meanwhile) and in the run log. */
function recordRun(platform: SpreadsheetPlatform, sync: SyncDefinition, record: RunRecord, completePull?: { pull: CompletePull; signature: string }): void {
  const fresh = findSync(platform.documentStore, sync.id) ?? sync;
  fresh.lastRun = record;
  // A definition edited since the pull started needs its own full pull: this one's rows are the old query's.
  if (completePull && syncSignature(fresh) === completePull.signature) fresh.lastPull = completePull.pull;
  saveSync(platform.documentStore, fresh);
  if (record.outcome !== 'continuing') appendRunLog(platform.documentStore, record);
}

/**
 * Runs (or continues) one sync in this execution. The target sheet is only written once the whole pull has
 * succeeded; until then fetched payments are staged in a hidden sheet and the position checkpointed, so a pull
 * longer than one execution continues in the next with nothing lost and nothing twice.
 */
export function runSync(
  platform: SpreadsheetPlatform,
  sync: SyncDefinition,
  trigger: RunTrigger,
  full = false,
  executionStart = platform.clock.now(),
): SyncResult {
  const adapter = PROVIDERS[sync.provider];
  const connection = loadConnection(platform.userStore, sync.provider);
  let job = loadJob(platform.documentStore, sync.id);
  if (job && !canResume(platform, sync, job, full, connection)) {
    discardJob(platform, sync);
    job = null;
  }
  job ??= startJob(platform, sync, trigger, full);
  job.executions += 1;
  const base = { syncId: sync.id, sheetName: sync.sheetName, kind: job.kind };
  try {
    if (!connection) throw notConnected(adapter);
    job.connectionId = connection.id;
    const query: PaymentQuery = { provider: sync.provider, statuses: sync.statuses, from: job.from, to: job.to, timeZone: platform.timeZone() };
    // An incremental pull fetches every status: a payment that changed status must leave or join the table.
    const fetchQuery: PaymentQuery =
      job.kind === 'incremental' ? { ...query, statuses: null, updatedSince: job.updatedSince ?? undefined } : query;
    const walk = openWalk(platform, adapter, connection, fetchQuery, TimeBudget.forExecution(platform.clock, executionStart));
    const fetched: Payment[] = [];
    const result = fetchAllPages(walk, job.position, (payments) => fetched.push(...payments));
    if (!result.complete) {
      const readPages = result.position.pagesRead > (job.position?.pagesRead ?? 0);
      job.stalledExecutions = readPages ? 0 : job.stalledExecutions + 1;
      if (job.stalledExecutions >= MAX_STALLED_EXECUTIONS) {
        throw new UserError(
          `${adapter.label} could not be read in ${MAX_STALLED_EXECUTIONS} executions in a row (${result.stoppedBecause ?? 'no time for a request'}). ` +
            'The sheet keeps its data; try again later.',
        );
      }
      stage(platform, sync, job, fetched);
      job.position = result.position;
      job.fetched += fetched.length;
      saveJob(platform.documentStore, job);
      recordRun(platform, sync, { ...runRecordBase(sync, job, trigger, platform), outcome: 'continuing', ...NO_ROWS });
      return {
        ...base, status: 'continuing', ...NO_ROWS, durationMs: platform.clock.now() - job.startedAt,
        fetched: job.fetched, pages: result.position.pagesRead,
      };
    }
    const all = [...readStaged(platform, sync, job), ...fetched];
    const sheet = platform.workbook.sheet(sync.sheetName) ?? platform.workbook.createSheet(sync.sheetName);
    const existing = readExistingTable(sync.sheetName, sheet.readValues(), (rows, column, columns) => sheet.readFormulas(rows, column, columns));
    if (job.kind === 'incremental' && existing.paymentsByKey.size !== sync.lastPull?.rows) {
      // The sheet is not the table the last pull left (rows deleted, the sheet emptied): only a full pull rebuilds it.
      discardJob(platform, sync);
    } else {
      const payments =
        job.kind === 'incremental' ? selectPayments(mergeIncremental(existing, all, job.updatedSince!), query) : selectPayments(all, query);
      const plan = planTable(existing, payments, (ms) => new Date(ms));
      writeTable(sheet, plan);
      discardJob(platform, sync);
      const counts = { rows: payments.length, added: plan.added, updated: plan.updated, removed: plan.removed };
      const pull: CompletePull = { startedAt: job.startedAt, from: job.from, to: job.to, rows: payments.length };
      recordRun(platform, sync, { ...runRecordBase(sync, job, trigger, platform), outcome: 'ok', ...counts }, { pull, signature: job.signature });
      return { ...base, status: 'done', ...counts, durationMs: platform.clock.now() - job.startedAt, fetched: all.length, pages: result.position.pagesRead };
    }
  } catch (error) {
    // A failed pull is over: the sheet keeps its data, and nothing retries it until the next run is asked for. Only
    // the daily UrlFetch quota passes by itself: the pull keeps its staged rows and checkpoint for after the reset.
    if (isDailyQuotaError(error)) saveJob(platform.documentStore, job);
    else discardJob(platform, sync);
    const message = error instanceof Error ? error.message : String(error);
    recordRun(platform, sync, {
      ...runRecordBase(sync, job, trigger, platform), outcome: 'error', ...NO_ROWS, error: message.slice(0, 300),
    });
    throw error;
  }
  // Outside the try: the full pull records its own outcome, once.
  return runSync(platform, sync, trigger, true, executionStart);
}

/**
 * A pull part way through goes on only for the same query, person and saved connection: staged rows from one
 * account must never join another's, and a full refresh asked for replaces an incremental one.
 */
function canResume(platform: SpreadsheetPlatform, sync: SyncDefinition, job: SyncJob, full: boolean, connection: Connection | null): boolean {
  return (
    job.signature === syncSignature(sync) &&
    !(full && job.kind === 'incremental') &&
    job.runBy === platform.userEmail() &&
    (job.connectionId === null || job.connectionId === connection?.id)
  );
}

function runRecordBase(sync: SyncDefinition, job: SyncJob, trigger: RunTrigger, platform: SpreadsheetPlatform) {
  return {
    syncId: sync.id,
    sheetName: sync.sheetName,
    at: platform.clock.now(),
    trigger,
    kind: job.kind,
    durationMs: platform.clock.now() - job.startedAt,
  };
}

/**
 * A run asked for in the sidebar, under the lock. A pull left part way gets the user's continuation trigger, so it
 * still finishes if the sidebar is closed; a finished one gives the trigger back to the schedule.
 */
export function runManually(platform: SpreadsheetPlatform, sync: () => SyncDefinition, full: boolean): SyncResult {
  try {
    return withSyncLock(platform, 'manual', () => runSync(platform, sync(), 'manual', full));
  } finally {
    settleTrigger(platform);
  }
}

/** syncPayments(): define (or update) a sync and run it now; the request is checked before waiting for the lock. */
export function syncPayments(platform: SpreadsheetPlatform, request: SyncRequest): SyncResult {
  defineSync(platform, request);
  return runManually(
    platform,
    () => {
      const definition = defineSync(platform, request);
      saveSync(platform.documentStore, definition);
      return definition;
    },
    Boolean(request.full),
  );
}

/**
 * The sidebar's "Sync now" calls this again while a sync reports "continuing". The continuation trigger may be
 * carrying the same pull meanwhile: while it holds the lock this reports the progress so far, and once it has
 * finished this reports how that run ended rather than starting another.
 */
export function continueSync(platform: SpreadsheetPlatform, syncId: string): SyncResult {
  const sync = findSync(platform.documentStore, syncId);
  if (!sync) throw new UserError('That sync no longer exists; it may have been deleted from the sidebar.');
  try {
    return withSyncLock(platform, 'manual', () => {
      const job = loadJob(platform.documentStore, sync.id);
      if (job && job.runBy === platform.userEmail()) return runSync(platform, sync, 'manual');
      if (job) throw new UserError(`${job.runBy} is running the sync into "${sync.sheetName}" now, with their own connection; it finishes on their side.`);
      return lastOutcome(platform, sync);
    });
  } catch (error) {
    if (!(error instanceof SyncBusyError)) throw error;
    return progress(platform, sync);
  } finally {
    settleTrigger(platform);
  }
}

function lastOutcome(platform: SpreadsheetPlatform, sync: SyncDefinition): SyncResult {
  const run = findSync(platform.documentStore, sync.id)?.lastRun;
  if (!run || run.outcome === 'continuing') throw new UserError(`The sync into "${sync.sheetName}" is not running. Run it again.`);
  if (run.outcome === 'error') throw new UserError(run.error ?? `The sync into "${sync.sheetName}" failed. Run it again.`);
  return {
    syncId: sync.id, sheetName: sync.sheetName, status: 'done', kind: run.kind, rows: run.rows, added: run.added,
    updated: run.updated, removed: run.removed, durationMs: run.durationMs, fetched: run.rows, pages: 0,
  };
}

function progress(platform: SpreadsheetPlatform, sync: SyncDefinition): SyncResult {
  const job = loadJob(platform.documentStore, sync.id);
  return {
    syncId: sync.id, sheetName: sync.sheetName, status: 'continuing', kind: job?.kind ?? 'full', ...NO_ROWS,
    durationMs: job ? platform.clock.now() - job.startedAt : 0, fetched: job?.fetched ?? 0, pages: job?.position?.pagesRead ?? 0,
  };
}
