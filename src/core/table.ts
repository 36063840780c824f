import { isDate } from './dates';
import { currencyExponent } from './money';
import { COLUMNS, DATE_COLUMNS, MONEY_COLUMNS, type Column, type Payment, type PaymentStatus } from './payment';
import { UserError } from './errors';
import { columnsFilled, moveFormulaRows } from './formulaRows';

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
  lastRow: number;
  width: number;
}

export interface TablePlan {
  /** Header and rows, our columns then the user's, ready for one setValues. */
  values: unknown[][];
  /** Number formats for rows 2.., one block per run of adjacent date or money columns (text keeps the default). */
  formatBlocks: Array<{ column: number; formats: string[][] }>;
  added: number;
  updated: number;
  removed: number;
  /** Rows of the old table below the new one, to clear. */
  rowsToClear: number;
}

export function paymentKey(payment: Pick<Payment, 'provider' | 'id'>): string {
  return `${payment.provider}:${payment.id}`;
}

/** Sheets reads "=…", "+…", "00123" or "2026-01-01" typed into a cell as a formula, number or date; "'" keeps it text. */
export function asTextCell(value: string): string {
  return value === '' ? '' : `'${value}`;
}

const DATE_FORMATS: Record<string, string> = { date: 'yyyy-mm-dd hh:mm', created_at: 'yyyy-mm-dd hh:mm:ss' };

/** Enough decimals for the currency, or for what the provider sent (crypto amounts carry more). */
export function amountFormat(payment: Payment): string {
  const sent = payment.amount_exact.split('.')[1]?.length ?? 0;
  const decimals = Math.min(12, Math.max(currencyExponent(payment.currency), sent));
  return decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}`;
}

/** Runs of adjacent formatted columns, as [first index, last index]: date, amount, refunded_amount + created_at. */
const FORMATTED_RUNS: Array<[number, number]> = COLUMNS.reduce<Array<[number, number]>>((runs, column, i) => {
  if (!DATE_COLUMNS.has(column) && !MONEY_COLUMNS.has(column)) return runs;
  const last = runs[runs.length - 1];
  if (last && last[1] === i - 1) last[1] = i;
  else runs.push([i, i]);
  return runs;
}, []);

function numberFormatOf(payment: Payment, column: Column): string {
  return DATE_FORMATS[column] ?? amountFormat(payment);
}

function cellOf(payment: Payment, column: Column, toDate: (ms: number) => Date): unknown {
  const value = payment[column];
  if (value === null) return '';
  if (DATE_COLUMNS.has(column)) return toDate(value as number);
  if (MONEY_COLUMNS.has(column)) return value;
  return asTextCell(String(value));
}

/** A row as the sheet shows it, back into a payment; null for a row that is not one of ours (blank, say). */
function rowToPayment(row: unknown[]): Payment | null {
  const record: Record<string, unknown> = {};
  COLUMNS.forEach((column, i) => (record[column] = row[i]));
  if (record.id === '' || record.id === undefined || record.provider === '' || record.provider === undefined) return null;
  const time = (value: unknown) => (isDate(value) ? value.getTime() : null);
  const number = (value: unknown) => (typeof value === 'number' ? value : null);
  return {
    provider: String(record.provider) as Payment['provider'],
    id: String(record.id),
    date: time(record.date),
    status: String(record.status) as PaymentStatus,
    amount: number(record.amount) ?? 0,
    currency: String(record.currency ?? ''),
    customer_name: String(record.customer_name ?? ''),
    customer_email: String(record.customer_email ?? ''),
    customer_id: String(record.customer_id ?? ''),
    reference: String(record.reference ?? ''),
    invoice_id: String(record.invoice_id ?? ''),
    method: String(record.method ?? ''),
    refunded_amount: number(record.refunded_amount),
    created_at: time(record.created_at),
    amount_exact: String(record.amount_exact ?? ''),
  };
}

function samePayment(a: Payment, b: Payment): boolean {
  return COLUMNS.every((column) => a[column] === b[column]);
}

/**
 * Reads a sheet's current table. An empty sheet is an empty table; a sheet whose row 1 is not our header holds
 * someone else's data, and a sync must not overwrite it.
 */
export function readExistingTable(sheetName: string, values: unknown[][], formulas: (numRows: number, firstColumn: number, numColumns: number) => string[][]): ExistingTable {
  const empty: ExistingTable = {
    sheetName, userHeader: [], userCellsByKey: new Map(), fedColumns: new Map(), formulaRows: new Map(), columnFormulas: new Map(), paymentsByKey: new Map(),
    lastRow: values.length, width: 0,
  };
  if (values.length === 0) return empty;
  const header = values[0];
  const ours = COLUMNS.every((column, i) => header[i] === column);
  if (!ours) {
    throw new UserError(
      `Sheet "${sheetName}" already holds other data (its first row is not a Payments Sync header). Pick another sheet name, or clear that sheet first.`,
    );
  }
  // A loop, not Math.max(...rows): spreading 100,000 rows as arguments overflows the stack.
  const width = values.reduce((widest, row) => Math.max(widest, row.length), 0);
  const userColumns = width - COLUMNS.length;
  if (userColumns <= 0) return { ...empty, width, ...readPayments(sheetName, values, null) };
  const userFormulas = formulas(values.length, COLUMNS.length + 1, userColumns);
  const userCell = (r: number, c: number): unknown => {
    const formula = userFormulas[r]?.[c];
    if (formula) return formula;
    const value = values[r][COLUMNS.length + c] ?? '';
    return typeof value === 'string' ? asTextCell(value) : value;
  };
  const fedColumns = new Map<number, unknown[]>();
  // A column-filling formula sits in the header or the first data row; the cells it fills are left empty for it.
  // Formulas of their own further down say the column is not filled (an ARRAYFORMULA(SUMIF(…)) on every row).
  const formulasBelow = (row: number, column: number) => userFormulas.some((cells, r) => r > row && Boolean(cells?.[column]));
  for (const feederRow of [0, 1]) {
    for (let c = 0; c < userColumns; c++) {
      const filled = Math.min(columnsFilled(userFormulas[feederRow]?.[c] ?? ''), userColumns - c);
      if (Array.from({ length: filled }, (_, i) => formulasBelow(feederRow, c + i)).some(Boolean)) continue;
      for (let fed = c; fed < c + filled; fed++) {
        if (fedColumns.has(fed)) continue;
        fedColumns.set(fed, values.map((_, r) => (r < feederRow || (r === feederRow && fed === c) ? userCell(r, fed) : '')));
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
  const read = readPayments(sheetName, values, userColumnsOf);
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
  return { ...empty, userHeader, fedColumns, columnFormulas, width, ...read };
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

function readPayments(sheetName: string, values: unknown[][], user: UserColumns | null) {
  const paymentsByKey = new Map<string, Payment>();
  const userCellsByKey = new Map<string, { row: number; cells: unknown[] }>();
  const formulaRows = new Map<number, unknown[]>();
  for (let r = 1; r < values.length; r++) {
    const payment = rowToPayment(values[r]);
    if (!payment) {
      // A total or a note under the table (or between its rows) has no payment to stay beside: rather than lose it,
      // the sync stops and says where it is. An unticked checkbox (false) holds nothing to lose.
      const content = values[r].find(
        (cell, i) => cell !== '' && cell !== null && cell !== false && !(i >= COLUMNS.length && user?.computed(r, i - COLUMNS.length)),
      );
      if (content !== undefined) throw notAPayment(sheetName, r + 1, content);
      if (user?.hasFormula(r)) formulaRows.set(r, user.cells(r));
      continue;
    }
    const key = paymentKey(payment);
    paymentsByKey.set(key, payment);
    if (user) userCellsByKey.set(key, { row: r + 1, cells: user.cells(r) });
  }
  return { paymentsByKey, userCellsByKey, formulaRows };
}

/**
 * The whole new table: the payments newest first, each row carrying the user's cells that stood beside the same
 * payment before, plus what changed. `payments` is the complete, final list.
 */
export function planTable(existing: ExistingTable, payments: Payment[], toDate: (ms: number) => Date): TablePlan {
  const userWidth = existing.userHeader.length;
  const values: unknown[][] = [[...COLUMNS, ...existing.userHeader]];
  const formatBlocks = FORMATTED_RUNS.map(([first]) => ({ column: first + 1, formats: [] as string[][] }));
  let added = 0;
  let updated = 0;
  const kept = new Set<string>();
  for (const payment of payments) {
    const key = paymentKey(payment);
    kept.add(key);
    const before = existing.paymentsByKey.get(key);
    if (!before) added++;
    else if (!samePayment(before, payment)) updated++;
    values.push([...COLUMNS.map((column) => cellOf(payment, column, toDate)), ...userCellsAt(existing, key, values.length, userWidth)]);
    FORMATTED_RUNS.forEach(([first, last], b) => {
      formatBlocks[b].formats.push(COLUMNS.slice(first, last + 1).map((column) => numberFormatOf(payment, column)));
    });
  }
  let removed = 0;
  for (const key of existing.paymentsByKey.keys()) if (!kept.has(key)) removed++;
  // Below the new table, rows of formulas the user filled down stay; whatever else was there is cleared.
  let lastFormulaRow = -1;
  for (const r of existing.formulaRows.keys()) lastFormulaRow = Math.max(lastFormulaRow, r);
  while (values.length <= lastFormulaRow) {
    values.push([...COLUMNS.map(() => ''), ...userCellsAt(existing, null, values.length, userWidth)]);
  }
  return { values, formatBlocks, added, updated, removed, rowsToClear: Math.max(0, existing.lastRow - values.length) };
}

/**
 * The user's cells for the payment written at row index `index`: its own, their formulas moved with it. A new
 * payment gets a column's common formula, or what was filled down to its row; a row below the table keeps the latter.
 */
function userCellsAt(existing: ExistingTable, key: string | null, index: number, userWidth: number): unknown[] {
  const own = key === null ? undefined : existing.userCellsByKey.get(key);
  const filledDown = existing.formulaRows.get(index);
  return Array.from({ length: userWidth }, (_, c) => {
    const fed = existing.fedColumns.get(c);
    if (fed) return fed[index] ?? '';
    if (own) {
      const cell = own.cells[c] ?? '';
      return typeof cell === 'string' && cell.startsWith('=') ? moveFormulaRows(cell, index + 1 - own.row, existing.sheetName) : cell;
    }
    const common = key === null ? undefined : existing.columnFormulas.get(c);
    return common ? moveFormulaRows(common, index - 1, existing.sheetName) : (filledDown?.[c] ?? '');
  });
}

/**
 * What the sheet had, with the freshly fetched payments replacing or joining them. A row the fetch `covered` (see
 * fetchCoverage) that did not come back was deleted at the provider and goes; any other row stays as the sheet has
 * it. A full pull covers every row but those of payments it had to skip.
 */
export function mergeIncremental(existing: ExistingTable, fetched: Payment[], covered: (payment: Payment) => boolean): Payment[] {
  const merged = new Map<string, Payment>();
  for (const [key, payment] of existing.paymentsByKey) {
    if (!covered(payment)) merged.set(key, payment);
  }
  for (const payment of fetched) merged.set(paymentKey(payment), payment);
  return [...merged.values()];
}
