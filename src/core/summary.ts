/**
 * Totals of payments by period and currency, for PAYMENTS_SUMMARY and a sync's summary sheet. Sums are kept as
 * decimals (big.js) from each payment's exact amount text, so 100,000 payments of 0.10 add up to 10,000 exactly:
 * adding doubles would drift by a cent long before that. Only the finished sums become numbers.
 */
import Big from 'big.js';
import { addDays, dayInZone, type DayKey } from './dates';
import { UserError } from './errors';
import type { Payment, PaymentStatus } from './payment';

export const SUMMARY_PERIODS = ['day', 'week', 'month', 'quarter', 'year', 'all'] as const;
export type SummaryPeriod = (typeof SUMMARY_PERIODS)[number];
export const DEFAULT_SUMMARY_PERIOD: SummaryPeriod = 'month';
/** Money that came in, and money that came in and went back: what totals count unless told otherwise. */
export const DEFAULT_SUMMARY_STATUSES: readonly PaymentStatus[] = ['succeeded', 'refunded'];
export const SUMMARY_HEADER = ['period', 'currency', 'payments', 'gross', 'refunded', 'net'] as const;
/** The period of payments without a readable date: they still count, in a row of their own, last. */
export const UNDATED_PERIOD = 'undated';

export interface SummaryRow {
  period: string;
  currency: string;
  payments: number;
  gross: number;
  refunded: number;
  net: number;
}

/** "" or absent → month; any case. */
export function parseSummaryPeriod(value: unknown): SummaryPeriod {
  if (value === undefined || value === null || value === '') return DEFAULT_SUMMARY_PERIOD;
  const name = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if ((SUMMARY_PERIODS as readonly string[]).includes(name)) return name as SummaryPeriod;
  throw new UserError(`period ${JSON.stringify(value)} is not a period. Use one of: ${SUMMARY_PERIODS.join(', ')} (default month).`);
}

/** ISO 8601 week of a day: weeks start on Monday, and a week belongs to the year of its Thursday (2027-01-01 is 2026-W53). */
export function isoWeekOf(day: DayKey): string {
  const [year, month, date] = day.split('-').map(Number);
  const weekday = new Date(Date.UTC(year, month - 1, date)).getUTCDay() || 7;
  const thursday = addDays(day, 4 - weekday);
  const thursdayYear = Number(thursday.slice(0, 4));
  const dayOfYear = (Date.parse(`${thursday}T00:00:00Z`) - Date.UTC(thursdayYear, 0, 1)) / 86_400_000;
  return `${thursdayYear}-W${String(Math.floor(dayOfYear / 7) + 1).padStart(2, '0')}`;
}

/** The period's key of a day: 2026-11-30, 2026-W49, 2026-11, 2026-Q4, 2026 or all. Keys of one kind sort by time. */
export function periodOfDay(day: DayKey, period: SummaryPeriod): string {
  switch (period) {
    case 'day':
      return day;
    case 'week':
      return isoWeekOf(day);
    case 'month':
      return day.slice(0, 7);
    case 'quarter':
      return `${day.slice(0, 4)}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
    case 'year':
      return day.slice(0, 4);
    case 'all':
      return 'all';
  }
}

/** Where a payment counts: by its own date, in the spreadsheet's zone (a refund counts where its payment does). */
export function periodOf(payment: Pick<Payment, 'date'>, period: SummaryPeriod, timeZone: string): string {
  if (period === 'all') return 'all';
  return payment.date === null ? UNDATED_PERIOD : periodOfDay(dayInZone(payment.date, timeZone), period);
}

/**
 * A payment's amount as an exact decimal: its amount text where it reads as one (the provider's own digits), else
 * the number, whose shortest text is the exact amount for any amount a currency's minor units can hold.
 */
function exactAmount(payment: Pick<Payment, 'amount' | 'amount_exact'>): Big {
  try {
    return new Big(payment.amount_exact);
  } catch {
    return new Big(String(payment.amount));
  }
}

/** What went back: the refunded amount where the provider sends one, else all of a refunded payment, else nothing. */
function refundedAmount(payment: Pick<Payment, 'status' | 'amount' | 'amount_exact' | 'refunded_amount'>, amount: Big): Big {
  if (typeof payment.refunded_amount === 'number') return new Big(String(payment.refunded_amount));
  return payment.status === 'refunded' ? amount : new Big(0);
}

interface Totals {
  period: string;
  currency: string;
  payments: number;
  gross: Big;
  refunded: Big;
}

/**
 * One row per period and currency, newest period first (undated last), currencies in alphabetical order within a
 * period. The payments are counted as given: choosing statuses and days is the caller's.
 */
export function summarize(payments: Iterable<Payment>, period: SummaryPeriod, timeZone: string): SummaryRow[] {
  const totals = new Map<string, Totals>();
  for (const payment of payments) {
    const key = periodOf(payment, period, timeZone);
    const currency = payment.currency.toUpperCase();
    const id = `${key}\u0000${currency}`;
    let entry = totals.get(id);
    if (!entry) totals.set(id, (entry = { period: key, currency, payments: 0, gross: new Big(0), refunded: new Big(0) }));
    const amount = exactAmount(payment);
    entry.payments += 1;
    entry.gross = entry.gross.plus(amount);
    entry.refunded = entry.refunded.plus(refundedAmount(payment, amount));
  }
  return [...totals.values()].sort(newestPeriodFirst).map((entry) => ({
    period: entry.period,
    currency: entry.currency,
    payments: entry.payments,
    gross: entry.gross.toNumber(),
    refunded: entry.refunded.toNumber(),
    net: entry.gross.minus(entry.refunded).toNumber(),
  }));
}

function newestPeriodFirst(a: Totals, b: Totals): number {
  const undated = Number(a.period === UNDATED_PERIOD) - Number(b.period === UNDATED_PERIOD);
  if (undated !== 0) return undated;
  if (a.period !== b.period) return a.period < b.period ? 1 : -1;
  return a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0;
}

/** The rows as cells under the header. */
export function summaryTable(rows: SummaryRow[]): Array<Array<string | number>> {
  return [[...SUMMARY_HEADER], ...rows.map((row) => SUMMARY_HEADER.map((column) => row[column]))];
}

/**
 * Net by period (oldest first, as a chart reads left to right) with a column per currency, for a chart: the header
 * `period, EUR, USD, …`, and 0 where a currency had nothing that period. Undated payments have no place on a time axis.
 */
export function netByPeriod(rows: SummaryRow[]): Array<Array<string | number>> {
  const dated = rows.filter((row) => row.period !== UNDATED_PERIOD);
  const currencies = [...new Set(dated.map((row) => row.currency))].sort();
  const periods = [...new Set(dated.map((row) => row.period))].sort();
  const net = new Map(dated.map((row) => [`${row.period}\u0000${row.currency}`, row.net]));
  return [
    ['period', ...currencies],
    ...periods.map((key) => [key, ...currencies.map((currency) => net.get(`${key}\u0000${currency}`) ?? 0)]),
  ];
}
