/**
 * The sidebar's layout at 300 px in Chromium, bridged to the local runtime: a first-time user's Get started, the tabs
 * as a tablist (roles, aria-selected, arrow keys), a connection folded into one line with its menu (by keyboard
 * too), the step from a new connection to the sync form, a long sync's progress bar with its counts, every control
 * labelled, and the focus kept when a refresh re-renders what it was on.
 */
import { join } from 'node:path';
import { DEMO_CREDENTIALS, loadAddOn } from '../../dev/addOn';
import { bridgedSidebar } from './bridgedSidebar';
import { ARTIFACTS_DIR } from './chromium';

const sidebar = bridgedSidebar(() => loadAddOn({ simulators: { payments: 600 } }), { pageLoads: 'once', height: 800 });
const { byTestId } = sidebar;
const focused = () => sidebar.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

/** The visible controls that have no accessible name: a label, aria-label(ledby), or text of their own. */
function unlabelledControls(): Promise<string[]> {
  return sidebar.page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, input, select, textarea, [role="tab"], [role="menuitem"]')]
      .filter((control) => control.offsetParent !== null)
      .filter((control) => {
        const labels = (control as HTMLInputElement).labels;
        const named = control.getAttribute('aria-label') || control.getAttribute('aria-labelledby') || (labels && labels.length > 0);
        const ownText = control.tagName === 'BUTTON' && control.textContent!.trim() !== '';
        return !named && !ownText;
      })
      .map((control) => control.outerHTML.slice(0, 120)),
  );
}

beforeAll(() => byTestId('tabs').waitFor());

test('a first-time user sees Get started, not empty forms; the tabs are a tablist the arrow keys walk', async () => {
  expect(await byTestId('get-started').isVisible()).toBe(true);
  expect(await byTestId('sync').isVisible()).toBe(false);
  expect(await byTestId('saved-syncs').isVisible()).toBe(false);
  expect(await byTestId('get-started-providers').locator('button').allTextContents()).toEqual(['Aura', 'Koteshen', 'Uqualify']);
  await sidebar.page.screenshot({ path: join(ARTIFACTS_DIR, 'sidebar-get-started.png') });

  const tabs = sidebar.page.locator('[role="tablist"] [role="tab"]');
  expect(await tabs.allTextContents()).toEqual(['Syncs', 'Connections', 'Schedule', 'History']);
  expect(await tabs.evaluateAll((all) => all.map((tab) => [tab.getAttribute('aria-selected'), tab.getAttribute('tabindex')]))).toEqual([
    ['true', '0'],
    ['false', '-1'],
    ['false', '-1'],
    ['false', '-1'],
  ]);
  const tabBoxes = await tabs.evaluateAll((all) => all.map((tab) => tab.getBoundingClientRect()).map((box) => [box.top, box.right]));
  expect(new Set(tabBoxes.map(([top]) => top)).size).toBe(1);
  expect(Math.max(...tabBoxes.map(([, right]) => right))).toBeLessThanOrEqual(300);

  await byTestId('tab-syncs').focus();
  await sidebar.page.keyboard.press('ArrowRight');
  expect(await focused()).toBe('tab-connections');
  expect(await byTestId('tab-connections').getAttribute('aria-selected')).toBe('true');
  expect(await byTestId('panel-connections').isVisible()).toBe(true);
  expect(await byTestId('panel-syncs').isVisible()).toBe(false);
  expect(await byTestId('panel-connections').getAttribute('aria-labelledby')).toBe('tab-connections');
  await sidebar.page.keyboard.press('End');
  expect(await focused()).toBe('tab-history');
  await sidebar.page.keyboard.press('ArrowRight');
  expect(await focused()).toBe('tab-syncs');
  await sidebar.page.keyboard.press('ArrowLeft');
  expect(await focused()).toBe('tab-history');
  await sidebar.page.keyboard.press('Home');
  expect(await byTestId('panel-syncs').isVisible()).toBe(true);

  // Nothing connected: each provider is one line with Connect, and no form is open.
  await byTestId('tab-connections').click();
  expect(await sidebar.page.locator('form.credentials:visible').count()).toBe(0);
  expect(await byTestId('connection-status-uqualify').textContent()).toBe('Not connected');
  expect(await unlabelledControls()).toEqual([]);
});

test('Get started opens the provider’s form; once its key passes the test it folds into one line with a menu', async () => {
  await byTestId('tab-syncs').click();
  await byTestId('get-started-aura').click();
  expect(await byTestId('tab-connections').getAttribute('aria-selected')).toBe('true');
  expect(await focused()).toBe('apiKey-aura');
  expect(await unlabelledControls()).toEqual([]);
  await sidebar.page.keyboard.type(DEMO_CREDENTIALS.aura.apiKey!);
  await sidebar.page.keyboard.press('Enter');

  await byTestId('connection-message-aura').filter({ hasText: 'Connected to Aura' }).waitFor();
  expect(await byTestId('connection-form-aura').isVisible()).toBe(false);
  const line = byTestId('account-aura');
  expect(await byTestId('connection-key-aura').textContent()).toBe(`••••${DEMO_CREDENTIALS.aura.apiKey!.slice(-4)}`);
  expect(await line.locator('[data-testid="connection-status-aura"]').textContent()).toMatch(/^Connected · tested /);
  // One line: name, key, status and menu side by side, inside the 300 px.
  const boxes = await line.evaluate((element) =>
    [...element.children].map((child) => child.getBoundingClientRect()).map((box) => [box.top + box.height / 2, box.right]),
  );
  expect(boxes).toHaveLength(4);
  const middles = boxes.map(([middle]) => middle);
  expect(Math.max(...middles) - Math.min(...middles)).toBeLessThanOrEqual(2);
  expect(Math.max(...boxes.map(([, right]) => right))).toBeLessThanOrEqual(300);
  expect((await line.boundingBox())!.height).toBeLessThanOrEqual(30);

  // The next step for a newcomer is one button away, and lands on the sync form with Aura chosen.
  expect(await focused()).toBe('sync-next-aura');
  await sidebar.page.screenshot({ path: join(ARTIFACTS_DIR, 'sidebar-connected.png') });

  // The menu by keyboard: ↓ opens it on its first item, Escape closes it back to its button.
  await byTestId('connection-menu-aura').focus();
  await sidebar.page.keyboard.press('ArrowDown');
  expect(await byTestId('connection-menu-aura').getAttribute('aria-expanded')).toBe('true');
  expect(await focused()).toBe('test-aura');
  expect(await sidebar.page.locator('[role="menu"]:visible [role="menuitem"]').allTextContents()).toEqual([
    'Test connection',
    'Edit',
    'Remove',
  ]);
  await sidebar.page.keyboard.press('ArrowDown');
  expect(await focused()).toBe('edit-connection-aura');
  await sidebar.page.keyboard.press('Escape');
  expect(await focused()).toBe('connection-menu-aura');
  expect(await byTestId('connection-menu-aura').getAttribute('aria-expanded')).toBe('false');

  // Edit opens the form with the key as a placeholder; Cancel folds it back, the focus on the menu again.
  await sidebar.page.keyboard.press('ArrowDown');
  await sidebar.page.keyboard.press('ArrowDown');
  await sidebar.page.keyboard.press('Enter');
  expect(await byTestId('connection-form-aura').isVisible()).toBe(true);
  expect(await focused()).toBe('apiKey-aura');
  await byTestId('cancel-connection-aura').click();
  expect(await byTestId('connection-form-aura').isVisible()).toBe(false);
  expect(await focused()).toBe('connection-menu-aura');

  await byTestId('sync-next-aura').click();
  expect(await byTestId('tab-syncs').getAttribute('aria-selected')).toBe('true');
  expect(await byTestId('get-started').isVisible()).toBe(false);
  expect(await focused()).toBe('sync-provider');
  expect(await byTestId('sync-provider').inputValue()).toBe('aura');
});

test('a long sync shows a bar without an end, with payments fetched and pages read, announced as it goes', async () => {
  // Slow pages: each execution reads a few, so the sync continues over several.
  sidebar.addOn.sims.aura.options.rateLimit = false;
  sidebar.addOn.sims.aura.options.latencyMs = 100_000;
  await sidebar.page.evaluate(() => {
    const seen: Array<{ text: string; determinate: boolean; visible: boolean; live: string | null }> = [];
    (window as unknown as { seen: typeof seen }).seen = seen;
    const text = document.querySelector('[data-testid="sync-progress-text"]')!;
    const bar = document.querySelector<HTMLProgressElement>('[data-testid="sync-progress"]')!;
    new MutationObserver(() => {
      if (text.textContent)
        seen.push({
          text: text.textContent,
          determinate: bar.hasAttribute('value'),
          visible: !bar.hidden,
          live: text.getAttribute('role'),
        });
    }).observe(text, { childList: true, characterData: true, subtree: true });
  });
  await byTestId('sync-range').selectOption('all_time');
  await byTestId('sync-now').click();
  await byTestId('sync-outcome').filter({ hasText: 'Synced 600 payments' }).waitFor({ timeout: 30_000 });
  sidebar.addOn.sims.aura.options.latencyMs = 0;

  const seen = await sidebar.page.evaluate(
    () => (window as unknown as { seen: Array<{ text: string; determinate: boolean; visible: boolean; live: string | null }> }).seen,
  );
  const counts = seen.map((entry) => /^([\d,]+) payments? fetched · (\d+) pages? read…$/.exec(entry.text)).filter(Boolean);
  expect(counts.length).toBeGreaterThan(0);
  const fetched = counts.map((match) => Number(match![1].replace(/,/g, '')));
  expect(fetched).toEqual([...fetched].sort((a, b) => a - b));
  expect(fetched.every((count) => count > 0 && count < 600)).toBe(true);
  expect(seen.every((entry) => entry.visible && !entry.determinate && entry.live === 'status')).toBe(true);
  expect(await byTestId('sync-progress').isVisible()).toBe(false);
});

test('a refresh that re-renders the connection keeps the focus where it was', async () => {
  await byTestId('tab-connections').click();
  await byTestId('connection-menu-aura').focus();
  await sidebar.page.evaluate(
    () => ((window as unknown as { drawn: Element }).drawn = document.querySelector('[data-testid="account-aura"]')!),
  );
  // The connection is tested elsewhere a minute later: the line is drawn again from the new state.
  sidebar.addOn.rt.clock.advance(60_000);
  sidebar.addOn.rt.run('testConnection', ['aura']);
  await sidebar.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await sidebar.page.waitForFunction(() => !(window as unknown as { drawn: Element }).drawn.isConnected);
  expect(await focused()).toBe('connection-menu-aura');
  expect(await unlabelledControls()).toEqual([]);
});
