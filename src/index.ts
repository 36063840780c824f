/**
 * Payments Sync's public functions: the custom function, the triggers, the menu's items and the sidebar's server
 * functions. Each is a line or two that hands over to a module; the build turns every `global.NAME = function`
 * below into a top-level Apps Script function with this JSDoc.
 */
import { paymentsFunction } from './features/paymentsFunction';
import { clearCredentials, getConnections, saveCredentials, testConnection } from './features/connectionsApi';
import { addMenu, openSidebar } from './features/menu';
import { appsScriptPlatform } from './platform/appsScript';
import type { Credentials } from './providers/types';

declare const global: Record<string, unknown>;

/**
 * Lists payments from a connected provider, newest first, with a header row. Connect the provider first in
 * Extensions → Payments Sync → Open sidebar.
 *
 * @param {string} provider "aura", "koteshen" or "uqualify".
 * @param {string} status Optional: "all" (default), one status (succeeded, pending, failed, refunded, canceled, unknown) or a comma list such as "succeeded,refunded".
 * @param {Date|string} from Optional: first day to include, a date cell or "YYYY-MM-DD", in the spreadsheet's time zone.
 * @param {Date|string} to Optional: last day to include (the whole day), a date cell or "YYYY-MM-DD".
 * @return {Array<Array<string|number|Date>>} The header row and one row per payment.
 * @customfunction
 */
global.PAYMENTS = function (provider: unknown, status: unknown, from: unknown, to: unknown) {
  return paymentsFunction(appsScriptPlatform(), provider, status, from, to);
};

/**
 * Adds the Payments Sync menu when the spreadsheet opens (also in AuthMode.NONE).
 * @param {GoogleAppsScript.Events.SheetsOnOpen} event The open event.
 */
global.onOpen = function (event: unknown) {
  void event;
  addMenu(SpreadsheetApp.getUi());
};

/**
 * Runs when the add-on is installed: adds the menu at once.
 * @param {GoogleAppsScript.Events.AddonOnInstall} event The install event.
 */
global.onInstall = function (event: unknown) {
  void event;
  addMenu(SpreadsheetApp.getUi());
};

/** Menu: opens the sidebar. */
global.openSidebar = function () {
  openSidebar();
};

/**
 * Sidebar: saves a provider's credentials in the current user's own properties.
 * @param {string} provider "aura", "koteshen" or "uqualify".
 * @param {Object} credentials {apiKey?, clientId?, clientSecret?, baseUrl?}; empty fields keep what was saved.
 * @return {Object[]} Every provider's connection, secrets masked.
 */
global.saveCredentials = function (provider: unknown, credentials: Credentials) {
  return saveCredentials(appsScriptPlatform(), provider, credentials);
};

/**
 * Sidebar: removes a provider's credentials and tokens.
 * @param {string} provider "aura", "koteshen" or "uqualify".
 * @return {Object[]} Every provider's connection, secrets masked.
 */
global.clearCredentials = function (provider: unknown) {
  return clearCredentials(appsScriptPlatform(), provider);
};

/**
 * Sidebar: asks the provider for one payment with the saved credentials.
 * @param {string} provider "aura", "koteshen" or "uqualify".
 * @return {Object} {ok, message}.
 */
global.testConnection = function (provider: unknown) {
  return testConnection(appsScriptPlatform(), provider);
};

/**
 * Sidebar: which providers the current user has connected, secrets masked.
 * @return {Object[]} One entry per provider.
 */
global.getConnections = function () {
  return getConnections(appsScriptPlatform());
};
