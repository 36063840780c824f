/**
 * The simulators write amounts by the providers' real conventions (Aura: Stripe's table, Koteshen: RubyMoney's), and
 * draw the currencies where those depart from ISO 4217 only when asked, so the default data sets stay as they were.
 */
import {
  CONVENTION_CURRENCIES,
  createAuraSimulator,
  createKoteshenSimulator,
  CRYPTO_CURRENCIES,
  FIAT_CURRENCIES,
  generatePayments,
  rubyMoneyCents,
  stripeAmount,
} from '../../dev/simulators';

const NOW = Date.parse('2026-06-01T12:00:00Z');

describe('the currencies providers count unlike ISO 4217', () => {
  it('are drawn only when asked for', () => {
    expect(CONVENTION_CURRENCIES).toEqual(['ISK', 'UGX', 'MGA', 'HUF', 'TWD', 'MRU']);
    expect(FIAT_CURRENCIES).toEqual(['USD', 'EUR', 'GBP', 'JPY', 'KWD', 'BHD', 'KRW', 'CAD', 'AUD', 'CHF', 'SEK', 'INR']);
    expect(CRYPTO_CURRENCIES).toEqual(['USDC', 'WBTC', 'ETH']);
    const drawn = new Set(createAuraSimulator({ now: () => NOW, payments: 2000 }).payments.map((p) => p.currency));
    for (const code of CONVENTION_CURRENCIES) expect(drawn.has(code)).toBe(false);
  });

  it('come with amounts and refunds every provider can write whole', () => {
    const payments = generatePayments({ count: 1000, now: NOW, currencies: CONVENTION_CURRENCIES });
    expect(new Set(payments.map((p) => p.currency))).toEqual(new Set(CONVENTION_CURRENCIES));
    const step: Record<string, number> = { MGA: 100, HUF: 100, MRU: 20 };
    for (const p of payments) {
      expect(p.amountMinor % (step[p.currency] ?? 1)).toBe(0);
      expect(p.refundedMinor % (step[p.currency] ?? 1)).toBe(0);
      expect(Number.isSafeInteger(stripeAmount(p.amountMinor, p.currency))).toBe(true);
      expect(Number.isSafeInteger(rubyMoneyCents(p.refundedMinor, p.currency))).toBe(true);
    }
    expect(payments.some((p) => p.refundedMinor > 0 && p.refundedMinor < p.amountMinor && p.currency in step)).toBe(true);
  });

  it('are offered by a simulator given `currencies`, and by addPayment given a currency alone', () => {
    const sim = createKoteshenSimulator({ now: () => NOW, payments: 30, currencies: ['MRU', 'HUF'] });
    expect(new Set(sim.payments.map((p) => p.currency))).toEqual(new Set(['MRU', 'HUF']));
    const mga = sim.addPayment({ currency: 'MGA' });
    expect(mga.currency).toBe('MGA');
    expect(mga.amountMinor % 100).toBe(0);
    expect(mga.amountMinor).toBeGreaterThan(100 * 100); // priced like the others: more than 100 MGA
  });

  it('leave the stream after a payment added in a chosen currency as it was', () => {
    const plain = createAuraSimulator({ now: () => NOW, payments: 5 });
    const chosen = createAuraSimulator({ now: () => NOW, payments: 5 });
    plain.addPayment();
    chosen.addPayment({ currency: 'ISK' });
    expect(chosen.addPayment()).toEqual(plain.addPayment());
  });
});

describe("Aura writes Stripe's minor units", () => {
  it.each([
    ['ISK', 500, 50000], // 500 ISK: two-decimal in Stripe's API
    ['UGX', 500, 50000],
    ['MGA', 5_000_000, 50000], // 50,000 MGA: zero-decimal
    ['HUF', 50_000, 50000], // 500 HUF: two-decimal for charges
    ['TWD', 50_099, 50099],
    ['JPY', 5000, 5000],
    ['KWD', 12_345, 12345],
    ['USD', 5000, 5000],
  ])('%s %d ISO minor units → amount %d', (currency, minor, amount) => {
    const sim = createAuraSimulator({ now: () => NOW, payments: 0 });
    const payment = sim.refundPayment(sim.addPayment({ currency, amountMinor: minor }).id);
    expect(sim.renderItem(payment)).toMatchObject({ amount, refunded_amount: amount, currency: currency.toLowerCase() });
  });

  it('refuses an amount Stripe cannot write', () => {
    expect(() => stripeAmount(1, 'MGA')).toThrow('Simulator cannot write 1 MGA minor units in whole subunits of 1 to the unit');
  });
});

describe("Koteshen writes RubyMoney's subunits as cents", () => {
  it.each([
    ['HUF', 5_000_000, 50000], // 50,000 HUF: 1 subunit to the unit
    ['MGA', 5_000_000, 50000],
    ['MRU', 1000, 50], // 10 MRU: fifths
    ['MRU', 1020, 51],
    ['ISK', 500, 500],
    ['UGX', 500, 500],
    ['TWD', 50_099, 50099],
    ['JPY', 5000, 5000],
    ['KWD', 12_345, 12345],
  ])('%s %d ISO minor units → cents %d', (currency, minor, cents) => {
    const sim = createKoteshenSimulator({ now: () => NOW, payments: 0 });
    expect(sim.renderItem(sim.addPayment({ currency, amountMinor: minor }))).toMatchObject({ amount: { cents, currency_iso: currency } });
  });

  it('refuses an amount RubyMoney cannot write', () => {
    expect(() => rubyMoneyCents(1010, 'MRU')).toThrow('Simulator cannot write 1010 MRU minor units in whole subunits of 5 to the unit');
  });
});
