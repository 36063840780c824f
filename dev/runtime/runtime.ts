import { Script } from 'node:vm';
import type { Transport } from '../transport';
import { parseA1 } from './a1';
import { CacheStores, type CachesState } from './cache';
import { createClock, type Clock, type ClockMode } from './clock';
import { ExecutionTimeoutError, toHostError } from './errors';
import { Execution, ScriptCpuMeter, type AuthModeName, type ExecutionKind } from './execution';
import { evaluateBuiltIn, resolveArguments, toCellGrid, topLevelFunctionName } from './formulas';
import { EXECUTION_TIME_LIMIT_MS, MAIL, SHEETS, URL_FETCH } from './limits';
import { lockKey, LockTable, type LockHoldState, type LockScope } from './locks';
import type { LogEntry } from './logging';
import type { SentMail } from './mail';
import { ScriptMembrane } from './membrane';
import type { Platform } from './platform';
import { PropertyStores, type PropertiesState, type PropertyStore } from './properties';
import { DailyQuota, type QuotaState } from './quota';
import { declaredFunctionNames, isVmTimeout, ScriptRealm } from './realm';
import { createServices } from './services';
import { SheetsMeter, sheetsCosts, type SheetsCallFilter, type SheetsCosts } from './sheetsCosts';
import { SpreadsheetModel, type Cell, type FormulaOutcome, type SheetModel, type SpreadsheetState } from './spreadsheetModel';
import { SpreadsheetView } from './spreadsheetView';
import { createStats, type RuntimeStats } from './stats';
import { clockTriggerEvent, TriggerRegistry, type TriggerInfo, type TriggersState } from './triggers';
import { interpretInput, type CellValue } from './values';

/** The parts of appsscript.json the runtime reads. */
export interface AppsScriptManifest {
  timeZone?: string;
  urlFetchWhitelist?: string[];
  [field: string]: unknown;
}

export interface RuntimeOptions {
  /** The project's code (dist/Code.js); may also be given later with rt.load(code). */
  code?: string;
  /** Parsed appsscript.json: its urlFetchWhitelist is enforced (prefix match), its timeZone used when none is given. */
  manifest?: AppsScriptManifest;
  /** URL prefixes allowed on top of the manifest's whitelist (the playground's loopback sandboxes). */
  allowUrls?: string[];
  transport: Transport;
  /** Simulated latency of a request whose response carries no latencyMs. Default 400. */
  roundTripMs?: number;
  /** Where the clock starts. Default 2026-06-15T09:00:00Z (virtual), now (real). */
  startTime?: number | Date;
  /** Spreadsheet and script time zone. Default the manifest's, else Europe/London. */
  timeZone?: string;
  /** The spreadsheet owner's email. Default owner@example.com. */
  owner?: string;
  /** HTML files for HtmlService.createHtmlOutputFromFile(name), by name without ".html". */
  files?: Record<string, string>;
  /** 'real' (playground): now() is wall-clock time plus an offset and sleeps really block. Default 'virtual'. */
  clockMode?: ClockMode;
  /**
   * What spreadsheet calls cost on the clock: a fixed cost per call plus a cost per cell, for reads and for writes.
   * Default DEFAULT_SHEETS_COSTS (sheetsCosts.ts); all zeros make Sheets calls free.
   */
  sheetsCosts?: Partial<SheetsCosts>;
  /** Saved with rt.toJSON(): restores sheets, properties, caches, triggers, locks, quotas and the clock. */
  state?: RuntimeState;
  /**
   * Charges the script's own CPU time on the clock, times this factor (1: as fast as this machine's Node; Apps Script's
   * V8 is slower). Default: not charged, so tests' virtual times do not depend on the machine.
   */
  scriptCpuFactor?: number;
  /** UrlFetch calls per user per day. Default 20,000 (a consumer account); 100,000 plays a Workspace one. */
  urlFetchCallsPerDay?: number;
}

export interface RunOptions {
  /** Who runs it. Default the spreadsheet owner. */
  user?: string;
  /** Default 'editor'. Custom functions and simple triggers get 30 s, the others 6 min. */
  kind?: ExecutionKind;
  /** Default CUSTOM_FUNCTION for custom functions, LIMITED for simple triggers, FULL otherwise. */
  authMode?: AuthModeName;
  /** For kind 'trigger' without arguments: the triggerUid of the event object the handler receives. */
  triggerUid?: string;
}

export interface TriggerRun {
  triggerId: string;
  handler: string;
  user: string;
  startedAt: number;
  finishedAt: number;
  /** The message of what the handler threw (or "Exceeded maximum execution time"). */
  error?: string;
}

export interface RuntimeState {
  version: 1;
  now: number;
  spreadsheet: SpreadsheetState;
  properties: PropertiesState;
  caches: CachesState;
  triggers: TriggersState;
  locks: LockHoldState[];
  quotas: { urlFetch: QuotaState; email: QuotaState };
}

const DEFAULT_START_TIME = Date.parse('2026-06-15T09:00:00Z');
const DEFAULT_TIME_ZONE = 'Europe/London';
const DEFAULT_OWNER = 'owner@example.com';
const DEFAULT_ROUND_TRIP_MS = 400;
const SPREADSHEET_ID = '1LocalRuntimeSpreadsheet000000000000000000';
const DEFAULT_AUTH_MODE: Record<ExecutionKind, AuthModeName> = {
  editor: 'FULL',
  trigger: 'FULL',
  customFunction: 'CUSTOM_FUNCTION',
  simpleTrigger: 'LIMITED',
};

interface LoadedCode {
  script: Script;
  /** Top-level function declarations: the names custom-function formulas can call. */
  functionNames: readonly string[];
}

/**
 * A local Apps Script: the project's code run in a fresh vm context per execution, with fakes of the Apps Script
 * services as its globals, all sharing one spreadsheet, property and cache stores, triggers, locks and a clock.
 */
export class Runtime {
  readonly clock: Clock;
  readonly spreadsheet: SpreadsheetView;
  private readonly platform: Platform;
  private code?: LoadedCode;
  private nextExecutionId = 1;
  private runningExecutions = 0;
  private evaluatingFormulas = false;

  constructor(options: RuntimeOptions) {
    const { state } = options;
    if (state && state.version !== 1) throw new Error(`Unsupported runtime state version ${String(state.version)}`);
    const timeZone = options.timeZone ?? options.manifest?.timeZone ?? DEFAULT_TIME_ZONE;
    const clockMode = options.clockMode ?? 'virtual';
    const startTime = options.startTime instanceof Date ? options.startTime.getTime() : options.startTime;
    const clock = createClock(clockMode, state?.now ?? startTime ?? (clockMode === 'virtual' ? DEFAULT_START_TIME : undefined));
    const whitelist = options.manifest?.urlFetchWhitelist;
    this.platform = {
      clock,
      scriptTimeZone: timeZone,
      spreadsheet: state
        ? SpreadsheetModel.fromState(state.spreadsheet)
        : SpreadsheetModel.create({ id: SPREADSHEET_ID, name: 'Untitled spreadsheet', timeZone, owner: options.owner ?? DEFAULT_OWNER }),
      properties: new PropertyStores(state?.properties),
      caches: new CacheStores(state?.caches),
      triggers: new TriggerRegistry(state?.triggers),
      locks: new LockTable(state?.locks),
      quotas: {
        urlFetch: new DailyQuota(
          options.urlFetchCallsPerDay ?? URL_FETCH.callsPerDay,
          'Service invoked too many times for one day: urlfetch.',
          state?.quotas.urlFetch,
        ),
        email: new DailyQuota(MAIL.recipientsPerDay, 'Service invoked too many times for one day: email.', state?.quotas.email),
      },
      network: {
        transport: options.transport,
        roundTripMs: options.roundTripMs ?? DEFAULT_ROUND_TRIP_MS,
        allowedUrlPrefixes: whitelist && [...whitelist, ...(options.allowUrls ?? [])],
      },
      sheets: new SheetsMeter(sheetsCosts(options.sheetsCosts)),
      scriptCpu:
        options.scriptCpuFactor === undefined
          ? undefined
          : new ScriptCpuMeter(options.scriptCpuFactor, (ms) => (this.platform.stats.scriptCpuMs += ms)),
      htmlFiles: { ...options.files },
      logs: [],
      mail: [],
      stats: createStats(),
    };
    this.clock = clock;
    this.spreadsheet = new SpreadsheetView(this.platform.spreadsheet);
    if (options.code !== undefined) this.load(options.code);
  }

  /** Compiles the project's code (once; every execution runs it in a fresh context). */
  load(code: string): void {
    this.code = { script: new Script(code, { filename: 'Code.js' }), functionNames: declaredFunctionNames(code) };
  }

  /**
   * Runs one execution: the code's top level, then the global function `name` with `args`. Returns what the function
   * returns, or throws what it throws (as a host Error), or ExecutionTimeoutError if it ran past its deadline.
   */
  run(name: string, args: readonly unknown[] = [], options: RunOptions = {}): unknown {
    const code = this.requireCode();
    const execution = this.startExecution(options);
    const realm = new ScriptRealm(() => this.clock.now());
    const membrane = new ScriptMembrane(realm, execution);
    for (const [global, service] of Object.entries(createServices(execution, this.platform)))
      realm.setGlobal(global, membrane.toScript(service));
    const handlerArgs =
      execution.kind === 'trigger' && args.length === 0 ? [clockTriggerEvent(options.triggerUid, this.clock.now())] : args;
    this.runningExecutions++;
    try {
      execution.leaveService();
      realm.runScript(code.script, execution.remainingMs());
      const entry = realm.getGlobal(name);
      if (typeof entry !== 'function') throw new Error(`Script function not found: ${name}`);
      const scriptArgs = handlerArgs.map((arg) => membrane.toScript(arg));
      const result = realm.callFunction(entry as (...args: unknown[]) => unknown, scriptArgs, execution.remainingMs());
      execution.enterService();
      execution.assertAlive();
      return membrane.fromScript(result);
    } catch (error) {
      if (isVmTimeout(error)) execution.expire();
      if (execution.wasKilled) throw new ExecutionTimeoutError();
      throw toHostError(error);
    } finally {
      this.platform.locks.releaseAll(execution);
      this.runningExecutions--;
      this.evaluatePendingFormulas();
    }
  }

  /** As a user typing into a cell: "=…" is a formula (a custom function runs at once), "5" a number, and so on. */
  setCell(sheetName: string, a1: string, input: unknown): void {
    const spreadsheet = this.platform.spreadsheet;
    const sheet = spreadsheet.requireSheet(sheetName);
    const rect = parseA1(a1, sheet.maxRows, sheet.maxColumns);
    if (!rect || rect.top !== rect.bottom || rect.left !== rect.right || rect.bottom > sheet.maxRows || rect.right > sheet.maxColumns) {
      throw new Error(`Not a cell of ${sheetName}: ${a1}`);
    }
    const numberFormat = sheet.cell(rect.top, rect.left)?.numberFormat;
    spreadsheet.write(sheet, rect.top, rect.left, [[interpretInput(input, numberFormat, spreadsheet.timeZone)]]);
    this.evaluatePendingFormulas();
  }

  /** As a user adding rows at the bottom of a sheet ("Add 1000 more rows at the bottom"). */
  insertRows(sheetName: string, count: number): void {
    const sheet = this.platform.spreadsheet.requireSheet(sheetName);
    sheet.insertRows(sheet.maxRows, count);
  }

  /** As a user deleting rows (1-based, header included in the count) from a sheet. */
  deleteRows(sheetName: string, start: number, count: number): void {
    this.platform.spreadsheet.requireSheet(sheetName).deleteRows(start, count);
  }

  /** As a user deleting a sheet from its tab's menu. */
  deleteSheet(sheetName: string): void {
    const spreadsheet = this.platform.spreadsheet;
    spreadsheet.deleteSheet(spreadsheet.requireSheet(sheetName));
  }

  /** As a user clicking "+" under the grid: a new, active sheet. Returns its name. */
  insertSheet(name?: string): string {
    return this.platform.spreadsheet.insertSheet(name).name;
  }

  /** Runs every custom-function formula again (of one sheet, or all), as Sheets does when an argument changes. */
  recalculate(sheetName?: string): void {
    const spreadsheet = this.platform.spreadsheet;
    spreadsheet.queueAllFormulas(sheetName === undefined ? undefined : spreadsheet.requireSheet(sheetName));
    this.evaluatePendingFormulas();
  }

  /** Runs each time-driven trigger whose time has come, as the user who installed it. */
  fireDueTriggers(): TriggerRun[] {
    const triggers = this.platform.triggers;
    const runs: TriggerRun[] = [];
    for (const trigger of triggers.due(this.clock.now())) {
      if (!triggers.has(trigger.id)) continue; // an earlier handler deleted it
      const startedAt = this.clock.now();
      let error: string | undefined;
      try {
        this.run(trigger.handler, [], { kind: 'trigger', user: trigger.user, triggerUid: trigger.id });
      } catch (thrown) {
        error = thrown instanceof Error ? thrown.message : String(thrown);
      }
      triggers.fired(trigger, this.clock.now());
      runs.push({
        triggerId: trigger.id,
        handler: trigger.handler,
        user: trigger.user,
        startedAt,
        finishedAt: this.clock.now(),
        ...(error !== undefined && { error }),
      });
    }
    return runs;
  }

  /** Moves the clock from one due trigger to the next and fires it, until none is due within maxVirtualMs from now. */
  runUntilIdle({ maxVirtualMs }: { maxVirtualMs: number }): TriggerRun[] {
    const until = this.clock.now() + maxVirtualMs;
    const runs: TriggerRun[] = [];
    for (let next = this.platform.triggers.nextDueAt(); next !== undefined && next <= until; next = this.platform.triggers.nextDueAt()) {
      if (next > this.clock.now()) this.clock.advance(next - this.clock.now());
      runs.push(...this.fireDueTriggers());
    }
    return runs;
  }

  /** Simulates another execution holding a lock until virtual time `untilMs` ('user' locks: of `user`, default the owner). */
  holdLock(scope: LockScope, untilMs: number, user: string = this.platform.spreadsheet.owner): void {
    this.platform.locks.holdElsewhere(lockKey(scope, user), untilMs);
  }

  /**
   * Kills an execution at the nth spreadsheet call that reads or writes cells from now on (counting across
   * executions, only calls `filter` accepts), before that call takes effect, with the same exception as the
   * 6-minute deadline: rt.run throws ExecutionTimeoutError. One-shot; rt.stats.sheets.calls counts the calls.
   */
  killAtSheetsCall(n: number, filter?: SheetsCallFilter): void {
    this.platform.sheets.killAt(n, filter);
  }

  /** Disarms a kill switch that has not fired. */
  cancelSheetsKill(): void {
    this.platform.sheets.disarm();
  }

  get sheetsCosts(): Readonly<SheetsCosts> {
    return this.platform.sheets.costs;
  }

  /**
   * Makes LockService.getDocumentLock() return null from now on, as Google documents it may ("null if called from a
   * standalone script"): what an execution without a containing document gets.
   */
  withholdDocumentLock(): void {
    this.platform.locks.documentLockWithheld = true;
  }

  get stats(): RuntimeStats {
    return this.platform.stats;
  }

  resetStats(): void {
    this.platform.stats = createStats();
  }

  /** A user's property store, live: writing to it from a test bypasses the platform's limits. */
  userProperties(user: string): PropertyStore {
    return this.platform.properties.user(user);
  }

  get documentProperties(): PropertyStore {
    return this.platform.properties.document;
  }

  get scriptProperties(): PropertyStore {
    return this.platform.properties.script;
  }

  get triggers(): TriggerInfo[] {
    return this.platform.triggers.info();
  }

  get mail(): readonly SentMail[] {
    return this.platform.mail;
  }

  get logs(): readonly LogEntry[] {
    return this.platform.logs;
  }

  /** All persistent state, JSON-ready; createRuntime({ ..., state }) restores it. */
  toJSON(): RuntimeState {
    const now = this.clock.now();
    const { spreadsheet, properties, caches, triggers, locks, quotas } = this.platform;
    return {
      version: 1,
      now,
      spreadsheet: spreadsheet.toState(),
      properties: properties.toState(),
      caches: caches.toState(now),
      triggers: triggers.toState(),
      locks: locks.toState(now),
      quotas: { urlFetch: quotas.urlFetch.toState(), email: quotas.email.toState() },
    };
  }

  private requireCode(): LoadedCode {
    if (!this.code) throw new Error('No code loaded: pass `code` to createRuntime or call rt.load(code) first.');
    return this.code;
  }

  private startExecution(options: RunOptions): Execution {
    const kind = options.kind ?? 'editor';
    const owner = this.platform.spreadsheet.owner;
    const user = options.user ?? owner;
    this.platform.stats.executions++;
    return new Execution({
      id: this.nextExecutionId++,
      kind,
      user,
      storageUser: kind === 'customFunction' ? owner : user,
      authMode: options.authMode ?? DEFAULT_AUTH_MODE[kind],
      deadline: this.clock.now() + EXECUTION_TIME_LIMIT_MS[kind],
      clock: this.platform.clock,
      scriptCpu: this.platform.scriptCpu,
    });
  }

  /**
   * Custom functions run once nothing else is running: after the execution that wrote their formula or changed an
   * argument (Sheets recalculates after the script's changes land), or at once after rt.setCell.
   */
  private evaluatePendingFormulas(): void {
    if (this.runningExecutions > 0 || this.evaluatingFormulas) return;
    this.evaluatingFormulas = true;
    try {
      const pending = this.platform.spreadsheet.pendingEvaluations;
      for (const [cell, sheet] of pending) {
        pending.delete(cell);
        this.evaluateFormula(sheet, cell);
      }
    } finally {
      this.evaluatingFormulas = false;
      this.propagations.clear();
    }
  }

  private evaluateFormula(sheet: SheetModel, cell: Cell): void {
    const spreadsheet = this.platform.spreadsheet;
    if (cell.formula === undefined || !sheet.formulaCells.has(cell)) return; // overwritten or deleted since
    const functionName = this.customFunctionNamed(topLevelFunctionName(cell.formula));
    if (functionName === undefined) {
      const before = cell.shownValue;
      spreadsheet.applyEvaluation(sheet, cell, evaluateBuiltIn(cell.formula, { spreadsheet, sheet, now: this.clock.now() }));
      if (!sameValue(before, cell.shownValue)) this.queueReadersOf(sheet, cell);
      return;
    }
    const resolution = resolveArguments(cell.formula, { spreadsheet, sheet, now: this.clock.now() });
    const outcome = 'error' in resolution ? { error: resolution.error } : this.runCustomFunction(functionName, resolution.args);
    spreadsheet.applyEvaluation(sheet, cell, { outcome, dependencies: resolution.dependencies });
  }

  /** How often each built-in formula's change was passed on in this round of evaluation. */
  private readonly propagations = new Map<Cell, number>();

  /** A built-in formula's new value reaches the formulas that read its cell (=E5*0.2 after E5 = SUM(…) changed). */
  private queueReadersOf(sheet: SheetModel, changed: Cell): void {
    const position = sheet.formulaCells.get(changed);
    // Formulas that read each other (A1 = B1+1, B1 = A1+1) would change each other forever: stop passing it on.
    const times = (this.propagations.get(changed) ?? 0) + 1;
    this.propagations.set(changed, times);
    if (!position || times > MAX_PROPAGATIONS) return;
    const spreadsheet = this.platform.spreadsheet;
    for (const each of spreadsheet.sheets) {
      for (const cell of each.formulaCells.keys()) {
        const reads = cell.evaluation?.dependencies.some(
          ({ sheetId, rect }) =>
            sheetId === sheet.id &&
            rect.top <= position.row &&
            position.row <= rect.bottom &&
            rect.left <= position.column &&
            position.column <= rect.right,
        );
        if (reads && cell !== changed) spreadsheet.pendingEvaluations.set(cell, each);
      }
    }
  }

  /** Formula names are case-insensitive; functions whose name ends in "_" are private to the script. */
  private customFunctionNamed(name: string | undefined): string | undefined {
    if (name === undefined) return undefined;
    return this.code?.functionNames.find((declared) => !declared.endsWith('_') && declared.toUpperCase() === name.toUpperCase());
  }

  private runCustomFunction(name: string, args: unknown[]): FormulaOutcome {
    try {
      const values = toCellGrid(this.run(name, args, { kind: 'customFunction' }));
      const tooLong = values.some((row) => row.some((value) => typeof value === 'string' && value.length > SHEETS.maxCellChars));
      if (tooLong)
        return {
          error: {
            code: '#VALUE!',
            message: `Text result of ${name.toUpperCase()} is longer than the limit of ${SHEETS.maxCellChars} characters.`,
          },
        };
      return { values };
    } catch (error) {
      return { error: { code: '#ERROR!', message: error instanceof Error ? error.message : String(error) } };
    }
  }
}

export function createRuntime(options: RuntimeOptions): Runtime {
  return new Runtime(options);
}

/** More changes of one cell in a round than any chain of real formulas makes: formulas that read each other. */
const MAX_PROPAGATIONS = 100;

function sameValue(a: CellValue, b: CellValue): boolean {
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
}
