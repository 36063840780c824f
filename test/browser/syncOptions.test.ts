/**
 * The sync form's columns, write mode and filters, and a saved sync's Snapshot button, in the real sidebar
 * (dist/Sidebar.html) at 300 px, bridged to the local runtime.
 */
import { loadAddOn } from '../../dev/addOn';
import { bridgedSidebar } from './bridgedSidebar';
import type { SyncResult } from '../../sidebar/server';

const sidebar = bridgedSidebar(() => {
  const addOn = loadAddOn({ simulators: { payments: 12 } });
  addOn.connect('aura');
  return addOn;
});
const { byTestId, state, callsOf } = sidebar;

test('a sync with chosen, reordered columns, append mode and filters sends them, and Edit shows them again', async () => {
  await byTestId('sync-options').locator('summary').click();
  expect(await byTestId('sync-column-id').isDisabled()).toBe(true);
  for (const column of state().columns) {
    if (!['id', 'date', 'amount', 'currency'].includes(column)) await byTestId(`sync-column-${column}`).uncheck();
  }
  // Past the unticked status, then past date.
  await byTestId('sync-column-amount-up').click();
  await byTestId('sync-column-amount-up').click();
  await byTestId('sync-mode').selectOption('append');
  await byTestId('sync-currencies').fill('eur, usd');
  await byTestId('sync-min-amount').fill('abc');
  await byTestId('sync-sheet').fill('Closed');
  await byTestId('sync-now').click();
  await byTestId('sync-error').filter({ hasText: 'not an amount' }).waitFor();
  expect(callsOf('syncPayments')).toHaveLength(0);

  await byTestId('sync-min-amount').fill('5');
  await byTestId('sync-summary').check();
  await byTestId('sync-now').click();
  await byTestId('sync-outcome').filter({ hasText: 'Synced' }).waitFor();
  expect(callsOf('syncPayments')[0].args[0]).toMatchObject({
    sheetName: 'Closed',
    columns: ['id', 'amount', 'date', 'currency'],
    mode: 'append',
    currencies: ['eur', 'usd'],
    minAmount: 5,
    methods: [],
    customer: '',
    summary: true,
  });
  expect(sidebar.addOn.rt.spreadsheet.sheet('Closed').values()[0]).toEqual(['id', 'amount', 'date', 'currency']);
  expect(sidebar.addOn.rt.spreadsheet.sheet('Closed · summary').charts()).toHaveLength(1);

  const sync = state().syncs.find((saved) => saved.sheetName === 'Closed')!;
  await byTestId(`edit-${sync.id}`).click();
  const order = await byTestId('sync-columns')
    .locator('input:checked')
    .evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).value));
  expect(order).toEqual(['id', 'amount', 'date', 'currency']);
  expect(await byTestId('sync-mode').inputValue()).toBe('append');
  expect(await byTestId('sync-currencies').inputValue()).toBe('EUR, USD');
  expect(await byTestId('sync-min-amount').inputValue()).toBe('5');
  expect(await byTestId('sync-summary').isChecked()).toBe(true);
});

test("Save snapshot copies a saved sync's table and lists the snapshot under it", async () => {
  const { syncId } = sidebar.addOn.rt.run('syncPayments', [{ provider: 'aura', range: 'all_time', sheetName: 'Ledger' }]) as SyncResult;
  await sidebar.page.reload();
  await byTestId(`snapshot-${syncId}`).click();
  await byTestId(`snapshots-${syncId}`).filter({ hasText: 'Ledger · snapshot' }).waitFor();
  expect(callsOf('snapshotSync')[0].args).toEqual([syncId]);
  const [snapshot] = state().syncs.find((saved) => saved.id === syncId)!.snapshots!;
  expect(sidebar.addOn.rt.spreadsheet.sheet(snapshot.sheetName).values()).toEqual(sidebar.addOn.rt.spreadsheet.sheet('Ledger').values());
});
