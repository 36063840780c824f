/**
 * What spreadsheet calls cost in time, and the test switch that kills an execution at its Nth one. Every Sheets call
 * that reads or writes cells is charged on the execution's clock — a fixed cost per call plus a cost per cell,
 * separately for reads and writes — so that the 6-minute deadline falls where it would with a big table.
 *
 * The default numbers are assumptions, not Google's figures (Google publishes none). They are fitted to a public
 * measurement — one setValues of 4,000 cells "took less than 50ms" (a Stack Overflow answer, mirrored at
 * https://ruby-bash.developreference.com/article/29263774/What+is+faster+ScriptDb+or+SpreadsheetApp) — and to the
 * common report that writing 100,000 rows × 16 columns in one setValues takes tens of seconds. Reads are taken
 * to be cheaper than writes, and every call to cost something, as Google's best practices say
 * (https://developers.google.com/apps-script/guides/support/best-practices, "Use batch operations").
 * Change them with the runtime's `sheetsCosts` option.
 */
import type { Execution } from './execution';
import type { RuntimeStats } from './stats';

export interface SheetsCosts {
  /** Fixed cost of a call that reads cells (getValues, getNotes …). */
  readCallMs: number;
  readCellMs: number;
  /** Fixed cost of a call that writes cells (setValues, setNumberFormats, clear, sort, deleteRows …). */
  writeCallMs: number;
  writeCellMs: number;
}

/** 4,000 cells: 60 ms to write; 100,000 × 16 cells: 20 s to write, 6.4 s to read. */
export const DEFAULT_SHEETS_COSTS: Readonly<SheetsCosts> = Object.freeze({
  readCallMs: 10,
  readCellMs: 0.004,
  writeCallMs: 10,
  writeCellMs: 0.0125,
});

/** One spreadsheet-service call that touches cells, as the kill switch's filter sees it. */
export interface SheetsCall {
  /** The Apps Script method name: "setValues", "deleteRows" … */
  method: string;
  kind: 'read' | 'write';
  cells: number;
  sheetName: string;
}

/** Which calls the kill switch counts: a method name, several, or a predicate. Default: every call touching cells. */
export type SheetsCallFilter = string | readonly string[] | ((call: SheetsCall) => boolean);

function matches(filter: SheetsCallFilter | undefined, call: SheetsCall): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'function') return filter(call);
  return typeof filter === 'string' ? call.method === filter : filter.includes(call.method);
}

export function sheetsCosts(overrides: Partial<SheetsCosts> = {}): SheetsCosts {
  const costs = { ...DEFAULT_SHEETS_COSTS, ...overrides };
  for (const [name, value] of Object.entries(costs)) {
    if (!(typeof value === 'number' && value >= 0 && Number.isFinite(value)))
      throw new RangeError(`sheetsCosts.${name} must be a number of milliseconds ≥ 0 (got ${String(value)})`);
  }
  return costs;
}

/** Shared by every execution of a runtime: the costs, and the armed kill switch (one-shot). */
export class SheetsMeter {
  private killSwitch?: { remaining: number; filter?: SheetsCallFilter };

  constructor(readonly costs: SheetsCosts) {}

  /** Arms the switch: the nth matching call from now (counting across executions) is killed before it takes effect. */
  killAt(n: number, filter?: SheetsCallFilter): void {
    if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`killAtSheetsCall needs a call number ≥ 1 (got ${String(n)})`);
    this.killSwitch = { remaining: n, filter };
  }

  disarm(): void {
    this.killSwitch = undefined;
  }

  /** Before a call takes effect: the kill switch, then its time on the clock (which the deadline may cut short). */
  charge(execution: Execution, call: SheetsCall, stats: RuntimeStats): void {
    if (this.killSwitch && matches(this.killSwitch.filter, call) && --this.killSwitch.remaining === 0) {
      this.killSwitch = undefined;
      execution.kill();
    }
    const read = call.kind === 'read';
    const ms = read
      ? this.costs.readCallMs + call.cells * this.costs.readCellMs
      : this.costs.writeCallMs + call.cells * this.costs.writeCellMs;
    const sheets = stats.sheets;
    sheets.calls++;
    if (read) sheets.cellsRead += call.cells;
    else sheets.cellsWritten += call.cells;
    sheets.simulatedMs += ms;
    execution.wait(ms);
  }
}
