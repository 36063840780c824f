/**
 * A newcomer's whole way through the playground, reading nothing but the page: `npm start`'s page in Chromium, the
 * sidebar at its real 300 px, from Get started to a synced sheet, a formula whose arguments are cells (one a
 * formula itself), an error said in the cell and the formula bar, and a scheduled refresh that runs on its own.
 * Everything it types comes from the page (the sandbox key from its panel); it asserts only what the page shows.
 */
import { join } from 'node:path';
import { ARTIFACTS_DIR } from '../browser/chromium';
import { playgroundPage } from './playgroundPage';

// An hour lasts a second, so an hourly refresh runs within the test.
const app = playgroundPage('newcomer', ['--speed', '3600']);
const { byTestId, inSidebar, cell } = app;

async function typeInto(a1: string, input: string): Promise<void> {
  await cell(a1).click();
  await app.page.keyboard.type(input);
  await app.page.keyboard.press('Enter');
}

test('from npm start’s page to a synced sheet, a working formula and a scheduled refresh, at 300 px', async () => {
  // The sidebar is open at its real width, and says where to begin.
  expect((await byTestId('sidebar-frame').boundingBox())!.width).toBe(300);
  await inSidebar('get-started').waitFor();
  expect(await inSidebar('get-started').textContent()).toContain('Connect a provider');

  // 1. Connect: the page's panel gives the key; the sidebar asks for nothing else.
  const key = (await byTestId('sandbox-aura').first().locator('td code').last().textContent())!;
  await inSidebar('get-started-aura').click();
  await inSidebar('apiKey-aura').fill(key);
  await inSidebar('save-aura').click();
  await inSidebar('connection-status-aura').filter({ hasText: 'Connected · tested' }).waitFor({ timeout: 20_000 });

  // 2. Sync, the next step the sidebar offers, with the default range: the sheet fills in the grid.
  await inSidebar('sync-next-aura').click();
  expect(await inSidebar('sync-range').inputValue()).toBe('last_12_months');
  await inSidebar('sync-now').click();
  await inSidebar('sync-outcome').filter({ hasText: 'Synced' }).waitFor({ timeout: 20_000 });
  const [, synced] = /^Synced ([\d,]+) payments into “Aura payments”/.exec((await inSidebar('sync-outcome').textContent())!) ?? [];
  expect(Number(synced.replace(/,/g, ''))).toBeGreaterThan(0);
  await app.page.locator('[data-testid="sheet-tab-Aura payments"][aria-selected="true"]').waitFor();
  await cell('A2').filter({ hasText: 'aura' }).waitFor();

  // 3. A formula whose arguments are cells, one of them a formula: each cell shows its value.
  await byTestId('sheet-tab-Sheet1').click();
  await typeInto('A1', 'aura');
  await typeInto('B1', '=DATE(2020,1,1)');
  await cell('B1').filter({ hasText: /2020/ }).waitFor();
  await typeInto('A3', '=PAYMENTS(A1, "succeeded", B1)');
  await cell('A3').filter({ hasText: 'provider' }).waitFor({ timeout: 20_000 });
  expect(await cell('E4').textContent()).toBe('succeeded');
  expect(await cell('A1').textContent()).toBe('aura');
  await typeInto('C1', '=B1+1');
  await cell('C1').filter({ hasText: /2020/ }).waitFor();
  expect(await cell('C1').textContent()).not.toBe(await cell('B1').textContent());

  // An error is a code in the cell, its message in the formula bar while the cell is selected.
  await typeInto('D1', '=PAYMENTS("stripe")');
  await cell('D1').filter({ hasText: '#ERROR!' }).waitFor();
  await cell('D1').click();
  await byTestId('formula-error')
    .filter({ hasText: /stripe/i })
    .waitFor();
  expect(await byTestId('formula-error').textContent()).toMatch(/^#ERROR!: .*stripe/i);
  expect(await byTestId('formula-input').inputValue()).toBe('=PAYMENTS("stripe")');
  await cell('A1').click();
  expect(await byTestId('formula-error').isVisible()).toBe(false);

  // 4. A scheduled refresh: every hour, set in the Schedule tab; it runs on its own and shows in History.
  await inSidebar('tab-schedule').click();
  await inSidebar('schedule-hours').selectOption({ label: 'Every hour' });
  await inSidebar('schedule-save').click();
  await inSidebar('schedule-message').filter({ hasText: 'Auto refresh saved.' }).waitFor();
  await byTestId('trigger-run').first().waitFor({ timeout: 20_000 });
  expect(await byTestId('trigger-run').first().textContent()).toContain('finished');
  await inSidebar('tab-history').click();
  await inSidebar('history-entry').filter({ hasText: 'Scheduled' }).first().waitFor({ timeout: 20_000 });
  expect(await inSidebar('history-entry').filter({ hasText: 'Scheduled' }).first().textContent()).toMatch(
    /Aura payments.*Scheduled, incremental/,
  );
  await app.page.screenshot({ path: join(ARTIFACTS_DIR, 'playground-newcomer.png') });
});
