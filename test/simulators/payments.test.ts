import {
  createAuraSimulator,
  createKoteshenSimulator,
  createUqualifySimulator,
  currencyExponent,
  formatMajor,
  generatePayments,
  HOSTILE_CUSTOMER_NAMES,
  UNICODE_CUSTOMER_NAMES,
} from '../../dev/simulators';
import { counts, virtualClock } from './helpers';

const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const DAY = 86_400_000;

describe('generatePayments', () => {
  it('is deterministic: the same seed gives identical data, another seed different data', () => {
    const a = generatePayments({ count: 500, seed: 7, now: NOW });
    const b = generatePayments({ count: 500, seed: 7, now: NOW });
    const c = generatePayments({ count: 500, seed: 8, now: NOW });
    expect(b).toEqual(a);
    expect(c.map((p) => p.amountMinor)).not.toEqual(a.map((p) => p.amountMinor));
    expect(a[0].id).toBe('pay_7_1');
    expect(c[0].id).toBe('pay_8_1');
  });

  it('gives the three providers different data for one seed, and the same data for the same seed', () => {
    const clock = virtualClock();
    const make = () => [
      createAuraSimulator({ now: clock.now, seed: 4, payments: 50 }),
      createKoteshenSimulator({ now: clock.now, seed: 4, payments: 50 }),
      createUqualifySimulator({ now: clock.now, seed: 4, payments: 50 }),
    ];
    const [aura, koteshen, uqualify] = make();
    const again = make();
    expect(again[0].payments).toEqual(aura.payments);
    expect(again[2].payments).toEqual(uqualify.payments);
    const times = (sim: typeof aura) => sim.payments.map((p) => p.createdAt);
    expect(times(koteshen)).not.toEqual(times(aura));
    expect(times(uqualify)).not.toEqual(times(aura));
    expect(aura.payments[0].id).toBe('aura_4_1');
  });

  it('numbers payments 1…n in creation order, with consistent times inside the span', () => {
    const payments = generatePayments({ count: 3000, now: NOW, spanDays: 90 });
    expect(payments.map((p) => p.seq)).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
    expect(new Set(payments.map((p) => p.id)).size).toBe(3000);
    for (let i = 1; i < payments.length; i++) expect(payments[i].createdAt).toBeGreaterThanOrEqual(payments[i - 1].createdAt);
    for (const p of payments) {
      expect(p.occurredAt).toBeGreaterThanOrEqual(NOW - 91 * DAY);
      expect(p.createdAt).toBeGreaterThanOrEqual(p.occurredAt);
      expect(p.createdAt).toBeLessThanOrEqual(NOW);
      expect(p.updatedAt).toBeGreaterThanOrEqual(p.createdAt);
      expect(p.updatedAt).toBeLessThanOrEqual(NOW);
      expect(Number.isSafeInteger(p.amountMinor) && p.amountMinor > 0).toBe(true);
      if (p.method === 'cash') expect(p.occurredAt % DAY).toBe(0);
    }
  });

  it('is realistic: mostly succeeded, some failed, pending and refunded; refunds consistent', () => {
    const payments = generatePayments({ count: 5000, now: NOW });
    const byStatus = counts(payments.map((p) => p.status));
    expect(byStatus.get('succeeded')! / 5000).toBeGreaterThan(0.75);
    expect(byStatus.get('succeeded')! / 5000).toBeLessThan(0.85);
    for (const status of ['failed', 'pending', 'refunded', 'canceled', 'processing'] as const) {
      expect(byStatus.get(status)).toBeGreaterThan(10);
    }
    for (const p of payments) {
      if (p.status === 'refunded') expect(p.refundedMinor).toBe(p.amountMinor);
      else if (p.status !== 'succeeded') expect(p.refundedMinor).toBe(0);
      expect(p.refundedAt === null).toBe(p.refundedMinor === 0);
      if (p.refundedAt !== null) expect(p.refundedAt).toBeGreaterThanOrEqual(p.createdAt);
    }
    expect(payments.some((p) => p.status === 'succeeded' && p.refundedMinor > 0 && p.refundedMinor < p.amountMinor)).toBe(true);
  });

  it('includes JPY, KWD and every hostile and unicode name even in a small set', () => {
    const payments = generatePayments({ count: 20, now: NOW });
    const currencies = new Set(payments.map((p) => p.currency));
    expect(currencies.has('JPY')).toBe(true);
    expect(currencies.has('KWD')).toBe(true);
    const names = new Set(payments.map((p) => p.customerName));
    for (const name of [...HOSTILE_CUSTOMER_NAMES, ...UNICODE_CUSTOMER_NAMES]) expect(names.has(name)).toBe(true);
    expect(HOSTILE_CUSTOMER_NAMES).toEqual(['=HYPERLINK("http://evil","x")', '+SUM(1,2)', '@x', '-1+2', "'quoted", '00123']);
    expect(UNICODE_CUSTOMER_NAMES).toContain('Zoë Ångström');
    expect(UNICODE_CUSTOMER_NAMES).toContain('山田太郎');
  });

  it('prices every currency like the others, in its own minor units', () => {
    const payments = generatePayments({ count: 20_000, now: NOW });
    const median = (code: string) => {
      const amounts = payments
        .filter((p) => p.currency === code)
        .map((p) => p.amountMinor / 10 ** currencyExponent(code))
        .sort((a, b) => a - b);
      return amounts[Math.floor(amounts.length / 2)];
    };
    expect(median('USD')).toBeGreaterThan(20);
    expect(median('USD')).toBeLessThan(300);
    expect(median('JPY') / median('USD')).toBeGreaterThan(50);
    expect(median('KWD') / median('USD')).toBeLessThan(1);
    for (const p of payments.filter((x) => x.currency === 'JPY')) expect(Number.isInteger(p.amountMinor)).toBe(true);
  });

  it('draws only the currencies asked for, and refuses unknown ones', () => {
    const payments = generatePayments({ count: 300, now: NOW, currencies: ['ETH', 'USD'] });
    expect([...new Set(payments.map((p) => p.currency))].sort()).toEqual(['ETH', 'USD']);
    for (const p of payments.filter((x) => x.currency === 'ETH')) {
      expect(p.method).toBe('crypto');
      expect(Number.isSafeInteger(p.amountMinor)).toBe(true);
    }
    expect(() => generatePayments({ count: 1, now: NOW, currencies: ['XYZ'] })).toThrow('Simulator has no data for currency XYZ');
    expect(currencyExponent('jpy')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('ETH')).toBe(18);
  });

  it('formats minor units as exact decimal strings', () => {
    expect(formatMajor(10000, 2)).toBe('100.00');
    expect(formatMajor(7, 2)).toBe('0.07');
    expect(formatMajor(5000, 0)).toBe('5000');
    expect(formatMajor(12345, 3)).toBe('12.345');
    expect(formatMajor(123456789000000, 18, true)).toBe('0.000123456789');
    expect(formatMajor(4123456789123456, 18, true)).toBe('0.004123456789123456');
    expect(formatMajor(100000000, 8, true)).toBe('1');
  });
});

describe('payment helpers', () => {
  it('adds, updates, refunds and deletes payments, and keeps records frozen', () => {
    const clock = virtualClock('2025-06-01T12:00:00.000Z');
    const sim = createAuraSimulator({ now: clock.now, payments: 10 });
    const added = sim.addPayment({ amountMinor: 1000, currency: 'USD' });
    expect(added).toMatchObject({
      seq: 11,
      id: 'aura_1_11',
      status: 'succeeded',
      createdAt: clock.t,
      updatedAt: clock.t,
      refundedMinor: 0,
    });
    expect(sim.payments).toHaveLength(11);
    expect(Object.isFrozen(added)).toBe(true);

    clock.advance(1000);
    const partial = sim.refundPayment(added.id, 400);
    expect(partial).toMatchObject({ status: 'succeeded', refundedMinor: 400, refundedAt: clock.t, updatedAt: clock.t });
    const full = sim.refundPayment(added.id);
    expect(full).toMatchObject({ status: 'refunded', refundedMinor: 1000 });
    expect(() => sim.refundPayment(added.id)).toThrow('Cannot refund 0 of payment aura_1_11: 0 is refundable');

    clock.advance(1000);
    expect(sim.updatePayment(added.id, { customerName: 'Renamed' })).toMatchObject({
      customerName: 'Renamed',
      updatedAt: clock.t,
      seq: 11,
    });
    expect(sim.payments.find((p) => p.id === added.id)?.customerName).toBe('Renamed');

    sim.deletePayment(added.id);
    expect(sim.payments).toHaveLength(10);
    expect(sim.listedPayments()).toHaveLength(10);
    expect(() => sim.updatePayment(added.id, {})).toThrow('No simulator payment with id aura_1_11');
    expect(sim.addPayment().seq).toBe(12);
    expect(() => sim.addPayment({ id: 'aura_1_1' })).toThrow('Duplicate simulator payment id aura_1_1');
  });

  it('copies payments it is given, so the caller’s array and objects stay untouched', () => {
    const given = generatePayments({ count: 5, now: NOW });
    const sim = createKoteshenSimulator({ now: () => NOW, payments: given });
    sim.updatePayment(given[0].id, { amountMinor: 1 });
    expect(given[0].amountMinor).not.toBe(1);
    expect(Object.isFrozen(given[0])).toBe(false);
  });

  it('derives unique wire ids for 20,000 payments', () => {
    const clock = virtualClock();
    for (const sim of [
      createAuraSimulator({ now: clock.now, payments: 20_000 }),
      createUqualifySimulator({ now: clock.now, payments: 20_000 }),
    ]) {
      expect(new Set(sim.payments.map((p) => sim.wireId(p))).size).toBe(20_000);
    }
  });
});
