/**
 * The summary's pure aggregation: period keys (ISO weeks across year ends, quarters, the spreadsheet's zone), refunds
 * with and without refunded_amount, currencies counted in 0, 2 and 3 decimals and Koteshen's MRU fifths, and sums that
 * stay exact over 100,000 payments.
 */
import auraDocs from '../fixtures/auraDocs.json';
import koteshenDocs from '../fixtures/koteshenDocs.json';
import uqualifyDocs from '../fixtures/uqualifyDocs.json';
import type { Payment, PaymentStatus } from '../../src/core/payment';
import { UserError } from '../../src/core/errors';
import {
  isoWeekOf,
  netByPeriod,
  parseSummaryPeriod,
  periodOf,
  periodOfDay,
  summarize,
  summaryTable,
  SUMMARY_HEADER,
  UNDATED_PERIOD,
} from '../../src/core/summary';
import { aura } from '../../src/providers/aura';
import { koteshen } from '../../src/providers/koteshen';
import { uqualify } from '../../src/providers/uqualify';

const at = (iso: string) => Date.parse(iso);

const auraPayment = (
  id: string,
  currency: string,
  amount: number,
  options: { refunded?: number | null; status?: PaymentStatus; date?: string } = {},
): Payment => ({
  account: 'Aura',
  ...aura.toPayment({
    ...auraDocs.page.data[0],
    id,
    currency: currency.toLowerCase(),
    amount,
    ...(options.refunded === undefined ? {} : { refunded_amount: options.refunded }),
  }),
  ...(options.status ? { status: options.status } : {}),
  ...(options.date ? { date: at(options.date) } : {}),
});
const koteshenPayment = (id: string, currency: string, cents: number, date: string): Payment => ({
  account: 'Koteshen',
  ...koteshen.toPayment({ ...koteshenDocs.page.data[0], id, amount: { cents, currency_iso: currency } }),
  date: at(date),
});
const uqualifyPayment = (id: string, currency: string, amount: string, date: string, status?: PaymentStatus): Payment => ({
  account: 'Uqualify',
  ...uqualify.toPayment({ ...uqualifyDocs.page.data.items[0], id, currency, amount }),
  date: at(date),
  ...(status ? { status } : {}),
});

describe('period keys', () => {
  it.each([
    ['2026-11-30', '2026-W49'], // a Monday starts a week
    ['2026-11-29', '2026-W48'], // the Sunday before ends the one before
    ['2026-12-31', '2026-W53'], // 2026 has 53 weeks (it starts on a Thursday)
    ['2027-01-03', '2026-W53'], // and its last week runs into January
    ['2027-01-04', '2027-W01'],
    ['2025-12-29', '2026-W01'], // a week belongs to the year of its Thursday
    ['2024-12-30', '2025-W01'],
    ['2021-01-03', '2020-W53'],
    ['2026-01-01', '2026-W01'],
  ])('%s is ISO week %s', (day, week) => {
    expect(isoWeekOf(day)).toBe(week);
  });

  it.each([
    ['day', '2026-11-30'],
    ['week', '2026-W49'],
    ['month', '2026-11'],
    ['quarter', '2026-Q4'],
    ['year', '2026'],
    ['all', 'all'],
  ] as const)('a %s key reads %s', (period, key) => {
    expect(periodOfDay('2026-11-30', period)).toBe(key);
  });

  it.each([
    ['2026-01-01', '2026-Q1'],
    ['2026-03-31', '2026-Q1'],
    ['2026-04-01', '2026-Q2'],
    ['2026-06-30', '2026-Q2'],
    ['2026-07-01', '2026-Q3'],
    ['2026-09-30', '2026-Q3'],
    ['2026-10-01', '2026-Q4'],
    ['2026-12-31', '2026-Q4'],
  ])('%s is in %s', (day, quarter) => {
    expect(periodOfDay(day, 'quarter')).toBe(quarter);
  });

  it('reads the day in the spreadsheet time zone, not UTC', () => {
    const payment = { date: at('2026-12-31T23:30:00Z') };
    expect(periodOf(payment, 'month', 'UTC')).toBe('2026-12');
    expect(periodOf(payment, 'year', 'Asia/Tokyo')).toBe('2027');
    expect(periodOf(payment, 'week', 'Asia/Tokyo')).toBe('2026-W53');
    expect(periodOf({ date: at('2026-04-01T03:00:00Z') }, 'quarter', 'America/New_York')).toBe('2026-Q1');
  });

  it('puts undated payments in a period of their own, except under "all"', () => {
    expect(periodOf({ date: null }, 'month', 'UTC')).toBe(UNDATED_PERIOD);
    expect(periodOf({ date: null }, 'all', 'UTC')).toBe('all');
  });

  it('reads the period argument in any case, defaults to month and names the valid values otherwise', () => {
    expect(parseSummaryPeriod(undefined)).toBe('month');
    expect(parseSummaryPeriod('')).toBe('month');
    expect(parseSummaryPeriod(' Quarter ')).toBe('quarter');
    expect(() => parseSummaryPeriod('fortnight')).toThrow(
      new UserError('period "fortnight" is not a period. Use one of: day, week, month, quarter, year, all (default month).'),
    );
    expect(() => parseSummaryPeriod(7)).toThrow(/^period 7 is not a period\. Use one of: day, week/);
  });
});

describe('summarize', () => {
  it('counts refunds by refunded_amount where the provider sends it, else the whole amount of a refunded payment', () => {
    const payments = [
      auraPayment('partly', 'USD', 10_000, { refunded: 2_550, date: '2026-11-03T10:00:00Z' }),
      auraPayment('wholly', 'USD', 4_000, { refunded: 4_000, status: 'refunded', date: '2026-11-04T10:00:00Z' }),
      auraPayment('kept', 'USD', 1_000, { refunded: 0, date: '2026-11-05T10:00:00Z' }),
      uqualifyPayment('u-refunded', 'USD', '12.34', '2026-11-06T10:00:00Z', 'refunded'),
      uqualifyPayment('u-paid', 'USD', '7.66', '2026-11-07T10:00:00Z', 'succeeded'),
    ];
    expect(summarize(payments, 'month', 'UTC')).toEqual([
      { period: '2026-11', currency: 'USD', payments: 5, gross: 170, refunded: 77.84, net: 92.16 },
    ]);
  });

  it("counts a refund in its payment's period, however late it came", () => {
    const refundedLater = { ...auraPayment('r', 'EUR', 5_000, { refunded: 5_000, status: 'refunded', date: '2026-10-31T12:00:00Z' }) };
    const rows = summarize([refundedLater, auraPayment('n', 'EUR', 1_000, { date: '2026-11-02T12:00:00Z' })], 'month', 'UTC');
    expect(rows.map((row) => [row.period, row.refunded])).toEqual([
      ['2026-11', 0],
      ['2026-10', 50],
    ]);
  });

  it("sums currencies of 0, 2 and 3 decimals and Koteshen's MRU fifths exactly, each apart", () => {
    const payments = [
      auraPayment('jpy1', 'JPY', 1_999, { date: '2026-11-01T00:00:00Z' }),
      auraPayment('jpy2', 'JPY', 1, { date: '2026-11-02T00:00:00Z' }),
      auraPayment('kwd1', 'KWD', 12_345, { date: '2026-11-01T00:00:00Z' }),
      auraPayment('kwd2', 'KWD', 1, { refunded: 1, date: '2026-11-02T00:00:00Z' }),
      auraPayment('usd1', 'USD', 10, { date: '2026-11-01T00:00:00Z' }),
      auraPayment('usd2', 'USD', 20, { date: '2026-11-01T00:00:00Z' }),
      koteshenPayment('mru1', 'MRU', 51, '2026-11-01T00:00:00Z'), // 51 fifths: 10.2 MRU
      koteshenPayment('mru2', 'MRU', 2, '2026-11-03T00:00:00Z'), // 0.4 MRU
      koteshenPayment('huf', 'HUF', 50_000, '2026-11-03T00:00:00Z'), // RubyMoney counts HUF whole: 50,000 HUF
    ];
    const rows = summarize(payments, 'month', 'UTC');
    const by = (currency: string) => rows.find((row) => row.currency === currency)!;
    expect(rows.map((row) => row.currency)).toEqual(['HUF', 'JPY', 'KWD', 'MRU', 'USD']);
    expect(by('JPY')).toMatchObject({ payments: 2, gross: 2_000, net: 2_000 });
    expect(by('KWD')).toMatchObject({ gross: 12.346, refunded: 0.001, net: 12.345 });
    expect(by('USD').gross).toBe(0.3); // 0.1 + 0.2 in doubles is 0.30000000000000004
    expect(by('MRU')).toMatchObject({ payments: 2, gross: 10.6, net: 10.6 });
    expect(by('HUF').gross).toBe(50_000);
  });

  it('stays exact to the cent over 100,000 payments', () => {
    const payments: Payment[] = [];
    const day = at('2026-11-15T12:00:00Z');
    const dime = { ...auraPayment('dime', 'USD', 10, { refunded: 0 }), date: day };
    const refundedDime = { ...auraPayment('part', 'USD', 10, { refunded: 3 }), date: day };
    for (let i = 0; i < 100_000; i++) payments.push({ ...(i % 10 === 0 ? refundedDime : dime), id: `p${i}` });
    let drifting = 0;
    for (const payment of payments) drifting += payment.amount;
    expect(drifting).not.toBe(10_000); // what adding doubles gives
    expect(summarize(payments, 'all', 'UTC')).toEqual([
      { period: 'all', currency: 'USD', payments: 100_000, gross: 10_000, refunded: 300, net: 9_700 },
    ]);
  });

  it("keeps Uqualify's extra decimals rather than rounding them away", () => {
    const rows = summarize(
      [uqualifyPayment('a', 'USD', '0.105', '2026-11-01T00:00:00Z'), uqualifyPayment('b', 'USD', '0.2', '2026-11-01T00:00:00Z')],
      'all',
      'UTC',
    );
    expect(rows[0].gross).toBe(0.305);
  });

  it('lists newest period first, undated last, currencies alphabetically within a period', () => {
    const payments = [
      auraPayment('a', 'USD', 100, { date: '2026-01-10T00:00:00Z' }),
      auraPayment('b', 'EUR', 100, { date: '2026-12-10T00:00:00Z' }),
      auraPayment('c', 'USD', 100, { date: '2026-12-11T00:00:00Z' }),
      { ...auraPayment('d', 'USD', 100), date: null },
      auraPayment('e', 'USD', 100, { date: '2025-12-31T00:00:00Z' }),
    ];
    expect(summarize(payments, 'quarter', 'UTC').map((row) => `${row.period} ${row.currency}`)).toEqual([
      '2026-Q4 EUR',
      '2026-Q4 USD',
      '2026-Q1 USD',
      '2025-Q4 USD',
      `${UNDATED_PERIOD} USD`,
    ]);
    expect(summarize([], 'month', 'UTC')).toEqual([]);
  });

  it('makes the header and rows of cells, and a net-by-period grid for the chart, oldest first, 0 where nothing came in', () => {
    const rows = summarize(
      [
        auraPayment('a', 'USD', 1_000, { date: '2026-10-10T00:00:00Z' }),
        auraPayment('b', 'EUR', 2_000, { refunded: 500, date: '2026-11-10T00:00:00Z' }),
        { ...auraPayment('c', 'GBP', 100), date: null },
      ],
      'month',
      'UTC',
    );
    expect(summaryTable(rows)).toEqual([
      [...SUMMARY_HEADER],
      ['2026-11', 'EUR', 1, 20, 5, 15],
      ['2026-10', 'USD', 1, 10, 0, 10],
      [UNDATED_PERIOD, 'GBP', 1, 1, 0, 1],
    ]);
    expect(netByPeriod(rows)).toEqual([
      ['period', 'EUR', 'USD'],
      ['2026-10', 0, 10],
      ['2026-11', 15, 0],
    ]);
  });
});
