/**
 * The platform check in the playground, as a user meets it: Extensions → Payments Sync → "Check this spreadsheet's
 * platform" runs, and the sidebar shows the table and the report to copy; the spreadsheet keeps only its own sheets.
 */
import type { PlaygroundStatus } from '../../dev/playground/protocol';
import { playgroundPage } from './playgroundPage';

const app = playgroundPage('check');

test("the menu's platform check runs and shows its report in the sidebar", async () => {
  const sheetsBefore = ((await (await fetch(`${app.playground.url}/api/status`)).json()) as PlaygroundStatus).sheets.map(
    (sheet) => sheet.name,
  );

  await app.page.locator('[data-testid="menu-extensions"]').click();
  await app.page.locator('.has-submenu', { hasText: 'Payments Sync' }).hover();
  await app.page.locator('[data-testid="menu-item-checkPlatform"]').click();
  await app.page.locator('[data-testid="sidebar-title"]').filter({ hasText: 'Platform check' }).waitFor();

  const check = app.page.frameLocator('[data-testid="sidebar-frame"]');
  await check.locator('[data-testid="check-summary"]').waitFor();
  expect(await check.locator('[data-testid="check-summary"]').textContent()).toMatch(/^12 passed, 0 failed, 1 not checked\./);
  expect(await check.locator('[data-testid="check-table"] tbody tr').count()).toBe(13);
  const report = await check.locator('[data-testid="check-report"]').inputValue();
  expect(report).toMatch(/^Payments Sync platform check, \S+, spreadsheet time zone \S+\n12 passed, 0 failed, 1 not checked\n/);
  expect(report).toContain('[PASS] Range.sort moves whole rows');

  const status = (await (await fetch(`${app.playground.url}/api/status`)).json()) as PlaygroundStatus;
  expect(status.sheets.map((sheet) => sheet.name)).toEqual(sheetsBefore);
});
