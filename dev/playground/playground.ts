/**
 * The playground: the built add-on in the local runtime on a real clock, reaching the sandboxes over real HTTP, behind
 * a web page with a spreadsheet grid and the add-on's own sidebar. See server.ts for the command line.
 */
import { DEMO_CREDENTIALS, KOTESHEN_DEMO_CLIENT, readBuiltAddOn, type BuiltAddOn, type ProviderName } from '../addOn';
import { createRuntime, type Runtime, type TriggerRun } from '../runtime';
import { bridgeRoutes } from './bridge';
import { GridReader } from './gridReader';
import { listen, type Listening } from './http';
import { pageRoutes } from './pageRoutes';
import type { EditAnswer, GridWindow, PlaygroundStatus, SandboxInfo, SheetSummary } from './protocol';
import { ARRIVAL_INTERVAL_MS, startSandboxes, type Sandboxes } from './sandboxes';
import { AURA_ORIGIN, KOTESHEN_ORIGIN, UQUALIFY_ORIGIN } from '../simulators';
import { createHttpTransport, routeOrigins } from './httpTransport';
import { readState, writeState, type PlaygroundState } from './stateFile';

/** The clock runs this many times faster than the wall clock: an hourly auto refresh comes about once a minute. */
export const DEFAULT_CLOCK_SPEED = 60;
/** How often the clock jumps ahead (by TICK_MS × (speed − 1): it runs at wall-clock speed meanwhile) and due triggers fire. */
const TICK_MS = 1_000;
/** Changes are written to the state file at most this often (and at exit): a big spreadsheet takes a moment to save. */
const SAVE_DELAY_MS = 1_000;
/** How many scheduled runs the log keeps. */
const KEPT_TRIGGER_RUNS = 50;
/** How many recent toasts the status carries. */
const SHOWN_TOASTS = 10;
/** Sheets shows the add-on's menu under its name. */
const ADD_ON_NAME = 'Payments Sync';

export interface PlaygroundOptions {
  /** Port of the page; 0 for any free one. */
  port: number;
  /** Where the state is kept between runs. */
  statePath: string;
  /** Start clean, ignoring (and then overwriting) the saved state. */
  reset: boolean;
  /** How many times faster than the wall clock the runtime's clock runs. */
  clockSpeed: number;
}

export interface Playground {
  url: string;
  sandboxes: SandboxInfo[];
  /** Stops the clock, the page's server and the sandboxes, then saves the state. */
  close(): Promise<void>;
}

/** The providers' real addresses, which the playground sends to the sandboxes instead. */
const REAL_ORIGINS: Readonly<Record<ProviderName, string>> = { aura: AURA_ORIGIN, koteshen: KOTESHEN_ORIGIN, uqualify: UQUALIFY_ORIGIN };

/** Each provider's real origin → its sandbox's. */
function sandboxRoutes(origins: Record<ProviderName, string>): Record<string, string> {
  return Object.fromEntries((Object.keys(REAL_ORIGINS) as ProviderName[]).map((provider) => [REAL_ORIGINS[provider], origins[provider]]));
}

/** What the page shows of each sandbox: where it is and the credentials it accepts. */
function describeSandboxes(origins: Record<ProviderName, string>): SandboxInfo[] {
  const info = (provider: ProviderName, label: string, credentials: SandboxInfo['credentials']): SandboxInfo => ({
    provider,
    label,
    baseUrl: origins[provider],
    credentials,
  });
  return [
    info('aura', 'Aura', [{ label: 'API key', value: DEMO_CREDENTIALS.aura.apiKey! }]),
    info('koteshen', 'Koteshen', [
      { label: 'Access token', value: DEMO_CREDENTIALS.koteshen.apiKey! },
      { label: 'or Client id', value: KOTESHEN_DEMO_CLIENT.clientId },
      { label: '+ secret', value: KOTESHEN_DEMO_CLIENT.clientSecret },
    ]),
    info('uqualify', 'Uqualify', [{ label: 'API key', value: DEMO_CREDENTIALS.uqualify.apiKey! }]),
  ];
}

/** Writes the state a moment after a change, never two writes at once, and everything pending on flush(). */
class StateSaver {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly snapshot: () => PlaygroundState,
  ) {}

  changed(): void {
    this.timer ??= setTimeout(() => void this.save(), SAVE_DELAY_MS);
  }

  flush(): Promise<void> {
    return this.save();
  }

  private save(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const state = this.snapshot();
    this.writing = this.writing.then(() =>
      writeState(this.path, state).catch((error: Error) => {
        process.stderr.write(`Could not save the playground's state: ${error.message}\n`);
      }),
    );
    return this.writing;
  }
}

interface SessionOptions {
  rt: Runtime;
  sandboxes: SandboxInfo[];
  clockSpeed: number;
  /** The log of scheduled runs, kept up to date in place. */
  triggerRuns: TriggerRun[];
  saver: { changed(): void };
  /** After the clock jumps ahead, before the triggers that came due run (the sandboxes follow the clock). */
  onClockMoved: () => void;
}

/** The add-on's side of the page: what it shows and what the user does there. */
export class PlaygroundSession {
  readonly rt: Runtime;
  /** Counts changes; from the start time, so a page still open across a restart cannot mistake old cells for new. */
  private revision = Date.now();
  private sidebarShown = 0;
  private lastSidebar: unknown;
  private readonly grid: GridReader;
  private readonly listeners = new Set<(status: PlaygroundStatus) => void>();
  private statusPending = false;

  constructor(private readonly options: SessionOptions) {
    this.rt = options.rt;
    this.grid = new GridReader(options.rt);
  }

  /** Something the add-on or the user did may have changed cells, sheets, the menu, toasts or the sidebar. */
  changed(): void {
    this.revision++;
    if (this.rt.spreadsheet.sidebar !== this.lastSidebar) {
      this.lastSidebar = this.rt.spreadsheet.sidebar;
      this.sidebarShown++;
    }
    this.options.saver.changed();
    this.announce();
  }

  /** Tells every open page the new status, once per turn of the event loop however many changes it had. */
  announce(): void {
    if (this.statusPending) return;
    this.statusPending = true;
    setImmediate(() => {
      this.statusPending = false;
      if (this.listeners.size === 0) return;
      const status = this.status();
      for (const listener of this.listeners) listener(status);
    });
  }

  subscribe(listener: (status: PlaygroundStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): PlaygroundStatus {
    const view = this.rt.spreadsheet;
    const sheets: SheetSummary[] = view
      .sheetNames()
      .map((name) => view.sheet(name))
      .filter((sheet) => !sheet.hidden)
      .map(({ name, maxRows, maxColumns, lastRow, lastColumn, frozenRows }) => ({
        name,
        maxRows,
        maxColumns,
        lastRow,
        lastColumn,
        frozenRows,
      }));
    const toasts = view.toasts.map((toast, seq) => ({ seq, ...toast })).slice(-SHOWN_TOASTS);
    return {
      revision: this.revision,
      timeZone: view.timeZone,
      sheets,
      menu: view.menu ? { title: view.menu.addon ? ADD_ON_NAME : view.menu.title, items: view.menu.items } : null,
      sidebar: view.sidebar ? { title: view.sidebar.title, shown: this.sidebarShown } : null,
      toasts,
      clock: { now: this.rt.clock.now(), speed: this.options.clockSpeed },
      triggers: this.rt.triggers,
      triggerRuns: this.options.triggerRuns,
      sandboxes: this.options.sandboxes,
      sandboxArrivalMs: ARRIVAL_INTERVAL_MS,
    };
  }

  gridWindow(sheet: string, top: number, bottom: number): GridWindow {
    return this.grid.window(sheet, top, bottom, this.revision);
  }

  /** As a user typing into a cell: a formula runs at once. */
  setCell(sheet: string, a1: string, input: string): EditAnswer {
    return this.edit(() => this.rt.setCell(sheet, a1, input));
  }

  addRows(sheet: string, count: number): EditAnswer {
    return this.edit(() => this.rt.insertRows(sheet, count));
  }

  addSheet(): EditAnswer {
    return this.edit(() => void this.rt.insertSheet());
  }

  /** Moves the clock on by the speed-up of `elapsedMs` and runs the triggers that came due, as Apps Script's scheduler would. */
  tick(elapsedMs: number): void {
    this.rt.clock.advance(elapsedMs * (this.options.clockSpeed - 1));
    this.options.onClockMoved();
    const runs = this.rt.fireDueTriggers();
    if (runs.length > 0) {
      const log = this.options.triggerRuns;
      log.push(...runs);
      log.splice(0, log.length - KEPT_TRIGGER_RUNS);
      this.changed();
    } else {
      this.announce(); // the clock moved
    }
  }

  private edit(action: () => unknown): EditAnswer {
    try {
      action();
      return { ok: true };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    } finally {
      this.changed();
    }
  }
}

/** dist/, which npm start builds first. */
function builtAddOn(): BuiltAddOn {
  try {
    return readBuiltAddOn();
  } catch (error) {
    throw new Error(`The built add-on is missing; run \`npm run build\` first (npm start does). ${(error as Error).message}`);
  }
}

export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const built = builtAddOn();
  const saved = options.reset ? null : readState(options.statePath);
  const startTime = saved?.runtime.now ?? Date.now();
  const sandboxEpoch = saved?.sandboxEpoch ?? startTime;
  const sandboxes: Sandboxes = await startSandboxes({
    epoch: sandboxEpoch,
    clockOffset: startTime - Date.now(),
    ports: saved?.sandboxPorts,
  });

  const rt = createRuntime({
    code: built.code,
    manifest: built.manifest,
    files: { Sidebar: built.sidebarHtml },
    // A connection saved without a base URL reaches its sandbox: nothing to paste but the sandbox's key.
    transport: routeOrigins(createHttpTransport(), sandboxRoutes(sandboxes.origins)),
    clockMode: 'real',
    // The manifest whitelists the real providers; a sandbox's own address (as a self-hosted base URL) is plain http
    // on loopback, allowed here.
    allowUrls: Object.values(sandboxes.origins).map((origin) => `${origin}/`),
    ...(saved ? { state: saved.runtime } : { startTime }),
  });
  const syncSandboxClock = () => sandboxes.setClockOffset(rt.clock.now() - Date.now());
  syncSandboxClock();

  const triggerRuns = saved?.triggerRuns ?? [];
  const saver = new StateSaver(options.statePath, () => ({
    version: 1,
    runtime: rt.toJSON(),
    sandboxEpoch,
    sandboxPorts: sandboxes.ports,
    triggerRuns,
  }));
  const sandboxDetails = describeSandboxes(sandboxes.origins);
  const session = new PlaygroundSession({
    rt,
    sandboxes: sandboxDetails,
    clockSpeed: options.clockSpeed,
    triggerRuns,
    saver,
    onClockMoved: syncSandboxClock,
  });

  // Opening the spreadsheet: Sheets runs onOpen (the menu), and the user opens the sidebar from it.
  rt.run('onOpen', [], { kind: 'simpleTrigger' });
  rt.run('openSidebar');
  session.changed();

  let web: Listening;
  try {
    web = await listen([await bridgeRoutes({ rt, afterRun: () => session.changed() }), await pageRoutes(session)], { port: options.port });
  } catch (error) {
    await sandboxes.close();
    throw error;
  }

  const ticker = setInterval(() => session.tick(TICK_MS), TICK_MS);

  return {
    url: web.url,
    sandboxes: sandboxDetails,
    async close() {
      clearInterval(ticker);
      await web.close();
      await sandboxes.close();
      await saver.flush();
    },
  };
}
