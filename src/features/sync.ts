/**
 * Running a sync: pull (or continue pulling) its payments, then switch its sheet to the new table. The target sheet
 * is only touched once every payment is staged; the job is saved and the continuation trigger armed before the
 * switch starts, so a switch that Google kills, or one that needs a fresh execution, is finished by the next one.
 */
import { TimeBudget } from '../core/budget';
import { accountOfRow, type Source } from '../core/connections';
import { dayInZone } from '../core/dates';
import { isDailyQuotaError, SyncBusyError, UserError } from '../core/errors';
import { fetchAllPages, type WalkPosition } from '../core/pageWalk';
import { namedBySource, openWalk } from '../core/pull';
import { fetchCoverage, mergeIncremental } from '../core/incremental';
import { addSkipped, leftOutOf, leftOutReport, type LeftOut } from '../core/leftOut';
import { FILTER_COLUMNS, matchesFilters, selectAndReport, type QueryFilters } from '../core/query';
import {
  appendRunLog,
  findSync,
  loadJob,
  NO_ROWS,
  saveJob,
  saveSync,
  syncSignature,
  type CompletePull,
  type RowCounts,
  type RunOrigin,
  type RunRecord,
  type SyncDefinition,
  type SyncJob,
} from '../core/syncStore';
import type { Column, Payment } from '../core/payment';
import { fitPaymentTexts, sameColumns, syncColumns } from '../core/table';
import { estimateSwitchMs, planAppend, planLayout, type TableLayout } from '../core/tableLayout';
import { readExistingTable, type ExistingTable } from '../core/userColumns';
import { assertTableFits, newSheetColumns } from '../core/workbookRoom';
import type { SheetTable, SpreadsheetPlatform } from '../platform/types';
import type { PaymentQuery, ProviderAdapter } from '../core/adapter';
import { defineSync, spansSeveral, syncLabel, type SyncRequest } from './syncDefinition';
import { accountsRead, canResume, discardJob, readStaged, stage, startJob, syncSources } from './syncJob';
import { clearOrderColumn, journalFor, migrateColumns, removedSheetName, restoreFeeders, switchTable } from './tableSwitch';
import { writeSummarySheet } from './summarySheet';
import { settleTrigger } from './trigger';

export interface SyncResult extends RowCounts, LeftOut {
  syncId: string;
  sheetName: string;
  status: 'done' | 'continuing';
  kind: 'full' | 'incremental';
  durationMs: number;
  /** While continuing: payments fetched so far and pages read. */
  fetched: number;
  pages: number;
  /** While continuing, when the provider reports it (numbered pages' total count): payments the account's walk will read. */
  total?: number;
  /** Where removed rows holding the user's cells went, when there were any. */
  keptSheetName?: string;
  /** The columns it writes, in order, kept ones included (every result of this server has them). */
  columns?: Column[];
  /** Of those, the ones it keeps though they were not chosen, to match rows to payments; absent when none. */
  keptColumns?: Column[];
}

const LOCK_WAIT_MS = { manual: 10_000, scheduled: 60_000 } as const;
/** A pull that reads nothing in this many executions running gives up instead of continuing for ever. */
const MAX_STALLED_EXECUTIONS = 3;
/** A switch started this many times without finishing is too big for an execution: stop and say so. */
const MAX_SWITCH_ATTEMPTS = 3;
/** Names of cut texts kept for the outcome; the count goes on past them. */
const MAX_CUT_NAMES = 10;

/** Holds the spreadsheet's lock for the run, so two runs never write the same sheet at once. */
export function withSyncLock<T>(platform: SpreadsheetPlatform, origin: RunOrigin, work: () => T): T {
  const outcome = platform.locks.withDocumentLock(LOCK_WAIT_MS[origin], work);
  if (!outcome.acquired) {
    throw new SyncBusyError(
      "Another sync is running in this spreadsheet right now (a scheduled refresh, or another person's). Try again in a minute.",
    );
  }
  return outcome.result;
}

/** The one constructor of a sync's result. */
function syncResult(
  platform: SpreadsheetPlatform,
  sync: SyncDefinition,
  job: Pick<SyncJob, 'kind' | 'startedAt'> | null,
  status: SyncResult['status'],
  counts: RowCounts,
  progress: { fetched: number; pages: number },
): SyncResult {
  return {
    syncId: sync.id,
    sheetName: sync.sheetName,
    status,
    kind: job?.kind ?? 'full',
    ...counts,
    durationMs: job ? platform.clock.now() - job.startedAt : 0,
    ...progress,
    ...((counts.keptRemoved ?? 0) > 0 ? { keptSheetName: removedSheetName(sync.sheetName) } : {}),
    ...shapeOf(sync),
  };
}

/** The columns a sync writes, and the ones it keeps to match rows, as its result says them. */
function shapeOf(sync: SyncDefinition): Pick<SyncResult, 'columns' | 'keptColumns'> {
  const { columns, kept } = tableColumns(sync);
  return { columns, ...(kept.length > 0 && { keptColumns: kept }) };
}

function tableColumns(sync: SyncDefinition) {
  return syncColumns(sync.columns, spansSeveral(sync));
}

/**
 * An incremental pull merges with the sheet's own rows, whose coverage, statuses and filters are read from their
 * cells: a table without those columns, or an append (which pulls in full by definition), pulls in full.
 */
function pullsInFull(sync: SyncDefinition): boolean {
  const { columns } = tableColumns(sync);
  const read: readonly Column[] = ['date', 'created_at', 'status', ...(sync.filters ? FILTER_COLUMNS : [])];
  return sync.mode === 'append' || !read.every((column) => columns.includes(column));
}

/** Saves the run on the sync (re-read: the sidebar may have edited it meanwhile) and in the run log. */
function recordRun(
  platform: SpreadsheetPlatform,
  sync: SyncDefinition,
  record: RunRecord,
  completePull?: { pull: CompletePull; signature: string },
): void {
  const fresh = findSync(platform.documentStore, sync.id) ?? sync;
  fresh.lastRun = record;
  // A definition edited since the pull started needs its own full pull: this one's rows are the old query's.
  if (completePull && syncSignature(fresh) === completePull.signature) fresh.lastPull = completePull.pull;
  saveSync(platform.documentStore, fresh);
  if (record.outcome !== 'continuing') appendRunLog(platform.documentStore, record);
}

function runRecord(
  platform: SpreadsheetPlatform,
  sync: SyncDefinition,
  job: SyncJob,
  origin: RunOrigin,
  outcome: RunRecord['outcome'],
  counts: RowCounts,
) {
  return {
    syncId: sync.id,
    sheetName: sync.sheetName,
    at: platform.clock.now(),
    trigger: origin,
    kind: job.kind,
    durationMs: platform.clock.now() - job.startedAt,
    outcome,
    ...counts,
  };
}

/** Provider texts too long for a cell are cut where they are fetched, so staging, caches and the sheet agree. */
function fitted(payments: Payment[], job: SyncJob): Payment[] {
  return payments.map((payment) => {
    const { payment: fit, cut } = fitPaymentTexts(payment);
    for (const column of cut) {
      job.cutCount = (job.cutCount ?? 0) + 1;
      if ((job.cut ??= []).length < MAX_CUT_NAMES) job.cut.push(`${payment.id} (${column})`);
    }
    return fit;
  });
}

/** The cut texts for the outcome: a few names, then how many more. */
function cutNames(job: SyncJob): string[] {
  const names = job.cut ?? [];
  const more = (job.cutCount ?? 0) - names.length;
  return more > 0 ? [...names, `and ${more} more`] : names;
}

type PullOutcome = { complete: true } | { complete: false; result: SyncResult };

/**
 * Reads pages until every account's walk ends or the execution's time does, the accounts one after another (the job
 * checkpoints which one, and where in its walk); every payment read is staged before returning.
 */
function pull(
  platform: SpreadsheetPlatform,
  sync: SyncDefinition,
  job: SyncJob,
  sources: Source[],
  budget: TimeBudget,
  origin: RunOrigin,
): PullOutcome {
  for (let index = job.source ?? 0; index < sources.length; index++) {
    const source = sources[index];
    let walked: { complete: boolean; stoppedBecause?: string; readPages: boolean };
    try {
      walked = pullSource(platform, sync, job, source, budget);
    } catch (error) {
      throw namedBySource(error, source, sources);
    }
    if (!walked.complete) return pullContinues(platform, sync, job, source, origin, walked);
    if (index + 1 < sources.length) {
      job.source = index + 1;
      job.position = null;
    }
  }
  markFinalStep(platform, job);
  return { complete: true };
}

/** One account's walk, from the job's position on, staged as far as it got. */
function pullSource(platform: SpreadsheetPlatform, sync: SyncDefinition, job: SyncJob, source: Source, budget: TimeBudget) {
  const { adapter } = source;
  const walk = openWalk(platform, adapter, source.connection, fetchQueryOf(platform, sync, job, adapter.id), budget);
  walk.onMalformed = (skip) => addSkipped((job.skipped ??= []), skip, adapter.label);
  const fetched: Payment[] = [];
  const fits = tableSizeCheck(platform, sync, job, adapter);
  const result = fetchAllPages(walk, job.position, (payments, position) => {
    fetched.push(...fitted(payments, job));
    fits(job.stagedPayments + fetched.length, position);
  });
  const readPages = result.position.pagesRead > (job.position?.pagesRead ?? 0);
  stage(platform, sync, job, fetched);
  job.position = result.position;
  job.fetched += fetched.length;
  return { complete: result.complete, stoppedBecause: result.stoppedBecause, readPages };
}

/** The execution's time ran out part way: checkpoint, so the next execution goes on from here. */
function pullContinues(
  platform: SpreadsheetPlatform,
  sync: SyncDefinition,
  job: SyncJob,
  source: Source,
  origin: RunOrigin,
  walked: { stoppedBecause?: string; readPages: boolean },
): PullOutcome {
  job.stalledExecutions = walked.readPages ? 0 : job.stalledExecutions + 1;
  if (job.stalledExecutions >= MAX_STALLED_EXECUTIONS) {
    throw new UserError(
      `${source.adapter.label} could not be read in ${MAX_STALLED_EXECUTIONS} executions in a row (${walked.stoppedBecause ?? 'no time for a request'}). ` +
        'The sheet keeps its data; try again later.',
    );
  }
  saveJob(platform.documentStore, job);
  recordRun(platform, sync, runRecord(platform, sync, job, origin, 'continuing', NO_ROWS));
  const total = job.position?.kind === 'numbered' && job.source === undefined ? job.position.count : undefined;
  const progress = { fetched: job.fetched, pages: job.position?.pagesRead ?? 0 };
  return { complete: false, result: { ...syncResult(platform, sync, job, 'continuing', NO_ROWS, progress), ...(total ? { total } : {}) } };
}

/**
 * Checks, page by page, that the table will fit the spreadsheet's cells: from the payment count a numbered walk
 * reports (on its first page, so a pull too big stops before reading the rest), else from the payments pulled so
 * far. The reported count is the table's only when the provider filters the query itself: not for an incremental
 * pull (which adds to the rows the sheet has), nor for statuses or dates filtered on our side.
 */
function tableSizeCheck(
  platform: SpreadsheetPlatform,
  sync: SyncDefinition,
  job: SyncJob,
  adapter: ProviderAdapter,
): (pulled: number, position: WalkPosition) => void {
  const room = { workbookCells: platform.workbook.cellCount(), sheet: platform.workbook.gridOf(sync.sheetName) };
  const tableRows = job.kind === 'incremental' ? (sync.lastPull?.rows ?? 0) : 0;
  const datesFiltered = adapter.filtersByDate || (job.from === null && job.to === null);
  const countIsTable = job.kind === 'full' && sync.statuses === null && !sync.filters && datesFiltered;
  const width = tableColumns(sync).columns.length;
  return (pulled, position) => {
    const reported = countIsTable && position.kind === 'numbered' ? (position.count ?? 0) : 0;
    assertTableFits(tableRows + Math.max(pulled, reported), width, room, sync.sheetName);
  };
}

/**
 * The pull is staged: the job is saved as in its final step, with the continuation armed, before the sheet is even
 * read — a kill anywhere in the final step is finished from the staged rows, never by pulling again.
 */
function markFinalStep(platform: SpreadsheetPlatform, job: SyncJob): void {
  job.phase = 'switch';
  saveJob(platform.documentStore, job);
  settleTrigger(platform);
}

function queryOf(platform: SpreadsheetPlatform, sync: SyncDefinition, job: SyncJob): QueryFilters {
  return { statuses: sync.statuses, from: job.from, to: job.to, timeZone: platform.timeZone() };
}

/** What the job asks a provider for: an incremental pull fetches every status, so a payment whose status changed leaves or joins the table. */
function fetchQueryOf(platform: SpreadsheetPlatform, sync: SyncDefinition, job: SyncJob, provider: string): PaymentQuery {
  const query = { ...queryOf(platform, sync, job), provider };
  return job.kind === 'incremental' ? { ...query, statuses: null, updatedSince: job.updatedSince ?? undefined } : query;
}

/** Why a payment left the table, for the removed sheet. */
function removalReason(platform: SpreadsheetPlatform, sync: SyncDefinition, job: SyncJob) {
  return (payment: Payment): string => {
    if (sync.statuses && !sync.statuses.includes(payment.status)) return 'status no longer in the sync';
    const day = payment.date === null ? null : dayInZone(payment.date, platform.timeZone());
    if (day !== null && ((job.from && day < job.from) || (job.to && day > job.to))) return 'outside the date range now';
    if (sync.filters && !matchesFilters(payment, sync.filters)) return "outside the sync's filters now";
    return `no longer listed by ${platform.providers.find(payment.provider)?.label ?? payment.provider}`;
  };
}

/** Which rows the fetch spoke for, by each row's provider (see fetchCoverage). */
function coverage(platform: SpreadsheetPlatform, sync: SyncDefinition, job: SyncJob, skippedIds: string[]): (payment: Payment) => boolean {
  const byProvider = new Map<string, (payment: Payment) => boolean>();
  return (payment) => {
    let covered = byProvider.get(payment.provider);
    if (!covered) {
      const adapter = platform.providers.find(payment.provider);
      // A row naming no provider we know (its header edited, say) is spoken for only by a full pull, as any row is.
      covered = adapter
        ? fetchCoverage(adapter, job.kind, fetchQueryOf(platform, sync, job, adapter.id), skippedIds)
        : () => job.kind === 'full';
      byProvider.set(payment.provider, covered);
    }
    return covered(payment);
  };
}

/**
 * The sheet's table as it stands, and how long reading it took (what the switch's estimate is timed by). Its own
 * sheet needs only `id` to be ours; rows without a provider column are the sync's provider's.
 */
function readTable(platform: SpreadsheetPlatform, sync: SyncDefinition, sheet: SheetTable, job: SyncJob, sources: Source[]) {
  const readStart = platform.clock.now();
  const values = sheet.readValues();
  const reading = { cells: values.length * (values[0]?.length ?? 0), ms: platform.clock.now() - readStart };
  clearOrderColumn(sheet, values);
  // Feeders are lifted only once the columns are migrated: a sheet killed mid-migration still has them in place.
  const { columns } = tableColumns(sync);
  if (sameColumns((values[0] ?? []).slice(0, columns.length) as Column[], columns)) restoreFeeders(sheet, job.switch?.journal ?? null);
  const rows = {
    required: ['id'] as Column[],
    ...(!spansSeveral(sync) && { fixed: { provider: sources[0]?.adapter.id ?? sync.provider } }),
  };
  const table = readExistingTable(
    sync.sheetName,
    values,
    (numRows, column, numColumns) => sheet.readFormulas(numRows, column, numColumns),
    accountOfRow(sources),
    rows,
  );
  return { existing: { ...table, values }, reading };
}

/** Names of changed payments kept for the outcome; the count goes on past them. */
function changedNames(changed: Payment[]): string[] {
  const names = changed.slice(0, MAX_CUT_NAMES).map((payment) => payment.id);
  return changed.length > names.length ? [...names, `and ${changed.length - names.length} more`] : names;
}

/** The switch's plan: update mode's upsert, or append mode's new rows on top (with the rows it leaves changed). */
function planSwitch(
  sync: SyncDefinition,
  existing: ExistingTable,
  payments: Payment[],
  columns: readonly Column[],
): { layout: TableLayout; changed: Payment[] | null } {
  if (sync.mode === 'append') return planAppend(existing, payments, columns);
  return { layout: planLayout(existing, payments, columns), changed: null };
}

/**
 * Our columns are the run of column keys row 1 starts with. One of ours standing to the right of the user's columns
 * means a column was inserted inside the table (or named like ours): the switch would make that column again after
 * ours and leave the old one stale, so it stops and says how to put it right. The sheet keeps its data.
 */
function refuseColumnsAmongTheUsers(sheetName: string, header: unknown[], ours: readonly Column[], columns: readonly Column[]): void {
  const index = header.findIndex(
    (cell, i) => i >= ours.length && columns.includes(String(cell) as Column) && !ours.includes(String(cell) as Column),
  );
  if (index < 0) return;
  const letter = (n: number): string => (n < 26 ? '' : letter(Math.floor(n / 26) - 1)) + String.fromCharCode(65 + (n % 26));
  throw new UserError(
    `Sheet "${sheetName}" has the Payments Sync column "${String(header[index])}" in column ${letter(index)}, to the right of a column that is not ` +
      `ours ("${String(header[ours.length])}", column ${letter(ours.length)}): a column was inserted inside the table, or one of yours is named like ours. ` +
      'Move your columns to the right of the table (or rename yours), then sync again.',
  );
}

type SwitchOutcome = { done: true; result: SyncResult } | { done: false; result: SyncResult } | { incrementalUnsound: true };

/**
 * Switches the sheet to the staged pull's table. The job is saved first (phase 'switch', with what a repeat needs)
 * and the continuation trigger armed, so a kill at any Sheets call is finished by the next execution; a switch the
 * time left cannot cover is left to a fresh one.
 */
function switchSheet(
  platform: SpreadsheetPlatform,
  sync: SyncDefinition,
  job: SyncJob,
  sources: Source[],
  budget: TimeBudget,
  origin: RunOrigin,
): SwitchOutcome {
  const { columns } = tableColumns(sync);
  // A big table's new sheet is as wide as the table and the switch's order column: the workbook's cells go to rows.
  const sheet =
    platform.workbook.sheet(sync.sheetName) ??
    platform.workbook.createSheet(sync.sheetName, { columns: newSheetColumns(job.fetched, columns.length) });
  let { existing, reading } = readTable(platform, sync, sheet, job, sources);
  refuseColumnsAmongTheUsers(sync.sheetName, existing.values[0] ?? [], existing.columns, columns);
  if (
    job.kind === 'incremental' &&
    !job.switch &&
    (existing.paymentsByKey.size !== sync.lastPull?.rows || !sameColumns(existing.columns, columns))
  ) {
    // The sheet is not the table the last pull left (rows deleted, the sheet emptied, a table of an older version):
    // only a full pull rebuilds it.
    return { incrementalUnsound: true };
  }
  const staged = readStaged(platform, sync, job);
  const skipped = job.skipped ?? [];
  // Rows the pull could not vouch for stay as the sheet has them: a skipped payment's, or one outside what was fetched.
  const covered = coverage(
    platform,
    sync,
    job,
    skipped.map((skip) => skip.id),
  );
  // Append mode selects from what was fetched only: the sheet's rows stay whatever they are.
  const fetched = sync.mode === 'append' ? staged : mergeIncremental(existing, staged, covered);
  const selection = selectAndReport(fetched, queryOf(platform, sync, job), sync.filters);
  const leftOut = leftOutReport(selection.undatedIds, skipped);
  let { layout, changed } = planSwitch(sync, existing, selection.payments, columns);
  const payments = layout.payments;
  const progress = { fetched: job.fetched, pages: job.position?.pagesRead ?? 0 };
  const counts: RowCounts = job.switch?.counts ?? {
    rows: payments.length,
    added: layout.added,
    updated: layout.updated,
    removed: layout.removed.payments.length,
    keptRemoved: 0,
    cut: cutNames(job),
    ...(changed && { changedNotRewritten: changed.length, changedNotRewrittenIds: changedNames(changed) }),
  };
  const wanted = estimateSwitchMs(layout.order.length, existing.width + 1, reading);
  // The job is already saved in its final phase (pull() marks it): the next execution switches.
  if (budget.remainingMs() < wanted) {
    return { done: false, result: syncResult(platform, sync, job, 'continuing', NO_ROWS, progress) };
  }
  const attempts = (job.switch?.attempts ?? 0) + 1;
  if (attempts > MAX_SWITCH_ATTEMPTS) {
    throw new UserError(
      `The sheet "${sync.sheetName}" could not be switched to the new table in ${MAX_SWITCH_ATTEMPTS} executions: ${payments.length} rows are more than ` +
        'Google lets a script write in one. Sync a shorter date range into it, or split it into two syncs.',
    );
  }
  job.phase = 'switch';
  job.switch = { journal: job.switch?.journal ?? journalFor(existing, columns, job.startedAt), counts, attempts };
  saveJob(platform.documentStore, job);
  settleTrigger(platform);
  if (migrateColumns(sheet, existing.values, existing.columns, columns)) {
    ({ existing } = readTable(platform, sync, sheet, job, sources));
    ({ layout } = planSwitch(sync, existing, selection.payments, columns));
  }
  const keptRemoved = switchTable(platform, sheet, existing, layout, job.switch.journal, removalReason(platform, sync, job));
  if (sync.summary) writeSummarySheet(platform, sync.sheetName, payments);
  const final = { ...counts, keptRemoved: Math.max(counts.keptRemoved ?? 0, keptRemoved) };
  discardJob(platform, sync);
  const pulled: CompletePull = {
    startedAt: job.startedAt,
    from: job.from,
    to: job.to,
    rows: payments.length,
    accounts: accountsRead(sources),
  };
  recordRun(
    platform,
    sync,
    { ...runRecord(platform, sync, job, origin, 'ok', final), ...leftOut },
    { pull: pulled, signature: job.signature },
  );
  return {
    done: true,
    result: { ...syncResult(platform, sync, job, 'done', final, { fetched: job.fetched, pages: progress.pages }), ...leftOut },
  };
}

/**
 * Runs (or continues) one sync in this execution: pull what is left, then switch the sheet. An incremental pull the
 * sheet cannot complete becomes a full one, in the same execution.
 */
export function runSync(
  platform: SpreadsheetPlatform,
  sync: SyncDefinition,
  origin: RunOrigin,
  options: { full?: boolean; executionStart?: number } = {},
): SyncResult {
  let sources: Source[] = [];
  let unreadable: unknown = null;
  try {
    sources = syncSources(platform, sync);
  } catch (error) {
    unreadable = error;
  }
  const connectionIds = unreadable ? null : sources.map((source) => source.connection.id).join(',');
  const budget = TimeBudget.forExecution(platform.clock, options.executionStart ?? platform.clock.now());
  const full = Boolean(options.full) || pullsInFull(sync);
  let job = loadJob(platform.documentStore, sync.id);
  if (job && !canResume(platform, sync, job, full, connectionIds)) {
    discardJob(platform, sync);
    job = null;
  }
  job ??= startJob(platform, sync, origin, { full });
  job.executions += 1;
  try {
    if (unreadable) throw unreadable;
    job.connectionId = connectionIds;
    for (;;) {
      if (job.phase === 'pull') {
        const pulled = pull(platform, sync, job, sources, budget, origin);
        if (!pulled.complete) return pulled.result;
      }
      const switched = switchSheet(platform, sync, job, sources, budget, origin);
      if (!('incrementalUnsound' in switched)) return switched.result;
      discardJob(platform, sync);
      job = startJob(platform, sync, origin, { full: true });
      job.executions = 1;
      job.connectionId = connectionIds;
    }
  } catch (error) {
    // A failed pull is over: the sheet keeps its data, and nothing retries it until the next run is asked for. Only
    // the daily UrlFetch quota passes by itself: the pull keeps its staged rows and checkpoint for after the reset.
    if (isDailyQuotaError(error)) saveJob(platform.documentStore, job);
    else discardJob(platform, sync);
    const message = error instanceof Error ? error.message : String(error);
    if (!repeatsQuotaFailure(findSync(platform.documentStore, sync.id)?.lastRun, error)) {
      recordRun(platform, sync, { ...runRecord(platform, sync, job, origin, 'error', NO_ROWS), error: message.slice(0, 300) });
    }
    throw error;
  }
}

/**
 * The daily quota met again by a continuation before the reset, after a run already logged it: the continuation
 * comes back every hour until then, and saying the same thing each time would only bury the log and the inbox.
 */
export function repeatsQuotaFailure(lastRun: RunRecord | null | undefined, error: unknown): boolean {
  return isDailyQuotaError(error) && lastRun?.outcome === 'error' && lastRun.error === error.message.slice(0, 300);
}

/**
 * A run asked for in the sidebar, under the lock. A pull left part way gets the user's continuation trigger, so it
 * still finishes if the sidebar is closed; a finished one gives the trigger back to the schedule.
 */
export function runManually(platform: SpreadsheetPlatform, sync: () => SyncDefinition, full: boolean): SyncResult {
  try {
    return withSyncLock(platform, 'manual', () => runSync(platform, sync(), 'manual', { full }));
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
      if (job)
        throw new UserError(
          `${job.runBy} is running the ${syncLabel(platform, sync)} sync into "${sync.sheetName}" now, with their own connection; it finishes on their side.`,
        );
      return lastOutcome(platform, sync);
    });
  } catch (error) {
    if (!(error instanceof SyncBusyError)) throw error;
    const job = loadJob(platform.documentStore, sync.id);
    return syncResult(platform, sync, job, 'continuing', NO_ROWS, { fetched: job?.fetched ?? 0, pages: job?.position?.pagesRead ?? 0 });
  } finally {
    settleTrigger(platform);
  }
}

function lastOutcome(platform: SpreadsheetPlatform, sync: SyncDefinition): SyncResult {
  const run = findSync(platform.documentStore, sync.id)?.lastRun;
  if (!run || run.outcome === 'continuing') throw new UserError(`The sync into "${sync.sheetName}" is not running. Run it again.`);
  if (run.outcome === 'error') throw new UserError(run.error ?? `The sync into "${sync.sheetName}" failed. Run it again.`);
  const { rows, added, updated, removed, keptRemoved = 0, cut = [], changedNotRewritten, changedNotRewrittenIds } = run;
  const counts: RowCounts = {
    rows,
    added,
    updated,
    removed,
    keptRemoved,
    cut,
    ...(changedNotRewritten !== undefined && { changedNotRewritten, changedNotRewrittenIds }),
  };
  return {
    ...syncResult(platform, sync, null, 'done', counts, { fetched: run.rows, pages: 0 }),
    ...leftOutOf(run),
    kind: run.kind,
    durationMs: run.durationMs,
  };
}
