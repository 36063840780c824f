import { DEMO_CREDENTIALS, loadAddOn } from '../../dev/addOn';

type AddOn = ReturnType<typeof loadAddOn>;
const HOUR = 3_600_000;
const BOB = 'bob@example.com';

interface SyncState {
  id: string;
  sheetName: string;
  schedule?: Record<string, unknown>;
  nextRunAt: number | null;
  lastRun: { trigger: string; at: number } | null;
}

function syncs(addOn: AddOn): Record<string, SyncState> {
  const state = addOn.rt.run('getSidebarState') as { syncs: SyncState[] };
  return Object.fromEntries(state.syncs.map((sync) => [sync.sheetName, sync]));
}

function newSync(addOn: AddOn, sheetName: string, provider = 'aura'): string {
  return (addOn.rt.run('syncPayments', [{ provider, sheetName, range: 'all_time' }]) as { syncId: string }).syncId;
}

/** How many scheduled runs each sheet has had, from the run log. */
function scheduledRuns(addOn: AddOn): Record<string, number> {
  const { runLog } = addOn.rt.run('getSidebarState') as { runLog: Array<{ sheetName: string; trigger: string; outcome: string }> };
  const counts: Record<string, number> = {};
  for (const run of runLog)
    if (run.trigger === 'scheduled' && run.outcome === 'ok') counts[run.sheetName] = (counts[run.sheetName] ?? 0) + 1;
  return counts;
}

function ourTriggers(addOn: AddOn) {
  return addOn.rt.triggers.filter((t: { handler: string }) => ['runScheduledRefresh', 'continuePendingSyncs'].includes(t.handler));
}

function setUp(): AddOn {
  // The clock starts on Monday 15 June 2026 at 09:00 UTC, 10:00 in London (BST), the spreadsheet's zone.
  const addOn = loadAddOn({ simulators: { payments: 20 }, runtime: { timeZone: 'Europe/London' } });
  addOn.connect('aura');
  return addOn;
}

describe('setSyncSchedule', () => {
  it('checks every argument before saving anything, naming it and its valid values', () => {
    const addOn = setUp();
    const id = newSync(addOn, 'A');
    const refused = (syncId: unknown, schedule: unknown) => () => addOn.rt.run('setSyncSchedule', [syncId, schedule]);
    expect(refused('nope', { every: 'off' })).toThrow('syncId "nope" is not a saved sync of this spreadsheet');
    expect(refused(undefined, { every: 'off' })).toThrow('syncId undefined is not a saved sync of this spreadsheet');
    expect(refused(id, undefined)).toThrow("schedule must be an object, one of {every: 'off'}, {every: 'hours', hours}");
    expect(refused(id, { every: 'fortnight' })).toThrow(
      'schedule.every must be one of "off", "hours", "day", "week", "month"; not "fortnight".',
    );
    expect(refused(id, { every: 'hours', hours: 24 })).toThrow('schedule.hours must be a whole number of hours from 1 to 12; not 24.');
    expect(refused(id, { every: 'week', weekday: 8, atHour: 6 })).toThrow(
      'schedule.weekday must be a whole number from 1 (Monday) to 7 (Sunday); not 8.',
    );
    expect(refused(id, { every: 'month', day: 0, atHour: 6 })).toThrow('schedule.day must be a day of the month from 1 to 31');
    expect(refused(id, { every: 'day', atHour: 6, paused: 1 })).toThrow('schedule.paused must be true or false; not 1.');
    addOn.sims.aura.credentials.apiKeys = [DEMO_CREDENTIALS.aura.apiKey!, 'aura_pk_test_bob_0000000000'];
    addOn.connect('aura', { apiKey: 'aura_pk_test_bob_0000000000' }, BOB);
    expect(() => addOn.rt.run('setSyncSchedule', [id, { every: 'day', atHour: 6 }], { user: BOB })).toThrow(
      'The sync into "A" runs on owner@example.com\'s schedule and connection: only they can set its schedule',
    );
    expect(syncs(addOn).A.schedule).toBeUndefined();
    expect(ourTriggers(addOn)).toEqual([]);
  });

  it('creates the one trigger, hourly, when a sync gets its own schedule, and gives it back to the default when none has', () => {
    const addOn = setUp();
    const id = newSync(addOn, 'A');
    addOn.rt.run('setSyncSchedule', [id, { every: 'month', day: 31, atHour: 6 }]);
    expect(ourTriggers(addOn)).toEqual([expect.objectContaining({ handler: 'runScheduledRefresh', everyHours: 1 })]);
    addOn.rt.run('setAutoRefresh', [4]);
    expect(ourTriggers(addOn)).toEqual([expect.objectContaining({ handler: 'runScheduledRefresh', everyHours: 1 })]);
    addOn.rt.run('setSyncSchedule', [id, null]);
    expect(ourTriggers(addOn)).toEqual([expect.objectContaining({ handler: 'runScheduledRefresh', everyHours: 4 })]);
    addOn.rt.run('setSyncSchedule', [id, { every: 'hours', hours: 3 }]);
    expect(ourTriggers(addOn)).toEqual([expect.objectContaining({ everyHours: 1 })]);
    addOn.rt.run('deleteSync', [id]);
    expect(ourTriggers(addOn)).toEqual([expect.objectContaining({ everyHours: 4 })]);
    addOn.rt.run('setAutoRefresh', [0]);
    expect(ourTriggers(addOn)).toEqual([]);
  });

  it("shows each sync's schedule and next run in the sidebar state, in the spreadsheet's zone", () => {
    const addOn = setUp();
    const daily = newSync(addOn, 'Daily');
    const weekly = newSync(addOn, 'Weekly');
    const paused = newSync(addOn, 'Paused');
    newSync(addOn, 'Default');
    addOn.rt.run('setSyncSchedule', [daily, { every: 'day', atHour: 6 }]);
    addOn.rt.run('setSyncSchedule', [weekly, { every: 'week', weekday: 5, atHour: 18 }]);
    const returned = addOn.rt.run('setSyncSchedule', [paused, { every: 'hours', hours: 2, paused: true }]) as SyncState[];
    expect(returned.map((sync) => sync.sheetName)).toEqual(['Daily', 'Weekly', 'Paused', 'Default']);
    const state = syncs(addOn);
    expect(state.Daily).toMatchObject({
      schedule: { every: 'day', atHour: 6, paused: false },
      nextRunAt: Date.parse('2026-06-16T05:00:00Z'),
    });
    expect(state.Weekly.nextRunAt).toBe(Date.parse('2026-06-19T17:00:00Z')); // Friday 18:00 BST
    expect(state.Paused).toMatchObject({ schedule: { every: 'hours', hours: 2, paused: true }, nextRunAt: null });
    expect(state.Default.nextRunAt).toBeNull(); // no auto refresh
    addOn.rt.run('setAutoRefresh', [24, 7]);
    expect(syncs(addOn).Default.nextRunAt).toBe(Date.parse('2026-06-16T06:00:00Z')); // 07:00 BST
  });

  it("keeps a sync's schedule when the sync is edited", () => {
    const addOn = setUp();
    const id = newSync(addOn, 'A');
    addOn.rt.run('setSyncSchedule', [id, { every: 'day', atHour: 6 }]);
    addOn.rt.run('saveSync', [{ syncId: id, provider: 'aura', status: 'succeeded', sheetName: 'A', range: 'all_time' }]);
    expect(syncs(addOn).A.schedule).toMatchObject({ every: 'day', atHour: 6 });
  });
});

describe('the hourly round', () => {
  it('runs only the syncs that are due: an hourly one every hour, a daily one at its hour', () => {
    const addOn = setUp();
    addOn.connect('koteshen');
    const daily = newSync(addOn, 'Daily');
    const hourly = newSync(addOn, 'Hourly', 'koteshen');
    addOn.rt.run('setSyncSchedule', [daily, { every: 'day', atHour: 13 }]); // 12:00 UTC
    addOn.rt.run('setSyncSchedule', [hourly, { every: 'hours', hours: 1 }]);
    expect(syncs(addOn).Hourly.nextRunAt).toBe(Date.parse('2026-06-15T10:00:00Z'));
    addOn.rt.runUntilIdle({ maxVirtualMs: HOUR + 60_000 });
    expect(scheduledRuns(addOn)).toEqual({ Hourly: 1 });
    expect(syncs(addOn).Daily.lastRun?.trigger).toBe('manual');
    addOn.rt.runUntilIdle({ maxVirtualMs: 2 * HOUR + 60_000 });
    expect(scheduledRuns(addOn)).toEqual({ Hourly: 3, Daily: 1 });
    expect(syncs(addOn).Daily.nextRunAt).toBe(Date.parse('2026-06-16T12:00:00Z'));
    expect(syncs(addOn).Hourly.nextRunAt).toBe(Date.parse('2026-06-15T13:00:00Z'));
  });

  it('never runs an off or a paused sync, and runs the others on the "refresh all my syncs" default', () => {
    const addOn = setUp();
    const off = newSync(addOn, 'Off');
    const paused = newSync(addOn, 'Paused');
    const hourly = newSync(addOn, 'Hourly');
    newSync(addOn, 'Default');
    addOn.rt.run('setAutoRefresh', [2]);
    addOn.rt.run('setSyncSchedule', [off, { every: 'off' }]);
    addOn.rt.run('setSyncSchedule', [paused, { every: 'hours', hours: 1, paused: true }]);
    addOn.rt.run('setSyncSchedule', [hourly, { every: 'hours', hours: 1 }]);
    addOn.rt.runUntilIdle({ maxVirtualMs: 4 * HOUR + 60_000 });
    expect(scheduledRuns(addOn)).toEqual({ Hourly: 4, Default: 2 });
    const state = syncs(addOn);
    expect(state.Off).toMatchObject({ schedule: { every: 'off' }, nextRunAt: null, lastRun: { trigger: 'manual' } });
    expect(state.Paused).toMatchObject({
      schedule: { every: 'hours', hours: 1, paused: true },
      nextRunAt: null,
      lastRun: { trigger: 'manual' },
    });
    expect(ourTriggers(addOn)).toEqual([expect.objectContaining({ handler: 'runScheduledRefresh', everyHours: 1 })]);
  });

  it('with only off and paused schedules, the default keeps its own trigger and still skips them', () => {
    const addOn = setUp();
    const off = newSync(addOn, 'Off');
    newSync(addOn, 'Default');
    addOn.rt.run('setAutoRefresh', [2]);
    addOn.rt.run('setSyncSchedule', [off, { every: 'off' }]);
    expect(ourTriggers(addOn)).toEqual([expect.objectContaining({ everyHours: 2 })]);
    addOn.rt.runUntilIdle({ maxVirtualMs: 4 * HOUR + 60_000 });
    expect(scheduledRuns(addOn)).toEqual({ Default: 2 });
  });

  it('refreshes the PAYMENTS formulas after a round that ran a sync', () => {
    const addOn = setUp();
    const hourly = newSync(addOn, 'Hourly');
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("aura")');
    addOn.rt.run('setSyncSchedule', [hourly, { every: 'hours', hours: 1 }]);
    addOn.sims.aura.addPayment({ occurredAt: addOn.rt.clock.now() });
    addOn.rt.runUntilIdle({ maxVirtualMs: HOUR + 60_000 });
    expect(addOn.rt.spreadsheet.sheet('Sheet1').values().length).toBe(22);
  });
});
