/**
 * The sync form's Edit mode in the real sidebar (dist/Sidebar.html) at 300 px, bridged to the local runtime: the
 * banner and its buttons, Cancel back to a plain form that sends no syncId, Save without a run, a refused sheet
 * said next to the sheet field, and a run that removes rows shown as a warning.
 */
import { join } from 'node:path';
import { loadAddOn } from '../../dev/addOn';
import { bridgedSidebar } from './bridgedSidebar';
import type { SyncResult } from '../../sidebar/server';
import { ARTIFACTS_DIR } from './chromium';

const sidebar = bridgedSidebar(() => {
  const addOn = loadAddOn({ simulators: { payments: PAYMENTS } });
  addOn.connect('aura');
  return addOn;
});
const { byTestId, state, callsOf } = sidebar;

const PAYMENTS = 40;

const savedSync = (id: string) => state().syncs.find((sync) => sync.id === id)!;
/** What the page asked the server to do, leaving out loading its state. */
const actions = () => sidebar.calls.map((call) => call.name).filter((name) => name !== 'getSidebarState');

function defineSync(sheetName: string, status = ''): string {
  return (sidebar.addOn.rt.run('syncPayments', [{ provider: 'aura', status, range: 'all_time', sheetName }]) as SyncResult).syncId;
}

/** What the server says to a request, word for word: the sidebar shows its message as it is. */
function serverRefusal(request: object): string {
  try {
    sidebar.addOn.rt.run('saveSync', [request]);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('The server accepted a request the test expected it to refuse.');
}

test('Edit shows which sync it changes, with Save & sync, Save and Cancel in one row; Cancel clears it and the next sync sends no syncId', async () => {
  const id = defineSync('Ledger');
  await sidebar.page.reload();
  await byTestId(`edit-${id}`).click();

  await expect(byTestId('sync-editing').textContent()).resolves.toBe('Editing Aura · All time → Ledger');
  expect(await byTestId('sync-editing').isVisible()).toBe(true);
  expect(await byTestId('sync-now').textContent()).toBe('Save & sync');
  expect(await byTestId('sync-save').isVisible()).toBe(true);
  expect(await byTestId('sync-cancel').isVisible()).toBe(true);
  const rows = await Promise.all(['sync-now', 'sync-save', 'sync-cancel'].map(async (testId) => (await byTestId(testId).boundingBox())!));
  expect(new Set(rows.map((box) => box.y)).size).toBe(1);
  expect(Math.max(...rows.map((box) => box.x + box.width))).toBeLessThanOrEqual(300);
  expect(await byTestId('sync-sheet').inputValue()).toBe('Ledger');
  expect(await sidebar.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('sync-provider');
  await sidebar.page.screenshot({ path: join(ARTIFACTS_DIR, 'sidebar-editing.png'), fullPage: true });

  await byTestId('sync-cancel').click();
  expect(await byTestId('sync-editing').isVisible()).toBe(false);
  expect(await byTestId('sync-save').isVisible()).toBe(false);
  expect(await byTestId('sync-cancel').isVisible()).toBe(false);
  expect(await byTestId('sync-now').textContent()).toBe('Sync now');
  expect(await sidebar.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('sync-provider');
  expect(await byTestId('sync-range').inputValue()).toBe('last_12_months');
  expect(await byTestId('sync-sheet').inputValue()).not.toBe('Ledger');

  await byTestId('sync-range').selectOption('all_time');
  await byTestId('sync-sheet').fill('Second ledger');
  await byTestId('sync-now').click();
  await byTestId('sync-outcome').filter({ hasText: 'Synced' }).waitFor();
  const [request] = callsOf('syncPayments');
  expect(request.args[0]).toMatchObject({ sheetName: 'Second ledger' });
  expect(request.args[0]).not.toHaveProperty('syncId');
  expect(savedSync(id).sheetName).toBe('Ledger');
  expect(state().syncs.map((sync) => sync.sheetName)).toContain('Second ledger');
});

test('Save changes the saved sync without running it', async () => {
  const id = defineSync('Budget');
  const sheetBefore = sidebar.addOn.rt.spreadsheet.sheet('Budget').values();
  const runsBefore = state().runLog.length;
  await sidebar.page.reload();
  await byTestId(`edit-${id}`).click();
  await byTestId('sync-range').selectOption('last_month');
  await byTestId('sync-save').click();

  await byTestId('sync-outcome').filter({ hasText: 'Saved' }).waitFor();
  expect(await byTestId('sync-outcome').textContent()).toBe(
    'Saved Aura · Last month → Budget. It has not run: Run again under Saved syncs pulls its payments.',
  );
  expect(actions()).toEqual(['saveSync']);
  expect(callsOf('saveSync')[0].args[0]).toMatchObject({ syncId: id, range: 'last_month', sheetName: 'Budget' });
  expect(savedSync(id)).toMatchObject({ range: 'last_month', lastPull: null });
  expect(state().runLog).toHaveLength(runsBefore);
  expect(sidebar.addOn.rt.spreadsheet.sheet('Budget').values()).toEqual(sheetBefore);
  expect(await byTestId('sync-editing').isVisible()).toBe(false);
  expect(await byTestId(`saved-sync-${id}`).textContent()).toContain('Last month');
});

test('a sheet another sync writes is refused next to the sheet field, with the way to edit that sync', async () => {
  const edited = defineSync('Mine');
  defineSync('Theirs', 'refunded');
  await sidebar.page.reload();
  await byTestId(`edit-${edited}`).click();
  await byTestId('sync-sheet').fill('theirs');
  await byTestId('sync-save').click();

  await byTestId('sync-sheet-error').filter({ hasText: /./ }).waitFor();
  expect(await byTestId('sync-sheet-error').textContent()).toBe(serverRefusal(callsOf('saveSync')[0].args[0] as object));
  expect(await byTestId('sync-error').textContent()).toBe('');
  expect(await byTestId('sync-sheet').getAttribute('aria-invalid')).toBe('true');
  expect(await byTestId('sync-sheet').getAttribute('aria-describedby')).toBe('sync-sheet-problem');
  expect(savedSync(edited).sheetName).toBe('Mine');

  await byTestId('sync-edit-owner').click();
  expect(await byTestId('sync-editing').textContent()).toBe('Editing Aura · All time → Theirs');
  expect(await byTestId('sync-sheet').inputValue()).toBe('Theirs');
  expect(await byTestId('sync-status-refunded').isChecked()).toBe(true);
  expect(await byTestId('sync-sheet-problem').isVisible()).toBe(false);
});

test('Save & sync that removes rows says so as a warning, in the outcome and in History, and leaves Edit mode', async () => {
  const id = defineSync('Everything');
  await sidebar.page.reload();
  await byTestId(`edit-${id}`).click();
  await byTestId('sync-status-succeeded').check();
  await byTestId('sync-now').click();

  const outcome = byTestId('sync-outcome');
  await outcome.filter({ hasText: 'Synced' }).waitFor();
  const run = savedSync(id).lastRun!;
  expect(run.removed).toBeGreaterThan(0);
  expect(await outcome.textContent()).toContain(` · ${run.removed} removed.`);
  expect(await outcome.getAttribute('class')).toContain('warning');
  expect(await outcome.getAttribute('class')).not.toContain('ok');
  expect(callsOf('syncPayments')[0].args[0]).toMatchObject({ syncId: id, status: 'succeeded' });
  await byTestId('tab-history').click();
  const newest = byTestId('history-outcome').first();
  await newest.filter({ hasText: `${run.removed} removed` }).waitFor();
  expect(await newest.getAttribute('class')).toBe('warning');
  expect(await byTestId(`saved-sync-last-run-${id}`).getAttribute('class')).toBe('warning');
  expect(await byTestId('sync-editing').isVisible()).toBe(false);
  expect(await byTestId('sync-now').textContent()).toBe('Sync now');
});
