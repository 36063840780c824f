/**
 * The sync form's columns, write mode and filters, and a saved sync's Snapshot button, in the real sidebar
 * (dist/Sidebar.html) at 300 px, bridged to the local runtime.
 */
import type { Browser, Page } from 'playwright-core';
import { loadAddOn, type LocalAddOn } from '../../dev/addOn';
import { bridgeRoutes } from '../../dev/playground/bridge';
import { listen, type Listening } from '../../dev/playground/http';
import { SCRIPT_RUN_PATH, SIDEBAR_PATH } from '../../dev/playground/protocol';
import type { SidebarState, SyncResult } from '../../sidebar/server';
import { launchChromium } from './chromium';

let addOn: LocalAddOn;
let server: Listening;
let browser: Browser;
let page: Page;
let calls: Array<{ name: string; args: unknown[] }> = [];

const byTestId = (testId: string) => page.locator(`[data-testid="${testId}"]`);
const state = () => addOn.rt.run('getSidebarState') as SidebarState;
const callsOf = (name: string) => calls.filter((call) => call.name === name);

beforeAll(async () => {
  addOn = loadAddOn({ simulators: { payments: 12 } });
  addOn.connect('aura');
  addOn.rt.run('openSidebar');
  [server, browser] = await Promise.all([bridgeRoutes({ rt: addOn.rt }).then((routes) => listen([routes])), launchChromium()]);
  page = await browser.newPage({ viewport: { width: 300, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
  page.setDefaultTimeout(10_000);
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith(SCRIPT_RUN_PATH)) calls.push(JSON.parse(request.postData()!));
  });
});

beforeEach(async () => {
  await page.goto(`${server.url}${SIDEBAR_PATH}`);
  await byTestId('sync-now').waitFor();
  calls = [];
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

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
  expect(addOn.rt.spreadsheet.sheet('Closed').values()[0]).toEqual(['id', 'amount', 'date', 'currency']);
  expect(addOn.rt.spreadsheet.sheet('Closed · summary').charts()).toHaveLength(1);

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
  const { syncId } = addOn.rt.run('syncPayments', [{ provider: 'aura', range: 'all_time', sheetName: 'Ledger' }]) as SyncResult;
  await page.reload();
  await byTestId(`snapshot-${syncId}`).click();
  await byTestId(`snapshots-${syncId}`).filter({ hasText: 'Ledger · snapshot' }).waitFor();
  expect(callsOf('snapshotSync')[0].args).toEqual([syncId]);
  const [snapshot] = state().syncs.find((saved) => saved.id === syncId)!.snapshots!;
  expect(addOn.rt.spreadsheet.sheet(snapshot.sheetName).values()).toEqual(addOn.rt.spreadsheet.sheet('Ledger').values());
});
