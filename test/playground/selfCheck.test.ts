/**
 * The platform check in the playground, as a user meets it: Extensions → Payments Sync → "Check this spreadsheet's
 * platform" runs, and the sidebar shows the table and the report to copy; the spreadsheet keeps only its own sheets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { PlaygroundStatus } from '../../dev/playground/protocol';
import { launchChromium } from '../browser/chromium';
import { startPlayground, type PlaygroundProcess } from './playgroundProcess';

let dir: string;
let playground: PlaygroundProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'playground-check-'));
  [playground, browser] = await Promise.all([startPlayground(join(dir, 'state.json')), launchChromium()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'UTC' });
  page.setDefaultTimeout(10_000);
  await page.goto(playground.url);
});

afterAll(async () => {
  await browser?.close();
  if (playground?.child.exitCode === null) await playground.stop('SIGINT');
  rmSync(dir, { recursive: true, force: true });
});

test("the menu's platform check runs and shows its report in the sidebar", async () => {
  const sheetsBefore = ((await (await fetch(`${playground.url}/api/status`)).json()) as PlaygroundStatus).sheets.map((sheet) => sheet.name);

  await page.locator('[data-testid="menu-extensions"]').click();
  await page.locator('.has-submenu', { hasText: 'Payments Sync' }).hover();
  await page.locator('[data-testid="menu-item-checkPlatform"]').click();
  await page.locator('[data-testid="sidebar-title"]').filter({ hasText: 'Platform check' }).waitFor();

  const check = page.frameLocator('[data-testid="sidebar-frame"]');
  await check.locator('[data-testid="check-summary"]').waitFor();
  expect(await check.locator('[data-testid="check-summary"]').textContent()).toMatch(/^12 passed, 0 failed, 1 not checked\./);
  expect(await check.locator('[data-testid="check-table"] tbody tr').count()).toBe(13);
  const report = await check.locator('[data-testid="check-report"]').inputValue();
  expect(report).toMatch(/^Payments Sync platform check, \S+, spreadsheet time zone \S+\n12 passed, 0 failed, 1 not checked\n/);
  expect(report).toContain('[PASS] Range.sort moves whole rows');

  const status = (await (await fetch(`${playground.url}/api/status`)).json()) as PlaygroundStatus;
  expect(status.sheets.map((sheet) => sheet.name)).toEqual(sheetsBefore);
});
