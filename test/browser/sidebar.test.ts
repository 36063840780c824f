/**
 * The real sidebar (dist/Sidebar.html) alone in a 300 px page, its google.script.run bridged to the local runtime
 * (the playground's bridge) on a virtual clock, with the provider simulators in memory.
 */
import { join } from 'node:path';
import { DEMO_CREDENTIALS, loadAddOn } from '../../dev/addOn';
import { currencyExponent, formatMajor } from '../../dev/simulators';
import { COLUMNS } from '../../src/core/payment';
import { formatDay } from '../../sidebar/format';
import { BRIDGED_LOCALE, bridgedSidebar } from './bridgedSidebar';
import { ARTIFACTS_DIR } from './chromium';

const PAYMENTS = 300;

const sidebar = bridgedSidebar(() => loadAddOn({ simulators: { payments: PAYMENTS } }), { pageLoads: 'once' });
const { byTestId } = sidebar;

test('connects Aura, tests the connection, syncs into a sheet, and shows why a sync failed', async () => {
  // Connect, from the first-time user's Get started: the key goes to the user's properties and comes back masked.
  await byTestId('get-started-aura').click();
  await byTestId('apiKey-aura').fill(DEMO_CREDENTIALS.aura.apiKey!);
  await byTestId('save-aura').click();
  // Save tests at once: the card shows Aura's answer, and "Connected" only now that Aura accepted the key.
  await byTestId('connection-message-aura').filter({ hasText: 'Connected to Aura' }).waitFor();
  expect(await byTestId('apiKey-aura').inputValue()).toBe('');
  expect(await byTestId('apiKey-aura').getAttribute('placeholder')).toBe(`Saved: ••••${DEMO_CREDENTIALS.aura.apiKey!.slice(-4)}`);
  const [connection] = sidebar.addOn.rt.run('getConnections') as Array<{ lastTest: { at: number } }>;
  await byTestId('connection-status-aura').filter({ hasText: 'Connected' }).waitFor();
  expect(await byTestId('connection-status-aura').textContent()).toBe(
    `Connected · tested ${formatDay(connection.lastTest.at, { ...BRIDGED_LOCALE, now: Date.now() })}`,
  );

  // Test connection, from the connection's menu: Aura's answer is its newest payment.
  await byTestId('connection-menu-aura').click();
  await byTestId('test-aura').click();
  await byTestId('connection-message-aura').filter({ hasText: 'Connected to Aura' }).waitFor();
  const latest = sidebar.addOn.sims.aura.listedPayments()[0];
  const amount = formatMajor(latest.amountMinor, currencyExponent(latest.currency));
  const day = new Date(Math.floor(latest.occurredAt / 1000) * 1000).toISOString().slice(0, 10);
  expect(await byTestId('connection-message-aura').textContent()).toBe(
    `Connected to Aura. Latest payment: ${amount} ${latest.currency} on ${day}.`,
  );

  // Sync every Aura payment into a sheet.
  await byTestId('tab-syncs').click();
  await byTestId('sync-range').selectOption('all_time');
  await byTestId('sync-sheet').fill('Aura payments');
  await byTestId('sync-now').click();
  await byTestId('sync-outcome').filter({ hasText: 'Synced' }).waitFor();
  expect(await byTestId('sync-outcome').textContent()).toMatch(
    new RegExp(`^Synced ${PAYMENTS} payments into “Aura payments” in (under 1 s|\\d+ s): ${PAYMENTS} added · 0 updated · 0 removed\\.$`),
  );
  const rows = sidebar.addOn.rt.spreadsheet.sheet('Aura payments').values();
  expect(rows).toHaveLength(PAYMENTS + 1);
  expect(rows[0]).toEqual([...COLUMNS]);
  expect(rows.slice(1).map((row) => row[2])).toEqual(
    sidebar.addOn.sims.aura.listedPayments().map((payment) => sidebar.addOn.sims.aura.wireId(payment)),
  );
  await byTestId('tab-history').click();
  await byTestId('history-entry').first().waitFor();
  expect(await byTestId('history-entry').count()).toBe(1);
  await byTestId('tab-syncs').click();

  // Aura fails: the sidebar says why, and the sheet is as it was.
  sidebar.addOn.sims.aura.faults.push({ status: 503, times: Infinity });
  await byTestId('sync-full').check();
  await byTestId('sync-now').click();
  await byTestId('sync-error').filter({ hasText: /./ }).waitFor();
  expect(await byTestId('sync-error').textContent()).toMatch(/^Aura kept answering HTTP 503/);
  expect(await byTestId('sync-outcome').textContent()).toBe('');
  expect(sidebar.addOn.rt.spreadsheet.sheet('Aura payments').values()).toEqual(rows);
  await byTestId('tab-history').click();
  await byTestId('history-entry').nth(1).waitFor();
  expect(await byTestId('history-entry').first().textContent()).toContain('Failed: Aura kept answering HTTP 503');

  await sidebar.page.screenshot({ path: join(ARTIFACTS_DIR, 'sidebar.png'), fullPage: true });
});

test('shows a scheduled run that happened while it was open, once it is looked at again', async () => {
  sidebar.addOn.rt.run('setAutoRefresh', [1]);
  sidebar.addOn.sims.aura.faults.clear();
  sidebar.addOn.sims.aura.faults.push({ status: 401, times: Infinity });
  sidebar.addOn.rt.clock.advance(3_600_000);
  sidebar.addOn.rt.fireDueTriggers();
  await sidebar.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await byTestId('schedule-banner')
    .filter({ hasText: /Aura rejected/ })
    .waitFor();
  await byTestId('history-entry')
    .first()
    .filter({ hasText: /Aura rejected/ })
    .waitFor();
  sidebar.addOn.sims.aura.faults.clear();
});

test('a server function that throws reaches the failure handler as an Error with its message', async () => {
  const failure = await sidebar.page.evaluate(
    () =>
      new Promise<{ isError: boolean; message: string; userObject: unknown }>((resolve) => {
        const run = (window as unknown as { google: { script: { run: Record<string, (...args: unknown[]) => unknown> } } }).google.script
          .run;
        const runner = run.withSuccessHandler(() => resolve({ isError: false, message: 'succeeded', userObject: null })) as typeof run;
        const withFailure = runner.withFailureHandler((error: Error, userObject: unknown) =>
          resolve({ isError: error instanceof Error, message: error.message, userObject }),
        ) as typeof run;
        (withFailure.withUserObject('the user object') as typeof run).saveCredentials('stripe', {});
      }),
  );
  let thrown = '';
  try {
    sidebar.addOn.rt.run('saveCredentials', ['stripe', {}]);
  } catch (error) {
    thrown = (error as Error).message;
  }
  expect(thrown).toMatch(/stripe/i);
  expect(failure).toEqual({ isError: true, message: thrown, userObject: 'the user object' });
});
