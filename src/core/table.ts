/**
 * Our columns of a payments table: a payment as a row of cells and back, their number formats, and what a sheet's
 * header must be to be ours. The user's columns beside them are in userColumns.ts, the switch's layout in
 * tableLayout.ts.
 */
import { isDate } from './dates';
import { currencyDecimals, type MoneyConvention } from './money';
import { COLUMNS, DATE_COLUMNS, MONEY_COLUMNS, type Column, type Payment, type PaymentStatus } from './payment';
import { UserError } from './errors';

/** What tells rows apart: two accounts (of one provider or two) may hold equal ids, and their rows never merge. */
export function paymentKey(payment: Pick<Payment, 'provider' | 'account' | 'id'>): string {
  // A character no name or id holds: "a:b" + "c" never meets "a" + "b:c".
  return [payment.provider, payment.account, payment.id].join('\u0000');
}

/**
 * Sheets reads "=…", "+…", "00123" or "2026-01-01" typed into a cell as a formula, number or date; "'" keeps it text.
 * A Plain-text cell (number format "@") takes text as it is and would keep the apostrophe as a character.
 */
export function asTextCell(value: string, plainText = false): string {
  return value === '' || plainText ? value : `'${value}`;
}

export const PLAIN_TEXT_FORMAT = '@';
/**
 * A cell holds 50,000 characters, the apostrophe that keeps text as text included; longer provider text is cut,
 * ending with this marker, so the cut shows.
 */
export const CELL_MAX_CHARS = 49_999;
const CUT_MARKER = ' …[cut by Payments Sync]';

/** Provider text that fits a cell, and whether it had to be cut. */
export function fitCell(text: string): { text: string; cut: boolean } {
  if (text.length <= CELL_MAX_CHARS) return { text, cut: false };
  return { text: text.slice(0, CELL_MAX_CHARS - CUT_MARKER.length) + CUT_MARKER, cut: true };
}

/** A payment whose provider texts each fit a cell, and the columns that had to be cut. */
export function fitPaymentTexts(payment: Payment): { payment: Payment; cut: Column[] } {
  const cut: Column[] = [];
  let fit = payment;
  for (const column of COLUMNS) {
    const value = payment[column];
    if (typeof value !== 'string' || value.length <= CELL_MAX_CHARS) continue;
    fit = { ...fit, [column]: fitCell(value).text };
    cut.push(column);
  }
  return { payment: fit, cut };
}

/** What a sheet nobody's sync writes must show to be taken for ours: a sync may leave `provider` out of its own. */
const DEFAULT_REQUIRED: readonly Column[] = ['provider', 'id'];

/**
 * Our columns in a sheet, matched by header name: the run of column keys row 1 starts with, in the sheet's order.
 * A table synced by an older version lacks the columns added since (the next sync adds them), one whose sync chose
 * other columns has those; a sheet whose row 1 does not start with the `required` keys among ours (`provider` and
 * `id` for a sheet no sync writes yet), or whose header a formula makes (a PAYMENTS formula's spill), holds someone
 * else's data. An empty sheet has no columns yet.
 */
export function readOurColumns(
  sheetName: string,
  header: unknown[],
  headerFormulas: string[],
  required: readonly Column[] = DEFAULT_REQUIRED,
): Column[] {
  if (header.length === 0) return [];
  const columns: Column[] = [];
  while (columns.length < header.length) {
    const name = String(header[columns.length]);
    const next = isColumn(name) && !columns.includes(name) ? [name] : columnsInsertedAt(header, columns);
    if (next.length === 0) break;
    columns.push(...next);
  }
  const byFormula = headerFormulas.slice(0, Math.max(columns.length, 1)).some(Boolean);
  if (byFormula || !required.every((column) => columns.includes(column))) {
    throw new UserError(
      `Sheet "${sheetName}" already holds other data (its first row is not a Payments Sync header${byFormula ? ': it is made by a formula' : ''}). ` +
        'Pick another sheet name, or clear that sheet first.',
    );
  }
  return columns;
}

function isColumn(name: string): name is Column {
  return (COLUMNS as readonly string[]).includes(name);
}

/**
 * A migration killed between inserting columns among ours (account, after provider) and naming them leaves blank
 * header cells there: they are the columns our order puts between their neighbours that the header lacks.
 */
function columnsInsertedAt(header: unknown[], before: Column[]): Column[] {
  const at = before.length;
  let end = at;
  while (end < header.length && header[end] === '') end++;
  const next = String(header[end] ?? '');
  if (end === at || !isColumn(next) || before.includes(next)) return [];
  const previous = before.length ? COLUMNS.indexOf(before[before.length - 1]) : -1;
  const between = COLUMNS.slice(previous + 1, COLUMNS.indexOf(next)).filter((column) => !header.includes(column));
  return between.length === end - at ? between : [];
}

export function sameColumns(a: readonly Column[], b: readonly Column[]): boolean {
  return a.length === b.length && a.every((column, i) => column === b[i]);
}

/** A short mark of a column list, for cache keys and staged rows: encoded under one list, never read under another. */
export function columnsSignature(columns: readonly Column[]): string {
  let hash = 0;
  for (const character of columns.join(',')) hash = (Math.imul(hash, 31) + character.charCodeAt(0)) | 0;
  return (hash >>> 0).toString(36);
}

const DATE_FORMATS: Record<string, string> = { date: 'yyyy-mm-dd hh:mm', created_at: 'yyyy-mm-dd hh:mm:ss' };

/**
 * Enough decimals for the currency as its provider counts it (`money`: Aura's ISK 2, Koteshen's HUF 0), or for what
 * the provider sent (crypto amounts carry more).
 */
export function amountFormat(payment: Payment, money: MoneyConvention): string {
  const point = payment.amount_exact.indexOf('.');
  const sent = point < 0 ? 0 : payment.amount_exact.length - point - 1;
  return AMOUNT_FORMATS[Math.min(MAX_AMOUNT_DECIMALS, Math.max(decimalsFor(payment.currency, money), sent))];
}

// Every amount cell of a switch asks for its format: the strings and each currency's decimals are made once.
const MAX_AMOUNT_DECIMALS = 12;
const AMOUNT_FORMATS = Array.from({ length: MAX_AMOUNT_DECIMALS + 1 }, (_, decimals) =>
  decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}`,
);
const decimalsByConvention = new WeakMap<MoneyConvention, Map<string, number>>();

function decimalsFor(currency: string, money: MoneyConvention): number {
  let byCurrency = decimalsByConvention.get(money);
  if (!byCurrency) decimalsByConvention.set(money, (byCurrency = new Map()));
  let decimals = byCurrency.get(currency);
  if (decimals === undefined) byCurrency.set(currency, (decimals = currencyDecimals(currency, money)));
  return decimals;
}

const runsByColumns = new WeakMap<readonly Column[], Array<[number, number]>>();

/** Runs of adjacent formatted columns, as [first index, last index]: date, amount, refunded_amount + created_at. */
export function formattedRuns(columns: readonly Column[]): Array<[number, number]> {
  const known = runsByColumns.get(columns);
  if (known) return known.map(([first, last]) => [first, last]);
  const runs = columns.reduce<Array<[number, number]>>((found, column, i) => {
    if (!DATE_COLUMNS.has(column) && !MONEY_COLUMNS.has(column)) return found;
    const last = found[found.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else found.push([i, i]);
    return found;
  }, []);
  runsByColumns.set(columns, runs);
  return runs.map(([first, last]) => [first, last]);
}

export function numberFormatOf(payment: Payment, column: Column, money: MoneyConvention): string {
  return DATE_FORMATS[column] ?? amountFormat(payment, money);
}

/** A payment's cells in `columns`; `plainText(c)` says whether column index c of its row is formatted as Plain text. */
export function paymentCells(
  payment: Payment,
  columns: readonly Column[],
  toDate: (ms: number) => Date,
  plainText: (c: number) => boolean,
): unknown[] {
  const kinds = cellKindsOf(columns);
  const cells: unknown[] = new Array(columns.length);
  for (let c = 0; c < columns.length; c++) {
    const value = payment[columns[c]];
    cells[c] =
      value === null
        ? ''
        : kinds[c] === 'date'
          ? toDate(value as number)
          : kinds[c] === 'money'
            ? value
            : asTextCell(String(value), plainText(c));
  }
  return cells;
}

type CellKind = 'date' | 'money' | 'text';
const kindsByColumns = new WeakMap<readonly Column[], CellKind[]>();

/** What each column holds, worked out once per column list rather than per cell. */
function cellKindsOf(columns: readonly Column[]): CellKind[] {
  let kinds = kindsByColumns.get(columns);
  if (!kinds) {
    kinds = columns.map((column) => (DATE_COLUMNS.has(column) ? 'date' : MONEY_COLUMNS.has(column) ? 'money' : 'text'));
    kindsByColumns.set(columns, kinds);
  }
  return kinds;
}

/**
 * A row as the sheet shows it (its `columns` in their order), back into a payment; null for a row that is not one of
 * ours (blank, say). A column the sheet lacks reads as empty, or as `fixed` says: a sync of one provider that leaves
 * the `provider` column out still knows whose every row is.
 */
export function rowToPayment(row: unknown[], columns: readonly Column[], fixed: Partial<Payment> = {}): Payment | null {
  const record: Record<string, unknown> = {};
  columns.forEach((column, i) => (record[column] = row[i]));
  for (const [column, value] of Object.entries(fixed)) {
    if (record[column] === '' || record[column] === undefined) record[column] = value;
  }
  if (record.id === '' || record.id === undefined || record.provider === '' || record.provider === undefined) return null;
  const time = (value: unknown) => (isDate(value) ? value.getTime() : null);
  const number = (value: unknown) => (typeof value === 'number' ? value : null);
  return {
    provider: String(record.provider) as Payment['provider'],
    account: String(record.account ?? ''),
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

/** Equal in `columns`: a table that shows fewer columns is unchanged when those are. */
export function samePayment(a: Payment, b: Payment, columns: readonly Column[] = COLUMNS): boolean {
  return columns.every((column) => a[column] === b[column]);
}

/**
 * Column keys in the order wanted, as a formula's text ("date, Amount") or a request's list (["date", "amount"]),
 * matched in any case; null when none are given (every column). `argument` names it in errors.
 */
export function parseColumnKeys(value: unknown, argument: string): Column[] | null {
  if (value === undefined || value === null || value === '') return null;
  const listed = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value.flat() : null;
  if (!listed || listed.some((key) => typeof key !== 'string')) {
    throw new UserError(
      `${argument} must be a list of column keys like "date,amount,currency", not ${JSON.stringify(value)}. ${validColumns()}`,
    );
  }
  const keys = (listed as string[]).map((key) => key.trim().toLowerCase()).filter(Boolean);
  if (keys.length === 0) return null;
  const columns: Column[] = [];
  for (const key of keys) {
    const column = COLUMNS.find((known) => known === key);
    if (!column) throw new UserError(`Unknown column "${key}" in ${argument}. ${validColumns()}`);
    if (columns.includes(column)) throw new UserError(`${argument} lists "${key}" twice: list each column once.`);
    columns.push(column);
  }
  return columns;
}

function validColumns(): string {
  return `Use any of: ${COLUMNS.join(', ')}.`;
}

/** The columns a sync of several sources (accounts, providers) needs besides `id` to tell their rows apart. */
const SOURCE_COLUMNS: readonly string[] = ['provider', 'account'];

/**
 * The columns a sync writes: the chosen ones (all when it chose none), in their order, and first the ones it needs to
 * match its rows to payments if it left them out (`kept`): `id` always, and `provider`/`account` when it spans
 * several sources, as rows of two sources may share an id.
 */
export function syncColumns(chosen: readonly Column[] | null | undefined, spansSeveral: boolean): { columns: Column[]; kept: Column[] } {
  if (!chosen || chosen.length === 0) return { columns: [...COLUMNS], kept: [] };
  const matching = COLUMNS.filter((column) => column === 'id' || (spansSeveral && SOURCE_COLUMNS.includes(column)));
  const kept = matching.filter((column) => !chosen.includes(column));
  return { columns: [...kept, ...chosen], kept };
}
