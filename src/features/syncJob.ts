/**
 * A sync's pull job: where a pull that spans executions stands (in document properties) and the payments it has
 * fetched so far (in a hidden staging sheet), until the switch to the new table has finished.
 */
import { resolveSources, type Source } from '../core/connections';
import { UserError } from '../core/errors';
import { fetchesSince, incrementalSince } from '../core/incremental';
import { COLUMNS, compactToPayment, paymentToCompact, type Payment } from '../core/payment';
import { parseProviderExpression } from '../core/query';
import { resolveRange, todayIn } from '../core/ranges';
import { asTextCell } from '../core/table';
import { deleteJob, loadJob, saveJob, syncSignature, type RunOrigin, type SyncDefinition, type SyncJob } from '../core/syncStore';
import type { DayKey } from '../core/dates';
import type { SpreadsheetPlatform } from '../platform/types';
import { lookbackDays, STAGING_SHEET_PREFIX } from './syncDefinition';

/** A cell holds 50,000 characters. */
const STAGED_CELL_MAX_CHARS = 45_000;
/** Staged payments are arrays in this column order: a job staged under another order cannot be read back. */
const STAGING_COLUMNS = COLUMNS.join(',');

function stagingSheetName(sync: SyncDefinition): string {
  return `${STAGING_SHEET_PREFIX} ${sync.id}`;
}

function windowFor(platform: SpreadsheetPlatform, sync: SyncDefinition): { from: DayKey | null; to: DayKey | null } {
  return resolveRange(sync.range, todayIn(platform.clock.now(), platform.timeZone()), { from: sync.from, to: sync.to });
}

/** The accounts a sync reads now, by its saved expression: "all" takes in accounts connected since. */
export function syncSources(platform: SpreadsheetPlatform, sync: SyncDefinition): Source[] {
  return resolveSources(platform.userStore, platform.providers, parseProviderExpression(sync.provider, platform.providers));
}

/** How a complete pull names the accounts it read: by connection, so a new key or a new account is another pull. */
export function accountsRead(sources: readonly Source[]): string[] {
  return sources.map((source) => `${source.adapter.id}.${source.connection.id}`);
}

/**
 * An incremental pull builds on the last one only over the same accounts, each of whose APIs filters by date: an
 * account added since (to "all", say) has none of its older payments in the sheet. A pull made before accounts read
 * the provider's default account. Accounts that cannot be read now leave it to the full pull to say why.
 */
function canBuildOnLastPull(platform: SpreadsheetPlatform, sync: SyncDefinition): boolean {
  let sources: Source[];
  try {
    sources = syncSources(platform, sync);
  } catch {
    return false;
  }
  if (!sources.every((source) => fetchesSince(source.adapter))) return false;
  const last = sync.lastPull?.accounts;
  if (!last) return sources.length === 1 && sources[0].connection.isDefault;
  const now = accountsRead(sources);
  return now.length === last.length && now.every((account) => last.includes(account));
}

export function startJob(platform: SpreadsheetPlatform, sync: SyncDefinition, origin: RunOrigin, mode: { full: boolean }): SyncJob {
  const window = windowFor(platform, sync);
  const canIncrement = !mode.full && platform.workbook.sheet(sync.sheetName) !== null && canBuildOnLastPull(platform, sync);
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
    stagedPayments: 0,
    stagingColumns: STAGING_COLUMNS,
    fetched: 0,
    startedAt: platform.clock.now(),
    executions: 0,
    stalledExecutions: 0,
    origin,
    phase: 'pull',
  };
}

/** Queues a sync for the round that is starting, unless this user is already part way through pulling it. */
export function queueSync(platform: SpreadsheetPlatform, sync: SyncDefinition, origin: RunOrigin): void {
  const job = loadJob(platform.documentStore, sync.id);
  if (job?.runBy === platform.userEmail()) return;
  // Someone else's pull of this sync (a sidebar they closed, say) gives way to its owner's schedule.
  if (job) discardJob(platform, sync);
  saveJob(platform.documentStore, startJob(platform, sync, origin, { full: false }));
}

/**
 * Appends payments to the staging sheet: one JSON line each, the lines cut into cells under a cell's limit, so a
 * payment of any size stages. The job's counts move only once the cells are written.
 */
export function stage(platform: SpreadsheetPlatform, sync: SyncDefinition, job: SyncJob, payments: Payment[]): void {
  if (payments.length === 0) return;
  const name = stagingSheetName(sync);
  const sheet = platform.workbook.sheet(name) ?? platform.workbook.createSheet(name, { hidden: true, columns: 1 });
  const text = payments.map((payment) => JSON.stringify(paymentToCompact(payment)) + '\n').join('');
  const cells: string[][] = [];
  // As text: a piece of JSON may start like a number or a formula.
  for (let at = 0; at < text.length; at += STAGED_CELL_MAX_CHARS) cells.push([asTextCell(text.slice(at, at + STAGED_CELL_MAX_CHARS))]);
  sheet.ensureSize(job.stagedRows + cells.length, 1);
  // Rows past stagedRows are left from an execution killed before its checkpoint: overwrite them.
  sheet.writeValues(job.stagedRows + 1, 1, cells);
  job.stagedRows += cells.length;
  job.stagedPayments += payments.length;
}

function stagingLost(sync: SyncDefinition): UserError {
  return new UserError(`The working sheet of the sync into "${sync.sheetName}" was deleted while it ran. Run the sync again.`);
}

export function readStaged(platform: SpreadsheetPlatform, sync: SyncDefinition, job: SyncJob): Payment[] {
  if (job.stagedRows === 0) return [];
  const sheet = platform.workbook.sheet(stagingSheetName(sync));
  if (!sheet) throw stagingLost(sync);
  // Cells, not values: a staged cell is text even where it happens to look like a number.
  const text = sheet
    .readValues()
    .slice(0, job.stagedRows)
    .map(([cell]) => String(cell ?? ''))
    .join('');
  if (lineCount(text) !== job.stagedPayments || !text.endsWith('\n')) throw stagingLost(sync);
  try {
    // One parse of the lines as one array: JSON escapes a newline inside a string, so each raw one ends a payment.
    const rows = JSON.parse(`[${text.slice(0, -1).replace(/\n/g, ',')}]`) as unknown[][];
    return rows.map((row) => compactToPayment(row));
  } catch {
    // A staging sheet deleted and made again by a later page holds only part of the pull.
    throw stagingLost(sync);
  }
}

function lineCount(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

export function discardJob(platform: SpreadsheetPlatform, sync: SyncDefinition): void {
  deleteJob(platform.documentStore, sync.id);
  platform.workbook.deleteSheet(stagingSheetName(sync));
}

/**
 * A pull part way through goes on only for the same query, person and saved connections (`connectionIds`, every
 * account's, comma-joined: staged rows from one account must never join another's) and staging columns; a full
 * refresh asked for replaces an incremental one.
 */
export function canResume(
  platform: SpreadsheetPlatform,
  sync: SyncDefinition,
  job: SyncJob,
  full: boolean,
  connectionId: string | null,
): boolean {
  return (
    job.signature === syncSignature(sync) &&
    job.stagingColumns === STAGING_COLUMNS &&
    !(full && job.kind === 'incremental' && job.phase === 'pull') &&
    job.runBy === platform.userEmail() &&
    (job.connectionId === null || job.connectionId === connectionId)
  );
}
