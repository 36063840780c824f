/**
 * Makes docs/playground.png, the README's picture of the playground: a fresh playground, the Aura sandbox connected
 * and synced, an hourly auto refresh that has run once. `npx tsx dev/playground/screenshot.ts` (after npm run build);
 * it takes a minute or so, waiting for the scheduled run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { DEFAULT_CLOCK_SPEED, startPlayground } from './playground';

const OUTPUT = join(__dirname, '..', '..', 'docs', 'playground.png');
/** An hourly run comes within an hour of the fast clock, plus a little. */
const SCHEDULED_RUN_TIMEOUT_MS = (3_600_000 / DEFAULT_CLOCK_SPEED) * 1.5;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'playground-screenshot-'));
  const playground = await startPlayground({ port: 0, statePath: join(dir, 'state.json'), reset: true, clockSpeed: DEFAULT_CLOCK_SPEED });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    await page.goto(playground.url);
    const sidebar = page.frameLocator('[data-testid="sidebar-frame"]');
    const inSidebar = (testId: string) => sidebar.locator(`[data-testid="${testId}"]`);
    const aura = playground.sandboxes.find((sandbox) => sandbox.provider === 'aura')!;

    await inSidebar('apiKey-aura').fill(aura.credentials[0].value);
    await inSidebar('baseUrl-aura').fill(aura.baseUrl);
    await inSidebar('save-aura').click();
    await inSidebar('connection-message-aura').filter({ hasText: 'Saved.' }).waitFor();
    await inSidebar('sync-range').selectOption('all_time');
    await inSidebar('sync-now').click();
    await inSidebar('sync-outcome').filter({ hasText: 'Synced' }).waitFor({ timeout: 30_000 });
    await inSidebar('schedule-hours').selectOption('1');
    await inSidebar('schedule-save').click();
    await page.locator('[data-testid="trigger-run"]').first().waitFor({ timeout: SCHEDULED_RUN_TIMEOUT_MS });

    // The sidebar at its sync form and its result; the grid with a payment's amount selected.
    await inSidebar('sync').evaluate((section) => section.scrollIntoView({ block: 'start' }));
    await page.locator('[data-cell="E3"]').click();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: OUTPUT });
    process.stdout.write(`Saved ${OUTPUT}\n`);
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
