/**
 * Honest connection state and messages that fit the sidebar, in Chromium at the sidebar's 300 px: Save tests at
 * once; a refused key is "the last test failed", said in plain words with the provider's answer as a detail and
 * without sending the user to open the sidebar they are in; every card's buttons stay on one row.
 */
import { DEMO_CREDENTIALS, KOTESHEN_DEMO_CLIENT, loadAddOn } from '../../dev/addOn';
import { bridgedSidebar } from './bridgedSidebar';
import { ARTIFACTS_DIR } from './chromium';

const sidebar = bridgedSidebar(() => loadAddOn({ simulators: { payments: 20 } }), { pageLoads: 'once' });
const { byTestId } = sidebar;

test('a refused client secret: plain words, the provider’s answer as a detail, no "open the sidebar", and not "Connected"', async () => {
  await byTestId('tab-connections').click();
  await byTestId('connect-koteshen').click();
  await byTestId('clientId-koteshen').fill(KOTESHEN_DEMO_CLIENT.clientId);
  await byTestId('clientSecret-koteshen').fill('wrong-secret-0123456789');
  await byTestId('save-koteshen').click();
  const message = byTestId('connection-message-koteshen');
  await message.filter({ hasText: 'did not accept' }).waitFor();
  expect(await message.locator('[data-testid="message-detail"]').textContent()).toMatch(/^Koteshen said: HTTP 401/);
  expect(await message.textContent()).toMatch(
    /^Koteshen did not accept the client id and secret\. Copy them again from your Koteshen account/,
  );
  // What the user sees: innerText leaves out the page's script, which names the menu in its fallback message.
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText, not the DOM's.
  expect(await sidebar.page.locator('body').innerText()).not.toContain('Open sidebar');
  await byTestId('connection-status-koteshen').filter({ hasText: 'failed' }).waitFor();
  expect(await byTestId('connection-status-koteshen').textContent()).toBe('Saved · the last test failed');
  await sidebar.page.screenshot({ path: `${ARTIFACTS_DIR}/sidebar-refused-secret.png`, fullPage: true });
});

test('a key that works is "Connected" once Save has tested it, and every card keeps its buttons on one row', async () => {
  await byTestId('connect-uqualify').click();
  await byTestId('apiKey-uqualify').fill(DEMO_CREDENTIALS.uqualify.apiKey!);
  await byTestId('save-uqualify').click();
  await byTestId('connection-status-uqualify').filter({ hasText: 'Connected · tested' }).waitFor();
  const rows = await sidebar.page
    .locator('.buttons')
    .evaluateAll((groups) =>
      groups
        .filter((group) => (group as HTMLElement).offsetParent !== null)
        .map((group) => new Set([...group.querySelectorAll('button')].filter((b) => b.offsetParent !== null).map((b) => b.offsetTop)).size),
    );
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((count) => count <= 1)).toBe(true);
});
