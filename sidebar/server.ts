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
import type { SyncResult as ServerSyncResult } from '../src/features/sync';
import type { SyncRequest } from '../src/features/syncDefinition';
import type { ProviderId } from '../src/core/adapter';
import type { SidebarFunctions } from '../src/features/sidebarFunctions';
import type { Credentials } from '../src/core/adapter';

export type {
  ConnectionSummary,
  ConnectionTest,
  Credentials,
  ProviderId,
  ScheduledSync,
  ScheduleStatus,
  SidebarState,
  SyncDefinition,
  SyncRequest,
  SyncScheduleSetting,
};

export type SyncResult = ServerSyncResult;
export type RunRecord = ServerRunRecord;
/** Rows a run took out of the table that held the user's own cells, and the sheet they went to. */
export type KeptRows = Pick<SyncResult, 'keptRemoved' | 'keptSheetName'>;

/** A server function as google.script.run calls it: without the platform its feature is handed in src/index.ts. */
type Remote<F> = F extends (platform: never, ...args: infer A) => infer R ? (...args: A) => R : never;

/**
 * The server functions the sidebar calls, derived from the features behind src/index.ts's globals
 * (src/features/sidebarFunctions.ts), so a signature changed there changes here. Dates cross as "YYYY-MM-DD" text.
 */
export type ServerApi = { [K in keyof SidebarFunctions]: Remote<SidebarFunctions[K]> };

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
