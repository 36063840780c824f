import {
  createKoteshenSimulator,
  generatePayments,
  KOTESHEN_DEMO_ACCESS_TOKEN,
  KOTESHEN_DEMO_CLIENT_ID,
  KOTESHEN_DEMO_CLIENT_SECRET,
  type KoteshenSimulator,
  type KoteshenSimulatorOptions,
} from '../../dev/simulators';
import { call, virtualClock, type Answer } from './helpers';

const PAT = { authorization: `Bearer ${KOTESHEN_DEMO_ACCESS_TOKEN}` };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function make(options: KoteshenSimulatorOptions = {}) {
  const clock = virtualClock();
  const sim = createKoteshenSimulator({ now: clock.now, payments: 130, rateLimit: false, ...options });
  return { clock, sim };
}

function grant(sim: KoteshenSimulator, body: string, headers: Record<string, string> = FORM): Answer {
  return call(sim, '/oauth/token', headers, { method: 'POST', body });
}

const CLIENT_FORM = `grant_type=client_credentials&client_id=${KOTESHEN_DEMO_CLIENT_ID}&client_secret=${KOTESHEN_DEMO_CLIENT_SECRET}`;

/** Follows links.next until it is null. */
function pageThrough(sim: KoteshenSimulator, first = '/api/v1/payments'): Answer[] {
  const pages: Answer[] = [];
  let path: string | null = first;
  for (let guard = 0; path !== null && guard < 1000; guard++) {
    const page = call(sim, path, PAT);
    expect(page.status).toBe(200);
    pages.push(page);
    path = page.json.links.next === null ? null : page.json.links.next.slice(sim.origin.length);
  }
  return pages;
}

function ids(pages: Answer[]): number[] {
  return pages.flatMap((page) => page.json.data.map((item: { id: number }) => item.id));
}

describe('Koteshen simulator', () => {
  describe('token endpoint', () => {
    it.each([
      ['a form body', CLIENT_FORM, FORM],
      [
        'a JSON body',
        JSON.stringify({
          grant_type: 'client_credentials',
          client_id: KOTESHEN_DEMO_CLIENT_ID,
          client_secret: KOTESHEN_DEMO_CLIENT_SECRET,
        }),
        { 'content-type': 'application/json' },
      ],
      [
        'HTTP Basic',
        'grant_type=client_credentials',
        { ...FORM, authorization: `Basic ${Buffer.from(`${KOTESHEN_DEMO_CLIENT_ID}:${KOTESHEN_DEMO_CLIENT_SECRET}`).toString('base64')}` },
      ],
    ])('grants a client-credentials token to a client authenticating with %s', (_, body, headers) => {
      const { sim, clock } = make();
      const answer = grant(sim, body, headers);
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({
        access_token: expect.stringMatching(/^[0-9A-Za-z]{43}$/),
        token_type: 'Bearer',
        expires_in: 7200,
        scope: 'read',
        created_at: Math.floor(clock.t / 1000),
      });
      expect(answer.headers['Cache-Control']).toBe('no-store');
      expect(call(sim, '/api/v1/payments', { authorization: `Bearer ${answer.json.access_token}` }).status).toBe(200);
    });

    it('rejects a wrong client, a wrong grant and a missing grant in OAuth error shape', () => {
      const { sim } = make();
      const wrong = grant(sim, `grant_type=client_credentials&client_id=${KOTESHEN_DEMO_CLIENT_ID}&client_secret=nope`);
      expect(wrong.status).toBe(401);
      expect(wrong.json).toEqual({
        error: 'invalid_client',
        error_description:
          'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
      });
      const password = grant(sim, 'grant_type=password&username=a&password=b');
      expect(password.status).toBe(400);
      expect(password.json.error).toBe('unsupported_grant_type');
      const missing = grant(sim, `client_id=${KOTESHEN_DEMO_CLIENT_ID}`);
      expect(missing.status).toBe(400);
      expect(missing.json.error).toBe('invalid_request');
      expect(grant(sim, '{not json', { 'content-type': 'application/json' }).json.error).toBe('invalid_request');
      expect(grant(sim, `${CLIENT_FORM}&scope=admin`).json.error).toBe('invalid_scope');
    });

    it('expires issued tokens on the clock, but never the personal access token', () => {
      const { sim, clock } = make({ tokenTtlSeconds: 60 });
      const token = grant(sim, CLIENT_FORM).json;
      expect(token.expires_in).toBe(60);
      const auth = { authorization: `Bearer ${token.access_token}` };
      clock.advance(59_999);
      expect(call(sim, '/api/v1/payments', auth).status).toBe(200);
      clock.advance(1);
      const expired = call(sim, '/api/v1/payments', auth);
      expect(expired.status).toBe(401);
      expect(expired.json).toEqual({ error: 'Unauthorized' });
      expect(expired.headers['WWW-Authenticate']).toContain('The access token expired');
      clock.advance(365 * 86_400_000);
      expect(call(sim, '/api/v1/payments', PAT).status).toBe(200);
      const second = grant(sim, CLIENT_FORM).json.access_token;
      expect(second).not.toBe(token.access_token);
    });

    it('answers 401 for an unknown token and 403 for a token without the read scope', () => {
      const { sim } = make();
      expect(call(sim, '/api/v1/payments', { authorization: 'Bearer nope' }).json).toEqual({ error: 'Unauthorized' });
      expect(call(sim, '/api/v1/payments').status).toBe(401);
      const writeOnly = grant(sim, `${CLIENT_FORM}&scope=write`).json.access_token;
      const forbidden = call(sim, '/api/v1/payments', { authorization: `Bearer ${writeOnly}` });
      expect(forbidden.status).toBe(403);
      expect(forbidden.json).toEqual({ error: 'Forbidden' });
    });
  });

  it('pages 25 at a time by default, newest first, every payment once, with the documented meta and links', () => {
    const { sim } = make();
    const pages = pageThrough(sim);
    expect(pages.map((page) => page.json.data.length)).toEqual([25, 25, 25, 25, 25, 5]);
    expect(ids(pages)).toEqual(sim.listedPayments().map((payment) => payment.seq));
    expect(new Set(ids(pages)).size).toBe(130);
    const created = pages.flatMap((page) => page.json.data.map((item: { created_at: string }) => item.created_at));
    expect(created).toEqual([...created].sort().reverse());

    expect(pages[0].json.meta).toEqual({
      pagination: { current_page: 1, prev_page: null, next_page: 2, total_pages: 6, total_count: 130 },
    });
    expect(pages[5].json.meta).toEqual({
      pagination: { current_page: 6, prev_page: 5, next_page: null, total_pages: 6, total_count: 130 },
    });
    expect(pages[2].json.links).toEqual({
      first: 'https://koteshen.com/api/v1/payments.json?page=1',
      last: 'https://koteshen.com/api/v1/payments.json?page=6',
      next: 'https://koteshen.com/api/v1/payments.json?page=4',
      self: 'https://koteshen.com/api/v1/payments.json?page=3',
    });
    expect(pages[5].json.links.next).toBeNull();
    expect(Object.keys(pages[0].json)).toEqual(['data', 'meta', 'links']);
  });

  it('renders items in the documented shape, with urls on a self-hosted origin', () => {
    const { sim } = make({ origin: 'https://invoices.example.org/' });
    expect(sim.origin).toBe('https://invoices.example.org');
    const jpy = sim.addPayment({ currency: 'JPY', amountMinor: 5000, method: 'cash' });
    const item = call(sim, '/api/v1/payments.json?per_page=1', PAT).json.data[0];
    expect(item).toEqual({
      id: jpy.seq,
      reference: jpy.reference,
      invoice_id: jpy.invoiceId,
      channel: 'cash',
      amount: { cents: 5000, currency_iso: 'JPY' },
      paid_at: new Date(jpy.occurredAt).toISOString(),
      emailed_at: null,
      created_at: new Date(jpy.createdAt).toISOString(),
      updated_at: new Date(jpy.updatedAt).toISOString(),
      url: `https://invoices.example.org/api/v1/payments/${jpy.seq}.json`,
    });
    expect(jpy.reference).toMatch(/^PYM-[0-9A-F]{4}-\d{4}$/);
    for (const other of call(sim, '/api/v1/payments?per_page=100', PAT).json.data) {
      expect(other.paid_at).toMatch(ISO_MILLIS);
      expect(other.created_at).toMatch(ISO_MILLIS);
      expect(Number.isInteger(other.amount.cents)).toBe(true);
      expect(other.amount.currency_iso).toMatch(/^[A-Z]{3}$/);
    }
    const links = call(sim, '/api/v1/payments.json?page=2&per_page=50', PAT).json.links;
    expect(links).toEqual({
      first: 'https://invoices.example.org/api/v1/payments.json?page=1&per_page=50',
      last: 'https://invoices.example.org/api/v1/payments.json?page=3&per_page=50',
      next: 'https://invoices.example.org/api/v1/payments.json?page=3&per_page=50',
      self: 'https://invoices.example.org/api/v1/payments.json?page=2&per_page=50',
    });
  });

  it('answers a page past the end with no data, and rejects a bad page or per_page with 422', () => {
    const { sim } = make();
    const past = call(sim, '/api/v1/payments?page=9', PAT);
    expect(past.status).toBe(200);
    expect(past.json.data).toEqual([]);
    expect(past.json.meta.pagination).toEqual({ current_page: 9, prev_page: null, next_page: null, total_pages: 6, total_count: 130 });
    for (const page of ['0', '-1', 'abc', '1.5']) {
      const answer = call(sim, `/api/v1/payments?page=${page}`, PAT);
      expect(answer.status).toBe(422);
      expect(answer.json).toEqual({ errors: { page: ['must be greater than 0'] } });
    }
    expect(call(sim, '/api/v1/payments?per_page=0', PAT).json).toEqual({ errors: { per_page: ['must be greater than 0'] } });
  });

  it('caps or rejects per_page over the maximum, by switch', () => {
    const { sim } = make({ perPageMax: 50 });
    const capped = call(sim, '/api/v1/payments?per_page=500', PAT);
    expect(capped.json.data).toHaveLength(50);
    expect(capped.json.meta.pagination.total_pages).toBe(3);
    sim.options.overMax = 'reject';
    const rejected = call(sim, '/api/v1/payments?per_page=51', PAT);
    expect(rejected.status).toBe(422);
    expect(rejected.json).toEqual({ errors: { per_page: ['must be less than or equal to 50'] } });
    expect(call(sim, '/api/v1/payments?per_page=50', PAT).json.data).toHaveLength(50);
  });

  it('shifts rows between pages when payments arrive while paging', () => {
    const { sim } = make({ arrivalsPerPage: 2 });
    const original = sim.listedPayments().map((payment) => payment.seq);
    const page1 = call(sim, '/api/v1/payments?page=1', PAT).json;
    const page2 = call(sim, '/api/v1/payments?page=2', PAT).json;
    expect(page1.meta.pagination.total_count).toBe(130);
    expect(page2.meta.pagination.total_count).toBe(132);
    // Two arrivals pushed page 1's last two rows onto page 2.
    expect(page2.data.slice(0, 2).map((item: { id: number }) => item.id)).toEqual(
      page1.data.slice(23).map((item: { id: number }) => item.id),
    );

    const pages = pageThrough(sim, '/api/v1/payments?page=3');
    const seen = new Set([...ids([{ json: page1 } as Answer, { json: page2 } as Answer]), ...ids(pages)]);
    expect(original.every((seq) => seen.has(seq))).toBe(true);
    expect(sim.payments).toHaveLength(130 + 2 * (2 + pages.length));
    expect(sim.listedPayments()[0].seq).toBe(130 + 2 * (2 + pages.length));
  });

  it('lists only money received: succeeded and refunded payments', () => {
    const clock = virtualClock();
    const mixed = generatePayments({ count: 40, now: clock.t, seed: 3 });
    const sim = createKoteshenSimulator({ now: clock.now, payments: mixed, rateLimit: false });
    const received = mixed.filter((payment) => payment.status === 'succeeded' || payment.status === 'refunded');
    expect(received.length).toBeLessThan(40);
    expect(ids(pageThrough(sim)).sort((a, b) => a - b)).toEqual(received.map((payment) => payment.seq));
    sim.updatePayment(received[0].id, { status: 'failed' });
    expect(call(sim, '/api/v1/payments', PAT).json.meta.pagination.total_count).toBe(received.length - 1);
  });

  it('limits each token to 100 requests a minute, with Limit and Remaining headers', () => {
    const { sim, clock } = make({ rateLimit: { perMinute: 100, scope: 'credential' } });
    for (let n = 1; n <= 100; n++) {
      const answer = call(sim, '/api/v1/payments?per_page=1', PAT);
      expect(answer.headers['X-RateLimit-Remaining']).toBe(String(100 - n));
      expect(answer.headers['X-RateLimit-Limit']).toBe('100');
    }
    const limited = call(sim, '/api/v1/payments', PAT);
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ error: 'Too Many Requests' });
    expect(limited.headers['X-RateLimit-Reset']).toBeUndefined();
    expect(limited.headers['Retry-After']).toBeUndefined();

    const token = grant(sim, CLIENT_FORM).json.access_token;
    expect(call(sim, '/api/v1/payments', { authorization: `Bearer ${token}` }).status).toBe(200);

    sim.options.retryAfterHeader = true;
    expect(call(sim, '/api/v1/payments', PAT).headers['Retry-After']).toBe('30');
    clock.advance(30_000);
    expect(call(sim, '/api/v1/payments', PAT).headers['X-RateLimit-Remaining']).toBe('99');
  });
});
