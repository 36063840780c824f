/**
 * The real sidebar (dist/Sidebar.html) at 300 px in Chromium, bridged to a local runtime running the built add-on,
 * for a test file: its hooks start and stop everything, load the page (before each test, or once for a file whose
 * tests tell one story), and record every server function the page calls.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import type { LocalAddOn } from '../../dev/addOn';
import { bridgeRoutes } from '../../dev/playground/bridge';
import { type Listening, listen } from '../../dev/playground/http';
import { SCRIPT_RUN_PATH, SIDEBAR_PATH } from '../../dev/playground/protocol';
import type { SidebarState } from '../../sidebar/server';
import { launchChromium } from './chromium';

export interface ServerCall {
  name: string;
  args: unknown[];
}

export interface BridgedSidebar {
  readonly addOn: LocalAddOn;
  readonly page: Page;
  /** Every server function the page called since this test's page load, in order. */
  readonly calls: ServerCall[];
  byTestId(testId: string): Locator;
  state(): SidebarState;
  callsOf(name: string): ServerCall[];
}

/** The page's locale and time zone, for a test that formats what it expects the page to show. */
export const BRIDGED_LOCALE = { locale: 'en-US', timeZone: 'UTC' };

export interface BridgedSidebarOptions {
  /** The page's height in px (900 unless a file's screenshots want another). */
  height?: number;
  /**
   * 'each' (the default): the page is loaded afresh before each test, with a sync saved. 'once': one load for the
   * file, whose tests tell one story from a first-time user's page on.
   */
  pageLoads?: 'each' | 'once';
}

/** Registers the file's hooks; `load` makes the add-on (connected as the tests need) once for the file. */
export function bridgedSidebar(load: () => LocalAddOn, { height = 900, pageLoads = 'each' }: BridgedSidebarOptions = {}): BridgedSidebar {
  let addOn: LocalAddOn;
  let server: Listening;
  let browser: Browser;
  let page: Page;
  let calls: ServerCall[] = [];
  const sidebar: BridgedSidebar = {
    get addOn() {
      return addOn;
    },
    get page() {
      return page;
    },
    get calls() {
      return calls;
    },
    byTestId: (testId) => page.locator(`[data-testid="${testId}"]`),
    state: () => addOn.rt.run('getSidebarState') as SidebarState,
    callsOf: (name) => calls.filter((call) => call.name === name),
  };

  beforeAll(async () => {
    addOn = load();
    addOn.rt.run('openSidebar');
    [server, browser] = await Promise.all([bridgeRoutes({ rt: addOn.rt }).then((routes) => listen([routes])), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 300, height }, locale: BRIDGED_LOCALE.locale, timezoneId: BRIDGED_LOCALE.timeZone });
    page.setDefaultTimeout(10_000);
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(SCRIPT_RUN_PATH)) calls.push(JSON.parse(request.postData()!));
    });
    if (pageLoads === 'once') await page.goto(`${server.url}${SIDEBAR_PATH}`);
  });

  if (pageLoads === 'each') {
    beforeEach(async () => {
      await page.goto(`${server.url}${SIDEBAR_PATH}`);
      await sidebar.byTestId('sync-now').waitFor();
      calls = [];
    });
  }

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  return sidebar;
}
