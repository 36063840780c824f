/**
 * The user's columns of a payments table, read from the sheet: what stands beside each payment (notes, ticks,
 * formulas), columns an array formula fills, formulas filled down ahead of the table, and rows that are not payments
 * (a total), which stop a sync rather than be lost.
 */
import { UserError } from './errors';
import { columnsFilled, moveFormulaRows } from './formulaRows';
import type { Column, Payment } from './payment';
import { asTextCell, paymentKey, readOurColumns, rowToPayment } from './table';

/** What a sheet holds now: our columns, then whatever the user added to the right (notes, ticks). */
export interface ExistingTable {
  sheetName: string;
  /** Row 1 beyond our columns, ready to write back (a formula where the cell had one). */
  userHeader: unknown[];
  /** Payment key → its row's user cells (a formula where the cell had one, else its value) and the row they stood in. */
  userCellsByKey: Map<string, { row: number; cells: unknown[] }>;
  /**
   * User columns filled by an array formula at their top (=ARRAYFORMULA(E2:E*0.2), {"VAT"; …}): the formula stays in
   * place and the cells it fills are left empty for it. User column index → cell per row index.
   */
  fedColumns: Map<number, unknown[]>;
  /**
   * Rows without a payment whose user columns hold formulas (filled down ahead of the table, say): row index → those
   * cells. A payment that lands on such a row takes them; below the table they stay.
   */
  formulaRows: Map<number, unknown[]>;
  /** User columns where every row holds one formula, relative to its row: new payments get it too. As at row 2. */
  columnFormulas: Map<number, string>;
  /** Payment key → the payment as the sheet shows it, to tell updated rows from unchanged ones. */
  paymentsByKey: Map<string, Payment>;
  /** Each data row (index 0 = row 2): the payment it holds, or null for a row of no payment (blank, filled down). */
  rowKeys: Array<string | null>;
  /** Formulas in row 2 that fill their column (an ARRAYFORMULA there): user column index → formula. A sort must not move them. */
  rowTwoFeeders: Map<number, string>;
  lastRow: number;
  /** Our columns and the user's, without a sort-order column a killed switch may have left. */
  width: number;
  /** Our columns as the sheet has them, in its order (an older table may lack some): the user's follow them. */
  columns: Column[];
}

/**
 * Header of the temporary column holding the target order while a switch sorts the rows. A switch killed before it
 * cleared the column leaves it behind: it is never a user column.
 */
export const ORDER_COLUMN_HEADER = 'payments-sync order (temporary)';

/**
 * The account a row belongs to, from what its account cell shows: a table synced before accounts had none (the
 * sync's one account of that provider takes it), and an account renamed since shows its former name.
 */
export type AccountOfRow = (provider: string, shown: string) => string;

/**
 * Reads a sheet's current table. An empty sheet is an empty table; a sheet whose row 1 is not our header holds
 * someone else's data, and a sync must not overwrite it.
 */
export function readExistingTable(
  sheetName: string,
  sheetValues: unknown[][],
  formulas: (numRows: number, firstColumn: number, numColumns: number) => string[][],
  accountOf: AccountOfRow = (_, shown) => shown,
  // A sync's own sheet: the columns it must show (see readOurColumns), and what its rows hold where it shows none.
  rows: { required?: readonly Column[]; fixed?: Partial<Payment> } = {},
): ExistingTable {
  const values = withoutOrderColumn(sheetValues);
  const empty: ExistingTable = {
    sheetName,
    userHeader: [],
    userCellsByKey: new Map(),
    fedColumns: new Map(),
    formulaRows: new Map(),
    columnFormulas: new Map(),
    paymentsByKey: new Map(),
    rowKeys: [],
    rowTwoFeeders: new Map(),
    lastRow: values.length,
    width: 0,
    columns: [],
  };
  if (values.length === 0) return empty;
  const columns = readOurColumns(sheetName, values[0], formulas(1, 1, values[0].length)[0] ?? [], rows.required);
  const ours = columns.length;
  // A loop, not Math.max(...rows): spreading 100,000 rows as arguments overflows the stack.
  const width = values.reduce((widest, row) => Math.max(widest, row.length), 0);
  const userColumns = width - ours;
  if (userColumns <= 0) return { ...empty, width, columns, ...readPayments(sheetName, values, columns, null, accountOf, rows.fixed) };
  const userFormulas = formulas(values.length, ours + 1, userColumns);
  const userCell = (r: number, c: number): unknown => {
    const formula = userFormulas[r]?.[c];
    if (formula) return formula;
    const value = values[r][ours + c] ?? '';
    return typeof value === 'string' ? asTextCell(value) : value;
  };
  const fedColumns = new Map<number, unknown[]>();
  const rowTwoFeeders = new Map<number, string>();
  // A column-filling formula sits in the header or the first data row; the cells it fills are left empty for it.
  // Formulas of their own further down say the column is not filled (an ARRAYFORMULA(SUMIF(…)) on every row).
  const formulasBelow = (row: number, column: number) => userFormulas.some((cells, r) => r > row && Boolean(cells?.[column]));
  for (const feederRow of [0, 1]) {
    for (let c = 0; c < userColumns; c++) {
      const filled = Math.min(columnsFilled(userFormulas[feederRow]?.[c] ?? ''), userColumns - c);
      if (Array.from({ length: filled }, (_, i) => formulasBelow(feederRow, c + i)).some(Boolean)) continue;
      if (filled > 0 && feederRow === 1) rowTwoFeeders.set(c, userFormulas[1][c]);
      for (let fed = c; fed < c + filled; fed++) {
        if (fedColumns.has(fed)) continue;
        fedColumns.set(
          fed,
          values.map((_, r) => (r < feederRow || (r === feederRow && fed === c) ? userCell(r, fed) : '')),
        );
      }
    }
  }
  const userHeader = Array.from({ length: userColumns }, (_, c) => fedColumns.get(c)?.[0] ?? userCell(0, c));
  const userColumnsOf: UserColumns = {
    cells: (r) => Array.from({ length: userColumns }, (_, c) => userCell(r, c)),
    // What a formula shows is the formula's, like the cells an array formula fills: nothing of the user's to lose.
    computed: (r, c) => fedColumns.has(c) || Boolean(userFormulas[r]?.[c]),
    hasFormula: (r) => userFormulas[r]?.some((formula, c) => Boolean(formula) && !fedColumns.has(c)) ?? false,
  };
  const read = readPayments(sheetName, values, columns, userColumnsOf, accountOf, rows.fixed);
  const filledRows = [...read.formulaRows].map(([r, cells]) => ({ row: r + 1, cells }));
  const paymentRows = [...read.userCellsByKey.values()];
  const columnFormulas = new Map<number, string>();
  for (let c = 0; c < userColumns; c++) {
    if (fedColumns.has(c)) continue;
    const cellsOf = (rows: Array<{ row: number; cells: unknown[] }>) => rows.map(({ row, cells }) => ({ row, cell: cells[c] }));
    const filled = cellsOf(filledRows).filter(({ cell }) => cell !== '');
    const formula = commonFormula(sheetName, [...cellsOf(paymentRows), ...filled]);
    if (formula) columnFormulas.set(c, formula);
  }
  // A formula row below or inside the table is kept only as the column's formula filled down; any other (a total)
  // has no payment to stay beside, so the sync stops rather than overwrite it.
  for (const { row, cells } of filledRows) {
    cells.forEach((cell, c) => {
      if (typeof cell !== 'string' || !cell.startsWith('=') || fedColumns.has(c)) return;
      const common = columnFormulas.get(c);
      if (common && moveFormulaRows(common, row - 2, sheetName) === cell) return;
      throw notAPayment(sheetName, row, cell);
    });
  }
  return { ...empty, userHeader, fedColumns, rowTwoFeeders, columnFormulas, width, columns, ...read };
}

function notAPayment(sheetName: string, row: number, content: unknown): UserError {
  return new UserError(
    `Sheet "${sheetName}" has "${String(content).slice(0, 40)}" in row ${row}, which is not a payment: a sync would overwrite it. ` +
      'Move it to another sheet (or delete it), then sync again.',
  );
}

/** The formula every one of at least two rows holds, moved to row 2; null if any row differs or holds none. */
function commonFormula(sheetName: string, rows: Array<{ row: number; cell: unknown }>): string | null {
  if (rows.length < 2) return null;
  let common: string | null = null;
  for (const { row, cell } of rows) {
    if (typeof cell !== 'string' || !cell.startsWith('=')) return null;
    const atRow2 = moveFormulaRows(cell, 2 - row, sheetName);
    if (common !== null && atRow2 !== common) return null;
    common = atRow2;
  }
  return common;
}

interface UserColumns {
  cells(r: number): unknown[];
  computed(r: number, c: number): boolean;
  hasFormula(r: number): boolean;
}

function readPayments(
  sheetName: string,
  values: unknown[][],
  columns: readonly Column[],
  user: UserColumns | null,
  accountOf: AccountOfRow,
  fixed?: Partial<Payment>,
) {
  const paymentsByKey = new Map<string, Payment>();
  const userCellsByKey = new Map<string, { row: number; cells: unknown[] }>();
  const formulaRows = new Map<number, unknown[]>();
  const rowKeys: Array<string | null> = [];
  for (let r = 1; r < values.length; r++) {
    const shown = rowToPayment(values[r], columns, fixed);
    const payment = shown && { ...shown, account: accountOf(shown.provider, shown.account) };
    rowKeys.push(payment ? paymentKey(payment) : null);
    if (!payment) {
      // A total or a note under the table (or between its rows) has no payment to stay beside: rather than lose it,
      // the sync stops and says where it is. An unticked checkbox (false) holds nothing to lose.
      const content = values[r].find(
        (cell, i) => cell !== '' && cell !== null && cell !== false && !(i >= columns.length && user?.computed(r, i - columns.length)),
      );
      if (content !== undefined) throw notAPayment(sheetName, r + 1, content);
      if (user?.hasFormula(r)) formulaRows.set(r, user.cells(r));
      continue;
    }
    const key = paymentKey(payment);
    paymentsByKey.set(key, payment);
    if (user) userCellsByKey.set(key, { row: r + 1, cells: user.cells(r) });
  }
  return { paymentsByKey, userCellsByKey, formulaRows, rowKeys };
}

/** The sheet's values without a trailing sort-order column left by a killed switch. */
function withoutOrderColumn(values: unknown[][]): unknown[][] {
  const header = values[0] ?? [];
  const orderColumn = header.indexOf(ORDER_COLUMN_HEADER);
  if (orderColumn < 0) return values;
  return values.map((row) => row.slice(0, orderColumn));
}
