import { createContext, runInContext, Script, type Context } from 'node:vm';

/** The script realm's own constructors: values handed to the script are made with these, so they behave natively. */
export interface Intrinsics {
  Array: ArrayConstructor;
  Object: ObjectConstructor;
  Date: DateConstructor;
  Error: ErrorConstructor;
}

/**
 * Replaces the realm's Date with a subclass-like constructor whose `new Date()`, `Date()` and `Date.now()` read
 * the runtime clock. It shares Date.prototype, so instanceof, subclassing and every other Date method still work.
 */
const INSTALL_VIRTUAL_DATE = new Script(`(function installVirtualDate(now) {
  const NativeDate = Date;
  function VirtualDate(...args) {
    if (new.target === undefined) return new NativeDate(now()).toString();
    return Reflect.construct(NativeDate, args.length === 0 ? [now()] : args, new.target);
  }
  Object.setPrototypeOf(VirtualDate, NativeDate);
  VirtualDate.prototype = NativeDate.prototype;
  Object.defineProperty(VirtualDate, 'name', { value: 'Date' });
  VirtualDate.now = function now_() { return now(); };
  Object.defineProperty(NativeDate.prototype, 'constructor', { value: VirtualDate, writable: true, configurable: true });
  globalThis.Date = VirtualDate;
})`);

/**
 * Calls into the script go through runInContext so the vm's timeout covers them. The function to call waits in a
 * global slot that the call empties before user code runs, so the script never sees it.
 */
const ENTRY_SLOT = '__localRuntimeEntry__';
const CALL_ENTRY = new Script(`(() => { const entry = globalThis.${ENTRY_SLOT}; delete globalThis.${ENTRY_SLOT}; return entry(); })()`);

/** One execution's global scope: a fresh vm context, as Apps Script gives every execution. */
export class ScriptRealm {
  private readonly context: Context = createContext({});
  readonly intrinsics: Intrinsics;

  constructor(now: () => number) {
    this.intrinsics = runInContext('({ Array, Object, Date, Error })', this.context) as Intrinsics;
    (INSTALL_VIRTUAL_DATE.runInContext(this.context) as (now: () => number) => void)(now);
  }

  setGlobal(name: string, value: unknown): void {
    this.context[name] = value;
  }

  getGlobal(name: string): unknown {
    return this.context[name];
  }

  /** Runs the project's code: its top level defines the globals (and, in a bundle, runs the IIFE). */
  runScript(script: Script, timeoutMs: number): void {
    script.runInContext(this.context, { timeout: timeoutMs });
  }

  callFunction(fn: (...args: unknown[]) => unknown, args: unknown[], timeoutMs: number): unknown {
    this.context[ENTRY_SLOT] = () => fn(...args);
    return CALL_ENTRY.runInContext(this.context, { timeout: timeoutMs });
  }

  newError(message: string, name: string): Error {
    const error = new this.intrinsics.Error(message);
    error.name = name;
    return error;
  }
}

/** The vm's own kill when a call outlives its timeout (real time spent without any service call). */
export function isVmTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/**
 * The names of the functions a script declares at top level, found without running any of it: V8 creates the
 * declared functions before the first statement runs, and here the first statement throws.
 */
export function declaredFunctionNames(code: string): string[] {
  const context = createContext({});
  try {
    runInContext(`throw null;\n${code}`, context);
  } catch (thrown) {
    if (thrown !== null) throw thrown;
  }
  return Object.keys(context).filter((name) => typeof context[name] === 'function');
}
