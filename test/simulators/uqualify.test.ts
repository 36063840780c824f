import {
  createUqualifySimulator,
  UQUALIFY_DEMO_API_KEY,
  uqualifyStatus,
  type UqualifySimulator,
  type UqualifySimulatorOptions,
  type UqualifySwitches,
} from '../../dev/simulators';
import { call, virtualClock, type Answer } from './helpers';

const KEY = { 'x-api-key': UQUALIFY_DEMO_API_KEY };
const ITEM_FIELDS = [
  'amount',
  'created_at',
  'crypto_transaction',
  'currency',
  'customer',
  'customer_id',
  'id',
  'invoice_id',
  'next_action',
  'org_id',
  'parent_id',
  'payment_link',
  'payment_method',
  'properties',
  'scheduled_time',
  'source',
  'status',
  'updated_at',
  'v1',
];

function make(options: UqualifySimulatorOptions = {}) {
  const clock = virtualClock();
  const sim = createUqualifySimulator({ now: clock.now, payments: 230, ...options });
  return { clock, sim };
}

function list(sim: UqualifySimulator, params: Record<string, string | number> = {}): Answer {
  const search = new URLSearchParams(Object.entries(params).map(([name, value]) => [name, String(value)])).toString();
  return call(sim, `/api/v1/payments${search ? `?${search}` : ''}`, KEY);
}

/** Pages until a page has fewer items than the limit (the one stop rule every `next` reading allows). */
function pageThrough(sim: UqualifySimulator, params: Record<string, string | number> = {}, limit = 100): Answer[] {
  const pages: Answer[] = [];
  for (let page = 1; page < 1000; page++) {
    const answer = list(sim, { ...params, page, limit });
    expect(answer.status).toBe(200);
    pages.push(answer);
    if (answer.json.data.items.length < limit) return pages;
  }
  throw new Error('paging did not end');
}

function ids(pages: Answer[]): string[] {
  return pages.flatMap((page) => page.json.data.items.map((item: { id: string }) => item.id));
}

function createdAts(pages: Answer[]): string[] {
  return pages.flatMap((page) => page.json.data.items.map((item: { created_at: string }) => item.created_at));
}

describe('Uqualify simulator', () => {
  it.each(['nested', 'flag'] as const)('rejects a missing or wrong key with 401 in the %s error shape', (errorShape) => {
    const { sim } = make({ errorShape });
    const attempts: Record<string, string>[] = [{}, { 'x-api-key': 'uq_live_wrong' }, { authorization: `Bearer ${UQUALIFY_DEMO_API_KEY}` }];
    for (const headers of attempts) {
      const answer = call(sim, '/api/v1/payments', headers);
      expect(answer.status).toBe(401);
      const detail = { code: 401, message: 'Unauthorized', errors: [{ domain: 'payments', reason: 'InvalidApiKey' }] };
      expect(answer.json).toEqual(errorShape === 'nested' ? { error: detail } : { error: true, data: detail });
    }
  });

  const lastPageCases: [UqualifySwitches['lastPageNext'], Record<string, unknown>][] = [
    [0, { next: 0 }],
    [null, { next: null }],
    ['absent', {}],
    ['current', { next: 3 }],
  ];
  it.each(lastPageCases)('pages through every payment once, newest first (last page next = %p)', (lastPageNext, lastNext) => {
    const { sim } = make({ lastPageNext });
    const pages = pageThrough(sim);
    expect(pages.map((page) => page.json.data.items.length)).toEqual([100, 100, 30]);
    expect(ids(pages)).toEqual(sim.listedPayments().map((payment) => sim.wireId(payment)));
    expect(new Set(ids(pages)).size).toBe(230);
    const created = createdAts(pages);
    expect(created).toEqual([...created].sort().reverse());

    expect(pages[0].json).toEqual({
      data: { items: expect.any(Array), last_update: expect.any(String), next: 2, total: 230 },
      error: false,
    });
    const { items, ...last } = pages[2].json.data;
    expect(items).toHaveLength(30);
    expect(last).toStrictEqual({ last_update: pages[0].json.data.last_update, total: 230, ...lastNext });
  });

  it('sorts ascending on request, and counts only the page in total when switched', () => {
    const { sim } = make({ total: 'page' });
    const pages = pageThrough(sim, { sort: 'asc' }, 40);
    expect(ids(pages)).toEqual(
      sim
        .listedPayments()
        .map((payment) => sim.wireId(payment))
        .reverse(),
    );
    expect(pages.map((page) => page.json.data.total)).toEqual([40, 40, 40, 40, 40, 30]);
    expect(pages.map((page) => page.json.data.next)).toEqual([2, 3, 4, 5, 6, 0]);
  });

  it('answers a page past the end with no items', () => {
    const { sim } = make();
    expect(list(sim, { page: 4 }).json).toEqual({
      data: { items: [], last_update: expect.any(String), next: 0, total: 230 },
      error: false,
    });
  });

  it('filters created_at: since/until inclusive, after/before strict', () => {
    const { sim, clock } = make();
    // Three payments in one second, so the boundary holds more than one row.
    clock.t = Date.parse('2025-06-01T12:00:40.000Z');
    const tied = [sim.addPayment(), sim.addPayment(), sim.addPayment()];
    clock.t = Date.parse('2025-06-01T12:00:40.900Z');
    sim.addPayment();
    const all = ids(pageThrough(sim));
    const created = createdAts(pageThrough(sim));
    const bound = '2025-06-01T12:00:40Z';
    const pick = (keep: (createdAt: string) => boolean) => all.filter((_, i) => keep(created[i]));

    expect(ids(pageThrough(sim, { since: bound }, 3))).toEqual(pick((c) => c >= bound));
    expect(ids(pageThrough(sim, { since: bound }))).toHaveLength(4);
    expect(ids(pageThrough(sim, { after: bound }))).toEqual([]);
    expect(ids(pageThrough(sim, { until: bound }))).toEqual(pick((c) => c <= bound));
    expect(ids(pageThrough(sim, { before: bound }))).toEqual(pick((c) => c < bound));
    expect(ids(pageThrough(sim, { since: bound, until: bound }))).toHaveLength(4);
    expect(new Set(ids(pageThrough(sim, { since: bound })))).toEqual(new Set([...tied.map((p) => sim.wireId(p)), all[0]]));

    const from = created[150];
    const to = created[20];
    expect(ids(pageThrough(sim, { since: from, before: to }, 7))).toEqual(pick((c) => c >= from && c < to));
    expect(ids(pageThrough(sim, { after: from, until: to }, 7))).toEqual(pick((c) => c > from && c <= to));
    // Offsets and fractions count: 13:00:40+01:00 is the bound above; .001 past it excludes the tied second.
    expect(ids(pageThrough(sim, { since: '2025-06-01T13:00:40+01:00' }))).toHaveLength(4);
    expect(ids(pageThrough(sim, { since: '2025-06-01T12:00:40.001Z' }))).toEqual([]);
    expect(list(sim, { since: '2025-06-01T12:00:40.001Z' }).json.data.total).toBe(0);
  });

  it('validates page, limit, sort and timestamps with 400', () => {
    const { sim } = make();
    expect(list(sim).json.data.items).toHaveLength(100);
    expect(list(sim, { limit: 1 }).json.data.items).toHaveLength(1);
    const cases: [Record<string, string | number>, string][] = [
      [{ limit: 0 }, 'limit must be between 1 and 100'],
      [{ limit: 101 }, 'limit must be between 1 and 100'],
      [{ page: 0 }, 'page must be greater than or equal to 1'],
      [{ page: 'x' }, 'page must be greater than or equal to 1'],
      [{ sort: 'newest' }, 'sort must be asc or desc'],
      [{ since: '2025-06-01' }, 'since must be an RFC 3339 timestamp'],
      [{ before: '1717243200' }, 'before must be an RFC 3339 timestamp'],
    ];
    for (const [params, message] of cases) {
      const answer = list(sim, params);
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ error: { code: 400, message, errors: [{ domain: 'payments', reason: 'InvalidArgument' }] } });
    }
    sim.options.errorShape = 'flag';
    expect(list(sim, { limit: 0 }).json).toEqual({
      error: true,
      data: { code: 400, message: 'limit must be between 1 and 100', errors: [{ domain: 'payments', reason: 'InvalidArgument' }] },
    });
  });

  it('renders amounts as decimal strings in major units, exactly', () => {
    const { sim } = make();
    const cases = [
      [{ currency: 'USD', amountMinor: 10000 }, '100.00'],
      [{ currency: 'USD', amountMinor: 5 }, '0.05'],
      [{ currency: 'JPY', amountMinor: 5000 }, '5000'],
      [{ currency: 'KWD', amountMinor: 12345 }, '12.345'],
      [{ currency: 'ETH', amountMinor: 123456789000000 }, '0.000123456789'],
      [{ currency: 'WBTC', amountMinor: 100000000 }, '1'],
      [{ currency: 'USDC', amountMinor: 25500000 }, '25.5'],
    ] as const;
    for (const [payment, amount] of cases) {
      const added = sim.addPayment({
        ...payment,
        method: payment.currency === 'ETH' || payment.currency === 'WBTC' || payment.currency === 'USDC' ? 'crypto' : 'card',
      });
      expect(sim.renderItem(added)).toMatchObject({ amount, currency: payment.currency });
    }
    const crypto = sim.renderItem(sim.payments[sim.payments.length - 1]) as { crypto_transaction: { transaction_hash: string } };
    expect(crypto.crypto_transaction.transaction_hash).toMatch(/^0x[0-9a-f]{64}$/);
    const items = pageThrough(sim).flatMap((page) => page.json.data.items);
    for (const item of items) {
      expect(Object.keys(item)).toEqual(ITEM_FIELDS);
      expect(item.amount).toMatch(/^\d+(\.\d+)?$/);
      expect(item.id).toMatch(/^[0-9A-Za-z]{27}$/);
      expect(item.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    }
    expect(items.some((item) => /^0\.\d{9,}$/.test(item.amount))).toBe(true);
  });

  it('renders status, payment_method and source as integers or names, by switch', () => {
    const { sim } = make();
    const refunded = sim.refundPayment(sim.addPayment({ method: 'apple_pay' }).id);
    const failed = sim.addPayment({ status: 'failed', method: 'direct_debit' });
    const action = sim.addPayment({ status: 'requires_action', method: 'crypto', currency: 'USDC', amountMinor: 1_000_000 });
    const fields = (payment: typeof failed) => {
      const { status, payment_method, source, next_action } = sim.renderItem(payment) as Record<string, unknown>;
      return { status, payment_method, source, next_action };
    };
    expect(fields(refunded)).toEqual({ status: 6, payment_method: 7, source: 3, next_action: '' });
    expect(fields(failed)).toEqual({ status: 8, payment_method: 9, source: 4, next_action: '' });
    expect(fields(action)).toEqual({ status: 4, payment_method: 2, source: 2, next_action: 'verify_payment' });
    Object.assign(sim.options, { statusFormat: 'name', paymentMethodFormat: 'name', sourceFormat: 'name' });
    expect(fields(refunded)).toEqual({ status: 'Succeeded', payment_method: 'ApplePay', source: 'Stripe', next_action: '' });
    expect(fields(failed)).toEqual({ status: 'Failed', payment_method: 'DirectDebit', source: 'Chargebee', next_action: '' });
    expect(fields(action)).toEqual({
      status: 'RequiresAction',
      payment_method: 'MerchantContract',
      source: 'Uqualify',
      next_action: 'verify_payment',
    });
    expect(uqualifyStatus(refunded)).toBe('Succeeded');

    const statuses = new Set(pageThrough(sim).flatMap((page) => page.json.data.items.map((item: { status: string }) => item.status)));
    expect([...statuses].sort()).toEqual([
      'Canceled',
      'Failed',
      'Processing',
      'RequiresAction',
      'RequiresConfirmation',
      'RequiresPaymentMethod',
      'Succeeded',
      'Unknown',
    ]);
  });

  it('reports the latest updated_at of any payment as last_update', () => {
    const { sim, clock } = make();
    clock.t = Date.parse('2025-06-02T08:00:00.000Z');
    sim.updatePayment(sim.payments[0].id, { status: 'canceled' });
    expect(list(sim, { limit: 1 }).json.data.last_update).toBe('2025-06-02T08:00:00Z');
  });

  it('has no rate limit by default, and a configurable one', () => {
    const { sim } = make();
    for (let n = 0; n < 250; n++) expect(list(sim, { limit: 1 }).status).toBe(200);
    sim.options.rateLimit = { perMinute: 2, scope: 'global' };
    sim.options.retryAfterHeader = true;
    expect(list(sim, { limit: 1 }).status).toBe(200);
    expect(list(sim, { limit: 1 }).status).toBe(200);
    const limited = list(sim, { limit: 1 });
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({
      error: { code: 429, message: 'Too many requests', errors: [{ domain: 'payments', reason: 'RateLimited' }] },
    });
    expect(limited.headers['Retry-After']).toBe('30');
  });
});
