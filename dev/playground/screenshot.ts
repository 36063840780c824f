/**
 * Makes the README's and docs' pictures, in the browser tests' Chromium at the real sizes (the page at 1280 × 800,
 * the sidebar at its 300 px): what `npm start` first shows (docs/playground-start.png), the sidebar's Get started
 * (docs/sidebar-get-started.png), a connection folded into its line (docs/sidebar-connections.png), and the playground
 * with the Aura sandbox synced and an hourly auto refresh that has run once (docs/playground.png, with the sidebar's
 * Syncs tab as docs/sidebar-syncs.png). `npx tsx dev/playground/screenshot.ts` after npm run build; about a minute,
 * waiting for the scheduled run on the playground's own 60× clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../chromium';
import { DEFAULT_CLOCK_SPEED, startPlayground } from './playground';

const DOCS = join(__dirname, '..', '..', 'docs');
/** An hourly run comes within an hour of the fast clock, plus a little. */
const SCHEDULED_RUN_TIMEOUT_MS = (3_600_000 / DEFAULT_CLOCK_SPEED) * 1.5;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'playground-screenshot-'));
  const playground = await startPlayground({ port: 0, statePath: join(dir, 'state.json'), reset: true, clockSpeed: DEFAULT_CLOCK_SPEED });
  const browser = await launchChromium();
  const saved: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    const shoot = async (name: string, target: { screenshot(options: { path: string }): Promise<unknown> } = page) => {
      await page.mouse.move(0, 0);
      await target.screenshot({ path: join(DOCS, name) });
      saved.push(name);
    };
    await page.goto(playground.url);
    const frame = page.locator('[data-testid="sidebar-frame"]');
    const sidebar = page.frameLocator('[data-testid="sidebar-frame"]');
    const inSidebar = (testId: string) => sidebar.locator(`[data-testid="${testId}"]`);
    const aura = playground.sandboxes.find((sandbox) => sandbox.provider === 'aura')!;

    await inSidebar('get-started').waitFor();
    await shoot('playground-start.png');
    await shoot('sidebar-get-started.png', frame);

    await inSidebar('get-started-aura').click();
    await inSidebar('apiKey-aura').fill(aura.credentials[0].value);
    await inSidebar('save-aura').click();
    await inSidebar('connection-status-aura').filter({ hasText: 'Connected · tested' }).waitFor({ timeout: 30_000 });
    await shoot('sidebar-connections.png', frame);

    await inSidebar('sync-next-aura').click();
    await inSidebar('sync-range').selectOption('all_time');
    await inSidebar('sync-now').click();
    await inSidebar('sync-outcome').filter({ hasText: 'Synced' }).waitFor({ timeout: 30_000 });
    await inSidebar('tab-schedule').click();
    await inSidebar('schedule-hours').selectOption('1');
    await inSidebar('schedule-save').click();
    await page.locator('[data-testid="trigger-run"]').first().waitFor({ timeout: SCHEDULED_RUN_TIMEOUT_MS });

    // The Syncs tab with the sync's outcome; the grid with a payment's amount selected.
    await inSidebar('tab-syncs').click();
    await page.locator('[data-cell="E3"]').click();
    await shoot('playground.png');
    await shoot('sidebar-syncs.png', frame);
    process.stdout.write(`Saved ${saved.map((name) => join(DOCS, name)).join(', ')}\n`);
  } finally {
    await browser.close();
    await playground.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
