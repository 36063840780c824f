/**
 * Payments Sync's public functions: the custom function, the triggers, the menu's items and the sidebar's server
 * functions. Each is a line or two that hands over to a module; the build turns every `global.NAME = function`
 * below into a top-level Apps Script function with this JSDoc.
 */
import { clearCredentials, getConnections, renameAccount, saveCredentials, testConnection } from './features/connectionsApi';
import { addMenu, openSidebar } from './features/menu';
import { checkPlatform } from './features/selfCheck';
import { paymentsFunction } from './features/paymentsFunction';
import { paymentsSummaryFunction } from './features/paymentsSummary';
import { refreshFormulasNow, runScheduled, scheduleStatus, setAutoRefresh, setSyncSchedule, syncAllNow } from './features/schedule';
import { deleteSync, getSidebarState, runSavedSync, saveSync } from './features/sidebarApi';
import { snapshotSync } from './features/snapshot';
import { continueSync, syncPayments } from './features/sync';
import { setLookbackDays, type SyncRequest } from './features/syncDefinition';
import { appsScriptPlatform, appsScriptProbe, appsScriptSpreadsheetPlatform, appsScriptUi } from './platform/appsScript';
import { PROVIDERS } from './providers/registry';
import type { AccountCredentials } from './core/connections';

declare const global: Record<string, unknown>;

/**
 * Lists payments from connected providers, newest first, with a header row; every row names its provider and
 * account. Connect the providers first in Extensions → Payments Sync → Open sidebar.
 *
 * @param {string} provider "aura", "koteshen" or "uqualify" (your default or only account); "aura:EU shop" for a named account; "all" for every connected account; or a comma list such as "aura:EU shop,koteshen".
 * @param {string} status Optional: "all" (default), one status (succeeded, pending, failed, refunded, canceled, unknown) or a comma list such as "succeeded,refunded".
 * @param {Date|string} from Optional: first day to include, a date cell or "YYYY-MM-DD", in the spreadsheet's time zone.
 * @param {Date|string} to Optional: last day to include (the whole day), a date cell or "YYYY-MM-DD".
 * @param {string} columns Optional: the columns to show, in order, as a comma list of keys such as "date,amount,currency,customer_email" (any case); every column by default.
 * @return {Array<Array<string|number|Date>>} The header row and one row per payment.
 * @customfunction
 */
global.PAYMENTS = function (provider: unknown, status: unknown, from: unknown, to: unknown, columns: unknown) {
  return paymentsFunction(appsScriptPlatform(PROVIDERS), provider, status, from, to, columns);
};

/**
 * Totals of a connected provider's payments by period and currency, newest period first: how many, gross, refunded
 * and net (gross − refunded), exact to the currency's minor unit.
 *
 * @param {string} provider "aura", "koteshen" or "uqualify".
 * @param {string} status Optional: "succeeded,refunded" (default), "all", one status (succeeded, pending, failed, refunded, canceled, unknown) or a comma list.
 * @param {Date|string} from Optional: first day to include, a date cell or "YYYY-MM-DD", in the spreadsheet's time zone.
 * @param {Date|string} to Optional: last day to include (the whole day), a date cell or "YYYY-MM-DD".
 * @param {string} period Optional: "day", "week" (ISO, from Monday), "month" (default), "quarter", "year" or "all".
 * @return {Array<Array<string|number>>} The header row (period, currency, payments, gross, refunded, net) and one row per period and currency.
 * @customfunction
 */
global.PAYMENTS_SUMMARY = function (provider: unknown, status: unknown, from: unknown, to: unknown, period: unknown) {
  return paymentsSummaryFunction(appsScriptPlatform(PROVIDERS), provider, status, from, to, period);
};

/** Adds the Payments Sync menu when the spreadsheet opens; runs in AuthMode.NONE too, so it touches nothing else. */
global.onOpen = function () {
  addMenu(appsScriptUi());
};

/** Runs when the add-on is installed: adds the menu at once. */
global.onInstall = function () {
  addMenu(appsScriptUi());
};

/** Menu: opens the sidebar. */
global.openSidebar = function () {
  openSidebar(appsScriptUi());
};

/** Menu: runs every saved sync of this spreadsheet now; what does not fit one execution continues in the background. */
global.syncAllNow = function () {
  syncAllNow(appsScriptSpreadsheetPlatform(PROVIDERS));
};

/** Menu: makes every PAYMENTS formula fetch fresh data now, bypassing its ten-minute cache. */
global.refreshPaymentsFormulas = function () {
  refreshFormulasNow(appsScriptSpreadsheetPlatform(PROVIDERS));
};

/**
 * Menu: tries what the add-on assumes of Google (apostrophes, Plain text, sort, copy, clear, triggers, locks …) in
 * temporary hidden sheets, removes them, and shows expected against observed in the sidebar. Sends no provider request.
 */
global.checkPlatform = function () {
  checkPlatform(appsScriptSpreadsheetPlatform(PROVIDERS), appsScriptProbe());
};

/** Time-driven trigger: the auto refresh. Re-runs every saved sync, then refreshes the PAYMENTS formulas. */
global.runScheduledRefresh = function () {
  runScheduled(appsScriptSpreadsheetPlatform(PROVIDERS), 'round');
};

/** Time-driven trigger: continues syncs too long for one execution, then restores the schedule. */
global.continuePendingSyncs = function () {
  runScheduled(appsScriptSpreadsheetPlatform(PROVIDERS), 'continuation');
};

/**
 * Sidebar: saves an account's credentials in the current user's own properties.
 * @param {string} provider "aura", "koteshen" or "uqualify".
 * @param {Object} credentials {account?, apiKey?, clientId?, clientSecret?, baseUrl?}; without account: the default
 *   account (named after the provider); an existing account name (any case) updates it; empty fields keep what was saved.
 * @return {Object[]} Every account, {provider, account, isDefault, connected, fields, …}, secrets masked.
 */
global.saveCredentials = function (provider: unknown, credentials: AccountCredentials) {
  return saveCredentials(appsScriptPlatform(PROVIDERS), provider, credentials);
};

/**
 * Sidebar: removes an account's credentials and tokens.
 * @param {string} provider "aura", "koteshen" or "uqualify".
 * @param {string} account Optional: the account's name; without it, the default account.
 * @return {Object[]} Every account, secrets masked.
 */
global.clearCredentials = function (provider: unknown, account?: unknown) {
  return clearCredentials(appsScriptPlatform(PROVIDERS), provider, account);
};

/**
 * Sidebar: renames one of the provider's accounts; its credentials, caches and synced rows stay its own.
 * @param {string} provider "aura", "koteshen" or "uqualify".
 * @param {string} account The account's name now (any case).
 * @param {string} newName Its new name, unique among the provider's accounts (any case), without commas.
 * @return {Object[]} Every account, secrets masked.
 */
global.renameAccount = function (provider: unknown, account: unknown, newName: unknown) {
  return renameAccount(appsScriptPlatform(PROVIDERS), provider, account, newName);
};

/**
 * Sidebar: asks the provider for one payment with an account's saved credentials.
 * @param {string} provider "aura", "koteshen" or "uqualify".
 * @param {string} account Optional: the account's name; without it, the default (or only) account.
 * @return {Object} {ok, message}.
 */
global.testConnection = function (provider: unknown, account?: unknown) {
  return testConnection(appsScriptPlatform(PROVIDERS), provider, account);
};

/**
 * Sidebar: the current user's accounts, secrets masked; a provider without any has one unconnected entry.
 * @return {Object[]} One entry per account: {provider, account, isDefault, label, connected, fields, baseUrl, savedAt, …}.
 */
global.getConnections = function () {
  return getConnections(appsScriptPlatform(PROVIDERS));
};

/**
 * Sidebar: pulls payments into a sheet and saves the sync so it can run again.
 * @param {Object} request {provider, status?, from?, to? (YYYY-MM-DD), range?, sheetName, full?, summary?, columns? (keys,
 *     in order), mode? ('update' | 'append'), currencies?, methods? (lists), minAmount? (major units), customer? (text)};
 *     provider takes the formula's expressions: "aura", "aura:EU shop", "all", or a comma list.
 * @return {Object} {syncId, sheetName, status, rows, added, updated, removed, durationMs, fetched, pages, columns,
 *     keptColumns?, changedNotRewritten? (append mode)}.
 */
global.syncPayments = function (request: SyncRequest) {
  return syncPayments(appsScriptSpreadsheetPlatform(PROVIDERS), request);
};

/**
 * Sidebar: saves an edited sync without running it.
 * @param {Object} request The same shape as syncPayments, with the syncId of the saved sync being edited.
 * @return {Object[]} The saved syncs.
 */
global.saveSync = function (request: SyncRequest) {
  return saveSync(appsScriptSpreadsheetPlatform(PROVIDERS), request);
};

/**
 * Sidebar: continues a sync that reported status "continuing".
 * @param {string} syncId The sync's id.
 * @return {Object} The same shape as syncPayments.
 */
global.continueSync = function (syncId: string) {
  return continueSync(appsScriptSpreadsheetPlatform(PROVIDERS), syncId);
};

/**
 * Sidebar: runs a saved sync again.
 * @param {string} syncId The sync's id.
 * @param {boolean} full True to pull everything instead of what changed.
 * @return {Object} The same shape as syncPayments.
 */
global.runSavedSync = function (syncId: string, full: boolean) {
  return runSavedSync(appsScriptSpreadsheetPlatform(PROVIDERS), syncId, full);
};

/**
 * Sidebar: copies a saved sync's table and the user's columns, as values, into "<sheet> · snapshot YYYY-MM-DD HH:mm",
 * protected with a warning against edits.
 * @param {string} syncId The sync's id.
 * @return {Object} {sheetName, rows}.
 */
global.snapshotSync = function (syncId: unknown) {
  return snapshotSync(appsScriptSpreadsheetPlatform(PROVIDERS), syncId);
};

/**
 * Sidebar: forgets a saved sync; its sheet stays.
 * @param {string} syncId The sync's id.
 * @return {Object[]} The remaining syncs.
 */
global.deleteSync = function (syncId: string) {
  return deleteSync(appsScriptSpreadsheetPlatform(PROVIDERS), syncId);
};

/**
 * Sidebar: everything it shows (connections, syncs, schedule, run log) in one call.
 * @return {Object} The sidebar's state.
 */
global.getSidebarState = function () {
  return getSidebarState(appsScriptSpreadsheetPlatform(PROVIDERS));
};

/**
 * Sidebar: sets the auto refresh. 0 = off; 1, 2, 4, 6, 8 or 12 = every N hours; 24 = daily at atHour.
 * @param {number} hours The interval.
 * @param {number} atHour For a daily refresh, the hour (0–23) in the spreadsheet's time zone.
 * @param {boolean} notifyOnFailure Mail the user who set the schedule when a scheduled run fails.
 * @return {Object} The schedule's status.
 */
global.setAutoRefresh = function (hours: number, atHour: number, notifyOnFailure: boolean) {
  return setAutoRefresh(appsScriptSpreadsheetPlatform(PROVIDERS), hours, atHour, notifyOnFailure);
};

/**
 * Sidebar: a saved sync's own schedule, in the spreadsheet's time zone; it replaces the auto refresh for that sync.
 * @param {string} syncId The sync's id (from getSidebarState().syncs).
 * @param {Object} schedule {every: 'off'} (never on its own), {every: 'hours', hours: 1–12} (whole hours from midnight),
 *     {every: 'day', atHour: 0–23}, {every: 'week', weekday: 1 (Monday)–7, atHour}, {every: 'month', day: 1–31, atHour}
 *     (a day past a month's end runs on its last day); each with paused: true or false. null follows the auto refresh again.
 * @return {Object[]} The saved syncs, each with its schedule and nextRunAt (ms since the epoch, or null).
 */
global.setSyncSchedule = function (syncId: unknown, schedule: unknown) {
  return setSyncSchedule(appsScriptSpreadsheetPlatform(PROVIDERS), syncId, schedule);
};

/**
 * Sidebar: the schedule, whether a pull is pending and the last scheduled run.
 * @return {Object} The schedule's status.
 */
global.getScheduleStatus = function () {
  return scheduleStatus(appsScriptSpreadsheetPlatform(PROVIDERS));
};

/**
 * Sidebar: how many days before the last sync an incremental refresh looks back (default 7).
 * @param {number} days 0 to 365.
 * @return {number} The saved value.
 */
global.setLookbackDays = function (days: number) {
  return setLookbackDays(appsScriptSpreadsheetPlatform(PROVIDERS), days);
};
