/** A provider's id, as its adapter names it ("aura"): lower case, the key users type in formulas. */
export type ProviderId = string;

export const PAYMENT_STATUSES = ['succeeded', 'pending', 'failed', 'refunded', 'canceled', 'unknown'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** One payment in the add-on's schema, whatever provider it came from. Times are epoch milliseconds. */
export interface Payment {
  provider: ProviderId;
  /** The name of the user's account it came from ("Aura" for the default one): two accounts' ids never meet. */
  account: string;
  id: string;
  date: number | null;
  status: PaymentStatus;
  amount: number;
  currency: string;
  customer_name: string;
  customer_email: string;
  customer_id: string;
  reference: string;
  invoice_id: string;
  method: string;
  refunded_amount: number | null;
  created_at: number | null;
  amount_exact: string;
}

/** The table's columns, in order; the header row is exactly these keys. */
export const COLUMNS = [
  'provider',
  'account',
  'id',
  'date',
  'status',
  'amount',
  'currency',
  'customer_name',
  'customer_email',
  'customer_id',
  'reference',
  'invoice_id',
  'method',
  'refunded_amount',
  'created_at',
  'amount_exact',
] as const satisfies ReadonlyArray<keyof Payment>;

export type Column = (typeof COLUMNS)[number];
export const DATE_COLUMNS: ReadonlySet<Column> = new Set(['date', 'created_at']);
export const MONEY_COLUMNS: ReadonlySet<Column> = new Set(['amount', 'refunded_amount']);

export type CellValue = string | number | Date;

/** A payment as a row of cell values; `toDate` makes Dates in the caller's realm. */
export function paymentToRow(payment: Payment, toDate: (ms: number) => Date = (ms) => new Date(ms)): CellValue[] {
  return COLUMNS.map((column) => {
    const value = payment[column];
    if (value === null) return '';
    if (DATE_COLUMNS.has(column)) return toDate(value as number);
    return value;
  });
}

/** A payment as its provider's adapter reads it: which of the user's accounts it came from is the walk's to say. */
export type ProviderPayment = Omit<Payment, 'account'>;

/**
 * Newest first; payments without a date last; ties by id, then account and provider, so the order is stable across
 * pulls even where two accounts hold equal ids.
 */
export function compareNewestFirst(a: Payment, b: Payment): number {
  const byDate = (b.date ?? -Infinity) - (a.date ?? -Infinity);
  if (byDate !== 0 && !Number.isNaN(byDate)) return byDate;
  return descending(a.id, b.id) || descending(a.account, b.account) || descending(a.provider, b.provider);
}

function descending(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

/** A payment as a plain array in column order (dates as epoch ms): compact for caches and staging. */
export function paymentToCompact(payment: Payment): Array<Payment[Column]> {
  return COLUMNS.map((column) => payment[column]);
}

export function compactToPayment(values: ReadonlyArray<unknown>): Payment {
  const payment: Record<string, unknown> = {};
  COLUMNS.forEach((column, i) => (payment[column] = values[i]));
  return payment as unknown as Payment;
}
