/**
 * Every currency where a provider counts money unlike ISO 4217, both ways: the wire amount → the table's amount,
 * refunded_amount and amount_exact, and → the number format the cell gets. Plus the ISO currencies that must not move.
 */
import auraDocs from '../fixtures/auraDocs.json';
import koteshenDocs from '../fixtures/koteshenDocs.json';
import uqualifyDocs from '../fixtures/uqualifyDocs.json';
import { currencyDecimals, decimalsOf, ISO_4217, iso4217Except, minorToDecimalText, minorToMajor } from '../../src/core/money';
import { COLUMNS, compactToPayment, paymentToCompact, type Payment } from '../../src/core/payment';
import { amountFormat } from '../../src/core/table';
import { planLayout } from '../../src/core/tableLayout';
import { readExistingTable } from '../../src/core/userColumns';
import { journalFor, switchTable } from '../../src/features/tableSwitch';
import type { SpreadsheetPlatform } from '../../src/platform/types';
import { PROVIDERS } from '../../src/providers/registry';
import { MemorySheet } from '../support/memorySheet';
import { aura } from '../../src/providers/aura';
import { koteshen } from '../../src/providers/koteshen';
import { uqualify } from '../../src/providers/uqualify';

const auraItem = (currency: string, amount: number, refunded = 0) => ({
  ...aura.toPayment({ ...auraDocs.page.data[0], id: `a-${currency}`, currency: currency.toLowerCase(), amount, refunded_amount: refunded }),
  account: 'Aura',
});
const koteshenItem = (currency: string, cents: number) => ({
  ...koteshen.toPayment({ ...koteshenDocs.page.data[0], id: `k-${currency}`, amount: { cents, currency_iso: currency } }),
  account: 'Koteshen',
});
const uqualifyItem = (currency: string, amount: string) => ({
  ...uqualify.toPayment({ ...uqualifyDocs.page.data.items[0], currency, amount }),
  account: 'Uqualify',
});

/** What a cell shows: the amounts, the exact text, and the format both money cells get. */
function shown(payment: Payment) {
  return {
    amount: payment.amount,
    refunded: payment.refunded_amount,
    exact: payment.amount_exact,
    format: amountFormat(payment, PROVIDERS.get(payment.provider).money),
  };
}

describe("Aura counts money by Stripe's table", () => {
  it.each([
    // currency, wire amount, wire refund → amount, refund, exact text, format
    ['ISK', 50000, 25000, 500, 250, '500.00', '#,##0.00'], // ISO 0 decimals; Stripe's API 2
    ['UGX', 50000, 100, 500, 1, '500.00', '#,##0.00'], // ISO 0; Stripe 2
    ['MGA', 50000, 20000, 50000, 20000, '50000', '#,##0'], // ISO 2; Stripe zero-decimal
    ['HUF', 50000, 1, 500, 0.01, '500.00', '#,##0.00'], // two-decimal for charges
    ['TWD', 50099, 99, 500.99, 0.99, '500.99', '#,##0.00'], // two-decimal for charges
    ['JPY', 5000, 5000, 5000, 5000, '5000', '#,##0'], // ISO, unchanged
    ['KWD', 12345, 2345, 12.345, 2.345, '12.345', '#,##0.000'], // ISO, unchanged
    ['USD', 5000, 0, 50, 0, '50.00', '#,##0.00'],
  ])('%s %d (refunded %d) → %d (refunded %d), "%s", %s', (currency, amount, refunded, major, refundedMajor, exact, format) => {
    expect(shown(auraItem(currency, amount, refunded))).toEqual({ amount: major, refunded: refundedMajor, exact, format });
  });

  it('says so on its adapter', () => {
    expect(['ISK', 'UGX', 'MGA', 'HUF', 'TWD', 'JPY', 'KWD', 'isk'].map((code) => aura.money.subunitsPerUnit(code))).toEqual([
      100, 100, 1, 100, 100, 1, 1000, 100,
    ]);
  });
});

describe("Koteshen counts cents by RubyMoney's table", () => {
  it.each([
    ['HUF', 50000, 50000, '50000', '#,##0'], // ISO 2; RubyMoney 1 subunit to the unit
    ['MGA', 50000, 50000, '50000', '#,##0'], // ISO 2; RubyMoney 1
    ['MRU', 50, 10, '10.0', '#,##0.0'], // ISO 2; RubyMoney 5: fifths
    ['MRU', 51, 10.2, '10.2', '#,##0.0'],
    ['MRU', 1, 0.2, '0.2', '#,##0.0'],
    ['MRU', -3, -0.6, '-0.6', '#,##0.0'],
    ['ISK', 500, 500, '500', '#,##0'], // RubyMoney follows ISO here, unlike Stripe
    ['UGX', 500, 500, '500', '#,##0'],
    ['TWD', 50099, 500.99, '500.99', '#,##0.00'],
    ['JPY', 5000, 5000, '5000', '#,##0'],
    ['KWD', 12345, 12.345, '12.345', '#,##0.000'],
  ])('%s cents %d → %d, "%s", %s', (currency, cents, major, exact, format) => {
    expect(shown(koteshenItem(currency, cents))).toEqual({ amount: major, refunded: null, exact, format });
  });

  it('writes fifths exactly: every amount equals the double its text parses to', () => {
    for (let cents = -500; cents <= 5000; cents++) {
      const payment = koteshenItem('MRU', cents);
      expect(payment.amount).toBe(Number(payment.amount_exact));
      expect(payment.amount_exact).toBe((cents / 5).toFixed(1));
    }
    // Past 2^53 / 2 a product of the fifths would leave the safe integers: the text stays exact all the same.
    expect(koteshenItem('MRU', Number.MAX_SAFE_INTEGER).amount_exact).toBe('1801439850948198.2');
  });
});

describe('Uqualify sends decimal text, unchanged', () => {
  it.each([
    ['ISK', '500', 500, '500', '#,##0'],
    ['HUF', '500', 500, '500', '#,##0.00'],
    ['MGA', '50000', 50000, '50000', '#,##0.00'],
    ['MRU', '10.2', 10.2, '10.2', '#,##0.00'],
    ['USD', '100', 100, '100', '#,##0.00'],
    ['ETH', '0.000123456789', 0.000123456789, '0.000123456789', '#,##0.000000000000'],
  ])('%s "%s" → %d, "%s", %s', (currency, amount, major, exact, format) => {
    expect(shown(uqualifyItem(currency, amount))).toEqual({ amount: major, refunded: null, exact, format });
  });
});

describe('conversions given a convention', () => {
  it('finds the decimals that write any count of subunits exactly', () => {
    expect([1, 5, 10, 100, 1000, 8, 20].map(decimalsOf)).toEqual([0, 1, 1, 2, 3, 3, 2]);
    expect(() => decimalsOf(3)).toThrow('A currency of 3 subunits to the unit cannot be written exactly in decimals.');
    expect(() => decimalsOf(0)).toThrow('A currency of 0 subunits');
    expect(() => decimalsOf(2.5)).toThrow('A currency of 2.5 subunits');
  });

  it('keeps ISO 4217 where a table lists nothing, case-insensitively', () => {
    const fifths = iso4217Except({ mru: 5 });
    expect(['MRU', 'mru', 'USD', 'JPY', 'KWD'].map((code) => fifths.subunitsPerUnit(code))).toEqual([5, 5, 100, 1, 1000]);
    expect(minorToMajor(51, 'MRU', fifths)).toBe(10.2);
    expect(minorToDecimalText(51, 'MRU', fifths)).toBe('10.2');
    expect(minorToDecimalText(51, 'MRU', ISO_4217)).toBe('0.51');
    expect(currencyDecimals('MRU', fifths)).toBe(1);
    expect(currencyDecimals('MRU', ISO_4217)).toBe(2);
  });
});

describe("a payment counted by its provider's table, through staging and back from the sheet", () => {
  const payments = [koteshenItem('MRU', 51), koteshenItem('HUF', 50000), auraItem('ISK', 50000), auraItem('MGA', 50000)];

  it('survives the compact form unchanged', () => {
    for (const payment of payments) expect(compactToPayment(JSON.parse(JSON.stringify(paymentToCompact(payment))))).toEqual(payment);
  });

  it('is formatted the same when read back, and not counted as updated', () => {
    const sheet = new MemorySheet('T');
    const switchTo = (list: Payment[]) => {
      const existing = readExistingTable('T', sheet.readValues(), (rows, column, columns) => sheet.readFormulas(rows, column, columns));
      const layout = planLayout(existing, list, COLUMNS);
      switchTable(
        { providers: PROVIDERS } as unknown as SpreadsheetPlatform,
        sheet,
        existing,
        layout,
        journalFor(existing, COLUMNS, 0),
        () => '',
      );
      return { existing, layout };
    };
    switchTo(payments);
    const amountFormats = () => sheet.readNumberFormats(2, COLUMNS.indexOf('amount') + 1, payments.length, 1).map(([format]) => format);
    const first = amountFormats();
    expect(first).toEqual(['#,##0.0', '#,##0', '#,##0.00', '#,##0']);
    const { existing } = switchTo(payments);
    const again = switchTo([...existing.paymentsByKey.values()]);
    expect(again.layout).toMatchObject({ added: 0, updated: 0, removed: { payments: [] } });
    expect(amountFormats()).toEqual(first);
  });
});
