/**
 * The switch from a sheet's old table to the new one, as a layout: every row of the sheet keeps its own cells and is
 * moved, by one sort on a temporary order column, to where its payment belongs. Sheets' sort moves a row's values,
 * formulas (relative references adjusted), formats, notes and checkboxes together, so whatever the user put beside
 * a payment travels with it. Then only our columns are written. Every state between the sort and the last write is
 * a table whose rows each still describe the payment beside them, so a killed switch is repaired by running again.
 */
import { moveFormulaRows } from './formulaRows';
import type { Column, Payment } from './payment';
import { paymentKey, samePayment } from './table';
import type { ExistingTable } from './userColumns';

export interface TableLayout {
  /** Rows to add below the sheet's last row before sorting, for payments no existing row can take. */
  appendRows: number;
  /**
   * The sort key of every data row (index 0 = row 2), appended ones included: its place once sorted. Payments take
   * 0 … payments.length − 1, newest first; rows of no payment follow in their order; removed payments' rows come last.
   */
  order: number[];
  /** The new table, newest first: row 2 + i holds payments[i] once sorted. */
  payments: Payment[];
  /** How many of `payments`, from the top, get their cells written: all, or in append mode only the new ones. */
  written: number;
  /** Our columns once switched, in order; a table that had fewer (an older version's) gains the rest. */
  columns: readonly Column[];
  /** After the sort: the removed payments' rows, which the switch saves (when they hold user cells) and clears. */
  removed: { firstRow: number; payments: Payment[] };
  /** Formulas to write once sorted, for new payments in rows that had none: a column's formula, moved to the row. */
  newRowFormulas: Array<{ row: number; column: number; formula: string }>;
  added: number;
  updated: number;
}

/**
 * Plans the switch to `payments` (the complete, final list, newest first). A new payment takes, in order, a row of
 * no payment (a blank row, or one filled down ahead of the table, whose formulas it then has) before an appended row.
 */
export function planLayout(existing: ExistingTable, payments: Payment[], columns: readonly Column[]): TableLayout {
  const dataRows = existing.rowKeys.length;
  const targetOf = new Map<string, number>();
  payments.forEach((payment, i) => targetOf.set(paymentKey(payment), i));
  const order = new Array<number>(dataRows);
  const freeRows: number[] = [];
  const removedRows: number[] = [];
  let updated = 0;
  existing.rowKeys.forEach((key, index) => {
    const target = key === null ? undefined : targetOf.get(key);
    if (key === null) freeRows.push(index);
    else if (target === undefined) removedRows.push(index);
    else {
      order[index] = target;
      if (!samePayment(existing.paymentsByKey.get(key)!, payments[target], columns)) updated++;
    }
  });
  const newTargets = payments.map((payment, i) => (existing.paymentsByKey.has(paymentKey(payment)) ? -1 : i)).filter((i) => i >= 0);
  const appendRows = Math.max(0, newTargets.length - freeRows.length);
  const slots = [...freeRows, ...Array.from({ length: appendRows }, (_, i) => dataRows + i)];
  const newRowFormulas: TableLayout['newRowFormulas'] = [];
  newTargets.forEach((target, i) => {
    const slot = slots[i];
    order[slot] = target;
    // A row filled down ahead of the table brings its formulas; any other new row gets each column's formula.
    if (existing.formulaRows.has(slot + 1)) return;
    for (const [c, formula] of existing.columnFormulas) {
      newRowFormulas.push({
        row: target + 2,
        column: columns.length + c + 1,
        formula: moveFormulaRows(formula, target, existing.sheetName),
      });
    }
  });
  let next = payments.length;
  for (const slot of slots.slice(newTargets.length)) order[slot] = next++;
  const removedFirstRow = next + 2;
  for (const index of removedRows) order[index] = next++;
  return {
    appendRows,
    order,
    payments,
    written: payments.length,
    columns,
    removed: { firstRow: removedFirstRow, payments: removedRows.map((index) => existing.paymentsByKey.get(existing.rowKeys[index]!)!) },
    newRowFormulas,
    added: newTargets.length,
    updated,
  };
}

/**
 * The append mode's switch: the fetched payments (newest first) not in the sheet yet go on top, newest first, and
 * every row already there stays below them as it is, in its order, never written, never removed. `changed` are the
 * payments the sheet shows with another status or amount than the provider now sends (as far as the table shows
 * those columns): counted and named, not rewritten.
 */
export function planAppend(
  existing: ExistingTable,
  fetched: Payment[],
  columns: readonly Column[],
): { layout: TableLayout; changed: Payment[] } {
  const keys = [...new Set(existing.rowKeys.filter((key): key is string => key !== null))];
  const fresh = fetched.filter((payment) => !existing.paymentsByKey.has(paymentKey(payment)));
  const layout = planLayout(existing, [...fresh, ...keys.map((key) => existing.paymentsByKey.get(key)!)], columns);
  const compared = columns.filter((column) => column === 'status' || column === 'amount');
  const changed = fetched.filter((payment) => {
    const shown = existing.paymentsByKey.get(paymentKey(payment));
    return shown !== undefined && !samePayment(shown, payment, compared);
  });
  return { layout: { ...layout, written: fresh.length }, changed };
}

/**
 * What a switch of this many rows and columns costs in Sheets time: its calls touch each cell a few times (the order
 * column, the sort, formats and values of our columns). Sheets' speed is not documented and varies, so the cost per
 * cell follows this execution's own reading of the sheet when there was enough of one to time (a write taken as
 * WRITE_TO_READ times a read), and never goes below a floor that errs towards leaving a big switch to a fresh
 * execution (see dev/runtime/README.md for the costs the local runtime charges).
 */
export function estimateSwitchMs(rows: number, columns: number, reading: { cells: number; ms: number }): number {
  const measured = reading.cells >= MIN_CELLS_TO_TIME ? (reading.ms / reading.cells) * WRITE_TO_READ : 0;
  const cellsTouched = rows * (columns * 2 + 2);
  return SWITCH_FIXED_MS + cellsTouched * Math.max(SWITCH_MS_PER_CELL, measured);
}

const SWITCH_FIXED_MS = 5_000;
const SWITCH_MS_PER_CELL = 0.02;
const WRITE_TO_READ = 3;
/** A read of fewer cells is too quick to time. */
const MIN_CELLS_TO_TIME = 10_000;
