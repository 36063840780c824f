/**
 * A saved sync's schedule control in the real sidebar (dist/Sidebar.html) at 300 px, bridged to the local runtime:
 * the next run it shows, the fields each kind of schedule shows, a save that reaches setSyncSchedule and comes back
 * as the new next run, paused, back to the auto refresh, and a refusal shown as the server words it.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadAddOn, type LocalAddOn } from '../../dev/addOn';
import { bridgeRoutes } from '../../dev/playground/bridge';
import { listen, type Listening } from '../../dev/playground/http';
import { SCRIPT_RUN_PATH, SIDEBAR_PATH } from '../../dev/playground/protocol';
import type { SidebarState, SyncResult } from '../../sidebar/server';
import { ARTIFACTS_DIR, launchChromium } from './chromium';

let addOn: LocalAddOn;
let server: Listening;
let browser: Browser;
let page: Page;
let calls: Array<{ name: string; args: unknown[] }> = [];

const byTestId = (testId: string) => page.locator(`[data-testid="${testId}"]`);
const state = () => addOn.rt.run('getSidebarState') as SidebarState;
const savedSync = (id: string) => state().syncs.find((sync) => sync.id === id)!;
const ourTriggers = () => addOn.rt.triggers.filter((t: { handler: string }) => t.handler === 'runScheduledRefresh');

function defineSync(sheetName: string): string {
  return (addOn.rt.run('syncPayments', [{ provider: 'aura', range: 'all_time', sheetName }]) as SyncResult).syncId;
}

/** Which of a sync's schedule fields are visible. */
async function visibleFields(id: string): Promise<string[]> {
  const fields = ['hours', 'weekday', 'day', 'at-hour', 'paused'];
  const shown = await Promise.all(fields.map((field) => byTestId(`schedule-${field}-${id}`).isVisible()));
  return fields.filter((_, i) => shown[i]);
}

beforeAll(async () => {
  // Monday 15 June 2026, 09:00 UTC: 10:00 in London, the spreadsheet's zone.
  addOn = loadAddOn({ simulators: { payments: 10 }, runtime: { timeZone: 'Europe/London' } });
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

test('a saved sync shows its schedule and next run; a daily schedule saved in the form comes back as its next run', async () => {
  const id = defineSync('Ledger');
  addOn.rt.run('setAutoRefresh', [24, 7]);
  await page.reload();
  // The page judges "today" by the real clock, not the runtime's: the year shows when that is not 2026.
  expect(await byTestId(`schedule-summary-${id}`).textContent()).toMatch(/^With the auto refresh · Next run Jun 16(, 2026)?, 07:00$/);

  await byTestId(`saved-sync-${id}`).locator('summary').click();
  expect(await visibleFields(id)).toEqual([]);
  await byTestId(`schedule-every-${id}`).selectOption('week');
  expect(await visibleFields(id)).toEqual(['weekday', 'at-hour', 'paused']);
  await byTestId(`schedule-every-${id}`).selectOption('hours');
  expect(await visibleFields(id)).toEqual(['hours', 'paused']);
  await byTestId(`schedule-every-${id}`).selectOption('day');
  await byTestId(`schedule-at-hour-${id}`).selectOption('18');
  await byTestId(`schedule-save-${id}`).click();

  await byTestId(`schedule-message-${id}`).filter({ hasText: 'Schedule saved.' }).waitFor();
  expect(calls.filter((call) => call.name === 'setSyncSchedule').map((call) => call.args)).toEqual([
    [id, { every: 'day', atHour: 18, paused: false }],
  ]);
  expect(savedSync(id)).toMatchObject({ schedule: { every: 'day', atHour: 18 }, nextRunAt: Date.parse('2026-06-15T17:00:00Z') });
  // 18:00 in London, shown in the spreadsheet's zone.
  expect(await byTestId(`schedule-summary-${id}`).textContent()).toMatch(/^Daily at 18:00 · Next run Jun 15(, 2026)?, 18:00$/);
  expect(ourTriggers()).toEqual([expect.objectContaining({ everyHours: 1 })]);
  const box = (await byTestId(`saved-sync-${id}`).boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(300);
  await page.screenshot({ path: join(ARTIFACTS_DIR, 'sidebar-sync-schedule.png'), fullPage: true });
});

test('paused keeps the settings and says so; "With the auto refresh" sends null', async () => {
  const id = defineSync('Monthly');
  addOn.rt.run('setSyncSchedule', [id, { every: 'month', day: 31, atHour: 6 }]);
  await page.reload();
  expect(await byTestId(`schedule-summary-${id}`).textContent()).toMatch(
    /^Monthly on day 31 at 06:00 \(or the month's last day\) · Next run Jun 30(, 2026)?, 06:00$/,
  );
  await byTestId(`saved-sync-${id}`).locator('summary').click();
  expect(await byTestId(`schedule-day-${id}`).inputValue()).toBe('31');
  await byTestId(`schedule-paused-${id}`).check();
  await byTestId(`schedule-save-${id}`).click();
  await byTestId(`schedule-summary-${id}`).filter({ hasText: 'Paused' }).waitFor();
  expect(await byTestId(`schedule-summary-${id}`).textContent()).toBe(
    "Paused: monthly on day 31 at 06:00 (or the month's last day) · No run while paused.",
  );
  expect(savedSync(id).schedule).toMatchObject({ every: 'month', day: 31, atHour: 6, paused: true });

  await byTestId(`schedule-every-${id}`).selectOption('default');
  await byTestId(`schedule-save-${id}`).click();
  await byTestId(`schedule-summary-${id}`).filter({ hasText: 'With the auto refresh' }).waitFor();
  expect(calls.filter((call) => call.name === 'setSyncSchedule').at(-1)!.args).toEqual([id, null]);
  expect(savedSync(id).schedule).toBeUndefined();
});

test('a refusal is shown under the form as the server words it', async () => {
  const id = defineSync('Gone');
  await page.reload();
  await byTestId(`saved-sync-${id}`).locator('summary').click();
  addOn.rt.run('deleteSync', [id]);
  await byTestId(`schedule-save-${id}`).click();
  await byTestId(`schedule-message-${id}`).filter({ hasText: /./ }).waitFor();
  expect(await byTestId(`schedule-message-${id}`).textContent()).toBe(
    // The sidebar starts a message with a capital.
    `SyncId "${id}" is not a saved sync of this spreadsheet: pass the id of one listed in getSidebarState().syncs (reopen the sidebar if it was just deleted).`,
  );
});
