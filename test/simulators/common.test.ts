import {
  AURA_DEMO_API_KEY,
  createAuraSimulator,
  createKoteshenSimulator,
  createSimulators,
  createUqualifySimulator,
  FixedWindowRateLimiter,
  KOTESHEN_DEMO_ACCESS_TOKEN,
  KOTESHEN_DEMO_CLIENT_ID,
  KOTESHEN_DEMO_CLIENT_SECRET,
  serveSimulator,
  UQUALIFY_DEMO_API_KEY,
} from '../../dev/simulators';
import { call, virtualClock } from './helpers';

const AURA = { authorization: `Bearer ${AURA_DEMO_API_KEY}` };

describe('faults', () => {
  it('answer the next matching requests instead of the simulator, then stop', () => {
    const clock = virtualClock();
    const sim = createAuraSimulator({ now: clock.now, payments: 20 });
    sim.faults.push({ status: 503, times: 2 });
    const first = call(sim, '/v1/payments', AURA);
    expect(first.status).toBe(503);
    expect(first.json).toEqual({
      success: false,
      error: 'Service unavailable',
      code: 'SERVICE_UNAVAILABLE',
      requestId: expect.stringMatching(/^req_/),
    });
    expect(call(sim, '/v1/payments', AURA).status).toBe(503);
    expect(call(sim, '/v1/payments', AURA).status).toBe(200);
    expect(sim.faults.length).toBe(0);
  });

  it('give each provider its own error body for a bare status', () => {
    const clock = virtualClock();
    const koteshen = createKoteshenSimulator({ now: clock.now, payments: 5 });
    const uqualify = createUqualifySimulator({ now: clock.now, payments: 5 });
    koteshen.faults.push({ status: 500 });
    uqualify.faults.push({ status: 500 });
    expect(call(koteshen, '/api/v1/payments').json).toEqual({ error: 'Internal Server Error' });
    expect(call(uqualify, '/api/v1/payments').json).toEqual({
      error: { code: 500, message: 'Internal server error', errors: [{ domain: 'payments', reason: 'Internal' }] },
    });
  });

  it('match only the requests they are meant for, first pushed first', () => {
    const clock = virtualClock();
    const sim = createKoteshenSimulator({ now: clock.now, payments: 60 });
    sim.faults.push(
      { match: (_, target) => target.query.page === '2', status: 500, body: { error: 'boom' }, headers: { 'X-Trace': 't1' } },
      { match: (req) => req.url.includes('page=2'), status: 502 },
    );
    const pat = { authorization: `Bearer ${KOTESHEN_DEMO_ACCESS_TOKEN}` };
    expect(call(sim, '/api/v1/payments?page=1', pat).status).toBe(200);
    const faulted = call(sim, '/api/v1/payments?page=2', pat);
    expect(faulted).toMatchObject({
      status: 500,
      json: { error: 'boom' },
      headers: { 'X-Trace': 't1', 'Content-Type': 'application/json; charset=utf-8' },
    });
    expect(call(sim, '/api/v1/payments?page=2', pat).status).toBe(502);
    expect(call(sim, '/api/v1/payments?page=2', pat).status).toBe(200);
  });

  it('throw transport errors, serve HTML login pages, raw bodies, and slow answers', () => {
    const clock = virtualClock();
    const sim = createUqualifySimulator({ now: clock.now, payments: 5 });
    const key = { 'x-api-key': UQUALIFY_DEMO_API_KEY };
    sim.faults.push({ transportError: 'ECONNRESET' });
    expect(() => call(sim, '/api/v1/payments', key)).toThrow(new Error('ECONNRESET'));

    sim.faults.push({ htmlLoginPage: true });
    const login = call(sim, '/api/v1/payments', key);
    expect(login.status).toBe(200);
    expect(login.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(login.body).toMatch(/^<!DOCTYPE html>/);
    expect(login.json).toBeUndefined();

    sim.faults.push({ body: '{"data":{"items":[' });
    const truncated = call(sim, '/api/v1/payments', key);
    expect(truncated.status).toBe(200);
    expect(truncated.body).toBe('{"data":{"items":[');

    sim.faults.push({ latencyMs: 25_000 });
    const slow = call(sim, '/api/v1/payments', key);
    expect(slow.status).toBe(200);
    expect(slow.latencyMs).toBe(25_000);
    expect(slow.json.data.items).toHaveLength(5);
    expect(call(sim, '/api/v1/payments', key).latencyMs).toBeUndefined();
    sim.options.latencyMs = 40;
    expect(call(sim, '/api/v1/payments', key).latencyMs).toBe(40);
  });

  it('can last until cleared', () => {
    const sim = createAuraSimulator({ payments: 1 });
    sim.faults.push({ status: 500, times: Infinity });
    for (let n = 0; n < 5; n++) expect(call(sim, '/v1/payments', AURA).status).toBe(500);
    sim.faults.clear();
    expect(call(sim, '/v1/payments', AURA).status).toBe(200);
  });
});

describe('request log', () => {
  it('records method, url, parsed query, headers, clock time, status and whether a fault answered', () => {
    const clock = virtualClock();
    const sim = createKoteshenSimulator({ now: clock.now, payments: 5 });
    call(sim, '/api/v1/payments?page=2&per_page=3&page=9', { authorization: `Bearer ${KOTESHEN_DEMO_ACCESS_TOKEN}` });
    clock.advance(1500);
    sim.faults.push({ transportError: 'ETIMEDOUT' });
    expect(() => call(sim, '/oauth/token', {}, { method: 'POST', body: 'grant_type=client_credentials' })).toThrow('ETIMEDOUT');
    call(sim, '/api/v1/payments');
    expect(sim.requests).toEqual([
      {
        time: Date.parse('2025-06-01T12:00:30.000Z'),
        method: 'GET',
        url: 'https://koteshen.com/api/v1/payments?page=2&per_page=3&page=9',
        path: '/api/v1/payments',
        query: { page: '2', per_page: '3' },
        headers: { authorization: `Bearer ${KOTESHEN_DEMO_ACCESS_TOKEN}` },
        status: 200,
        fault: false,
      },
      {
        time: Date.parse('2025-06-01T12:00:31.500Z'),
        method: 'POST',
        url: 'https://koteshen.com/oauth/token',
        path: '/oauth/token',
        query: {},
        headers: {},
        body: 'grant_type=client_credentials',
        status: 0,
        fault: true,
      },
      expect.objectContaining({ status: 401, fault: false }),
    ]);
    sim.resetRequests();
    expect(sim.requests).toEqual([]);
  });
});

describe('rate limiter', () => {
  it('uses fixed windows aligned to the minute, per credential or global', () => {
    const limiter = new FixedWindowRateLimiter();
    const t = Date.parse('2025-06-01T12:00:59.000Z');
    const perKey = { perMinute: 2, scope: 'credential' } as const;
    expect(limiter.take(perKey, 'a', t)).toEqual({ allowed: true, limit: 2, remaining: 1, resetAt: Date.parse('2025-06-01T12:01:00Z') });
    expect(limiter.take(perKey, 'a', t).remaining).toBe(0);
    expect(limiter.take(perKey, 'a', t)).toMatchObject({ allowed: false, remaining: 0 });
    expect(limiter.take(perKey, 'b', t).allowed).toBe(true);
    expect(limiter.take(perKey, 'a', t + 1000)).toEqual({
      allowed: true,
      limit: 2,
      remaining: 1,
      resetAt: Date.parse('2025-06-01T12:02:00Z'),
    });

    const global = { perMinute: 1, scope: 'global' } as const;
    expect(limiter.take(global, 'x', t).allowed).toBe(true);
    expect(limiter.take(global, 'y', t).allowed).toBe(false);
  });
});

describe('createSimulators', () => {
  it('routes by origin on one clock, and fails unknown hosts like DNS', () => {
    const clock = virtualClock();
    const sims = createSimulators({ now: clock.now, payments: 12, koteshen: { origin: 'https://invoices.example.org' } });
    expect(sims.all.map((sim) => sim.origin)).toEqual([
      'https://api.aura-app.ai',
      'https://invoices.example.org',
      'https://paylinks.uqualify.co.uk',
    ]);
    const aura = sims.transport({ method: 'GET', url: 'https://api.aura-app.ai/v1/payments', headers: AURA });
    expect(JSON.parse(aura.body).data).toHaveLength(12);
    const uq = sims.transport({
      method: 'GET',
      url: 'https://paylinks.uqualify.co.uk/api/v1/payments',
      headers: { 'x-api-key': UQUALIFY_DEMO_API_KEY },
    });
    expect(JSON.parse(uq.body).data.total).toBe(12);
    expect(() => sims.transport({ method: 'GET', url: 'https://koteshen.com/api/v1/payments', headers: {} })).toThrow(
      new Error('getaddrinfo ENOTFOUND koteshen.com'),
    );

    sims.koteshen.origin = 'http://127.0.0.1:4010';
    expect(sims.transport({ method: 'GET', url: 'http://127.0.0.1:4010/api/v1/payments', headers: {} }).status).toBe(401);
    expect(sims.koteshen.requests).toHaveLength(1);
    expect(sims.aura.requests[0].time).toBe(clock.t);
  });

  it('gives each provider its demo credentials and its own data', () => {
    const sims = createSimulators({ payments: 3 });
    expect(sims.aura.credentials).toEqual({ apiKeys: [AURA_DEMO_API_KEY] });
    expect(sims.koteshen.credentials).toEqual({
      accessToken: KOTESHEN_DEMO_ACCESS_TOKEN,
      clientId: KOTESHEN_DEMO_CLIENT_ID,
      clientSecret: KOTESHEN_DEMO_CLIENT_SECRET,
    });
    expect(sims.uqualify.credentials).toEqual({ apiKeys: [UQUALIFY_DEMO_API_KEY] });
    expect(AURA_DEMO_API_KEY).toMatch(/^aura_pk_test_sandbox_/);
    expect(UQUALIFY_DEMO_API_KEY).toMatch(/^uq_test_sandbox_/);
    expect(sims.aura.payments[0].id).toBe('aura_1_1');
    expect(sims.koteshen.payments[0].id).toBe('koteshen_1_1');
  });
});

describe('serveSimulator', () => {
  it('serves a simulator over loopback HTTP, resets the connection on a transport fault, and closes', async () => {
    const sim = createKoteshenSimulator({ payments: 30 });
    const served = await serveSimulator(sim);
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const token = await fetch(`${served.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=client_credentials&client_id=${KOTESHEN_DEMO_CLIENT_ID}&client_secret=${KOTESHEN_DEMO_CLIENT_SECRET}`,
      });
      expect(token.status).toBe(200);
      const { access_token } = (await token.json()) as { access_token: string };
      const list = await fetch(`${served.url}/api/v1/payments?per_page=10`, { headers: { authorization: `Bearer ${access_token}` } });
      expect(list.status).toBe(200);
      expect(list.headers.get('x-ratelimit-remaining')).toBe('99');
      const body = (await list.json()) as { data: unknown[]; meta: { pagination: { total_count: number } } };
      expect(body.data).toHaveLength(10);
      expect(body.meta.pagination.total_count).toBe(30);
      expect(sim.requests[1]).toMatchObject({ method: 'GET', path: '/api/v1/payments', query: { per_page: '10' }, status: 200 });

      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      sim.faults.push({ transportError: 'ECONNRESET' });
      await expect(fetch(`${served.url}/api/v1/payments`)).rejects.toThrow();
      expect(stderr).toHaveBeenCalledWith('koteshen simulator: ECONNRESET; connection reset\n');
      stderr.mockRestore();
    } finally {
      await served.close();
    }
    await expect(fetch(`${served.url}/api/v1/payments`)).rejects.toThrow();
  });
});
