/**
 * The built add-on on the local runtime, against simulators that write amounts by the providers' real conventions
 * (Aura: Stripe's table, Koteshen: RubyMoney's): a sync and =PAYMENTS show every amount right, formatted to match.
 */
import { loadAddOn } from '../../dev/addOn';
import { CONVENTION_CURRENCIES, currencyExponent, type SimPayment } from '../../dev/simulators';
import { COLUMNS } from '../../src/core/payment';

type AddOn = ReturnType<typeof loadAddOn>;
type Provider = 'aura' | 'koteshen';

const AMOUNT = COLUMNS.indexOf('amount');
const REFUNDED = COLUMNS.indexOf('refunded_amount');
const EXACT = COLUMNS.indexOf('amount_exact');
const CURRENCY = COLUMNS.indexOf('currency');
const ID = COLUMNS.indexOf('id');

/** One payment a day from 2026-06-01 on, in the order given; the table lists them newest first. */
function addPayments(addOn: AddOn, provider: Provider, payments: Array<Partial<SimPayment>>): void {
  payments.forEach((payment, i) => {
    const at = Date.parse(`2026-06-${String(i + 1).padStart(2, '0')}T10:00:00Z`);
    addOn.sims[provider].addPayment({ status: 'succeeded', occurredAt: at, createdAt: at, ...payment });
  });
}

/** Per row, oldest first: currency, amount, refunded_amount, amount_exact and the amount cell's number format. */
function syncedRows(addOn: AddOn, provider: Provider) {
  addOn.connect(provider);
  const result = addOn.rt.run('syncPayments', [{ provider, sheetName: provider, range: 'all_time' }]) as Record<string, unknown>;
  expect(result).toMatchObject({ status: 'done' });
  const sheet = addOn.rt.spreadsheet.sheet(provider);
  const formats = sheet.numberFormats();
  return sheet
    .values()
    .map((row: unknown[], r: number) => [
      row[CURRENCY],
      row[AMOUNT],
      row[REFUNDED],
      row[EXACT],
      formats[r]?.[AMOUNT],
      formats[r]?.[REFUNDED],
    ])
    .slice(1)
    .filter((row: unknown[]) => row[0] !== '')
    .reverse();
}

function formulaRows(addOn: AddOn, provider: Provider) {
  addOn.rt.setCell('Sheet1', 'A1', `=PAYMENTS("${provider}")`);
  expect(addOn.rt.spreadsheet.cellError('Sheet1', 'A1')?.message ?? null).toBeNull();
  return addOn.rt.spreadsheet
    .sheet('Sheet1')
    .values()
    .slice(1)
    .filter((row: unknown[]) => row[0] !== '')
    .map((row: unknown[]) => [row[CURRENCY], row[AMOUNT], row[EXACT]])
    .reverse();
}

describe("Aura: amounts by Stripe's table", () => {
  // Neutral amounts are ISO minor units: 500 ISK (0 decimals), 50,000 MGA (2 decimals).
  const payments: Array<Partial<SimPayment>> = [
    { currency: 'ISK', amountMinor: 500, refundedMinor: 250, refundedAt: Date.parse('2026-06-20T00:00:00Z') },
    { currency: 'UGX', amountMinor: 500 },
    { currency: 'MGA', amountMinor: 5_000_000 },
    { currency: 'HUF', amountMinor: 50_000 },
    { currency: 'TWD', amountMinor: 50_099 },
    { currency: 'JPY', amountMinor: 5000 },
    { currency: 'KWD', amountMinor: 12_345 },
  ];

  it("are sent in Stripe's minor units", () => {
    const addOn = loadAddOn({ simulators: { payments: 0 } });
    addPayments(addOn, 'aura', payments);
    const wire = addOn.sims.aura.payments.map(
      (p) => addOn.sims.aura.renderItem(p) as { currency: string; amount: number; refunded_amount: number },
    );
    expect(wire.map(({ currency, amount, refunded_amount }) => [currency, amount, refunded_amount])).toEqual([
      ['isk', 50000, 25000],
      ['ugx', 50000, 0],
      ['mga', 50000, 0],
      ['huf', 50000, 0],
      ['twd', 50099, 0],
      ['jpy', 5000, 0],
      ['kwd', 12345, 0],
    ]);
  });

  it('sync into amounts, refunds and formats that follow the table', () => {
    const addOn = loadAddOn({ simulators: { payments: 0 } });
    addPayments(addOn, 'aura', payments);
    expect(syncedRows(addOn, 'aura')).toEqual([
      ['ISK', 500, 250, '500.00', '#,##0.00', '#,##0.00'],
      ['UGX', 500, 0, '500.00', '#,##0.00', '#,##0.00'],
      ['MGA', 50000, 0, '50000', '#,##0', '#,##0'],
      ['HUF', 500, 0, '500.00', '#,##0.00', '#,##0.00'],
      ['TWD', 500.99, 0, '500.99', '#,##0.00', '#,##0.00'],
      ['JPY', 5000, 0, '5000', '#,##0', '#,##0'],
      ['KWD', 12.345, 0, '12.345', '#,##0.000', '#,##0.000'],
    ]);
  });

  it('show the same amounts in =PAYMENTS', () => {
    const addOn = loadAddOn({ simulators: { payments: 0 } });
    addPayments(addOn, 'aura', payments);
    addOn.connect('aura');
    expect(formulaRows(addOn, 'aura')).toEqual([
      ['ISK', 500, '500.00'],
      ['UGX', 500, '500.00'],
      ['MGA', 50000, '50000'],
      ['HUF', 500, '500.00'],
      ['TWD', 500.99, '500.99'],
      ['JPY', 5000, '5000'],
      ['KWD', 12.345, '12.345'],
    ]);
  });
});

describe("Koteshen: cents by RubyMoney's table", () => {
  const payments: Array<Partial<SimPayment>> = [
    { currency: 'HUF', amountMinor: 5_000_000 }, // 50,000 HUF
    { currency: 'MGA', amountMinor: 5_000_000 },
    { currency: 'MRU', amountMinor: 1000 }, // 10 MRU: 50 fifths
    { currency: 'MRU', amountMinor: 1020 }, // 10.20 MRU: 51 fifths
    { currency: 'ISK', amountMinor: 500 },
    { currency: 'JPY', amountMinor: 5000 },
    { currency: 'KWD', amountMinor: 12_345 },
  ];

  it("are sent as RubyMoney's subunits", () => {
    const addOn = loadAddOn({ simulators: { payments: 0 } });
    addPayments(addOn, 'koteshen', payments);
    const wire = addOn.sims.koteshen.payments.map((p) => (addOn.sims.koteshen.renderItem(p) as { amount: object }).amount);
    expect(wire).toEqual([
      { cents: 50000, currency_iso: 'HUF' },
      { cents: 50000, currency_iso: 'MGA' },
      { cents: 50, currency_iso: 'MRU' },
      { cents: 51, currency_iso: 'MRU' },
      { cents: 500, currency_iso: 'ISK' },
      { cents: 5000, currency_iso: 'JPY' },
      { cents: 12345, currency_iso: 'KWD' },
    ]);
  });

  it('sync into amounts and formats that follow the table, fifths exactly', () => {
    const addOn = loadAddOn({ simulators: { payments: 0 } });
    addPayments(addOn, 'koteshen', payments);
    expect(syncedRows(addOn, 'koteshen')).toEqual([
      ['HUF', 50000, '', '50000', '#,##0', '#,##0'],
      ['MGA', 50000, '', '50000', '#,##0', '#,##0'],
      ['MRU', 10, '', '10.0', '#,##0.0', '#,##0.0'],
      ['MRU', 10.2, '', '10.2', '#,##0.0', '#,##0.0'],
      ['ISK', 500, '', '500', '#,##0', '#,##0'],
      ['JPY', 5000, '', '5000', '#,##0', '#,##0'],
      ['KWD', 12.345, '', '12.345', '#,##0.000', '#,##0.000'],
    ]);
  });

  it('show the same amounts in =PAYMENTS', () => {
    const addOn = loadAddOn({ simulators: { payments: 0 } });
    addPayments(addOn, 'koteshen', payments);
    addOn.connect('koteshen');
    expect(formulaRows(addOn, 'koteshen')).toEqual([
      ['HUF', 50000, '50000'],
      ['MGA', 50000, '50000'],
      ['MRU', 10, '10.0'],
      ['MRU', 10.2, '10.2'],
      ['ISK', 500, '500'],
      ['JPY', 5000, '5000'],
      ['KWD', 12.345, '12.345'],
    ]);
  });
});

describe.each(['aura', 'koteshen'] as Provider[])('%s, a generated set in every convention currency', (provider) => {
  it("shows each payment's own amount, and a second sync finds nothing updated", () => {
    const addOn = loadAddOn({ simulators: { payments: 60, currencies: CONVENTION_CURRENCIES } });
    const rows = syncedRows(addOn, provider);
    const sim = addOn.sims[provider];
    const listed = sim.listedPayments();
    expect(new Set(listed.map((p) => p.currency))).toEqual(new Set(CONVENTION_CURRENCIES));
    const sheet = addOn.rt.spreadsheet.sheet(provider).values().slice(1);
    const byId = new Map(sheet.map((row: unknown[]) => [String(row[ID]), row]));
    for (const payment of listed) {
      const row = byId.get(String(sim.wireId(payment))) as unknown[];
      expect([row[CURRENCY], row[AMOUNT]]).toEqual([payment.currency, payment.amountMinor / 10 ** currencyExponent(payment.currency)]);
    }
    expect(rows).toHaveLength(listed.length);
    const again = addOn.rt.run('syncPayments', [{ provider, sheetName: provider, range: 'all_time', full: true }]) as Record<
      string,
      unknown
    >;
    expect(again).toMatchObject({ status: 'done', added: 0, updated: 0, removed: 0 });
  });
});
