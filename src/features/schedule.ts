import { TimeBudget } from '../core/budget';
import { UserError } from '../core/errors';
import { findSync, listSyncs, pendingJobs, readRunLog, type RunRecord, type RunTrigger, type SyncDefinition } from '../core/syncStore';
import type { SpreadsheetPlatform } from '../platform/types';
import { FORMULA_EPOCH_KEY } from './paymentsFunction';
import { queueSync, runSync, withSyncLock, type SyncResult } from './sync';

/** The handlers the add-on's one time-driven trigger can call. */
export const SCHEDULE_HANDLER = 'runScheduledRefresh';
export const CONTINUE_HANDLER = 'continuePendingSyncs';
export const AUTO_REFRESH_HOURS = [0, 1, 2, 4, 6, 8, 12, 24] as const;
/** Asked for a minute later; an editor add-on's clock trigger may be held back to its hourly minimum. */
export const CONTINUATION_DELAY_MS = 60_000;
/** Each user's own schedule: their trigger runs their syncs with their connections. */
const SCHEDULE_PREFIX = 'payments.schedule.';
/** A sync started with less than this left of the execution would only stage a page or two. */
const MIN_TIME_TO_START_SYNC_MS = 60_000;

export interface Schedule {
  hours: number;
  /** For a daily run: the hour of day, in the spreadsheet's time zone. */
  atHour: number | null;
  timeZone: string;
  setBy: string;
  notifyOnFailure: boolean;
}

export interface ScheduleStatus {
  schedule: Schedule | null;
  /** True when this user has the add-on's time-driven trigger installed (the schedule or a continuation). */
  ownTrigger: boolean;
  pendingSyncs: number;
  lastScheduledRun: RunRecord | null;
  lastScheduledFailure: RunRecord | null;
}

function scheduleKey(platform: SpreadsheetPlatform): string {
  return SCHEDULE_PREFIX + platform.userEmail();
}

/** The current user's schedule. */
export function readSchedule(platform: SpreadsheetPlatform): Schedule | null {
  const text = platform.documentStore.get(scheduleKey(platform));
  return text ? (JSON.parse(text) as Schedule) : null;
}

function ourTriggers(platform: SpreadsheetPlatform) {
  return platform.scheduler.timeTriggers().filter((t) => t.handler === SCHEDULE_HANDLER || t.handler === CONTINUE_HANDLER);
}

/** Replaces this user's one time-driven trigger: an add-on may hold only one per user per document. */
function armTrigger(platform: SpreadsheetPlatform, next: 'schedule' | 'continuation' | 'none'): void {
  for (const trigger of ourTriggers(platform)) platform.scheduler.deleteTrigger(trigger.id);
  const schedule = readSchedule(platform);
  if (next === 'continuation') platform.scheduler.after(CONTINUE_HANDLER, CONTINUATION_DELAY_MS);
  else if (next === 'schedule' && schedule) {
    if (schedule.hours === 24) platform.scheduler.dailyAt(SCHEDULE_HANDLER, schedule.atHour ?? 6, schedule.timeZone);
    else platform.scheduler.everyHours(SCHEDULE_HANDLER, schedule.hours);
  }
}

/** setAutoRefresh(hours, atHour?, notifyOnFailure?): 0 turns it off; 1–12 every N hours; 24 daily at atHour. */
export function setAutoRefresh(platform: SpreadsheetPlatform, hours: unknown, atHour?: unknown, notifyOnFailure?: unknown): ScheduleStatus {
  const interval = Number(hours);
  if (!(AUTO_REFRESH_HOURS as readonly number[]).includes(interval)) {
    throw new UserError(`Refresh every ${String(hours)} hours is not possible: choose 0 (off), 1, 2, 4, 6, 8, 12 or 24 (daily).`);
  }
  let hour: number | null = null;
  if (interval === 24) {
    hour = atHour === undefined || atHour === null || atHour === '' ? 6 : Number(atHour);
    if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new UserError('The daily refresh hour must be a whole hour from 0 to 23.');
  }
  if (interval === 0) platform.documentStore.remove(scheduleKey(platform));
  else {
    const schedule: Schedule = {
      hours: interval,
      atHour: hour,
      timeZone: platform.timeZone(),
      setBy: platform.userEmail(),
      notifyOnFailure: notifyOnFailure === undefined ? true : Boolean(notifyOnFailure),
    };
    platform.documentStore.set(scheduleKey(platform), JSON.stringify(schedule));
  }
  // A pull in progress keeps the trigger until it is done, even with the schedule off; then it restores the schedule.
  armTrigger(platform, myPendingJobs(platform).length ? 'continuation' : 'schedule');
  return scheduleStatus(platform);
}

export function scheduleStatus(platform: SpreadsheetPlatform): ScheduleStatus {
  const log = readRunLog(platform.documentStore).filter((run) => run.trigger === 'scheduled');
  const schedule = readSchedule(platform);
  return {
    schedule,
    ownTrigger: ourTriggers(platform).length > 0,
    pendingSyncs: myPendingJobs(platform).length,
    lastScheduledRun: log[0] ?? null,
    lastScheduledFailure: log.find((run) => run.outcome === 'error') ?? null,
  };
}

/** Every PAYMENTS formula recalculates, past its cache: new cache keys, and each formula written again. */
export function refreshPaymentsFormulas(platform: SpreadsheetPlatform): number {
  platform.documentStore.set(FORMULA_EPOCH_KEY, String(platform.clock.now()));
  return platform.workbook.rewriteFormulasCalling('PAYMENTS');
}

/** The current user's syncs: the only ones their rounds run, so nobody's sync runs on someone else's key. */
function mySyncs(platform: SpreadsheetPlatform): SyncDefinition[] {
  const me = platform.userEmail();
  return listSyncs(platform.documentStore).filter((sync) => sync.owner === me);
}

function myPendingJobs(platform: SpreadsheetPlatform) {
  const mine = new Set(mySyncs(platform).map((sync) => sync.id));
  return pendingJobs(platform.documentStore).filter((job) => mine.has(job.syncId));
}

interface RoundOutcome {
  results: SyncResult[];
  failures: Array<{ sync: SyncDefinition; message: string }>;
  pending: number;
  formulasRefreshed: number | null;
}

/**
 * Works through the current user's pending sync jobs within this execution: all their saved syncs when a round
 * starts, then whatever a previous execution left. Once none is pending, the PAYMENTS formulas are refreshed too.
 */
function runRound(platform: SpreadsheetPlatform, trigger: RunTrigger, startRound: boolean): RoundOutcome {
  const executionStart = platform.clock.now();
  const budget = TimeBudget.forExecution(platform.clock, executionStart);
  const outcome: RoundOutcome = { results: [], failures: [], pending: 0, formulasRefreshed: null };
  withSyncLock(platform, trigger, () => {
    if (startRound) for (const sync of mySyncs(platform)) queueSync(platform, sync, trigger);
    const queued = myPendingJobs(platform)
      .map((job) => findSync(platform.documentStore, job.syncId))
      .filter((sync): sync is SyncDefinition => sync !== null)
      .sort((a, b) => a.createdAt - b.createdAt);
    for (const sync of queued) {
      if (budget.remainingMs() < MIN_TIME_TO_START_SYNC_MS) break;
      try {
        const result = runSync(platform, sync, trigger, false, executionStart);
        outcome.results.push(result);
        if (result.status === 'continuing') break;
      } catch (error) {
        outcome.failures.push({ sync, message: error instanceof Error ? error.message : String(error) });
      }
    }
    outcome.pending = myPendingJobs(platform).length;
    if (outcome.pending === 0) outcome.formulasRefreshed = refreshPaymentsFormulas(platform);
    return null;
  });
  return outcome;
}

function mailFailures(platform: SpreadsheetPlatform, failures: RoundOutcome['failures']): void {
  const schedule = readSchedule(platform);
  if (!failures.length || !schedule?.notifyOnFailure || !schedule.setBy) return;
  const lines = failures.map(({ sync, message }) => `• ${sync.sheetName} (${sync.provider}): ${message}`);
  platform.sendMail(
    schedule.setBy,
    'Payments Sync: a scheduled refresh failed',
    `The scheduled refresh of your spreadsheet could not update ${failures.length === 1 ? 'a sheet' : `${failures.length} sheets`}:\n\n${lines.join('\n')}\n\n` +
      'The sheets keep their previous data. Open Extensions → Payments Sync → Open sidebar to see the run log or fix the connection.',
  );
}

/** The time-driven trigger, as the user who set it: a scheduled round of their syncs, or a continuation of one. */
export function runScheduled(platform: SpreadsheetPlatform, startRound: boolean): RoundOutcome {
  if (startRound && !readSchedule(platform)) {
    // The schedule was turned off from another device or session: this trigger is stale.
    armTrigger(platform, 'none');
    return { results: [], failures: [], pending: 0, formulasRefreshed: null };
  }
  const outcome = runRound(platform, 'scheduled', startRound);
  mailFailures(platform, outcome.failures);
  armTrigger(platform, outcome.pending > 0 ? 'continuation' : 'schedule');
  return outcome;
}

/** Menu: "Sync all now" runs the user's saved syncs at once; what does not fit continues in the background. */
export function syncAllNow(platform: SpreadsheetPlatform): RoundOutcome {
  const outcome = runRound(platform, 'manual', true);
  if (outcome.pending > 0) armTrigger(platform, 'continuation');
  const done = outcome.results.filter((r) => r.status === 'done').length;
  const parts = [`${done} sync${done === 1 ? '' : 's'} done`];
  if (outcome.failures.length) parts.push(`${outcome.failures.length} failed (see the sidebar)`);
  if (outcome.pending) parts.push(`${outcome.pending} continuing in the background`);
  platform.workbook.toast(parts.join(', ') + '.');
  return outcome;
}
