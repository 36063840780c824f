/**
 * The final step of a long re-sync (issue 13, point 2) on the runtime, with Sheets a hundred times slower than its
 * default so that a 1,000-row table costs what a 100,000-row one does: a step killed anywhere — even at its first
 * read of the sheet — is finished by the continuation without a single provider request, and a step killed every
 * time stops with a clear message instead of looping.
 */
import { loadAddOn, readBuiltAddOn } from '../../dev/addOn';
import { ExecutionTimeoutError } from '../../dev/runtime';
import type { SheetsCall } from '../../dev/runtime/sheetsCosts';
import { readRunLog } from '../../src/core/syncStore';
import type { KeyValueStore } from '../../src/platform/types';

const HOUR = 3_600_000;

function syncedTable() {
  const addOn = loadAddOn({
    simulators: { payments: 1_000 },
    built: readBuiltAddOn(),
    runtime: { sheetsCosts: { readCellMs: 0.4, writeCellMs: 1.25 } },
  });
  addOn.connect('aura');
  addOn.sims.aura.options.rateLimit = false;
  const sync = () =>
    addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time', full: true }]) as Record<string, unknown>;
  expect(sync()).toMatchObject({ status: 'done', rows: 1_000 });
  return { addOn, sync, table: () => addOn.rt.spreadsheet.sheet('A').values() };
}

const onTheTable = (call: SheetsCall) => call.sheetName === 'A';

describe('a re-sync whose final step is killed', () => {
  it('is finished by the continuation from the staged pull, without re-sending a request', () => {
    const { addOn, sync, table } = syncedTable();
    const before = table();
    // The first call on the table is the final step's read, right after the last page was staged.
    addOn.rt.killAtSheetsCall(1, onTheTable);
    expect(() => sync()).toThrow(ExecutionTimeoutError);
    expect(table()).toEqual(before);
    const requests = addOn.sims.aura.requests.length;
    addOn.rt.clock.advance(HOUR + 60_000);
    const runs = addOn.rt.fireDueTriggers();
    expect(runs.map((run) => run.error ?? null)).toEqual([null]);
    expect(addOn.sims.aura.requests.length).toBe(requests);
    expect(table()).toEqual(before);
  });

  it('stops with a clear message, never re-pulling, when every attempt is killed', () => {
    const { addOn, sync, table } = syncedTable();
    const before = table();
    addOn.rt.killAtSheetsCall(1, (call) => onTheTable(call) && call.method === 'sort');
    expect(() => sync()).toThrow(ExecutionTimeoutError);
    const requests = addOn.sims.aura.requests.length;
    for (let round = 0; round < 6 && addOn.rt.triggers.some((t) => t.handler === 'continuePendingSyncs'); round++) {
      addOn.rt.killAtSheetsCall(1, (call) => onTheTable(call) && call.method === 'sort');
      addOn.rt.clock.advance(HOUR + 60_000);
      addOn.rt.fireDueTriggers();
    }
    addOn.rt.cancelSheetsKill();
    expect(addOn.sims.aura.requests.length).toBe(requests);
    expect(readRunLog({ get: (key: string) => addOn.rt.documentProperties[key] ?? null } as KeyValueStore)[0]).toMatchObject({
      outcome: 'error',
      error: expect.stringMatching(/could not be switched to the new table in 3 executions.*Sync a shorter date range/),
    });
    expect(table().length).toBe(before.length);
  });
});
