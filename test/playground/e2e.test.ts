/**
 * The playground end to end, as a new user meets it: the page in Chromium, the Aura sandbox connected in the real
 * sidebar, a sync into a sheet, and a PAYMENTS formula typed into the grid.
 */
import { join } from 'node:path';
import type { GridWindow, PlaygroundStatus } from '../../dev/playground/protocol';
import { SANDBOX_PAYMENTS } from '../../dev/playground/sandboxes';
import { COLUMNS } from '../../src/core/payment';
import { ARTIFACTS_DIR } from '../browser/chromium';
import { playgroundPage } from './playgroundPage';

const app = playgroundPage('e2e');
const { byTestId, inSidebar, cell } = app;

async function status(): Promise<PlaygroundStatus> {
  return (await fetch(`${app.playground.url}/api/status`)).json() as Promise<PlaygroundStatus>;
}

/** A column of a sheet, read from the server in windows, below the header row. */
async function column(sheet: string, index: number, lastRow: number): Promise<string[]> {
  const values: string[] = [];
  for (let top = 2; top <= lastRow; top += 500) {
    const query = new URLSearchParams({ sheet, top: String(top), bottom: String(Math.min(lastRow, top + 499)) });
    const window = (await (await fetch(`${app.playground.url}/api/cells?${query}`)).json()) as GridWindow;
    values.push(...window.rows.map((row) => row[index]?.text ?? ''));
  }
  return values;
}

test('connect the Aura sandbox in the sidebar, sync it into a sheet, and type a PAYMENTS formula into the grid', async () => {
  // The page lists the sandbox to paste into the sidebar.
  const [baseUrl, apiKey] = await byTestId('sandbox-aura').locator('code').allTextContents();
  expect(baseUrl).toBe(app.playground.sandboxes.Aura);
  expect(apiKey).toMatch(/^aura_pk_test_/);

  // Only the key: in the playground Aura's real address leads to its sandbox, and Save tests it at once.
  await inSidebar('get-started-aura').click();
  await inSidebar('apiKey-aura').fill(apiKey);
  await inSidebar('save-aura').click();
  await inSidebar('connection-message-aura').filter({ hasText: 'Connected to Aura' }).waitFor({ timeout: 20_000 });
  await inSidebar('connection-status-aura').filter({ hasText: 'Connected · tested' }).waitFor();
  expect(await inSidebar('apiKey-aura').getAttribute('placeholder')).toBe(`Saved: ••••${apiKey.slice(-4)}`);

  // Sync: the new sheet comes to the front of the grid, header frozen, rows in it.
  await inSidebar('tab-syncs').click();
  await inSidebar('sync-range').selectOption('all_time');
  expect(await inSidebar('sync-sheet').inputValue()).toBe('Aura payments');
  await inSidebar('sync-now').click();
  await inSidebar('sync-outcome').filter({ hasText: 'Synced' }).waitFor({ timeout: 20_000 });
  const outcome = (await inSidebar('sync-outcome').textContent())!;
  const [, synced] =
    /^Synced ([\d,]+) payments into “Aura payments” in (?:under 1 s|\d+ s): \1 added · 0 updated · 0 removed\.$/.exec(outcome) ?? [];
  expect(synced).toBeDefined();
  // Payments keep arriving at the sandbox while the playground runs, one every 20 minutes of its fast clock.
  const rows = Number(synced.replace(/,/g, ''));
  expect(rows).toBeGreaterThanOrEqual(SANDBOX_PAYMENTS.aura);
  expect(rows).toBeLessThan(SANDBOX_PAYMENTS.aura + 10);
  const auraSheet = (await status()).sheets.find((sheet) => sheet.name === 'Aura payments');
  expect(auraSheet).toMatchObject({ lastRow: rows + 1, lastColumn: COLUMNS.length, frozenRows: 1 });

  await app.page.locator('[data-testid="sheet-tab-Aura payments"][aria-selected="true"]').waitFor();
  await cell('A1').filter({ hasText: 'provider' }).waitFor();
  expect(await app.page.locator('.grid-frozen [data-cell="C1"]').textContent()).toBe('id');
  expect(await cell('A2').textContent()).toBe('aura');
  expect(await cell('E2').textContent()).toMatch(/^(succeeded|pending|failed|refunded)$/);

  // Scrolling to the bottom renders the last rows, not every row.
  await byTestId('grid').evaluate((grid) => grid.scrollTo(0, grid.scrollHeight));
  await cell(`A${rows + 1}`)
    .filter({ hasText: 'aura' })
    .waitFor();
  expect(await app.page.locator('.grid-body .row').count()).toBeLessThan(120);

  // A PAYMENTS formula in Sheet1 spills its table below it.
  await byTestId('sheet-tab-Sheet1').click();
  await cell('A1').click();
  await app.page.keyboard.type('=PAYMENTS("aura", "succeeded")');
  await app.page.keyboard.press('Enter');
  await cell('A1').filter({ hasText: 'provider' }).waitFor({ timeout: 20_000 });
  expect(await cell('E2').textContent()).toBe('succeeded');
  await cell('A1').click();
  expect(await byTestId('formula-input').inputValue()).toBe('=PAYMENTS("aura", "succeeded")');
  const sheet1 = (await status()).sheets.find((sheet) => sheet.name === 'Sheet1')!;
  const syncedStatuses = await column('Aura payments', 4, rows + 1);
  const succeeded = syncedStatuses.filter((value) => value === 'succeeded').length;
  expect(sheet1.lastRow).toBe(succeeded + 1);
  expect(new Set(await column('Sheet1', 4, sheet1.lastRow))).toEqual(new Set(['succeeded']));

  // An error shows as #ERROR!, its message on hover.
  await cell('Q1').click();
  await app.page.keyboard.type('=PAYMENTS("stripe")');
  await app.page.keyboard.press('Enter');
  await cell('Q1').filter({ hasText: '#ERROR!' }).waitFor();
  expect(await cell('Q1').getAttribute('title')).toMatch(/stripe/i);

  // "+" adds a sheet and brings it to the front; the box at the bottom of the grid adds rows.
  await byTestId('add-sheet').click();
  await app.page.locator('[data-testid="sheet-tab-Sheet3"][aria-selected="true"]').waitFor();
  await byTestId('grid').evaluate((grid) => grid.scrollTo(0, grid.scrollHeight));
  await byTestId('add-rows-count').fill('500');
  await byTestId('add-rows').click();
  // Once the grid has grown by the rows, its bottom is row 1500.
  await app.page.waitForFunction(() => document.querySelector('[data-testid="grid"]')!.scrollHeight > 1500 * 21);
  await byTestId('grid').evaluate((grid) => grid.scrollTo(0, grid.scrollHeight));
  await cell('A1500').waitFor();
  expect(await cell('A1501').count()).toBe(0);
  expect((await status()).sheets.find((sheet) => sheet.name === 'Sheet3')).toMatchObject({ maxRows: 1500, lastRow: 0 });

  // The add-on's menu runs its functions; their toasts show.
  await byTestId('menu-extensions').click();
  await app.page.locator('.has-submenu', { hasText: 'Payments Sync' }).hover();
  await byTestId('menu-item-refreshPaymentsFormulas').click();
  await byTestId('toasts').locator('.toast').waitFor();
  expect(await byTestId('toasts').locator('.toast-message').allTextContents()).toEqual(['2 PAYMENTS formulas refreshing.']);
  expect(await byTestId('running').isHidden()).toBe(true);

  // Closed, the sidebar comes back from the menu, loaded afresh, as in Sheets.
  await byTestId('sidebar-close').click();
  expect(await byTestId('sidebar-panel').isHidden()).toBe(true);
  await byTestId('menu-extensions').click();
  await app.page.locator('.has-submenu', { hasText: 'Payments Sync' }).hover();
  await byTestId('menu-item-openSidebar').click();
  await byTestId('sidebar-panel').waitFor();
  expect(await byTestId('sidebar-title').textContent()).toBe('Payments Sync');
  await inSidebar('saved-sync-list').locator('li').first().waitFor();
  expect(await inSidebar('connection-status-aura').textContent()).toMatch(/^Connected · tested /);
  expect(await inSidebar('sync-outcome').textContent()).toBe('');

  await byTestId('sheet-tab-Aura payments').click();
  await cell('A2').filter({ hasText: 'aura' }).waitFor();
  await app.page.screenshot({ path: join(ARTIFACTS_DIR, 'app.playground.png') });
});
