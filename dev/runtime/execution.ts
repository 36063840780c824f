import type { RuntimeClock } from './clock';
import { ScriptException, TIMEOUT_MESSAGE } from './errors';

export type ExecutionKind = 'editor' | 'trigger' | 'customFunction' | 'simpleTrigger';
export type AuthModeName = 'NONE' | 'LIMITED' | 'FULL' | 'CUSTOM_FUNCTION';

/** Where the platform refuses a service call. */
export interface AccessRule {
  /** AuthMode.NONE: onOpen in a document where the add-on is installed but not yet used. */
  readonly denyWithoutAuthorization?: boolean;
  /** Custom functions: the spreadsheet is read-only; no UI, triggers, locks or mail. */
  readonly denyInCustomFunction?: boolean;
  /** Simple triggers cannot use services that need the user's authorization. */
  readonly denyInSimpleTrigger?: boolean;
  readonly denyInTimeDrivenTrigger?: boolean;
  /** The platform's message when it is not the generic "You do not have permission to call …". */
  readonly deniedMessage?: string;
}

export const ACCESS = {
  /** Utilities, Session, Logger, menus: everywhere. */
  open: {},
  /** Properties, Cache, reading the spreadsheet. */
  authorized: { denyWithoutAuthorization: true },
  /** Changing the spreadsheet, LockService. */
  editing: { denyWithoutAuthorization: true, denyInCustomFunction: true },
  /** UrlFetchApp: needs the external-request scope, which custom functions have but simple triggers do not. */
  network: { denyWithoutAuthorization: true, denyInSimpleTrigger: true },
  /** ScriptApp triggers, MailApp: a scope of their own, never from a custom function. */
  privileged: { denyWithoutAuthorization: true, denyInCustomFunction: true, denyInSimpleTrigger: true },
  /** HtmlService. */
  notInCustomFunction: { denyInCustomFunction: true },
  /** SpreadsheetApp.getUi: only where a user is looking at the document. */
  userInterface: {
    denyInCustomFunction: true,
    denyInTimeDrivenTrigger: true,
    deniedMessage: 'Cannot call SpreadsheetApp.getUi() from this context.',
  },
} as const satisfies Record<string, AccessRule>;

export interface ExecutionSettings {
  id: number;
  kind: ExecutionKind;
  user: string;
  /** Whose user-scoped stores apply: a custom function sees the spreadsheet owner's (dev/runtime/README.md, Custom functions). */
  storageUser: string;
  authMode: AuthModeName;
  deadline: number;
  clock: RuntimeClock;
  /** Charges the script's own CPU time on the clock, times this factor (see ScriptCpuMeter); absent: CPU is free. */
  scriptCpu?: ScriptCpuMeter;
}

/** The process's CPU time so far, in ms: between two service calls only the script runs on this thread. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * The script's CPU time, charged on the execution's clock at each service call, so that the 6-minute deadline and
 * "elapsed" count the add-on's own work as well as the network and Sheets. Time inside a service call (the fakes,
 * the simulators) is not the script's and is not charged. `factor` scales it: Apps Script's V8 is slower than Node.
 */
export class ScriptCpuMeter {
  constructor(
    readonly factor: number,
    readonly onCharge: (ms: number) => void,
  ) {
    if (!(factor > 0 && Number.isFinite(factor))) throw new RangeError(`scriptCpuFactor must be a number > 0 (got ${String(factor)})`);
  }
}

/** One run of a script function: who runs it, in which context, until when. */
export class Execution {
  readonly id: number;
  readonly kind: ExecutionKind;
  readonly user: string;
  readonly storageUser: string;
  readonly authMode: AuthModeName;
  readonly deadline: number;
  private readonly clock: RuntimeClock;
  private killed = false;
  private readonly scriptCpu?: ScriptCpuMeter;
  /** CPU time when the script last got control back; null while a service call runs. */
  private scriptRunningSince: number | null = null;

  constructor(settings: ExecutionSettings) {
    this.id = settings.id;
    this.kind = settings.kind;
    this.user = settings.user;
    this.storageUser = settings.storageUser;
    this.authMode = settings.authMode;
    this.deadline = settings.deadline;
    this.clock = settings.clock;
    this.scriptCpu = settings.scriptCpu;
  }

  /** The script gets control: from here until the next service call its CPU time is charged. */
  leaveService(): void {
    if (this.scriptCpu) this.scriptRunningSince = cpuMs();
  }

  /** A service call starts (or the script returns): the script's CPU time since it got control passes on the clock. */
  enterService(): void {
    if (!this.scriptCpu || this.scriptRunningSince === null) return;
    const ms = (cpuMs() - this.scriptRunningSince) * this.scriptCpu.factor;
    this.scriptRunningSince = null;
    this.scriptCpu.onCharge(ms);
    this.wait(ms);
  }

  get wasKilled(): boolean {
    return this.killed;
  }

  now(): number {
    return this.clock.now();
  }

  /** Real-time budget for the vm, so a script spinning without service calls is stopped too. */
  remainingMs(): number {
    return Math.max(1, this.deadline - this.clock.now());
  }

  /**
   * The deadline check, made at every service call. Past the deadline the execution is dead: this throws now and on
   * every later call, and rt.run reports the kill even if the script caught it (on the platform it cannot).
   */
  assertAlive(): void {
    if (this.killed || this.clock.now() > this.deadline) this.kill();
  }

  /** The permission check: throws where the platform refuses `api` (a name like "UrlFetchApp.fetch" or "setValues"). */
  checkAccess(api: string, rule: AccessRule): void {
    const denied =
      (rule.denyWithoutAuthorization && this.authMode === 'NONE') ||
      (rule.denyInCustomFunction && this.kind === 'customFunction') ||
      (rule.denyInSimpleTrigger && this.kind === 'simpleTrigger') ||
      (rule.denyInTimeDrivenTrigger && this.kind === 'trigger');
    if (denied) throw new ScriptException(rule.deniedMessage ?? `You do not have permission to call ${api}`);
  }

  /** Spends time inside the execution (sleeps, network, lock waits); the deadline cuts it short. */
  waitUntil(time: number): void {
    if (time > this.deadline) {
      this.clock.waitUntil(this.deadline);
      this.kill();
    }
    this.clock.waitUntil(time);
  }

  wait(ms: number): void {
    this.waitUntil(this.clock.now() + ms);
  }

  /** The vm stopped the script after its real-time budget: the same kill, at the deadline. */
  expire(): void {
    this.clock.waitUntil(this.deadline);
    this.killed = true;
  }

  /** Ends the execution as the deadline does (the kill switch uses it to end one at a chosen call). */
  kill(): never {
    this.killed = true;
    throw new ScriptException(TIMEOUT_MESSAGE);
  }
}
