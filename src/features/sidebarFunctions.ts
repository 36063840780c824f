/**
 * The server functions the sidebar calls through google.script.run, under the names src/index.ts gives them:
 * sidebar/server.ts types its calls from these features' own signatures (less the platform), so the two cannot
 * drift apart; a test checks that every name is a global of the built add-on.
 */
import type { clearCredentials, renameAccount, saveCredentials, testConnection } from './connectionsApi';
import type { scheduleStatus, setAutoRefresh, setSyncSchedule } from './schedule';
import type { deleteSync, getSidebarState, runSavedSync, saveSync } from './sidebarApi';
import type { snapshotSync } from './snapshot';
import type { continueSync, syncPayments } from './sync';
import type { setLookbackDays } from './syncDefinition';

export interface SidebarFunctions {
  getSidebarState: typeof getSidebarState;
  saveCredentials: typeof saveCredentials;
  clearCredentials: typeof clearCredentials;
  renameAccount: typeof renameAccount;
  testConnection: typeof testConnection;
  syncPayments: typeof syncPayments;
  saveSync: typeof saveSync;
  continueSync: typeof continueSync;
  runSavedSync: typeof runSavedSync;
  deleteSync: typeof deleteSync;
  snapshotSync: typeof snapshotSync;
  setSyncSchedule: typeof setSyncSchedule;
  setAutoRefresh: typeof setAutoRefresh;
  getScheduleStatus: typeof scheduleStatus;
  setLookbackDays: typeof setLookbackDays;
}

/** The same names, every one (the record's type says so), for the check that the built add-on defines each. */
const NAMES: Record<keyof SidebarFunctions, true> = {
  getSidebarState: true,
  saveCredentials: true,
  clearCredentials: true,
  renameAccount: true,
  testConnection: true,
  syncPayments: true,
  saveSync: true,
  continueSync: true,
  runSavedSync: true,
  deleteSync: true,
  snapshotSync: true,
  setSyncSchedule: true,
  setAutoRefresh: true,
  getScheduleStatus: true,
  setLookbackDays: true,
};

export const SIDEBAR_FUNCTION_NAMES = Object.keys(NAMES) as Array<keyof SidebarFunctions>;
