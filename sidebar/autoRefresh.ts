/**
 * What the Auto refresh section and the banner say about the schedule, as plain values. No DOM here.
 */
import { formatHour, formatWhen, refreshLabel, runOutcome, type LocaleOptions } from './format';
import { withoutSidebarDirections } from './messages';
import type { RunRecord, ScheduleStatus, SyncDefinition } from './server';

const MAX_LOOKBACK_DAYS = 365;

/** The look-back input's text as days; an empty or fractional entry is an error rather than 0. */
export function parseLookbackDays(text: string): { ok: true; days: number } | { ok: false; error: string } {
  const days = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(days) || days < 0 || days > MAX_LOOKBACK_DAYS) {
    return { ok: false, error: `Enter a whole number of days from 0 to ${MAX_LOOKBACK_DAYS}.` };
  }
  return { ok: true, days };
}

/**
 * The scheduled failure to warn about at the top of the sidebar: the latest one, unless its sync has run on schedule
 * successfully since (a manual run does not count: the schedule runs with its owner's connections) or is gone.
 */
export function unresolvedScheduledFailure(
  status: ScheduleStatus,
  runLog: readonly RunRecord[],
  syncs: readonly SyncDefinition[],
): RunRecord | null {
  const failure = status.lastScheduledFailure;
  if (!failure || !syncs.some((sync) => sync.id === failure.syncId)) return null;
  const recoveredSince = [...runLog, ...(status.lastScheduledRun ? [status.lastScheduledRun] : [])].some(
    (run) => run.trigger === 'scheduled' && run.outcome === 'ok' && run.syncId === failure.syncId && run.at > failure.at,
  );
  return recoveredSince ? null : failure;
}

/** "The scheduled refresh of “Aura payments” at 14:00 failed: …" */
export function failureBannerText(failure: RunRecord, options?: LocaleOptions): string {
  const reason = failure.error ? withoutSidebarDirections(failure.error) : 'no reason was recorded.';
  return `The scheduled refresh of “${failure.sheetName}” at ${formatWhen(failure.at, options)} failed: ${reason}`;
}

/** The lines under the schedule form: how it is set, by whom, and how its last run went. */
export function scheduleSummary(status: ScheduleStatus, options: LocaleOptions = {}): string[] {
  const { schedule } = status;
  if (!schedule) return ['Auto refresh is off.'];
  const when =
    schedule.hours === 24
      ? `Daily at ${formatHour(schedule.atHour ?? 0, options.locale)} (${schedule.timeZone})`
      : refreshLabel(schedule.hours);
  const lines = [`${when}, set by ${schedule.setBy || 'someone'}.`];
  if (!status.ownTrigger) lines.push('It runs from that person’s account, with their connections.');
  if (status.pendingSyncs > 0)
    lines.push(`${status.pendingSyncs} sync${status.pendingSyncs === 1 ? ' is' : 's are'} continuing in the background.`);
  const last = status.lastScheduledRun;
  lines.push(
    last
      ? `Last scheduled run: ${formatWhen(last.at, options)}, “${last.sheetName}”: ${runOutcome(last, options.locale)}`
      : 'No scheduled run yet.',
  );
  return lines;
}
