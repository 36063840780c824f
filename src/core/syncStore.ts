import type { KeyValueStore } from '../platform/types';
import type { ProviderId } from './adapter';
import type { PagePosition } from './adapter';
import type { DayKey } from './dates';
import type { LeftOut, SkippedPayment } from './leftOut';
import type { Column, PaymentStatus } from './payment';
import type { PaymentFilters } from './query';
import type { RangePreset } from './ranges';
import { STORE_KEYS } from './storeKeys';
import type { SyncSchedule } from './syncSchedule';

/** A saved sync: what to pull into which sheet. Kept in document properties, so never a secret. */
export interface SyncDefinition {
  id: string;
  sheetName: string;
  /** A provider expression (a provider id for syncs saved before accounts): "aura", "aura:EU shop,koteshen", "all". */
  provider: ProviderId;
  statuses: PaymentStatus[] | null;
  range: RangePreset;
  from: DayKey | null;
  to: DayKey | null;
  createdAt: number;
  /** Who defined (or last edited) it: a schedule refreshes only its owner's syncs, with the owner's connection. */
  owner: string;
  /** The last complete pull, which an incremental refresh builds on; null until there is one, or after an edit. */
  lastPull: CompletePull | null;
  lastRun: RunRecord | null;
  /** Keeps "<sheet> · summary" (totals by month and currency, and a chart) beside the table, rewritten by every run. */
  summary?: boolean;
  /** Its own schedule; absent, it follows its owner's "refresh all my syncs" setting. */
  schedule?: SyncSchedule;
  /** The columns it writes, in order, as chosen (see syncColumns for the ones it keeps); absent, every column. */
  columns?: Column[];
  /** 'append' adds new payments only and never changes a row; absent, the sheet is updated (upserted). */
  mode?: 'append';
  /** Filters beyond status and dates; absent, none. */
  filters?: PaymentFilters;
  /** Copies of its table saved as values, oldest first (see features/snapshot.ts). */
  snapshots?: Array<{ sheetName: string; at: number }>;
}

/** A pull that reached the sheet: when it started, the days it covered and the rows it left. */
export interface CompletePull {
  startedAt: number;
  from: DayKey | null;
  to: DayKey | null;
  rows: number;
  /** The accounts it read ("aura:EU shop"); absent in pulls made before accounts (the provider's default one). */
  accounts?: string[];
}

/** Who asked for a run: a person (sidebar, menu) or the schedule's time-driven trigger. */
export type RunOrigin = 'manual' | 'scheduled';

/** What a run did to its sheet. */
export interface RowCounts {
  rows: number;
  added: number;
  updated: number;
  removed: number;
  /** Of the removed, rows holding the user's cells, moved to the "<sheet> · removed" sheet. */
  keptRemoved?: number;
  /** Provider texts longer than a cell holds, cut: "id (column)", a few. */
  cut?: string[];
  /** Append mode: rows whose payment's status or amount changed at the provider, left as they were; a few named. */
  changedNotRewritten?: number;
  changedNotRewrittenIds?: string[];
}

export const NO_ROWS: RowCounts = { rows: 0, added: 0, updated: 0, removed: 0, keptRemoved: 0, cut: [] };

export interface RunRecord extends RowCounts, LeftOut {
  syncId: string;
  sheetName: string;
  at: number;
  trigger: RunOrigin;
  outcome: 'ok' | 'error' | 'continuing';
  kind: 'full' | 'incremental';
  durationMs: number;
  error?: string;
}

/** A pull that spans executions: where it stands and how many staged rows are valid. */
export interface SyncJob {
  syncId: string;
  /** The definition the job pulls for; a changed definition restarts the job. */
  signature: string;
  /** Who pulls it, with which saved connection: staged rows from one account never join another's. */
  runBy: string;
  /** Null until its first execution; the connection ids of every account it reads, comma-joined, once started. */
  connectionId: string | null;
  /** Which of those accounts is being walked now (absent: the first); `position` is where in its walk. */
  source?: number;
  /** The days the pull covers, fixed when it starts so a job spanning midnight stays one query. */
  from: DayKey | null;
  to: DayKey | null;
  kind: 'full' | 'incremental';
  updatedSince: number | null;
  position: PagePosition | null;
  stagedRows: number;
  /** Payments in the staged rows: a staging sheet that lost rows is told from one that holds them all. */
  stagedPayments: number;
  /** The column order staged payments are written in. */
  stagingColumns: string;
  /** Malformed payments skipped so far (their rows stay as they were); absent until one is. */
  skipped?: SkippedPayment[];
  /** Payments fetched so far, staged ones included. */
  fetched: number;
  startedAt: number;
  executions: number;
  /** Executions in a row that read no page (a provider asking to wait longer than an execution lasts, say). */
  stalledExecutions: number;
  origin: RunOrigin;
  /** Provider texts cut to fit a cell so far: the first few as "id (column)", and how many in all. */
  cut?: string[];
  cutCount?: number;
  /**
   * 'pull' while pages are read; 'switch' once every payment is staged and the sheet is being switched to the new
   * table: an execution that finds a job in 'switch' (a killed switch, or one left for a fresh execution) finishes it.
   */
  phase: 'pull' | 'switch';
  /** Set when the switch starts: what a repeat after a kill needs, and the counts of the first attempt. */
  switch?: { journal: SwitchJournalData; counts: RowCounts; attempts: number };
}

/** What a killed switch must put back (see features/tableSwitch.ts). */
export interface SwitchJournalData {
  rowTwoFeeders: Array<{ column: number; formula: string }>;
  removedAt: number;
}

/** A property value holds 9 KB of UTF-8; the log keeps its newest entries under this many bytes. */
const RUN_LOG_MAX_BYTES = 8_000;
const RUN_LOG_MAX_ENTRIES = 50;

function readJson<T>(store: KeyValueStore, key: string): T | null {
  const text = store.get(key);
  return text ? (JSON.parse(text) as T) : null;
}

export function listSyncs(store: KeyValueStore): SyncDefinition[] {
  return store
    .keys()
    .filter((key) => key.startsWith(STORE_KEYS.syncPrefix))
    .map((key) => readJson<SyncDefinition>(store, key)!)
    .sort((a, b) => a.createdAt - b.createdAt);
}

export function findSync(store: KeyValueStore, id: string): SyncDefinition | null {
  return readJson<SyncDefinition>(store, STORE_KEYS.syncPrefix + id);
}

export function findSyncBySheet(store: KeyValueStore, sheetName: string): SyncDefinition | null {
  const name = sheetName.toLowerCase();
  return listSyncs(store).find((sync) => sync.sheetName.toLowerCase() === name) ?? null;
}

export function saveSync(store: KeyValueStore, sync: SyncDefinition): void {
  store.set(STORE_KEYS.syncPrefix + sync.id, JSON.stringify(sync));
}

export function deleteSync(store: KeyValueStore, id: string): void {
  store.remove(STORE_KEYS.syncPrefix + id);
  store.remove(STORE_KEYS.jobPrefix + id);
}

export function syncSignature(sync: SyncDefinition): string {
  const base = [sync.sheetName, sync.provider, sync.statuses, sync.range, sync.from, sync.to];
  // Only when set, so the signature of a sync without them stays what it was.
  const shape =
    sync.columns || sync.mode || sync.filters
      ? [{ columns: sync.columns ?? null, mode: sync.mode ?? null, filters: sync.filters ?? null }]
      : [];
  return JSON.stringify([...base, ...shape]);
}

export function loadJob(store: KeyValueStore, syncId: string): SyncJob | null {
  return readJson<SyncJob>(store, STORE_KEYS.jobPrefix + syncId);
}

export function saveJob(store: KeyValueStore, job: SyncJob): void {
  store.set(STORE_KEYS.jobPrefix + job.syncId, JSON.stringify(job));
}

export function deleteJob(store: KeyValueStore, syncId: string): void {
  store.remove(STORE_KEYS.jobPrefix + syncId);
}

/** The pulls in progress that this person is pulling. */
export function pendingJobs(store: KeyValueStore, runBy: string): SyncJob[] {
  return store
    .keys()
    .filter((key) => key.startsWith(STORE_KEYS.jobPrefix))
    .map((key) => readJson<SyncJob>(store, key)!)
    .filter((job) => job.runBy === runBy);
}

export function readRunLog(store: KeyValueStore): RunRecord[] {
  return readJson<RunRecord[]>(store, STORE_KEYS.runLog) ?? [];
}

/** Newest first; the oldest entries go when the log would outgrow a property value. */
export function appendRunLog(store: KeyValueStore, record: RunRecord): void {
  const log = [record, ...readRunLog(store)].slice(0, RUN_LOG_MAX_ENTRIES);
  let text = JSON.stringify(log);
  while (utf8Bytes(text) > RUN_LOG_MAX_BYTES && log.length > 1) {
    log.pop();
    text = JSON.stringify(log);
  }
  store.set(STORE_KEYS.runLog, text);
}

/** Sheet names and provider errors may be in any script: a CJK character takes three bytes of a property's 9 KB. */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const character of text) {
    const code = character.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}
