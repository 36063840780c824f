/**
 * A scheduled sync stopped by Google's daily UrlFetch quota (issue 13, point 3): its continuation comes back every
 * hour until the reset, and each one meets the same quota — mailed and logged once, not every hour.
 */
import { loadAddOn } from '../../dev/addOn';
import { readRunLog } from '../../src/core/syncStore';
import type { KeyValueStore } from '../../src/platform/types';

const HOUR = 3_600_000;

describe('a scheduled sync stopped by the daily UrlFetch quota', () => {
  it('mails and logs the failure once while the quota stays used up, and finishes after the reset', () => {
    // 30 s a page: a run reads about ten of twenty pages; the quota (12 calls a day) stops the second run.
    const addOn = loadAddOn({ simulators: { aura: { payments: 2_000, latencyMs: 30_000 } }, runtime: { urlFetchCallsPerDay: 12 } });
    addOn.connect('aura');
    const first = addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'Payments', range: 'all_time' }]) as { status: string };
    expect(first.status).toBe('continuing');
    addOn.rt.run('setAutoRefresh', [1]);
    const now = addOn.rt.clock.now();
    // From the schedule's first round until just before the quota resets at UTC midnight: many hourly continuations.
    const untilReset = 86_400_000 - (now % 86_400_000) - 60_000;
    expect(untilReset).toBeGreaterThan(8 * HOUR);
    const runs = addOn.rt.runUntilIdle({ maxVirtualMs: untilReset });
    expect(runs.length).toBeGreaterThan(4);
    const log = readRunLog({ get: (key: string) => addOn.rt.documentProperties[key] ?? null } as KeyValueStore);
    expect(log.filter((run) => run.outcome === 'error')).toHaveLength(1);
    expect(addOn.rt.mail).toHaveLength(1);
    expect(addOn.rt.mail[0].body).toContain("Google's daily UrlFetch quota for your account is used up");

    // The continuation after the reset finishes the pull (the next scheduled round, an hour on, is a new day's run).
    addOn.rt.runUntilIdle({ maxVirtualMs: HOUR + 2 * 60_000 });
    expect(addOn.rt.mail.map((mail) => mail.body.split('\n')[2])).toEqual([expect.stringContaining('daily UrlFetch quota')]);
    expect(addOn.rt.spreadsheet.sheet('Payments').values().length).toBe(2_001);
  });
});
