import { DEMO_CREDENTIALS, loadAddOn } from '../../dev/addOn';

type AddOn = ReturnType<typeof loadAddOn>;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * A pull longer than one execution. What makes it long is time, not data: at six seconds a round trip (a slow
 * provider) one execution reads about half of 10,000 payments, as it reads about half of 100,000 at the default
 * 400 ms, so the tests cross executions as before on a tenth of the data.
 */
const LONG_PULL = 10_000;
const SLOW_ROUND_TRIP_MS = 6_000;

function loadLongPull(): AddOn {
  return loadAddOn({ simulators: { aura: { payments: LONG_PULL } }, runtime: { roundTripMs: SLOW_ROUND_TRIP_MS } });
}

function dataRows(addOn: AddOn, sheet: string): unknown[][] {
  return addOn.rt.spreadsheet
    .sheet(sheet)
    .values()
    .slice(1)
    .filter((row: unknown[]) => row.some((cell) => cell !== ''));
}

/** Every payment in the sheet, and none twice. */
function expectEachPaymentOnce(addOn: AddOn, sheet: string, count: number): void {
  const ids = dataRows(addOn, sheet).map((row) => row[2]);
  expect(ids.length).toBe(count);
  expect(new Set(ids).size).toBe(count);
}

const BOB = 'bob@example.com';
const BOB_KEY = 'aura_pk_test_bob_0000000000';

/** A second editor, Bob, with an Aura key of his own beside the owner's. */
function connectBob(addOn: AddOn): void {
  addOn.sims.aura.credentials.apiKeys = [DEMO_CREDENTIALS.aura.apiKey!, BOB_KEY];
  addOn.connect('aura', { apiKey: BOB_KEY }, BOB);
}

function ourTriggers(addOn: AddOn) {
  return addOn.rt.triggers.filter((t: { handler: string }) => ['runScheduledRefresh', 'continuePendingSyncs'].includes(t.handler));
}

describe('setAutoRefresh', () => {
  it('keeps exactly one time-driven trigger, replacing it when the interval changes', () => {
    const addOn = loadAddOn();
    addOn.rt.run('setAutoRefresh', [2]);
    expect(ourTriggers(addOn)).toEqual([expect.objectContaining({ handler: 'runScheduledRefresh', everyHours: 2 })]);
    addOn.rt.run('setAutoRefresh', [4]);
    expect(ourTriggers(addOn)).toEqual([expect.objectContaining({ handler: 'runScheduledRefresh', everyHours: 4 })]);
    addOn.rt.run('setAutoRefresh', [24, 7]);
    expect(ourTriggers(addOn)).toEqual([expect.objectContaining({ handler: 'runScheduledRefresh', atHour: 7 })]);
    addOn.rt.run('setAutoRefresh', [0]);
    expect(ourTriggers(addOn)).toEqual([]);
    expect(() => addOn.rt.run('setAutoRefresh', [3])).toThrow(
      'Refresh every 3 hours is not possible: choose 0 (off), 1, 2, 4, 6, 8, 12 or 24 (daily).',
    );
    expect(() => addOn.rt.run('setAutoRefresh', [24, 25])).toThrow('The daily refresh hour must be a whole hour from 0 to 23.');
  });
});

describe('a scheduled run', () => {
  it('re-runs every saved sync and leaves every PAYMENTS cell showing fresh data', () => {
    const addOn = loadAddOn({ simulators: { payments: 20 } });
    addOn.connect('aura');
    addOn.connect('koteshen');
    addOn.rt.run('syncPayments', [{ provider: 'koteshen', sheetName: 'K', range: 'all_time' }]);
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("aura")');
    expect(addOn.rt.spreadsheet.sheet('Sheet1').values().length).toBe(21);
    addOn.rt.run('setAutoRefresh', [1]);
    addOn.sims.aura.addPayment({ occurredAt: addOn.rt.clock.now() });
    addOn.sims.koteshen.addPayment({ occurredAt: addOn.rt.clock.now() });
    // Within the formula cache's ten minutes a recalculation would not see it; the scheduled run must.
    addOn.rt.clock.advance(5 * 60_000);
    addOn.rt.runUntilIdle({ maxVirtualMs: HOUR });
    expect(dataRows(addOn, 'K').length).toBe(21);
    expect(dataRows(addOn, 'Sheet1').length).toBe(21);
    expect(addOn.rt.spreadsheet.sheet('Sheet1').formulas()[0][0]).toBe('=PAYMENTS("aura")');
    expect(ourTriggers(addOn)).toEqual([expect.objectContaining({ handler: 'runScheduledRefresh', everyHours: 1 })]);
  });

  it('mails the person who set the schedule when a run fails, and the sidebar shows it', () => {
    const addOn = loadAddOn({ simulators: { payments: 20 } });
    addOn.connect('aura');
    addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time' }]);
    addOn.rt.run('setAutoRefresh', [1]);
    const before = JSON.stringify(addOn.rt.spreadsheet.sheet('A').values());
    addOn.sims.aura.faults.push({ status: 401, times: Infinity });
    addOn.rt.runUntilIdle({ maxVirtualMs: HOUR });
    expect(JSON.stringify(addOn.rt.spreadsheet.sheet('A').values())).toBe(before);
    expect(addOn.rt.mail).toEqual([
      expect.objectContaining({ to: 'owner@example.com', subject: 'Payments Sync: a scheduled refresh failed' }),
    ]);
    expect(JSON.stringify(addOn.rt.mail)).toContain('Aura rejected the API key');
    const state = addOn.rt.run('getSidebarState') as { schedule: { lastScheduledFailure: { error: string } | null } };
    expect(state.schedule.lastScheduledFailure?.error).toContain('Aura rejected the API key');
  });
});

describe('schedules of several people', () => {
  it("each refreshes only the syncs of the person who set it, with that person's own key", () => {
    const addOn = loadAddOn({ simulators: { payments: 20 } });
    addOn.connect('aura');
    connectBob(addOn);
    addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'Owner', range: 'all_time' }]);
    addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'Bob', range: 'all_time' }], { user: BOB });
    addOn.rt.run('setAutoRefresh', [1]);
    addOn.sims.aura.resetRequests();
    addOn.rt.runUntilIdle({ maxVirtualMs: HOUR });
    expect(new Set(addOn.sims.aura.requests.map((r) => r.headers.authorization))).toEqual(
      new Set([`Bearer ${DEMO_CREDENTIALS.aura.apiKey}`]),
    );
    const lastRuns = () =>
      Object.fromEntries(
        (addOn.rt.run('getSidebarState') as { syncs: Array<{ sheetName: string; lastRun: { trigger: string } }> }).syncs.map((s) => [
          s.sheetName,
          s.lastRun.trigger,
        ]),
      );
    expect(lastRuns()).toEqual({ Owner: 'scheduled', Bob: 'manual' });
    addOn.rt.run('setAutoRefresh', [2], { user: BOB });
    expect(
      ourTriggers(addOn)
        .map((t: { user: string }) => t.user)
        .sort(),
    ).toEqual([BOB, 'owner@example.com']);
    addOn.sims.aura.resetRequests();
    addOn.rt.runUntilIdle({ maxVirtualMs: 2 * HOUR });
    expect(addOn.sims.aura.requests.some((r) => r.headers.authorization === `Bearer ${BOB_KEY}`)).toBe(true);
    expect(lastRuns()).toEqual({ Owner: 'scheduled', Bob: 'scheduled' });
  });

  it("an edit made while a run holds the lock is refused, not saved under it; once saved, it runs on its editor's key alone", () => {
    const addOn = loadLongPull();
    addOn.sims.aura.options.rateLimit = false;
    addOn.connect('aura');
    connectBob(addOn);
    addOn.rt.run('setAutoRefresh', [1]);
    const first = addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time' }]) as {
      status: string;
      syncId: string;
    };
    expect(first.status).toBe('continuing');
    // Bob cannot sync into the owner's sheet from the plain form; he edits the owner's sync.
    expect(() =>
      addOn.rt.run('syncPayments', [{ provider: 'aura', status: 'succeeded', sheetName: 'A', range: 'all_time' }], { user: BOB }),
    ).toThrow('The sheet "A" belongs to the Aura · All time sync (set up by owner@example.com): edit that sync, or pick another sheet.');
    const edit = [{ provider: 'aura', status: 'succeeded', sheetName: 'A', range: 'all_time', syncId: first.syncId }];
    const syncs = () => (addOn.rt.run('getSidebarState') as { syncs: Array<{ owner: string; statuses: string[] | null }> }).syncs;
    addOn.rt.holdLock('document', addOn.rt.clock.now() + 60_000);
    expect(() => addOn.rt.run('syncPayments', edit, { user: BOB })).toThrow('Another sync is running');
    expect(syncs()).toEqual([expect.objectContaining({ owner: 'owner@example.com', statuses: null })]);
    addOn.rt.clock.advance(60_000);
    addOn.sims.aura.resetRequests();
    expect(addOn.rt.run('syncPayments', edit, { user: BOB })).toMatchObject({ status: 'continuing' });
    expect(syncs()).toEqual([expect.objectContaining({ owner: BOB, statuses: ['succeeded'] })]);
    addOn.rt.runUntilIdle({ maxVirtualMs: 3 * HOUR });
    expect(new Set(addOn.sims.aura.requests.map((r) => r.headers.authorization))).toEqual(new Set([`Bearer ${BOB_KEY}`]));
  });
});

describe('a sync longer than one execution', () => {
  it('continues from the sidebar with progress; the sheet keeps the old data until the new pull is complete', () => {
    const addOn = loadLongPull();
    addOn.connect('aura');
    addOn.sims.aura.options.rateLimit = false;
    const first = addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time' }]) as Record<string, unknown>;
    expect(first).toMatchObject({ status: 'continuing' });
    expect(addOn.rt.spreadsheet.sheetNames()).not.toContain('A');
    let result = first;
    let executions = 1;
    while (result.status === 'continuing') {
      expect(Number(result.fetched)).toBeGreaterThan(0);
      result = addOn.rt.run('continueSync', [first.syncId]) as Record<string, unknown>;
      executions++;
    }
    expect(executions).toBeGreaterThan(1);
    expect(result).toMatchObject({ status: 'done', rows: LONG_PULL, added: LONG_PULL });
    const ids = dataRows(addOn, 'A').map((row) => row[2]);
    expect(new Set(ids).size).toBe(LONG_PULL);
    expect(addOn.rt.spreadsheet.sheetNames().filter((name: string) => name.startsWith('Payments Sync staging'))).toEqual([]);
  });

  it('survives an execution killed at 6 minutes mid-pull: the trigger continues, no row lost, none twice', () => {
    const addOn = loadLongPull();
    addOn.connect('aura');
    addOn.rt.run('setAutoRefresh', [1]);
    const first = addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time' }]) as {
      syncId: string;
      status: string;
    };
    expect(first.status).toBe('continuing');
    // The next execution meets a response slower than a whole execution, and Apps Script kills it at six minutes.
    addOn.sims.aura.faults.push({ latencyMs: 400_000 });
    const log = addOn.rt.runUntilIdle({ maxVirtualMs: 3 * HOUR });
    expect(JSON.stringify(log)).toContain('Exceeded maximum execution time');
    const state = addOn.rt.run('getSidebarState') as { syncs: Array<{ id: string; lastRun: { outcome: string; rows: number } }> };
    expect(state.syncs.find((s) => s.id === first.syncId)?.lastRun).toMatchObject({ outcome: 'ok', rows: LONG_PULL });
    expectEachPaymentOnce(addOn, 'A', LONG_PULL);
    expect(ourTriggers(addOn)).toEqual([expect.objectContaining({ handler: 'runScheduledRefresh', everyHours: 1 })]);
  });
  it('a continuation killed at 6 minutes is itself continued, and the schedule comes back afterwards', () => {
    const addOn = loadLongPull();
    addOn.connect('aura');
    addOn.sims.aura.options.rateLimit = false;
    addOn.rt.run('setAutoRefresh', [1]);
    addOn.sims.aura.faults.push({ status: 401 });
    // The first attempt fails; the scheduled run then starts the pull, which needs a continuation.
    expect(() => addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time' }])).toThrow(
      'Aura rejected the API key',
    );
    addOn.rt.clock.advance(HOUR);
    addOn.rt.fireDueTriggers();
    expect(ourTriggers(addOn)).toEqual([expect.objectContaining({ handler: 'continuePendingSyncs' })]);
    addOn.sims.aura.faults.push({ latencyMs: 400_000 });
    const log = addOn.rt.runUntilIdle({ maxVirtualMs: 3 * HOUR });
    expect(log.map((run) => [run.handler, run.error ?? null]).slice(0, 2)).toEqual([
      ['continuePendingSyncs', 'Exceeded maximum execution time'],
      ['continuePendingSyncs', null],
    ]);
    expectEachPaymentOnce(addOn, 'A', LONG_PULL);
    expect(ourTriggers(addOn)).toEqual([expect.objectContaining({ handler: 'runScheduledRefresh', everyHours: 1 })]);
  });

  it('a pull left continuing by a closed sidebar finishes on the trigger, even with no schedule', () => {
    const addOn = loadLongPull();
    addOn.connect('aura');
    addOn.sims.aura.options.rateLimit = false;
    const first = addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time' }]) as { status: string };
    expect(first.status).toBe('continuing');
    expect(ourTriggers(addOn)).toEqual([expect.objectContaining({ handler: 'continuePendingSyncs' })]);
    addOn.rt.runUntilIdle({ maxVirtualMs: 4 * HOUR });
    expect(dataRows(addOn, 'A').length).toBe(LONG_PULL);
    expect(ourTriggers(addOn)).toEqual([]);
  });

  it("the sidebar's loop reports the trigger's progress while it holds the lock, and its outcome once it is done", () => {
    const addOn = loadLongPull();
    addOn.connect('aura');
    addOn.sims.aura.options.rateLimit = false;
    const first = addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time' }]) as {
      syncId: string;
      fetched: number;
    };
    addOn.rt.holdLock('document', addOn.rt.clock.now() + 60_000);
    expect(addOn.rt.run('continueSync', [first.syncId])).toMatchObject({ status: 'continuing', fetched: first.fetched });
    addOn.rt.clock.advance(60_000);
    addOn.rt.runUntilIdle({ maxVirtualMs: 2 * HOUR });
    expect(dataRows(addOn, 'A').length).toBe(LONG_PULL);
    addOn.sims.aura.resetRequests();
    expect(addOn.rt.run('continueSync', [first.syncId])).toMatchObject({ status: 'done', rows: LONG_PULL, added: LONG_PULL });
    expect(addOn.sims.aura.requests).toEqual([]);
  });

  it("a pull started with one person's key starts over when someone else runs it: accounts never mix", () => {
    const addOn = loadLongPull();
    addOn.sims.aura.options.rateLimit = false;
    addOn.connect('aura');
    connectBob(addOn);
    const first = addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time' }]) as {
      syncId: string;
      status: string;
    };
    expect(first.status).toBe('continuing');
    addOn.sims.aura.resetRequests();
    const bobs = addOn.rt.run('runSavedSync', [first.syncId, false], { user: BOB }) as { status: string; fetched: number };
    // Bob's pull begins at the first page, not at the owner's cursor.
    expect(addOn.sims.aura.requests[0].url).not.toContain('cursor=');
    expect(bobs.status).toBe('continuing');
    expect(new Set(addOn.sims.aura.requests.map((r) => r.headers.authorization))).toEqual(new Set([`Bearer ${BOB_KEY}`]));
  });
});

describe('a pull that cannot make progress', () => {
  it('gives up after three executions that read nothing, says why, and does not hold back the other syncs', () => {
    const addOn = loadAddOn({ simulators: { payments: 20 } });
    addOn.connect('aura');
    addOn.connect('koteshen');
    const aura = addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time' }]) as { syncId: string };
    addOn.rt.run('syncPayments', [{ provider: 'koteshen', sheetName: 'K', range: 'all_time' }]);
    addOn.rt.run('setAutoRefresh', [1]);
    addOn.sims.aura.faults.push({ status: 503, headers: { 'Retry-After': '600' }, times: Infinity });
    addOn.sims.koteshen.addPayment({ occurredAt: addOn.rt.clock.now() });
    const before = JSON.stringify(addOn.rt.spreadsheet.sheet('A').values());
    addOn.rt.runUntilIdle({ maxVirtualMs: 4 * HOUR });
    expect(dataRows(addOn, 'K').length).toBe(21);
    expect(JSON.stringify(addOn.rt.spreadsheet.sheet('A').values())).toBe(before);
    const state = addOn.rt.run('getSidebarState') as { syncs: Array<{ id: string; lastRun: { outcome: string; error?: string } }> };
    expect(state.syncs.find((s) => s.id === aura.syncId)?.lastRun).toMatchObject({
      outcome: 'error',
      error: expect.stringContaining('Aura could not be read in 3 executions in a row'),
    });
    expect(addOn.rt.mail.length).toBeGreaterThan(0);
    expect(ourTriggers(addOn)).toEqual([expect.objectContaining({ handler: 'runScheduledRefresh', everyHours: 1 })]);
  });

  it('ends the sidebar\'s loop with the error instead of reporting "continuing" for ever', () => {
    const addOn = loadAddOn({ simulators: { payments: 20 } });
    addOn.connect('aura');
    addOn.sims.aura.faults.push({ status: 503, headers: { 'Retry-After': '600' }, times: Infinity });
    let result = addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time' }]) as {
      syncId: string;
      status: string;
    };
    const run = () => (result = addOn.rt.run('continueSync', [result.syncId]) as typeof result);
    expect(result.status).toBe('continuing');
    expect(() => {
      for (let calls = 0; calls < 5; calls++) run();
    }).toThrow('Aura could not be read in 3 executions in a row');
  });
});

describe('locking', () => {
  it('a sync started while another runs says so; a scheduled run waits its turn', () => {
    const addOn = loadAddOn({ simulators: { payments: 20 } });
    addOn.connect('aura');
    addOn.rt.holdLock('document', addOn.rt.clock.now() + 5 * 60_000);
    expect(() => addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time' }])).toThrow(
      'Another sync is running in this spreadsheet right now',
    );
    expect(addOn.rt.spreadsheet.sheetNames()).not.toContain('A');
    addOn.rt.clock.advance(5 * 60_000);
    addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time' }]);
    addOn.rt.run('setAutoRefresh', [1]);
    addOn.sims.aura.addPayment({ occurredAt: addOn.rt.clock.now() });
    const heldUntil = addOn.rt.clock.now() + 30_000;
    addOn.rt.holdLock('document', heldUntil);
    addOn.rt.run('runScheduledRefresh', [], { kind: 'trigger' });
    expect(addOn.rt.clock.now()).toBeGreaterThanOrEqual(heldUntil);
    expect(dataRows(addOn, 'A').length).toBe(21);
  });

  it('a scheduled run that finds the lock held longer than it waits runs on its continuation once it is free', () => {
    const addOn = loadAddOn({ simulators: { payments: 20 } });
    addOn.connect('aura');
    addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time' }]);
    addOn.rt.run('setAutoRefresh', [1]);
    addOn.sims.aura.addPayment({ occurredAt: addOn.rt.clock.now() });
    addOn.rt.holdLock('document', addOn.rt.clock.now() + 90 * 60_000, BOB);
    addOn.rt.clock.advance(HOUR);
    expect(addOn.rt.fireDueTriggers().map((run) => run.error ?? null)).toEqual([null]);
    expect(dataRows(addOn, 'A').length).toBe(20);
    expect(ourTriggers(addOn)).toEqual([expect.objectContaining({ handler: 'continuePendingSyncs' })]);
    addOn.rt.runUntilIdle({ maxVirtualMs: 2 * HOUR });
    expect(dataRows(addOn, 'A').length).toBe(21);
    expect(ourTriggers(addOn)).toEqual([expect.objectContaining({ handler: 'runScheduledRefresh', everyHours: 1 })]);
  });
});

describe('incremental refresh', () => {
  it('fetches only recent payments, and a refund inside the look-back window updates its row', () => {
    const addOn = loadAddOn({ simulators: { aura: { payments: 2_000 } } });
    addOn.connect('aura');
    const first = addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time' }]) as { syncId: string };
    const firstRequests = addOn.sims.aura.requests.length;
    const recent = addOn.sims.aura
      .listedPayments()
      .find((p) => p.status === 'succeeded' && addOn.rt.clock.now() - p.occurredAt < 3 * 86_400_000)!;
    addOn.rt.clock.advance(HOUR);
    addOn.sims.aura.refundPayment(recent.id);
    addOn.sims.aura.addPayment({ occurredAt: addOn.rt.clock.now() });
    addOn.sims.aura.resetRequests();
    const second = addOn.rt.run('runSavedSync', [first.syncId, false]) as Record<string, unknown>;
    expect(second).toMatchObject({ status: 'done', kind: 'incremental', rows: 2_001, added: 1, updated: 1, removed: 0 });
    expect(addOn.sims.aura.requests.length).toBeLessThan(firstRequests / 4);
    expect(addOn.sims.aura.requests[0].url).toContain('from_date=');
    const row = dataRows(addOn, 'A').find((r) => r[2] === String(addOn.sims.aura.wireId(recent)))!;
    expect(row[4]).toBe('refunded');
    const full = addOn.rt.run('runSavedSync', [first.syncId, true]) as Record<string, unknown>;
    expect(full).toMatchObject({ kind: 'full', rows: 2_001, added: 0, updated: 0, removed: 0 });
  });

  it('records a failed fall-back full pull once', () => {
    const addOn = loadAddOn({ simulators: { aura: { payments: 200 } } });
    addOn.connect('aura');
    const first = addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time' }]) as { syncId: string };
    addOn.rt.deleteRows('A', 2, 5);
    addOn.rt.clock.advance(HOUR);
    // A full pull's requests: no dates, and not the incremental pull's undated walk of pending payments.
    addOn.sims.aura.faults.push({
      status: 500,
      times: Infinity,
      match: (request) => !request.url.includes('from_date=') && !request.url.includes('status=pending'),
    });
    expect(() => addOn.rt.run('runSavedSync', [first.syncId, false])).toThrow('Aura kept answering HTTP 500');
    const { runLog } = addOn.rt.run('getSidebarState') as { runLog: Array<{ kind: string; outcome: string }> };
    expect(runLog.map((run) => [run.kind, run.outcome])).toEqual([
      ['full', 'error'],
      ['full', 'ok'],
    ]);
  });

  it('removes a recent payment deleted at the provider', () => {
    const addOn = loadAddOn({ simulators: { aura: { payments: 500 } } });
    addOn.connect('aura');
    const first = addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time' }]) as { syncId: string };
    const newest = addOn.sims.aura.listedPayments()[0];
    addOn.rt.clock.advance(HOUR);
    addOn.sims.aura.deletePayment(newest.id);
    const second = addOn.rt.run('runSavedSync', [first.syncId, false]) as Record<string, unknown>;
    expect(second).toMatchObject({ kind: 'incremental', rows: 499, removed: 1 });
    expect(dataRows(addOn, 'A').some((row) => row[2] === String(addOn.sims.aura.wireId(newest)))).toBe(false);
  });

  it('pulls in full when the range has moved past what the sheet holds: "last month" after the month turns', () => {
    const addOn = loadAddOn({ simulators: { aura: { payments: 3_000 } } });
    addOn.connect('aura');
    addOn.rt.clock.advance(14 * DAY); // the 29th
    const may = addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'L', range: 'last_month' }]) as {
      syncId: string;
      rows: number;
    };
    addOn.rt.clock.advance(3 * DAY); // the 2nd of the next month
    const june = addOn.rt.run('runSavedSync', [may.syncId, false]) as Record<string, unknown>;
    const reference = addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'Reference', range: 'last_month' }]) as { rows: number };
    expect(reference.rows).toBeGreaterThan(0);
    expect(june).toMatchObject({ kind: 'full', rows: reference.rows, removed: may.rows });
    expect(dataRows(addOn, 'L')).toEqual(dataRows(addOn, 'Reference'));
  });

  it('pulls in full when the sheet is not the table the last pull left: deleted, or rows removed by hand', () => {
    const addOn = loadAddOn({ simulators: { aura: { payments: 2_000 } } });
    addOn.connect('aura');
    const first = addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time' }]) as { syncId: string };
    addOn.rt.deleteSheet('A');
    addOn.rt.clock.advance(HOUR);
    expect(addOn.rt.run('runSavedSync', [first.syncId, false])).toMatchObject({ kind: 'full', rows: 2_000 });
    addOn.rt.deleteRows('A', 2, 50);
    addOn.rt.clock.advance(HOUR);
    expect(addOn.rt.run('runSavedSync', [first.syncId, false])).toMatchObject({ kind: 'full', rows: 2_000, added: 50 });
    expect(dataRows(addOn, 'A').length).toBe(2_000);
    addOn.rt.clock.advance(HOUR);
    expect(addOn.rt.run('runSavedSync', [first.syncId, false])).toMatchObject({ kind: 'incremental', rows: 2_000, added: 0 });
  });
});
