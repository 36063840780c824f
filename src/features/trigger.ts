import { pendingJobs, type SyncJob } from '../core/syncStore';
import type { SpreadsheetPlatform } from '../platform/types';
import { STORE_KEYS } from '../core/storeKeys';

/** The handlers the add-on's one time-driven trigger can call. */
export const SCHEDULE_HANDLER = 'runScheduledRefresh';
export const CONTINUE_HANDLER = 'continuePendingSyncs';
/** Asked for a minute later; an editor add-on's clock trigger may be held back to its hourly minimum. */
export const CONTINUATION_DELAY_MS = 60_000;

export interface Schedule {
  hours: number;
  /** For a daily run: the hour of day, in the spreadsheet's time zone. */
  atHour: number | null;
  timeZone: string;
  setBy: string;
  notifyOnFailure: boolean;
}

/** The current user's schedule. */
export function readSchedule(platform: SpreadsheetPlatform): Schedule | null {
  const text = platform.documentStore.get(STORE_KEYS.schedule(platform.userEmail()));
  return text ? (JSON.parse(text) as Schedule) : null;
}

export function writeSchedule(platform: SpreadsheetPlatform, schedule: Schedule | null): void {
  const key = STORE_KEYS.schedule(platform.userEmail());
  if (schedule) platform.documentStore.set(key, JSON.stringify(schedule));
  else platform.documentStore.remove(key);
}

export function markRoundDue(platform: SpreadsheetPlatform, due: boolean): void {
  const key = STORE_KEYS.roundDue(platform.userEmail());
  if (due) platform.documentStore.set(key, '1');
  else platform.documentStore.remove(key);
}

export function isRoundDue(platform: SpreadsheetPlatform): boolean {
  return platform.documentStore.get(STORE_KEYS.roundDue(platform.userEmail())) !== null;
}

/** The pulls this user has in progress: their trigger carries them on, with their connections. */
export function myPendingJobs(platform: SpreadsheetPlatform): SyncJob[] {
  return pendingJobs(platform.documentStore, platform.userEmail());
}

export function hasPendingWork(platform: SpreadsheetPlatform): boolean {
  return myPendingJobs(platform).length > 0 || isRoundDue(platform);
}

export function ourTriggers(platform: SpreadsheetPlatform) {
  return platform.scheduler.timeTriggers().filter((t) => t.handler === SCHEDULE_HANDLER || t.handler === CONTINUE_HANDLER);
}

/** Replaces this user's one time-driven trigger: an add-on may hold only one per user per document. */
export function armTrigger(platform: SpreadsheetPlatform, next: 'schedule' | 'continuation'): void {
  for (const trigger of ourTriggers(platform)) platform.scheduler.deleteTrigger(trigger.id);
  const schedule = readSchedule(platform);
  if (next === 'continuation') platform.scheduler.after(CONTINUE_HANDLER, CONTINUATION_DELAY_MS);
  else if (schedule) {
    if (schedule.hours === 24) platform.scheduler.dailyAt(SCHEDULE_HANDLER, schedule.atHour ?? 6, schedule.timeZone);
    else platform.scheduler.everyHours(SCHEDULE_HANDLER, schedule.hours);
  }
}

/**
 * Makes the trigger match the work: a continuation while this user has a pull in progress (so one left by a closed
 * sidebar or a killed execution still finishes), otherwise their schedule, if any. Leaves a matching trigger alone.
 */
export function settleTrigger(platform: SpreadsheetPlatform): void {
  const wanted = hasPendingWork(platform) ? CONTINUE_HANDLER : readSchedule(platform) ? SCHEDULE_HANDLER : null;
  const current = ourTriggers(platform);
  if (current.length === (wanted ? 1 : 0) && (wanted === null || current[0].handler === wanted)) return;
  armTrigger(platform, wanted === CONTINUE_HANDLER ? 'continuation' : 'schedule');
}
