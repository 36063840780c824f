/**
 * The sidebar's only way to the server: google.script.run, wrapped in typed promises. The shapes are imported from
 * src/ as types only (nothing from src/ is bundled), so a change there that the sidebar does not follow fails the
 * type check instead of the page.
 */
import type { ConnectionSummary } from '../src/core/connections';
import type { RunRecord as ServerRunRecord, SyncDefinition } from '../src/core/syncStore';
import type { ConnectionTest } from '../src/features/connectionsApi';
import type { ScheduledSync, ScheduleStatus } from '../src/features/schedule';
import type { SyncScheduleSetting } from '../src/core/syncSchedule';
import type { SidebarState } from '../src/features/sidebarApi';
import type { SnapshotResult } from '../src/features/snapshot';
import type { SyncResult as ServerSyncResult } from '../src/features/sync';
import type { SyncRequest } from '../src/features/syncDefinition';
import type { ProviderId } from '../src/core/adapter';
import type { Credentials } from '../src/core/adapter';

export type { ConnectionSummary, ConnectionTest, Credentials, ProviderId, ScheduledSync, ScheduleStatus, SidebarState, SyncDefinition, SyncRequest, SyncScheduleSetting };

/**
 * Rows a run took out of the table that held the user's own cells, moved to a sheet of their own (named in
 * keptSheetName) rather than lost. Optional: a server that keeps none leaves them out.
 */
export interface KeptRows {
  keptRemoved?: number;
  keptSheetName?: string;
}

/**
 * How many payments a continuing pull will read in all, when the provider says (Koteshen's total_count, Uqualify's
 * total). Optional: a server that does not know leaves it out, and the sidebar shows its bar without an end.
 */
export interface ProgressTotal {
  total?: number;
}

export type SyncResult = ServerSyncResult & KeptRows & ProgressTotal;
export type RunRecord = ServerRunRecord & KeptRows;

/** The server functions the sidebar calls, as src/index.ts exposes them. Dates cross as "YYYY-MM-DD" text. */
export interface ServerApi {
  getSidebarState(): SidebarState;
  saveCredentials(provider: ProviderId, credentials: Credentials & { account?: string }): ConnectionSummary[];
  clearCredentials(provider: ProviderId, account?: string): ConnectionSummary[];
  renameAccount(provider: ProviderId, account: string, newName: string): ConnectionSummary[];
  testConnection(provider: ProviderId, account?: string): ConnectionTest;
  syncPayments(request: SyncRequest): SyncResult;
  saveSync(request: SyncRequest): ScheduledSync[];
  continueSync(syncId: string): SyncResult;
  runSavedSync(syncId: string, full: boolean): SyncResult;
  deleteSync(syncId: string): ScheduledSync[];
  snapshotSync(syncId: string): SnapshotResult;
  setSyncSchedule(syncId: string, schedule: SyncScheduleSetting | null): ScheduledSync[];
  setAutoRefresh(hours: number, atHour: number | null, notifyOnFailure: boolean): ScheduleStatus;
  getScheduleStatus(): ScheduleStatus;
  setLookbackDays(days: number): number;
}

type ServerFunctionName = keyof ServerApi;

/** The part of google.script.run the sidebar uses: each call gets a fresh runner with its own handlers. */
interface ScriptRunner {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRunner;
  withFailureHandler(handler: (error: unknown) => void): ScriptRunner;
}

// Provided by HtmlService in Apps Script, and by the test or playground page locally.
declare const google: { script: { run: ScriptRunner } } | undefined;

export function serverAvailable(): boolean {
  return typeof google !== 'undefined' && Boolean(google?.script?.run);
}

/** The server's failure messages are written for the user; anything else is shown as text all the same. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}

export function call<K extends ServerFunctionName>(name: K, ...args: Parameters<ServerApi[K]>): Promise<ReturnType<ServerApi[K]>> {
  return new Promise((resolve, reject) => {
    if (!serverAvailable()) {
      reject(new Error('The sidebar cannot reach Payments Sync. Close it and open it again from Extensions → Payments Sync.'));
      return;
    }
    const runner = google!.script.run
      .withSuccessHandler((value) => resolve(value as ReturnType<ServerApi[K]>))
      .withFailureHandler((error) => reject(new Error(errorMessage(error))));
    // google.script.run exposes every server function as a method of the runner.
    (runner as unknown as Record<K, (...params: Parameters<ServerApi[K]>) => void>)[name](...args);
  });
}
