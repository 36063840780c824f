/**
 * A saved sync's schedule control in the real sidebar (dist/Sidebar.html) at 300 px, bridged to the local runtime:
 * the next run it shows, the fields each kind of schedule shows, a save that reaches setSyncSchedule and comes back
 * as the new next run, paused, back to the auto refresh, and a refusal shown as the server words it.
 */
import { join } from 'node:path';
import { loadAddOn } from '../../dev/addOn';
import { bridgedSidebar } from './bridgedSidebar';
import type { SyncResult } from '../../sidebar/server';
import { ARTIFACTS_DIR } from './chromium';

const sidebar = bridgedSidebar(() => {
  // Monday 15 June 2026, 09:00 UTC: 10:00 in London, the spreadsheet's zone.
  const addOn = loadAddOn({ simulators: { payments: 10 }, runtime: { timeZone: 'Europe/London' } });
  addOn.connect('aura');
  return addOn;
});
const { byTestId, state } = sidebar;

const savedSync = (id: string) => state().syncs.find((sync) => sync.id === id)!;
const ourTriggers = () => sidebar.addOn.rt.triggers.filter((t: { handler: string }) => t.handler === 'runScheduledRefresh');

function defineSync(sheetName: string): string {
  return (sidebar.addOn.rt.run('syncPayments', [{ provider: 'aura', range: 'all_time', sheetName }]) as SyncResult).syncId;
}

/** Which of a sync's schedule fields are visible. */
async function visibleFields(id: string): Promise<string[]> {
  const fields = ['hours', 'weekday', 'day', 'at-hour', 'paused'];
  const shown = await Promise.all(fields.map((field) => byTestId(`schedule-${field}-${id}`).isVisible()));
  return fields.filter((_, i) => shown[i]);
}

test('a saved sync shows its schedule and next run; a daily schedule saved in the form comes back as its next run', async () => {
  const id = defineSync('Ledger');
  sidebar.addOn.rt.run('setAutoRefresh', [24, 7]);
  await sidebar.page.reload();
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
  expect(sidebar.calls.filter((call) => call.name === 'setSyncSchedule').map((call) => call.args)).toEqual([
    [id, { every: 'day', atHour: 18, paused: false }],
  ]);
  expect(savedSync(id)).toMatchObject({ schedule: { every: 'day', atHour: 18 }, nextRunAt: Date.parse('2026-06-15T17:00:00Z') });
  // 18:00 in London, shown in the spreadsheet's zone.
  expect(await byTestId(`schedule-summary-${id}`).textContent()).toMatch(/^Daily at 18:00 · Next run Jun 15(, 2026)?, 18:00$/);
  expect(ourTriggers()).toEqual([expect.objectContaining({ everyHours: 1 })]);
  const box = (await byTestId(`saved-sync-${id}`).boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(300);
  await sidebar.page.screenshot({ path: join(ARTIFACTS_DIR, 'sidebar-sync-schedule.png'), fullPage: true });
});

test('paused keeps the settings and says so; "With the auto refresh" sends null', async () => {
  const id = defineSync('Monthly');
  sidebar.addOn.rt.run('setSyncSchedule', [id, { every: 'month', day: 31, atHour: 6 }]);
  await sidebar.page.reload();
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
  expect(sidebar.calls.filter((call) => call.name === 'setSyncSchedule').at(-1)!.args).toEqual([id, null]);
  expect(savedSync(id).schedule).toBeUndefined();
});

test('a refusal is shown under the form as the server words it', async () => {
  const id = defineSync('Gone');
  await sidebar.page.reload();
  await byTestId(`saved-sync-${id}`).locator('summary').click();
  sidebar.addOn.rt.run('deleteSync', [id]);
  await byTestId(`schedule-save-${id}`).click();
  await byTestId(`schedule-message-${id}`).filter({ hasText: /./ }).waitFor();
  expect(await byTestId(`schedule-message-${id}`).textContent()).toBe(
    // The sidebar starts a message with a capital.
    `SyncId "${id}" is not a saved sync of this spreadsheet: pass the id of one listed in getSidebarState().syncs (reopen the sidebar if it was just deleted).`,
  );
});
