import {
  AURA_DEMO_API_KEY,
  auraLeadId,
  auraStatus,
  createAuraSimulator,
  type AuraSimulator,
  type AuraSimulatorOptions,
} from '../../dev/simulators';
import { call, counts, virtualClock, type Answer } from './helpers';

const AUTH = { authorization: `Bearer ${AURA_DEMO_API_KEY}` };
const ITEM_FIELDS = [
  'id',
  'organization_id',
  'provider',
  'provider_payment_id',
  'amount',
  'currency',
  'status',
  'customer_email',
  'customer_name',
  'lead_id',
  'call_id',
  'payment_date',
  'created_at',
  'verification_status',
  'verified_at',
  'stripe_charge_id',
  'stripe_customer_id',
  'stripe_subscription_id',
  'matched_by',
  'match_confidence',
  'match_candidates',
  'refund_status',
  'refunded_amount',
  'refunded_at',
  'stripe_refund_id',
  'refund_reason',
  'stripe_product_id',
  'matched_product_id',
];

function make(options: AuraSimulatorOptions = {}) {
  const clock = virtualClock();
  const sim = createAuraSimulator({ now: clock.now, payments: 240, rateLimit: false, ...options });
  return { clock, sim };
}

function query(params: Record<string, string>): string {
  const search = new URLSearchParams(params).toString();
  return `/v1/payments${search ? `?${search}` : ''}`;
}

/** Follows next_cursor until has_more is false; returns the pages. */
function pageThrough(sim: AuraSimulator, params: Record<string, string> = {}): Answer[] {
  const pages: Answer[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = call(sim, query({ ...params, ...(cursor ? { cursor } : {}) }), AUTH);
    expect(page.status).toBe(200);
    pages.push(page);
    if (!page.json.pagination.has_more) return pages;
    cursor = page.json.pagination.next_cursor;
  }
  throw new Error('paging did not end');
}

function ids(pages: Answer[]): string[] {
  return pages.flatMap((page) => page.json.data.map((item: { id: string }) => item.id));
}

describe('Aura simulator', () => {
  it('rejects a missing or wrong key with the documented error shape', () => {
    const { sim } = make();
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer aura_pk_live_wrong' }, { authorization: AURA_DEMO_API_KEY }];
    for (const headers of attempts) {
      const answer = call(sim, '/v1/payments', headers);
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({
        success: false,
        error: 'Invalid API key',
        code: 'UNAUTHORIZED',
        requestId: expect.stringMatching(/^req_[0-9a-f]{12}$/),
      });
    }
  });

  it.each(['null', 'absent', 'empty'] as const)(
    'pages through every payment once, newest payment_date first (last cursor %s)',
    (lastPageCursor) => {
      const { sim } = make({ lastPageCursor });
      const pages = pageThrough(sim, { limit: '50' });
      expect(pages.map((page) => page.json.data.length)).toEqual([50, 50, 50, 50, 40]);
      const expected = sim.listedPayments().map((payment) => sim.wireId(payment));
      expect(ids(pages)).toEqual(expected);
      expect(new Set(expected).size).toBe(240);
      expect(new Set(expected)).toEqual(new Set(sim.payments.map((payment) => sim.wireId(payment))));

      const dates = pages.flatMap((page) => page.json.data.map((item: { payment_date: string }) => Date.parse(item.payment_date)));
      expect(dates).toEqual([...dates].sort((a, b) => b - a));

      const last = pages[pages.length - 1].json.pagination;
      expect(last.has_more).toBe(false);
      const expectedLast = {
        null: { next_cursor: null, has_more: false },
        absent: { has_more: false },
        empty: { next_cursor: '', has_more: false },
      };
      expect(last).toStrictEqual(expectedLast[lastPageCursor]);
      expect(Object.keys(pages[0].json)).toEqual(['data', 'pagination']);
    },
  );

  it('uses opaque cursors, not plain positions, and rejects forged ones', () => {
    const { sim } = make();
    const cursor = call(sim, query({ limit: '10' }), AUTH).json.pagination.next_cursor as string;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    expect(cursor).not.toMatch(/^\d+$/);
    for (const forged of ['10', 'abc', Buffer.from('{"t":"x"}').toString('base64url')]) {
      const answer = call(sim, query({ cursor: forged }), AUTH);
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ success: false, error: 'Invalid cursor', code: 'VALIDATION_ERROR' });
    }
  });

  it('keeps paging exact when payments arrive or change between pages', () => {
    const { sim, clock } = make();
    const first = call(sim, query({ limit: '100' }), AUTH);
    clock.advance(1000);
    const arrived = sim.addPayment({ occurredAt: clock.t, createdAt: clock.t });
    const refundTarget = sim.listedPayments()[150];
    sim.refundPayment(refundTarget.id);
    const rest = pageThrough(sim, { limit: '100', cursor: first.json.pagination.next_cursor });
    const seen = [...ids([first]), ...ids(rest)];
    expect(seen).toHaveLength(240);
    expect(seen).not.toContain(sim.wireId(arrived));
    const refunded = rest.flatMap((page) => page.json.data).find((item: { id: string }) => item.id === sim.wireId(refundTarget));
    expect(refunded).toMatchObject({ status: 'refunded', refund_status: 'full', refunded_amount: refundTarget.amountMinor });
  });

  it('pages exactly through payments that share one payment_date second', () => {
    const clock = virtualClock();
    const sim = createAuraSimulator({ now: clock.now, payments: 0, rateLimit: false });
    const tied = Array.from({ length: 7 }, (_, n) => sim.addPayment({ occurredAt: clock.t + n * 100 }));
    const older = sim.addPayment({ occurredAt: clock.t - 5000 });
    const listed = ids(pageThrough(sim, { limit: '2' }));
    expect(listed).toEqual([...tied.reverse(), older].map((payment) => sim.wireId(payment)));
  });

  it('defaults limit to 50, allows 100, and rejects or caps more by switch', () => {
    const { sim } = make();
    expect(call(sim, '/v1/payments', AUTH).json.data).toHaveLength(50);
    expect(call(sim, query({ limit: '100' }), AUTH).json.data).toHaveLength(100);
    const over = call(sim, query({ limit: '101' }), AUTH);
    expect(over.status).toBe(400);
    expect(over.json).toEqual({ success: false, error: 'limit must be <= 100', code: 'VALIDATION_ERROR', requestId: expect.any(String) });
    sim.options.overLimit = 'cap';
    expect(call(sim, query({ limit: '500' }), AUTH).json.data).toHaveLength(100);
    for (const bad of ['0', '-5', 'ten', '1.5', '']) {
      expect(call(sim, query({ limit: bad }), AUTH).status).toBe(400);
    }
  });

  it('filters by status, exactly', () => {
    const { sim } = make();
    for (const status of ['succeeded', 'pending', 'failed', 'refunded'] as const) {
      const listed = ids(pageThrough(sim, { status, limit: '7' }));
      const expected = sim
        .listedPayments()
        .filter((payment) => auraStatus(payment) === status)
        .map((payment) => sim.wireId(payment));
      expect(expected.length).toBeGreaterThan(0);
      expect(listed).toEqual(expected);
    }
    const bad = call(sim, query({ status: 'canceled' }), AUTH);
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('status must be one of succeeded, pending, failed, refunded');
  });

  it('filters by lead, and answers an unknown lead with the documented 404', () => {
    const { sim } = make();
    const byCustomer = counts(sim.payments.map((payment) => payment.customerId));
    const [customerId, count] = [...byCustomer].sort((a, b) => b[1] - a[1])[0];
    expect(count).toBeGreaterThan(2);
    const listed = ids(pageThrough(sim, { lead_id: auraLeadId(customerId), limit: '2' }));
    expect(listed).toEqual(
      sim
        .listedPayments()
        .filter((payment) => payment.customerId === customerId)
        .map((payment) => sim.wireId(payment)),
    );

    const unknown = call(sim, query({ lead_id: '9bddab70-98e6-43a9-8f32-c9788b9de0c0' }), AUTH);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ success: false, error: 'Lead not found', code: 'NOT_FOUND', requestId: expect.any(String) });
    expect(call(sim, query({ lead_id: 'not-a-uuid' }), AUTH).status).toBe(400);
  });

  it('filters payment_date by from_date and to_date, both inclusive', () => {
    const { sim } = make();
    const all = ids(pageThrough(sim, { limit: '100' }));
    const dates = pageThrough(sim, { limit: '100' }).flatMap((page) =>
      page.json.data.map((item: { payment_date: string }) => item.payment_date),
    );
    const from = dates[180];
    const to = dates[20];
    const listed = ids(pageThrough(sim, { from_date: from, to_date: to, limit: '25' }));
    const expected = all.filter((_, i) => dates[i] >= from && dates[i] <= to);
    expect(listed).toEqual(expected);
    expect(listed[0]).toBe(all[dates.indexOf(to)]);
    expect(listed[listed.length - 1]).toBe(all[dates.lastIndexOf(from)]);

    // One millisecond inside the bounds drops the boundary payments.
    const narrower = ids(
      pageThrough(sim, {
        from_date: new Date(Date.parse(from) + 1).toISOString(),
        to_date: new Date(Date.parse(to) - 1).toISOString(),
      }),
    );
    expect(narrower).toEqual(all.filter((_, i) => dates[i] > from && dates[i] < to));

    expect(call(sim, query({ from_date: to, to_date: from }), AUTH).json).toEqual({
      data: [],
      pagination: { next_cursor: null, has_more: false },
    });
    const bad = call(sim, query({ from_date: '2024-01-01' }), AUTH);
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('from_date must be an ISO 8601 date-time');
  });

  it('renders every documented field in Stripe conventions', () => {
    const { sim } = make();
    const jpy = sim.addPayment({ currency: 'JPY', amountMinor: 5000 });
    const refunded = sim.refundPayment(sim.addPayment({ currency: 'KWD', amountMinor: 12345 }).id, 2345);
    const items = call(sim, query({ limit: '2' }), AUTH).json.data;
    for (const item of items) expect(Object.keys(item)).toEqual(ITEM_FIELDS);
    const byId = new Map(items.map((item: { id: string }) => [item.id, item]));
    expect(byId.get(sim.wireId(jpy))).toMatchObject({
      amount: 5000,
      currency: 'jpy',
      provider: 'stripe',
      status: 'succeeded',
      provider_payment_id: expect.stringMatching(/^pi_[0-9A-Za-z]{24}$/),
      refund_status: null,
      refunded_amount: 0,
      refunded_at: null,
      payment_date: new Date(Math.floor(jpy.occurredAt / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    });
    expect(byId.get(sim.wireId(refunded))).toMatchObject({
      amount: 12345,
      currency: 'kwd',
      status: 'succeeded',
      refund_status: 'partial',
      refunded_amount: 2345,
      stripe_refund_id: expect.stringMatching(/^re_/),
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
    });
  });

  it('counts 100 requests a minute per key, with headers on every answer and a 429 past it', () => {
    const clock = virtualClock('2025-06-01T12:00:30.000Z');
    const sim = createAuraSimulator({ now: clock.now, payments: 5, credentials: { apiKeys: [AURA_DEMO_API_KEY, 'aura_pk_test_second'] } });
    const reset = String(Date.parse('2025-06-01T12:01:00Z') / 1000);
    for (let n = 1; n <= 100; n++) {
      const answer = call(sim, '/v1/payments', AUTH);
      expect(answer.status).toBe(200);
      expect(answer.headers).toMatchObject({
        'X-RateLimit-Limit': '100',
        'X-RateLimit-Remaining': String(100 - n),
        'X-RateLimit-Reset': reset,
      });
    }
    const limited = call(sim, '/v1/payments', AUTH);
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ success: false, error: 'Rate limit exceeded', code: 'RATE_LIMITED', requestId: expect.any(String) });
    expect(limited.headers).toMatchObject({ 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': reset });
    expect(limited.headers['Retry-After']).toBeUndefined();

    expect(call(sim, '/v1/payments', { authorization: 'Bearer aura_pk_test_second' }).headers['X-RateLimit-Remaining']).toBe('99');

    sim.options.retryAfterHeader = true;
    clock.advance(20_000);
    expect(call(sim, '/v1/payments', AUTH).headers['Retry-After']).toBe('10');

    clock.t = Date.parse('2025-06-01T12:01:00Z');
    const next = call(sim, '/v1/payments', AUTH);
    expect(next.status).toBe(200);
    expect(next.headers).toMatchObject({
      'X-RateLimit-Remaining': '99',
      'X-RateLimit-Reset': String(Date.parse('2025-06-01T12:02:00Z') / 1000),
    });
  });

  it('answers unknown paths with 404 in its error shape', () => {
    const { sim } = make();
    const answer = call(sim, '/v1/leads', AUTH);
    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({ success: false, code: 'NOT_FOUND' });
  });
});
