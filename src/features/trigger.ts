import { listSyncs, pendingJobs, type SyncDefinition, type SyncJob } from '../core/syncStore';
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
  /** When it was set or its last round began, whichever is later; absent in schedules saved before syncs had their own. */
  since?: number;
}

/** A round the next execution must queue: every saved sync (Sync all now) or those following the default schedule. */
export type RoundKind = 'all' | 'default';

/**
 * What this user's schedule trigger was armed for: 'default' fires at the "refresh all my syncs" interval itself,
 * 'hourly' fires every hour for the syncs' own schedules, which each round checks.
 */
export type TriggerCadence = 'default' | 'hourly';

/** The current user's "refresh all my syncs" schedule, the default for syncs without their own. */
export function readSchedule(platform: SpreadsheetPlatform): Schedule | null {
  return readScheduleOf(platform, platform.userEmail());
}

/** Anyone's: the sidebar shows when each sync's owner's default next runs it. */
export function readScheduleOf(platform: SpreadsheetPlatform, user: string): Schedule | null {
  const text = platform.documentStore.get(STORE_KEYS.schedule(user));
  return text ? (JSON.parse(text) as Schedule) : null;
}

export function writeSchedule(platform: SpreadsheetPlatform, schedule: Schedule | null): void {
  const key = STORE_KEYS.schedule(platform.userEmail());
  if (schedule) platform.documentStore.set(key, JSON.stringify(schedule));
  else platform.documentStore.remove(key);
}

/** Marks a round for the next execution to queue; a round of every sync covers a default one. */
export function markRoundDue(platform: SpreadsheetPlatform, due: RoundKind | null): void {
  const key = STORE_KEYS.roundDue(platform.userEmail());
  if (!due) platform.documentStore.remove(key);
  else if (roundDue(platform) !== 'all') platform.documentStore.set(key, due);
}

export function roundDue(platform: SpreadsheetPlatform): RoundKind | null {
  const value = platform.documentStore.get(STORE_KEYS.roundDue(platform.userEmail()));
  // '1' is a round marked before the default had its own kind: it queued every sync.
  return value === null ? null : value === 'default' ? 'default' : 'all';
}

export function isRoundDue(platform: SpreadsheetPlatform): boolean {
  return roundDue(platform) !== null;
}

/** The current user's syncs: the only ones their trigger runs, so nobody's sync runs on someone else's key. */
export function mySyncs(platform: SpreadsheetPlatform): SyncDefinition[] {
  const me = platform.userEmail();
  return listSyncs(platform.documentStore).filter((sync) => sync.owner === me);
}

/** A sync's own schedule that runs (not off, not paused): the user's trigger must then fire every hour. */
export function hasActiveOwnSchedule(sync: SyncDefinition): boolean {
  return Boolean(sync.schedule && sync.schedule.every !== 'off' && !sync.schedule.paused);
}

/** The cadence this user's schedule trigger needs now; null when nothing is scheduled. */
export function wantedCadence(platform: SpreadsheetPlatform): TriggerCadence | null {
  if (mySyncs(platform).some(hasActiveOwnSchedule)) return 'hourly';
  return readSchedule(platform) ? 'default' : null;
}

/** The cadence the schedule trigger was armed with; a trigger armed before cadences were recorded is the default's. */
export function armedCadence(platform: SpreadsheetPlatform): TriggerCadence {
  return platform.documentStore.get(STORE_KEYS.triggerCadence(platform.userEmail())) === 'hourly' ? 'hourly' : 'default';
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
  const cadenceKey = STORE_KEYS.triggerCadence(platform.userEmail());
  const schedule = readSchedule(platform);
  const cadence = next === 'schedule' ? wantedCadence(platform) : null;
  if (next === 'continuation') platform.scheduler.after(CONTINUE_HANDLER, CONTINUATION_DELAY_MS);
  else if (cadence === 'hourly') platform.scheduler.everyHours(SCHEDULE_HANDLER, 1);
  else if (schedule) {
    if (schedule.hours === 24) platform.scheduler.dailyAt(SCHEDULE_HANDLER, schedule.atHour ?? 6, schedule.timeZone);
    else platform.scheduler.everyHours(SCHEDULE_HANDLER, schedule.hours);
  }
  if (cadence) platform.documentStore.set(cadenceKey, cadence);
  else platform.documentStore.remove(cadenceKey);
}

/**
 * Makes the trigger match the work: a continuation while this user has a pull in progress (so one left by a closed
 * sidebar or a killed execution still finishes), otherwise their schedule, if any, at the cadence it needs (hourly
 * once a sync of theirs has its own schedule). Leaves a matching trigger alone.
 */
export function settleTrigger(platform: SpreadsheetPlatform): void {
  const cadence = wantedCadence(platform);
  const wanted = hasPendingWork(platform) ? CONTINUE_HANDLER : cadence ? SCHEDULE_HANDLER : null;
  const current = ourTriggers(platform);
  const matches =
    current.length === (wanted ? 1 : 0) &&
    (wanted === null || current[0].handler === wanted) &&
    (wanted !== SCHEDULE_HANDLER || armedCadence(platform) === cadence);
  if (!matches) armTrigger(platform, wanted === CONTINUE_HANDLER ? 'continuation' : 'schedule');
}
