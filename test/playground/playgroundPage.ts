/**
 * `npm start`'s page in Chromium for a test file: its hooks start the playground as a process (on a state file in a
 * folder of its own), open its page at a desktop's size, and stop and remove everything after the file's tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { launchChromium } from '../browser/chromium';
import { startPlayground, type PlaygroundProcess } from './playgroundProcess';

export interface PlaygroundPage {
  readonly playground: PlaygroundProcess;
  readonly page: Page;
  /** The sidebar's frame inside the page. */
  readonly sidebar: FrameLocator;
  byTestId(testId: string): Locator;
  inSidebar(testId: string): Locator;
  /** A grid cell by its A1 name. */
  cell(a1: string): Locator;
}

/** Registers the file's hooks; `name` names its temporary folder, `args` go to `npm start` (e.g. --speed). */
export function playgroundPage(name: string, args: string[] = []): PlaygroundPage {
  let dir: string;
  let playground: PlaygroundProcess;
  let browser: Browser;
  let page: Page;
  const opened: PlaygroundPage = {
    get playground() {
      return playground;
    },
    get page() {
      return page;
    },
    get sidebar() {
      return page.frameLocator('[data-testid="sidebar-frame"]');
    },
    byTestId: (testId) => page.locator(`[data-testid="${testId}"]`),
    inSidebar: (testId) => opened.sidebar.locator(`[data-testid="${testId}"]`),
    cell: (a1) => page.locator(`[data-cell="${a1}"]`),
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `playground-${name}-`));
    [playground, browser] = await Promise.all([startPlayground(join(dir, 'state.json'), args), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'UTC' });
    page.setDefaultTimeout(10_000);
    await page.goto(playground.url);
  });

  afterAll(async () => {
    await browser?.close();
    if (playground?.child.exitCode === null) await playground.stop('SIGINT');
    rmSync(dir, { recursive: true, force: true });
  });

  return opened;
}
