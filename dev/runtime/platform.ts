import type { CacheStores } from './cache';
import type { RuntimeClock } from './clock';
import type { LockTable } from './locks';
import type { LogEntry } from './logging';
import type { SentMail } from './mail';
import type { PropertyStores } from './properties';
import type { ScriptCpuMeter } from './execution';
import type { SheetsMeter } from './sheetsCosts';
import type { DailyQuota } from './quota';
import type { SpreadsheetModel } from './spreadsheetModel';
import type { RuntimeStats } from './stats';
import type { TriggerRegistry } from './triggers';
import type { NetworkConfig } from './urlFetch';

/** Everything that outlives an execution, shared by the service fakes of every execution. */
export interface Platform {
  readonly clock: RuntimeClock;
  readonly scriptTimeZone: string;
  readonly spreadsheet: SpreadsheetModel;
  readonly properties: PropertyStores;
  readonly caches: CacheStores;
  readonly triggers: TriggerRegistry;
  readonly locks: LockTable;
  readonly quotas: { readonly urlFetch: DailyQuota; readonly email: DailyQuota };
  readonly network: NetworkConfig;
  /** What Sheets calls cost in time, and the kill switch. */
  readonly sheets: SheetsMeter;
  /** Present when the script's CPU time is charged on the clock (the scriptCpuFactor option). */
  readonly scriptCpu?: ScriptCpuMeter;
  readonly htmlFiles: Readonly<Record<string, string>>;
  readonly logs: LogEntry[];
  readonly mail: SentMail[];
  /** Replaced by rt.resetStats(): read it through the platform each time. */
  stats: RuntimeStats;
}
