import { describeConnections, type ConnectionSummary } from '../core/connections';
import { UserError } from '../core/errors';
import { COLUMNS, PAYMENT_STATUSES } from '../core/payment';
import { RANGE_PRESETS } from '../core/ranges';
import {
  deleteSync as removeSync,
  findSync,
  readRunLog,
  saveSync as storeSync,
  type RunRecord,
  type SyncDefinition,
} from '../core/syncStore';
import type { SpreadsheetPlatform } from '../platform/types';
import { AUTO_REFRESH_HOURS, scheduledSyncs, scheduleStatus, type ScheduledSync, type ScheduleStatus } from './schedule';
import { runManually, withSyncLock, type SyncResult } from './sync';
import { defineSync, lookbackDays, type SyncRequest } from './syncDefinition';
import { discardJob } from './syncJob';
import { listedSnapshots } from './snapshot';
import { settleTrigger } from './trigger';

export interface SidebarState {
  connections: ConnectionSummary[];
  /**
   * Each with its own schedule, if any, and nextRunAt: when it next runs on its own (ms since the epoch, or null); and
   * once it has any, its snapshots whose sheets are still there, oldest first (`snapshots: [{sheetName, at}]`).
   */
  syncs: ScheduledSync[];
  /** The column keys a sync or a PAYMENTS formula may choose, in the table's order. */
  columns: readonly string[];
  schedule: ScheduleStatus;
  runLog: RunRecord[];
  lookbackDays: number;
  timeZone: string;
  statuses: readonly string[];
  ranges: readonly string[];
  refreshHours: readonly number[];
}

/** Everything the sidebar shows, in one round trip. */
export function getSidebarState(platform: SpreadsheetPlatform): SidebarState {
  return {
    connections: describeConnections(platform.userStore, platform.providers),
    syncs: scheduledSyncs(platform).map((sync) => (sync.snapshots ? { ...sync, snapshots: listedSnapshots(platform, sync) } : sync)),
    columns: COLUMNS,
    schedule: scheduleStatus(platform),
    runLog: readRunLog(platform.documentStore),
    lookbackDays: lookbackDays(platform),
    timeZone: platform.timeZone(),
    statuses: PAYMENT_STATUSES,
    ranges: RANGE_PRESETS,
    refreshHours: AUTO_REFRESH_HOURS,
  };
}

function requireSync(platform: SpreadsheetPlatform, syncId: unknown): SyncDefinition {
  const sync = typeof syncId === 'string' ? findSync(platform.documentStore, syncId) : null;
  if (!sync) throw new UserError('That sync no longer exists; it may have been deleted by someone else. Reopen the sidebar.');
  return sync;
}

/** Runs a saved sync again, as it was defined; `full` pulls everything instead of what changed. */
export function runSavedSync(platform: SpreadsheetPlatform, syncId: unknown, full?: unknown): SyncResult {
  requireSync(platform, syncId);
  // Read again under the lock: it may have been edited while this waited.
  return runManually(platform, () => requireSync(platform, syncId), Boolean(full));
}

/** Forgets a saved sync (and any pull in progress). The sheet and its rows stay. */
export function deleteSync(platform: SpreadsheetPlatform, syncId: unknown): ScheduledSync[] {
  const sync = requireSync(platform, syncId);
  withSyncLock(platform, 'manual', () => {
    discardJob(platform, sync);
    removeSync(platform.documentStore, sync.id);
  });
  // The last sync with its own schedule gone, the trigger goes back to the default's interval.
  settleTrigger(platform);
  return scheduledSyncs(platform);
}

/**
 * The sidebar's Save in Edit mode: changes a saved sync without running it. Checked before waiting for the lock and
 * defined again under it, as syncPayments does, so a save never lands under a run of the old definition. A changed
 * query clears the last pull (defineSync), so the next run is a full one.
 */
export function saveSync(platform: SpreadsheetPlatform, request: SyncRequest): ScheduledSync[] {
  if (typeof request?.syncId !== 'string' || request.syncId === '') {
    throw new UserError('Save changes a saved sync: click Edit on one under Saved syncs first, or use Sync now for a new one.');
  }
  defineSync(platform, request);
  withSyncLock(platform, 'manual', () => storeSync(platform.documentStore, defineSync(platform, request)));
  // An edit makes its editor the owner: their trigger now runs the sync's own schedule.
  settleTrigger(platform);
  return scheduledSyncs(platform);
}
