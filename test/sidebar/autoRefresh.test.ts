import { failureBannerText, parseLookbackDays, scheduleSummary, unresolvedScheduledFailure } from '../../sidebar/autoRefresh';
import type { RunRecord, ScheduleStatus, SyncDefinition } from '../../sidebar/server';

const at = (time: string) => Date.parse(`2026-06-03T${time}:00Z`);
const options = { locale: 'en-GB', timeZone: 'UTC', now: at('16:00') };

function run(syncId: string, time: string, outcome: RunRecord['outcome'], trigger: RunRecord['trigger'] = 'scheduled'): RunRecord {
  return {
    syncId,
    sheetName: syncId === 'a' ? 'Aura payments' : 'Koteshen payments',
    at: at(time),
    trigger,
    outcome,
    kind: 'incremental',
    rows: 10,
    added: 1,
    updated: 0,
    removed: 0,
    durationMs: 2_000,
    ...(outcome === 'error' && { error: 'Aura rejected the API key.' }),
  };
}

const sync = (id: string) => ({ id }) as SyncDefinition;
const syncs = [sync('a'), sync('k')];

function status(runLog: RunRecord[], schedule: ScheduleStatus['schedule'] = null): ScheduleStatus {
  const scheduled = runLog.filter((r) => r.trigger === 'scheduled');
  return {
    schedule,
    ownTrigger: true,
    pendingSyncs: 0,
    lastScheduledRun: scheduled[0] ?? null,
    lastScheduledFailure: scheduled.find((r) => r.outcome === 'error') ?? null,
  };
}

describe('the scheduled failure banner', () => {
  it('shows the latest scheduled failure', () => {
    const log = [run('a', '14:00', 'error')];
    const failure = unresolvedScheduledFailure(status(log), log, syncs);
    expect(failure).toBe(log[0]);
    expect(failureBannerText(failure!, options)).toBe(
      'The scheduled refresh of “Aura payments” at 14:00 failed: Aura rejected the API key.',
    );
  });

  it('stays while other syncs of the same round succeed after it', () => {
    const log = [run('k', '14:01', 'ok'), run('a', '14:00', 'error')];
    expect(unresolvedScheduledFailure(status(log), log, syncs)).toBe(log[1]);
  });

  it('goes once that sync has run on schedule successfully', () => {
    const log = [run('a', '15:00', 'ok'), run('a', '14:00', 'error')];
    expect(unresolvedScheduledFailure(status(log), log, syncs)).toBeNull();
  });

  it('is not cleared by a manual run: the schedule runs with its owner’s connections', () => {
    const log = [run('a', '15:00', 'ok', 'manual'), run('a', '14:00', 'error')];
    expect(unresolvedScheduledFailure(status(log), log, syncs)).toBe(log[1]);
  });

  it('goes with the sync it was about', () => {
    const log = [run('a', '14:00', 'error')];
    expect(unresolvedScheduledFailure(status(log), log, [sync('k')])).toBeNull();
  });
});

describe('the schedule summary', () => {
  it('says when auto refresh is off', () => {
    expect(scheduleSummary(status([]), options)).toEqual(['Auto refresh is off.']);
  });

  it('says how often, who set it and how the last run went', () => {
    const log = [run('a', '14:00', 'ok')];
    const daily = status(log, { hours: 24, atHour: 6, timeZone: 'Europe/Berlin', setBy: 'ana@example.com', notifyOnFailure: true });
    expect(scheduleSummary(daily, options)).toEqual([
      'Daily at 6:00 (Europe/Berlin), set by ana@example.com.',
      'Last scheduled run: 14:00, “Aura payments”: 10 rows',
    ]);
    const someoneElses = {
      ...daily,
      ownTrigger: false,
      pendingSyncs: 2,
      lastScheduledRun: null,
      schedule: { ...daily.schedule!, hours: 4 },
    };
    expect(scheduleSummary(someoneElses, options)).toEqual([
      'Every 4 hours, set by ana@example.com.',
      'It runs from that person’s account, with their connections.',
      '2 syncs are continuing in the background.',
      'No scheduled run yet.',
    ]);
  });
});

describe('the look-back window', () => {
  it('takes whole days from 0 to 365', () => {
    expect(parseLookbackDays(' 7 ')).toEqual({ ok: true, days: 7 });
    expect(parseLookbackDays('0')).toEqual({ ok: true, days: 0 });
    for (const text of ['', '1.5', '-1', '366', 'week']) expect(parseLookbackDays(text)).toMatchObject({ ok: false });
  });
});
