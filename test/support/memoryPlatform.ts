/**
 * A whole SpreadsheetPlatform in memory, for unit tests of src/features without the bundle or the local runtime: the
 * core's platform over the provider simulators on a virtual clock (simulatedPlatform.ts), a workbook of MemorySheets,
 * each user's time triggers, the document lock, and the mail sent. Several people can share the one document (`as`),
 * each with their own user store and triggers, as editors of one spreadsheet do.
 *
 * An execution can be killed at a chosen sheet call, as Google kills one at its deadline: from that call on every
 * service call of the execution throws, so nothing it does afterwards (its catch blocks included) lands. The local
 * runtime (dev/runtime) is the faithful model of the platform; this is the small, fast one.
 */
import {
  AURA_DEMO_API_KEY,
  createSimulators,
  KOTESHEN_DEMO_ACCESS_TOKEN,
  UQUALIFY_DEMO_API_KEY,
  type ProviderName,
  type Simulators,
  type SimulatorsOptions,
} from '../../dev/simulators';
import { saveCredentials } from '../../src/features/connectionsApi';
import type {
  Cache,
  ChartPlacement,
  FormulaCell,
  KeyValueStore,
  Locks,
  Scheduler,
  SheetGrid,
  SpreadsheetPlatform,
  TimeTrigger,
  Workbook,
} from '../../src/platform/types';
import { MemorySheet } from './memorySheet';
import { memoryStore, simulatedPlatform } from './simulatedPlatform';

/** What Google throws at a killed execution (dev/runtime/errors.ts has the same words). */
export const KILLED_MESSAGE = 'Exceeded maximum execution time';

export const DEMO_API_KEYS: Record<ProviderName, string> = {
  aura: AURA_DEMO_API_KEY,
  koteshen: KOTESHEN_DEMO_ACCESS_TOKEN,
  uqualify: UQUALIFY_DEMO_API_KEY,
};

export const DEFAULT_USER = 'ada@example.com';
export const DEFAULT_START = Date.parse('2026-06-15T09:00:00Z');

/** Which sheet call a kill lands on. */
export type SheetCallFilter = (sheetName: string, method: string) => boolean;

/** The running execution: alive until a kill, and dead for every later call until the next execution starts. */
class Execution {
  private dead = false;
  private killAt: SheetCallFilter | null = null;

  arm(filter: SheetCallFilter): void {
    this.killAt = filter;
  }

  /** Every service call passes here; a sheet call names its sheet and method, so an armed kill can pick it. */
  check(sheetName?: string, method?: string): void {
    if (!this.dead && this.killAt && sheetName !== undefined && method !== undefined && this.killAt(sheetName, method)) {
      this.killAt = null;
      this.dead = true;
    }
    if (this.dead) throw new Error(KILLED_MESSAGE);
  }

  restart(): void {
    this.dead = false;
  }
}

function guardedStore(store: KeyValueStore, execution: Execution): KeyValueStore {
  return {
    get: (key) => (execution.check(), store.get(key)),
    set: (key, value) => (execution.check(), store.set(key, value)),
    remove: (key) => (execution.check(), store.remove(key)),
    keys: () => (execution.check(), store.keys()),
  };
}

function guardedCache(cache: Cache, execution: Execution): Cache {
  return {
    getAll: (keys) => (execution.check(), cache.getAll(keys)),
    putAll: (entries, ttl) => (execution.check(), cache.putAll(entries, ttl)),
    removeAll: (keys) => (execution.check(), cache.removeAll(keys)),
  };
}

/** The spreadsheet's sheets, by name in any case as Sheets finds them, with what the add-on showed and drew. */
export class MemoryWorkbook implements Workbook {
  private readonly sheets = new Map<string, MemorySheet>();
  readonly hidden = new Set<string>();
  readonly toasts: string[] = [];
  readonly charts = new Map<string, ChartPlacement[]>();

  constructor(private readonly execution: Execution) {}

  /** Puts a sheet a test prepared (MemorySheet.of) into the spreadsheet, as a user would have made it. */
  add(sheet: MemorySheet, options: { hidden?: boolean } = {}): MemorySheet {
    if (this.sheets.has(sheet.name().toLowerCase()))
      throw new Error(`A sheet with the name "${sheet.name()}" already exists. Please enter another name.`);
    sheet.onCall = (method) => this.execution.check(sheet.name(), method);
    this.sheets.set(sheet.name().toLowerCase(), sheet);
    if (options.hidden) this.hidden.add(sheet.name());
    return sheet;
  }

  names(): string[] {
    return [...this.sheets.values()].map((sheet) => sheet.name());
  }

  sheet(name: string): MemorySheet | null {
    this.execution.check();
    return this.sheets.get(name.toLowerCase()) ?? null;
  }

  createSheet(name: string, options: { hidden?: boolean } = {}): MemorySheet {
    this.execution.check();
    return this.add(new MemorySheet(name), options);
  }

  /** A sheet in memory has no grid beyond what it holds: what its cells reach. */
  cellCount(): number {
    return [...this.sheets.values()].reduce((cells, sheet) => cells + sheet.cells.reduce((sum, row) => sum + row.length, 0), 0);
  }

  gridOf(name: string): SheetGrid | null {
    const sheet = this.sheets.get(name.toLowerCase());
    if (!sheet) return null;
    const columns = sheet.cells.reduce((widest, row) => Math.max(widest, row.length), 0);
    return { rows: sheet.cells.length, columns, lastColumn: columns };
  }

  deleteSheet(name: string): void {
    this.execution.check();
    const sheet = this.sheets.get(name.toLowerCase());
    if (!sheet) return;
    this.sheets.delete(name.toLowerCase());
    this.hidden.delete(sheet.name());
    this.charts.delete(sheet.name());
  }

  formulasCalling(functionName: string): FormulaCell[] {
    this.execution.check();
    const calls = new RegExp(`\\b${functionName}\\s*\\(`, 'i');
    return [...this.sheets.values()].flatMap((sheet) =>
      sheet.cells.flatMap((row, r) =>
        row.flatMap((cell, c) =>
          cell.formula && calls.test(cell.formula) ? [{ sheetName: sheet.name(), row: r + 1, column: c + 1, formula: cell.formula }] : [],
        ),
      ),
    );
  }

  formulaAt(cell: FormulaCell): string | null {
    const sheet = this.sheet(cell.sheetName);
    return sheet ? (sheet.readFormulas(cell.row, cell.column, 1)[cell.row - 1][0] ?? '') : null;
  }

  rewriteFormula(cell: FormulaCell): void {
    this.writeFormula(cell);
  }

  writeFormula(cell: FormulaCell): void {
    this.sheet(cell.sheetName)?.writeValues(cell.row, cell.column, [[cell.formula]]);
  }

  toast(message: string): void {
    this.execution.check();
    this.toasts.push(message);
  }

  placeChart(sheetName: string, chart: ChartPlacement): void {
    this.execution.check();
    const charts = (this.charts.get(sheetName) ?? []).filter((placed) => placed.title !== chart.title);
    this.charts.set(sheetName, [...charts, chart]);
  }
}

export interface ArmedTrigger extends TimeTrigger {
  user: string;
  /** How it was made: every n hours, daily at an hour, or once after a delay. */
  schedule: { everyHours: number } | { dailyAt: number; timeZone: string } | { afterMs: number };
}

const ONE_TRIGGER = 'This add-on has created too many time-based triggers in this document for this Google user account.';
const ALLOWED_HOURS = [1, 2, 4, 6, 8, 12];

/** The document's time triggers, each its user's; an editor add-on may hold one per user, at most hourly. */
class MemoryTriggers {
  readonly armed: ArmedTrigger[] = [];
  private nextId = 1;

  schedulerFor(user: string, execution: Execution): Scheduler {
    const arm = (handler: string, schedule: ArmedTrigger['schedule']) => {
      execution.check();
      if (this.armed.some((trigger) => trigger.user === user)) throw new Error(ONE_TRIGGER);
      this.armed.push({ id: `trigger-${this.nextId++}`, handler, user, schedule });
    };
    return {
      timeTriggers: () => (
        execution.check(), this.armed.filter((trigger) => trigger.user === user).map(({ id, handler }) => ({ id, handler }))
      ),
      deleteTrigger: (id) => {
        execution.check();
        const at = this.armed.findIndex((trigger) => trigger.id === id && trigger.user === user);
        if (at >= 0) this.armed.splice(at, 1);
      },
      everyHours: (handler, hours) => {
        if (!ALLOWED_HOURS.includes(hours)) throw new Error(`everyHours(${hours}): the hours must be one of ${ALLOWED_HOURS.join(', ')}.`);
        arm(handler, { everyHours: hours });
      },
      dailyAt: (handler, hour, timeZone) => arm(handler, { dailyAt: hour, timeZone }),
      after: (handler, ms) => arm(handler, { afterMs: ms }),
    };
  }
}

export interface SentMail {
  from: string;
  to: string;
  subject: string;
  body: string;
}

export interface MemoryDocument {
  /** The default user's platform. */
  platform: SpreadsheetPlatform;
  /** Another editor of the same spreadsheet: the same document, sheets and clock; their own store, triggers and mail. */
  as(user: string): SpreadsheetPlatform;
  sims: Simulators;
  workbook: MemoryWorkbook;
  triggers: ArmedTrigger[];
  mail: SentMail[];
  /** Holds the document lock, as another run would, while `work` runs. */
  holdingLock<T>(work: () => T): T;
  /** Kills the running execution at the first sheet call that `filter` picks (one-shot). */
  killAtSheetCall(filter: SheetCallFilter): void;
  /** A new execution after a kill: service calls work again. */
  newExecution(): void;
  /** Saves a provider's demo credentials for the user (the default one unless named), as the sidebar does. */
  connect(provider: ProviderName, user?: string): void;
  now(): number;
  advance(ms: number): void;
}

export interface MemoryDocumentOptions {
  simulators?: SimulatorsOptions;
  start?: number;
  timeZone?: string;
}

export function memoryDocument(options: MemoryDocumentOptions = {}): MemoryDocument {
  const start = options.start ?? DEFAULT_START;
  // The simulators read the platform's clock, which exists only once they do: until then it stands at the start.
  let clockNow = () => start;
  const sims = createSimulators({ payments: 20, ...options.simulators, now: () => clockNow() });
  const base = simulatedPlatform(sims.transport, start).platform;
  clockNow = () => base.clock.now();
  const execution = new Execution();
  const workbook = new MemoryWorkbook(execution);
  const triggers = new MemoryTriggers();
  const mail: SentMail[] = [];
  const documentStore = guardedStore(base.documentStore, execution);
  const documentCache = guardedCache(base.documentCache, execution);
  let lockHolder: string | null = null;
  const users = new Map<string, SpreadsheetPlatform>();

  const locksFor = (user: string): Locks => ({
    withDocumentLock(waitMs, work) {
      execution.check();
      if (lockHolder !== null) {
        base.clock.sleep(waitMs);
        return { acquired: false };
      }
      lockHolder = user;
      try {
        return { acquired: true, result: work() };
      } finally {
        lockHolder = null;
      }
    },
  });

  const as = (user: string): SpreadsheetPlatform => {
    let platform = users.get(user);
    if (!platform) {
      platform = {
        ...base,
        documentStore,
        documentCache,
        userStore: guardedStore(memoryStore(), execution),
        timeZone: () => options.timeZone ?? base.timeZone(),
        workbook,
        scheduler: triggers.schedulerFor(user, execution),
        locks: locksFor(user),
        userEmail: () => user,
        sendMail: (to, subject, body) => (execution.check(), void mail.push({ from: user, to, subject, body })),
      };
      users.set(user, platform);
    }
    return platform;
  };

  return {
    platform: as(DEFAULT_USER),
    as,
    sims,
    workbook,
    triggers: triggers.armed,
    mail,
    holdingLock(work) {
      lockHolder = 'someone-else@example.com';
      try {
        return work();
      } finally {
        lockHolder = null;
      }
    },
    killAtSheetCall: (filter) => execution.arm(filter),
    newExecution: () => execution.restart(),
    connect: (provider, user = DEFAULT_USER) => void saveCredentials(as(user), provider, { apiKey: DEMO_API_KEYS[provider] }),
    now: () => base.clock.now(),
    advance: (ms) => base.clock.sleep(ms),
  };
}
