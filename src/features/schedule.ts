import { TimeBudget } from '../core/budget';
import { loadConnection } from '../core/connections';
import { SyncBusyError, UserError } from '../core/errors';
import { loadSharedLimiter } from '../core/rateLimiter';
import {
  findSync,
  listSyncs,
  readRunLog,
  saveSync,
  syncSignature,
  type RunRecord,
  type RunOrigin,
  type SyncDefinition,
} from '../core/syncStore';
import { isScheduleDue, nextRunAt, parseSyncSchedule } from '../core/syncSchedule';
import { readChunked, removeChunked, writeChunked } from '../core/chunkedStore';
import type { FormulaCell, SpreadsheetPlatform } from '../platform/types';
import { FORMULA_EPOCH_KEY } from './paymentsFunction';
import { repeatsQuotaFailure, runSync, withSyncLock, type SyncResult } from './sync';
import { discardJob, queueSync } from './syncJob';
import { STORE_KEYS } from '../core/storeKeys';
import {
  armedCadence,
  armTrigger,
  hasPendingWork,
  markRoundDue,
  mySyncs,
  myPendingJobs,
  ourTriggers,
  readSchedule,
  readScheduleOf,
  roundDue,
  settleTrigger,
  wantedCadence,
  writeSchedule,
  type Schedule,
} from './trigger';

export const AUTO_REFRESH_HOURS = [0, 1, 2, 4, 6, 8, 12, 24] as const;
/** Where a formula refresh records the formulas it is about to rewrite. */
const FORMULA_JOURNAL_KEY = STORE_KEYS.formulaJournal;
/** Rewriting one formula is a few Sheets calls and a flush. */
const MIN_TIME_TO_REWRITE_FORMULA_MS = 2_000;
/** A sync started with less than this left of the execution would only stage a page or two. */
const MIN_TIME_TO_START_SYNC_MS = 60_000;
const HOUR_MS = 3_600_000;
/**
 * On an hourly trigger, a default of every N hours is due this much before N hours have passed since its last round:
 * that round began a little after its trigger fired, and the trigger N hours on may fire a little early.
 */
const DEFAULT_INTERVAL_SLACK_MS = 10 * 60_000;

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
          since: platform.clock.now(),
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

/** A saved sync as the sidebar shows it: with when it next runs on its own. */
export type ScheduledSync = SyncDefinition & { nextRunAt: number | null };

/**
 * When the default next runs: every N hours counts from its last round (as its own trigger does); daily runs at its
 * hour in the spreadsheet's zone.
 */
function defaultNextRunAt(schedule: Schedule, timeZone: string): number {
  const since = schedule.since ?? 0;
  if (schedule.hours === 24) return nextRunAt({ every: 'day', atHour: schedule.atHour ?? 6 }, since, timeZone)!;
  return since + schedule.hours * HOUR_MS;
}

/** When a sync next runs on its own: by its own schedule, else by its owner's default; null when it does not. */
export function syncNextRunAt(platform: SpreadsheetPlatform, sync: SyncDefinition): number | null {
  const timeZone = platform.timeZone();
  if (sync.schedule) return nextRunAt(sync.schedule, sync.schedule.since, timeZone);
  const fallback = readScheduleOf(platform, sync.owner);
  return fallback ? defaultNextRunAt(fallback, timeZone) : null;
}

export function scheduledSyncs(platform: SpreadsheetPlatform): ScheduledSync[] {
  return listSyncs(platform.documentStore).map((sync) => ({ ...sync, nextRunAt: syncNextRunAt(platform, sync) }));
}

/**
 * setSyncSchedule(syncId, schedule): a sync's own schedule, or null to follow "refresh all my syncs" again. It runs
 * on its owner's trigger with its owner's connection, so only its owner sets it; the trigger turns hourly when needed.
 */
export function setSyncSchedule(platform: SpreadsheetPlatform, syncId: unknown, schedule: unknown): ScheduledSync[] {
  const sync = typeof syncId === 'string' ? findSync(platform.documentStore, syncId) : null;
  if (!sync) {
    throw new UserError(
      `syncId ${JSON.stringify(syncId) ?? String(syncId)} is not a saved sync of this spreadsheet: pass the id of one listed in getSidebarState().syncs (reopen the sidebar if it was just deleted).`,
    );
  }
  const setting = schedule === null ? null : parseSyncSchedule(schedule);
  if (sync.owner !== platform.userEmail()) {
    throw new UserError(
      `The sync into "${sync.sheetName}" runs on ${sync.owner}'s schedule and connection: only they can set its schedule (or Edit the sync to take it over).`,
    );
  }
  withSyncLock(platform, 'manual', () => {
    const fresh = findSync(platform.documentStore, sync.id) ?? sync;
    if (setting) fresh.schedule = { ...setting, since: platform.clock.now() };
    else delete fresh.schedule;
    saveSync(platform.documentStore, fresh);
    return null;
  });
  armTrigger(platform, hasPendingWork(platform) ? 'continuation' : 'schedule');
  return scheduledSyncs(platform);
}

/** Queues the syncs a round runs; true when it queued a round (even of no syncs) or any sync. */
function queueRound(platform: SpreadsheetPlatform, trigger: RunOrigin, checkDefault: boolean): boolean {
  const now = platform.clock.now();
  const mine = mySyncs(platform);
  const followsDefault = mine.filter((sync) => !sync.schedule);
  const marked = roundDue(platform);
  let queued = false;
  if (marked) {
    for (const sync of marked === 'all' ? mine : followsDefault) queueSync(platform, sync, trigger);
    if (marked === 'default') defaultRoundBegan(platform, now);
    markRoundDue(platform, null);
    queued = true;
  } else if (checkDefault && isDefaultDue(platform, now)) {
    for (const sync of followsDefault) queueSync(platform, sync, trigger);
    defaultRoundBegan(platform, now);
    queued = true;
  }
  if (trigger !== 'scheduled') return queued;
  for (const sync of mine) {
    if (!sync.schedule || !isScheduleDue(sync.schedule, now, platform.timeZone())) continue;
    // Queued before its schedule moves on: a kill in between queues it again (a no-op), never skips it.
    queueSync(platform, sync, trigger);
    const fresh = findSync(platform.documentStore, sync.id) ?? sync;
    saveSync(platform.documentStore, { ...fresh, schedule: { ...sync.schedule, since: now } });
    queued = true;
  }
  return queued;
}

function isDefaultDue(platform: SpreadsheetPlatform, now: number): boolean {
  const schedule = readSchedule(platform);
  if (!schedule) return false;
  const slack = schedule.hours === 24 ? 0 : DEFAULT_INTERVAL_SLACK_MS;
  return defaultNextRunAt(schedule, platform.timeZone()) - slack <= now;
}

function defaultRoundBegan(platform: SpreadsheetPlatform, now: number): void {
  const schedule = readSchedule(platform);
  if (schedule) writeSchedule(platform, { ...schedule, since: now });
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

/** How a round picks its syncs beyond a marked round and the pulls in progress. */
interface RoundPlan {
  /** The trigger fires hourly: the default runs when it is due, not on every round. */
  checkDefault: boolean;
  /** An hourly tick: with nothing due and nothing in progress it does nothing, formulas included. */
  onlyWhenDue: boolean;
}

const EVERY_ROUND: RoundPlan = { checkDefault: false, onlyWhenDue: false };

/**
 * Works through the current user's pending sync jobs within this execution: the round's syncs (all their saved syncs
 * for Sync all now; those that follow the default on its round; each whose own schedule is due), then whatever a
 * previous execution left. Once none is pending, the PAYMENTS formulas are refreshed too.
 */
function runRound(platform: SpreadsheetPlatform, trigger: RunOrigin, plan: RoundPlan): RoundOutcome {
  const executionStart = platform.clock.now();
  const budget = TimeBudget.forExecution(platform.clock, executionStart);
  const outcome = noRound();
  withSyncLock(platform, trigger, () => {
    restoreFormulas(platform);
    const roundQueued = queueRound(platform, trigger, plan.checkDefault);
    const queued = continuableSyncs(platform);
    if (plan.onlyWhenDue && !roundQueued && queued.length === 0) return null;
    for (const sync of queued) {
      if (budget.remainingMs() < MIN_TIME_TO_START_SYNC_MS) break;
      const lastRun = findSync(platform.documentStore, sync.id)?.lastRun;
      try {
        outcome.results.push(runSync(platform, sync, trigger, { executionStart }));
      } catch (error) {
        outcome.failures.push({
          sync,
          message: error instanceof Error ? error.message : String(error),
          repeated: repeatsQuotaFailure(lastRun, error),
        });
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
function runRoundWithContinuation(platform: SpreadsheetPlatform, trigger: RunOrigin, plan: RoundPlan = EVERY_ROUND): RoundOutcome {
  armTrigger(platform, 'continuation');
  try {
    return runRound(platform, trigger, plan);
  } catch (error) {
    if (!(error instanceof SyncBusyError)) throw error;
    return noRound(myPendingJobs(platform).length, true);
  } finally {
    settleTrigger(platform);
  }
}

function mailFailures(platform: SpreadsheetPlatform, allFailures: RoundOutcome['failures']): void {
  const failures = allFailures.filter((failure) => !failure.repeated);
  // Syncs' own schedules have no setting of their own: the default's applies, and without one, failures are mailed.
  const schedule = readSchedule(platform);
  if (!failures.length || (schedule && !schedule.notifyOnFailure)) return;
  const to = schedule?.setBy || platform.userEmail();
  const lines = failures.map(({ sync, message }) => `• ${sync.sheetName} (${sync.provider}): ${message}`);
  platform.sendMail(
    to,
    'Payments Sync: a scheduled refresh failed',
    `The scheduled refresh of your spreadsheet could not update ${failures.length === 1 ? 'a sheet' : `${failures.length} sheets`}:\n\n${lines.join('\n')}\n\n` +
      'The sheets keep their previous data. Open Extensions → Payments Sync → Open sidebar to see the run log or fix the connection.',
  );
}

/**
 * The time-driven trigger, as the user who set it: a scheduled round of their syncs, or a continuation of one. Armed
 * at the default's own interval, each firing is the default's round; armed hourly (some sync has its own schedule),
 * each firing runs whichever syncs are due, the default's among them. A continuation runs those due as well.
 */
export function runScheduled(platform: SpreadsheetPlatform, handler: 'round' | 'continuation'): RoundOutcome {
  const startRound = handler === 'round';
  const hourly = wantedCadence(platform) === 'hourly' || (startRound && armedCadence(platform) === 'hourly');
  if (startRound) {
    if (!wantedCadence(platform)) {
      // The schedule was turned off from another device or session: this trigger is stale.
      settleTrigger(platform);
      return noRound();
    }
    if (!hourly) markRoundDue(platform, 'default');
  }
  const outcome = runRoundWithContinuation(platform, 'scheduled', { checkDefault: hourly, onlyWhenDue: startRound && hourly });
  mailFailures(platform, outcome.failures);
  return outcome;
}

/** Menu: "Sync all now" runs the user's saved syncs at once; what does not fit continues in the background. */
export function syncAllNow(platform: SpreadsheetPlatform): RoundOutcome {
  markRoundDue(platform, 'all');
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
