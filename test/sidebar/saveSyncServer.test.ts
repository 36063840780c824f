/**
 * The sidebar's Save in Edit mode, server side (saveSync in the built add-on on the local runtime): the edited
 * definition is saved and nothing runs; it waits for the spreadsheet's lock as a sync does; and it only edits.
 */
import { loadAddOn, type LocalAddOn } from '../../dev/addOn';
import type { SidebarState, SyncDefinition, SyncResult } from '../../sidebar/server';

let addOn: LocalAddOn;
let synced: SyncResult;
const request = { provider: 'aura', status: '', range: 'all_time', sheetName: 'Payments' };
const syncs = () => (addOn.rt.run('getSidebarState') as SidebarState).syncs;
const find = (id: string) => syncs().find((sync) => sync.id === id)!;

beforeEach(() => {
  addOn = loadAddOn({ simulators: { payments: 20 } });
  addOn.connect('aura');
  synced = addOn.rt.run('syncPayments', [request]) as SyncResult;
});

test('saves the edited definition without running it, and a changed query needs a full pull next', () => {
  const before = find(synced.syncId);
  const sheet = addOn.rt.spreadsheet.sheet('Payments').values();
  const requests = addOn.sims.aura.requests.length;
  const { runLog } = addOn.rt.run('getSidebarState') as SidebarState;

  const saved = addOn.rt.run('saveSync', [{ ...request, status: 'succeeded', syncId: synced.syncId }]) as SyncDefinition[];

  expect(saved).toEqual(syncs());
  expect(find(synced.syncId)).toMatchObject({
    statuses: ['succeeded'],
    lastPull: null,
    lastRun: before.lastRun,
    createdAt: before.createdAt,
  });
  expect(addOn.rt.spreadsheet.sheet('Payments').values()).toEqual(sheet);
  expect(addOn.sims.aura.requests).toHaveLength(requests);
  expect((addOn.rt.run('getSidebarState') as SidebarState).runLog).toEqual(runLog);
});

test('keeps the last pull when the query is the same', () => {
  const { lastPull } = find(synced.syncId);
  expect(lastPull).not.toBeNull();
  addOn.rt.run('saveSync', [{ ...request, full: true, syncId: synced.syncId }]);
  expect(find(synced.syncId).lastPull).toEqual(lastPull);
});

test('waits for a sync running in the spreadsheet, and says so when it cannot', () => {
  addOn.rt.holdLock('document', addOn.rt.clock.now() + 60_000);
  expect(() => addOn.rt.run('saveSync', [{ ...request, range: 'last_month', syncId: synced.syncId }])).toThrow('Another sync is running');
  expect(find(synced.syncId).range).toBe('all_time');
});

test('only edits a saved sync: without one it says how to make a new sync', () => {
  expect(() => addOn.rt.run('saveSync', [{ ...request, sheetName: 'Elsewhere' }])).toThrow(
    /click Edit on one under Saved syncs first, or use Sync now/,
  );
  expect(syncs()).toHaveLength(1);
});
