/**
 * The local Apps Script runtime: fakes of the Apps Script services that enforce the platform's limits, on a
 * virtual clock. Shared by the tests, the benchmark and the playground.
 */
export { createRuntime, Runtime } from './runtime';
export type { AppsScriptManifest, RunOptions, RuntimeOptions, RuntimeState, TriggerRun } from './runtime';
export type { Clock, ClockMode } from './clock';
export { ExecutionTimeoutError, TIMEOUT_MESSAGE } from './errors';
export type { AuthModeName, ExecutionKind } from './execution';
export { EXECUTION_TIME_LIMIT_MS, CACHE, PROPERTIES, SHEETS, TRIGGERS, URL_FETCH } from './limits';
export type { LockScope } from './locks';
export type { LogEntry, LogLevel } from './logging';
export type { SentMail } from './mail';
export type { PropertyStore } from './properties';
export type { CellError, MenuEntry, UiRecords } from './spreadsheetModel';
export type { CellSnapshot, SheetView, SpreadsheetView } from './spreadsheetView';
export type { ValidationRule } from './dataValidation';
export type { RuntimeStats } from './stats';
export { DEFAULT_SHEETS_COSTS } from './sheetsCosts';
export type { SheetsCall, SheetsCallFilter, SheetsCosts } from './sheetsCosts';
export type { TriggerInfo } from './triggers';
export type { CellValue } from './values';
