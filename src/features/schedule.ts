import { TimeBudget } from '../core/budget';
import { loadConnection } from '../core/connections';
import { SyncBusyError, UserError } from '../core/errors';
import { loadSharedLimiter } from '../core/rateLimiter';
import { findSync, listSyncs, readRunLog, syncSignature, type RunRecord, type RunOrigin, type SyncDefinition } from '../core/syncStore';
import { readChunked, removeChunked, writeChunked } from '../core/chunkedStore';
import type { FormulaCell, SpreadsheetPlatform } from '../platform/types';
import { FORMULA_EPOCH_KEY } from './paymentsFunction';
import { repeatsQuotaFailure, runSync, withSyncLock, type SyncResult } from './sync';
import { discardJob, queueSync } from './syncJob';
import { STORE_KEYS } from '../core/storeKeys';
import {
  armTrigger, hasPendingWork, isRoundDue, ourTriggers, markRoundDue, myPendingJobs, readSchedule, settleTrigger, writeSchedule, type Schedule,
} from './trigger';

export const AUTO_REFRESH_HOURS = [0, 1, 2, 4, 6, 8, 12, 24] as const;
/** Where a formula refresh records the formulas it is about to rewrite. */
const FORMULA_JOURNAL_KEY = STORE_KEYS.formulaJournal;
/** Rewriting one formula is a few Sheets calls and a flush. */
const MIN_TIME_TO_REWRITE_FORMULA_MS = 2_000;
/** A sync started with less than this left of the execution would only stage a page or two. */
const MIN_TIME_TO_START_SYNC_MS = 60_000;

export interface ScheduleStatus {
  schedule: Schedule | null;
  /** True when this user has the add-on's time-driven trigger installed (the schedule or a continuation). */
  ownTrigger: boolean;
  pendingSyncs: number;
  lastScheduledRun: RunRecord | null;
  lastScheduledFailure: RunRecord | null;
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
  writeSchedule(
    platform,
    interval === 0
      ? null
      : {
          hours: interval,
          atHour: hour,
          timeZone: platform.timeZone(),
          setBy: platform.userEmail(),
          notifyOnFailure: notifyOnFailure === undefined ? true : Boolean(notifyOnFailure),
        },
  );
  // A pull in progress keeps the trigger until it is done, even with the schedule off; then it restores the schedule.
  armTrigger(platform, hasPendingWork(platform) ? 'continuation' : 'schedule');
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

/**
 * Every PAYMENTS formula recalculates, past its cache: new cache keys, and each formula written again. The formulas
 * are recorded before the first is touched, so one that a kill left empty is put back by the next run; with too
 * little time left the rest wait for the next round, untouched.
 */
export function refreshPaymentsFormulas(platform: SpreadsheetPlatform, budget?: TimeBudget): number {
  restoreFormulas(platform);
  platform.documentStore.set(FORMULA_EPOCH_KEY, String(platform.clock.now()));
  const cells = platform.workbook.formulasCalling('PAYMENTS');
  writeChunked(platform.documentStore, FORMULA_JOURNAL_KEY, JSON.stringify(cells));
  let rewritten = 0;
  for (const cell of cells) {
    if (budget && budget.remainingMs() < MIN_TIME_TO_REWRITE_FORMULA_MS) break;
    platform.workbook.rewriteFormula(cell);
    rewritten += 1;
  }
  removeChunked(platform.documentStore, FORMULA_JOURNAL_KEY);
  return rewritten;
}

/** Menu: refreshes the formulas within this execution and says how many. */
export function refreshFormulasNow(platform: SpreadsheetPlatform): number {
  const count = withSyncLock(platform, 'manual', () => refreshPaymentsFormulas(platform, TimeBudget.forExecution(platform.clock)));
  platform.workbook.toast(`${count} PAYMENTS formula${count === 1 ? '' : 's'} refreshing.`);
  return count;
}

/** Puts back any formula a killed refresh emptied; a cell the user has filled since keeps what they typed. */
export function restoreFormulas(platform: SpreadsheetPlatform): number {
  const journal = readChunked(platform.documentStore, FORMULA_JOURNAL_KEY);
  if (journal === null) return 0;
  let restored = 0;
  for (const cell of JSON.parse(journal) as FormulaCell[]) {
    if (platform.workbook.formulaAt(cell) !== '') continue;
    platform.workbook.writeFormula(cell);
    restored += 1;
  }
  removeChunked(platform.documentStore, FORMULA_JOURNAL_KEY);
  return restored;
}

/** The current user's syncs: the only ones their rounds run, so nobody's sync runs on someone else's key. */
function mySyncs(platform: SpreadsheetPlatform): SyncDefinition[] {
  const me = platform.userEmail();
  return listSyncs(platform.documentStore).filter((sync) => sync.owner === me);
}

interface RoundOutcome {
  results: SyncResult[];
  /** `repeated`: the daily quota again, already logged and mailed by an earlier run. */
  failures: Array<{ sync: SyncDefinition; message: string; repeated: boolean }>;
  pending: number;
  formulasRefreshed: number | null;
  /** Another run held the lock: the round runs when the continuation trigger comes. */
  waiting: boolean;
}

function noRound(pending = 0, waiting = false): RoundOutcome {
  return { results: [], failures: [], pending, formulasRefreshed: null, waiting };
}

/**
 * Works through the current user's pending sync jobs within this execution: all their saved syncs when a round is
 * due, then whatever a previous execution left. Once none is pending, the PAYMENTS formulas are refreshed too.
 */
function runRound(platform: SpreadsheetPlatform, trigger: RunOrigin): RoundOutcome {
  const executionStart = platform.clock.now();
  const budget = TimeBudget.forExecution(platform.clock, executionStart);
  const outcome = noRound();
  withSyncLock(platform, trigger, () => {
    restoreFormulas(platform);
    if (isRoundDue(platform)) {
      for (const sync of mySyncs(platform)) queueSync(platform, sync, trigger);
      markRoundDue(platform, false);
    }
    const queued = continuableSyncs(platform);
    for (const sync of queued) {
      if (budget.remainingMs() < MIN_TIME_TO_START_SYNC_MS) break;
      const lastRun = findSync(platform.documentStore, sync.id)?.lastRun;
      try {
        outcome.results.push(runSync(platform, sync, trigger, { executionStart }));
      } catch (error) {
        outcome.failures.push({ sync, message: error instanceof Error ? error.message : String(error), repeated: repeatsQuotaFailure(lastRun, error) });
      }
    }
    outcome.pending = myPendingJobs(platform).length;
    if (outcome.pending === 0) {
      waitForRateLimits(platform, budget);
      outcome.formulasRefreshed = refreshPaymentsFormulas(platform, budget);
    }
    return null;
  });
  return outcome;
}

/**
 * The formulas recalculate as soon as this round ends, each with 30 seconds: staggered until the round's syncs have
 * left half of each provider's minute free (when the execution has the time), so a formula finds its share.
 */
function waitForRateLimits(platform: SpreadsheetPlatform, budget: TimeBudget): void {
  const now = platform.clock.now();
  let readyAt = now;
  for (const adapter of platform.providers.all()) {
    const connection = loadConnection(platform.userStore, adapter.id);
    if (!connection || adapter.rateLimitPerMinute === null) continue;
    const limiter = loadSharedLimiter(platform.documentCache, connection.id, adapter.rateLimitPerMinute);
    readyAt = Math.max(readyAt, limiter.availableAt(Math.ceil(adapter.rateLimitPerMinute / 2), now));
  }
  if (readyAt > now && readyAt - now < budget.remainingMs()) platform.clock.sleep(readyAt - now);
}

/**
 * The syncs this user's pending pulls belong to, oldest first. A pull goes on in the background only for the user's
 * own sync, or for the very definition they started it on by hand; one whose sync someone else has since taken over
 * is dropped, so it never runs their definition on this user's key.
 */
function continuableSyncs(platform: SpreadsheetPlatform): SyncDefinition[] {
  const me = platform.userEmail();
  const syncs: SyncDefinition[] = [];
  for (const job of myPendingJobs(platform)) {
    const sync = findSync(platform.documentStore, job.syncId);
    if (!sync) continue;
    if (sync.owner === me || syncSignature(sync) === job.signature) syncs.push(sync);
    else discardJob(platform, sync);
  }
  return syncs.sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * Runs a round in the background's way: the continuation trigger is armed before any work, so if Google kills the
 * execution the next one carries on from the checkpoint; a round that finds the lock taken waits for it. Afterwards
 * the trigger matches what is left: a continuation, or the schedule.
 */
function runRoundWithContinuation(platform: SpreadsheetPlatform, trigger: RunOrigin): RoundOutcome {
  armTrigger(platform, 'continuation');
  try {
    return runRound(platform, trigger);
  } catch (error) {
    if (!(error instanceof SyncBusyError)) throw error;
    return noRound(myPendingJobs(platform).length, true);
  } finally {
    settleTrigger(platform);
  }
}

function mailFailures(platform: SpreadsheetPlatform, allFailures: RoundOutcome['failures']): void {
  const failures = allFailures.filter((failure) => !failure.repeated);
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
  if (startRound) {
    if (!readSchedule(platform)) {
      // The schedule was turned off from another device or session: this trigger is stale.
      settleTrigger(platform);
      return noRound();
    }
    markRoundDue(platform, true);
  }
  const outcome = runRoundWithContinuation(platform, 'scheduled');
  mailFailures(platform, outcome.failures);
  return outcome;
}

/** Menu: "Sync all now" runs the user's saved syncs at once; what does not fit continues in the background. */
export function syncAllNow(platform: SpreadsheetPlatform): RoundOutcome {
  markRoundDue(platform, true);
  const outcome = runRoundWithContinuation(platform, 'manual');
  if (outcome.waiting) {
    platform.workbook.toast('Another sync is running in this spreadsheet; yours will run in the background after it.');
    return outcome;
  }
  const done = outcome.results.filter((r) => r.status === 'done').length;
  const parts = [`${done} sync${done === 1 ? '' : 's'} done`];
  if (outcome.failures.length) parts.push(`${outcome.failures.length} failed (see the sidebar)`);
  if (outcome.pending) parts.push(`${outcome.pending} continuing in the background`);
  platform.workbook.toast(parts.join(', ') + '.');
  return outcome;
}
