/**
 * The windowed walk (src/core/dateWindows.ts) against the Aura simulator: every payment exactly once under each
 * reading of the date filter and each date distribution, boundaries on populated seconds with exclusive bounds,
 * a dense window cut, and the outermost windows left open.
 */
import {
  createAuraSimulator,
  generatePayments,
  type AuraSimulator,
  type AuraSimulatorOptions,
  type AuraSwitches,
  type PaymentDates,
} from '../../dev/simulators';
import { TimeBudget } from '../../src/core/budget';
import { fetchInWindows } from '../../src/core/dateWindows';
import type { Payment } from '../../src/core/payment';
import { openWalk, pullAllPayments } from '../../src/core/pull';
import { aura } from '../../src/providers/aura';
import type { PaymentQuery } from '../../src/core/adapter';
import { simulatedPlatform } from '../support/simulatedPlatform';

const READINGS: Array<AuraSwitches['dateFilterField']> = ['payment_date', 'created_at', 'payment_date_pending_null'];
const DISTRIBUTIONS: PaymentDates[] = ['two_years', 'last_week', 'bursty'];
const everything: PaymentQuery = { provider: 'aura', statuses: null, from: null, to: null, timeZone: 'UTC' };

function setUp(options: AuraSimulatorOptions) {
  let sim: AuraSimulator | null = null;
  const { platform, now } = simulatedPlatform((request) => sim!.handle(request));
  sim = createAuraSimulator({ now, ...options });
  const connection = { provider: 'aura' as const, id: 'windows', savedAt: 0, apiKey: sim.credentials.apiKeys[0] };
  return { sim, platform, connection };
}

/** Every id the walk hands on, duplicates kept, with the walk's result. */
function walk(options: AuraSimulatorOptions, query = everything) {
  const { sim, platform, connection } = setUp(options);
  const context = openWalk(platform, aura, connection, query, TimeBudget.forCustomFunction(platform.clock));
  const ids: string[] = [];
  const result = fetchInWindows({ ...context, adapter: aura }, (payments: Payment[]) => ids.push(...payments.map((p) => p.id)));
  return { sim, result, ids, client: context.client };
}

const wireIds = (sim: AuraSimulator) =>
  sim
    .listedPayments()
    .map((payment) => sim.wireId(payment))
    .sort();

describe('fetchInWindows', () => {
  for (const reading of READINGS) {
    for (const dates of DISTRIBUTIONS) {
      it(`reads every payment under a ${reading} filter, ${dates}`, () => {
        const { sim, result, ids } = walk({ payments: 900, paymentDates: dates, dateFilterField: reading, createdAtSkewDays: 10 });
        expect(result.complete).toBe(true);
        expect([...new Set(ids)].sort()).toEqual(wireIds(sim));
        expect(result.windows).toBeGreaterThan(1);
      });
    }
  }

  it('cuts a dense window and walks the pieces side by side: fewer rounds than pages', () => {
    const { result, client } = walk({ payments: 1_500, paymentDates: 'last_week' });
    expect(result.complete).toBe(true);
    expect(result.windows).toBeGreaterThan(2);
    // Sequentially each of the 15 pages would be a round of its own.
    expect(client.rounds).toBeLessThanOrEqual(8);
    // Each cut re-reads a page and each window ends on a part-filled one: a price in requests, bounded.
    expect(client.requestsSent).toBeLessThanOrEqual(30);
  });

  it('cuts a burst found deep in a quiet window into small windows: 5,000 bursty payments in at most 10 rounds', () => {
    // Four in five payments in five six-hour bursts: each burst is eight pages that one cursor walks one by one.
    const { sim, result, ids, client } = walk({ payments: 5_000, paymentDates: 'bursty' });
    expect(result.complete).toBe(true);
    expect([...new Set(ids)].sort()).toEqual(wireIds(sim));
    expect(client.rounds).toBeLessThanOrEqual(10);
    expect(client.requestsSent).toBeLessThanOrEqual(90);
  });

  it('does not cut again a window as dense as the cut that made it expected', () => {
    // Uniform dates: the windows cut at the first page's density hold their pages, and each is walked as it is.
    const { result, client } = walk({ payments: 5_000, paymentDates: 'two_years' });
    expect(result.complete).toBe(true);
    expect(result.windows).toBeLessThanOrEqual(17);
    expect(client.requestsSent).toBeLessThanOrEqual(66);
  });

  it('keeps the payments on a boundary second when the server excludes both bounds', () => {
    // 20 payments on every tenth second: every cut falls on a second that holds payments.
    const start = Date.parse('2026-06-01T00:00:00Z');
    const payments = generatePayments({ count: 1_000, now: start, namespace: 'aura' }).map((payment, i) => {
      const at = start + Math.floor(i / 20) * 10_000;
      return { ...payment, occurredAt: at, createdAt: at, updatedAt: at, refundedAt: null, status: 'succeeded' as const };
    });
    const { sim, result, ids } = walk({ payments, dateBounds: 'exclusive' });
    expect(result.complete).toBe(true);
    expect(result.windows).toBeGreaterThan(1);
    expect([...new Set(ids)].sort()).toEqual(wireIds(sim));
  });

  it('sends no to_date on the newest window and no from_date on the oldest of an undated query', () => {
    const { sim, result } = walk({ payments: 900 });
    expect(result.complete).toBe(true);
    const windows = sim.requests.filter((request) => request.query.cursor === undefined && request.query.status === undefined);
    const bounded = windows.filter((request) => request.query.from_date && request.query.to_date);
    expect(bounded.length).toBeGreaterThan(1);
    expect(windows.some((request) => request.query.from_date && !request.query.to_date)).toBe(true);
    expect(windows.some((request) => !request.query.from_date && request.query.to_date)).toBe(true);
    // Adjacent windows share a second: each upper bound is a lower bound plus one second.
    const froms = new Set(
      windows
        .map((request) => request.query.from_date)
        .filter(Boolean)
        .map((iso) => Date.parse(iso!)),
    );
    for (const request of bounded) expect(froms.has(Date.parse(request.query.to_date!) - 1_000)).toBe(true);
  });

  it('keeps a dated query inside its own widened window', () => {
    const query = { ...everything, from: '2026-01-01', to: '2026-03-31' };
    const { sim, result } = walk({ payments: 2_000, paymentDates: 'two_years' }, query);
    expect(result.complete).toBe(true);
    const dated = sim.requests.filter((request) => request.query.status === undefined);
    for (const request of dated) {
      expect(Date.parse(request.query.from_date!)).toBeGreaterThanOrEqual(Date.parse('2025-11-26T00:00:00Z'));
      expect(Date.parse(request.query.to_date!)).toBeLessThanOrEqual(Date.parse('2026-05-07T00:00:00Z'));
    }
  });
});

describe('pullAllPayments in windows', () => {
  it('pulls 5,000 payments in a few seconds of round trips', () => {
    const { platform, connection } = setUp({ payments: 5_000 });
    const started = platform.clock.now();
    const { payments, stats } = pullAllPayments(
      platform,
      aura,
      connection,
      everything,
      TimeBudget.forCustomFunction(platform.clock),
      'Narrow the dates.',
    );
    expect(payments).toHaveLength(5_000);
    expect(stats.rounds).toBeLessThanOrEqual(12);
    expect(platform.clock.now() - started).toBeLessThanOrEqual(5_000);
  });

  it('fails within a few seconds, with the advice, when the pull cannot fit the rate limit', () => {
    const { platform, connection } = setUp({ payments: 12_000 });
    const started = platform.clock.now();
    expect(() =>
      pullAllPayments(platform, aura, connection, everything, TimeBudget.forCustomFunction(platform.clock), 'Narrow the dates.'),
    ).toThrow(/Could not fetch every Aura payment.*Narrow the dates\./);
    expect(platform.clock.now() - started).toBeLessThan(6_000);
  });
});
