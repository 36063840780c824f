import { TimeBudget } from '../../src/core/budget';
import { OutOfTimeError, ProviderError } from '../../src/core/errors';
import { ProviderClient } from '../../src/core/providerClient';
import { RateLimiter } from '../../src/core/rateLimiter';
import type { HttpOutcome, HttpRequest, Platform } from '../../src/platform/types';

const START = Date.parse('2026-06-15T09:00:00Z');

/** A platform whose HTTP answers from a script, on a clock that only moves when told. */
function scriptedPlatform(answer: (request: HttpRequest, sent: number) => HttpOutcome, roundTripMs = 400) {
  let now = START;
  const rounds: Array<{ at: number; urls: string[]; headers: Array<Record<string, string>> }> = [];
  let sent = 0;
  const platform = {
    clock: { now: () => now, sleep: (ms: number) => void (now += ms) },
    http: {
      fetchAll(requests: HttpRequest[]) {
        rounds.push({ at: now, urls: requests.map((r) => r.url), headers: requests.map((r) => r.headers) });
        now += roundTripMs;
        return requests.map((request) => answer(request, sent++));
      },
    },
  } as unknown as Platform;
  return { platform, rounds, now: () => now };
}

const ok = (headers: Record<string, string> = {}): HttpOutcome => ({ status: 200, headers, body: '{}' });

function client(platform: Platform, options: Partial<ConstructorParameters<typeof ProviderClient>[0]> = {}) {
  return new ProviderClient({
    platform,
    budget: TimeBudget.forExecution(platform.clock),
    label: 'Aura',
    rateLimitPerMinute: null,
    secrets: ['aura_pk_live_secret'],
    authHeaders: () => ({ Authorization: 'Bearer aura_pk_live_secret' }),
    random: () => 0.5,
    ...options,
  });
}

const request = (n: number): HttpRequest => ({ url: `https://api.example/${n}`, method: 'get', headers: {} });

describe('ProviderClient', () => {
  it('retries 5xx with exponential backoff and jitter, then returns the answer', () => {
    const { platform, rounds } = scriptedPlatform((_, sent) => (sent < 2 ? { status: 503, headers: {}, body: '' } : ok()));
    const [response] = client(platform).sendAll([request(1)]);
    expect(response.status).toBe(200);
    // Delays: half the cap plus a random half (0.5 here) of 500 ms, then of 1000 ms.
    expect(rounds.map((r) => r.at - rounds[0].at)).toEqual([0, 400 + 375, 400 + 375 + 400 + 750]);
  });

  it('honours Retry-After and X-RateLimit-Reset on a 429', () => {
    const reset = String(Math.floor((START + 400 + 30_000) / 1000));
    const { platform, rounds } = scriptedPlatform((_, sent) =>
      sent === 0
        ? { status: 429, headers: { 'retry-after': '7' }, body: '' }
        : sent === 1
          ? { status: 429, headers: { 'x-ratelimit-reset': reset }, body: '' }
          : ok(),
    );
    client(platform).send(request(1));
    expect(rounds[1].at - rounds[0].at).toBe(400 + 7_000);
    expect(rounds[2].at).toBe(Number(reset) * 1000);
  });

  it('gives up after five tries, naming the provider and the status', () => {
    const { platform } = scriptedPlatform(() => ({ status: 502, headers: {}, body: '' }));
    expect(() => client(platform).send(request(1))).toThrow(
      new ProviderError('Aura kept answering HTTP 502 (a server error) after 5 tries. Try again in a few minutes.', null),
    );
  });

  it('never puts a secret into a transport error', () => {
    const { platform } = scriptedPlatform(() => ({ transportError: 'DNS error for https://x/?key=aura_pk_live_secret' }));
    expect(() => client(platform).send(request(1))).toThrow('Aura could not be reached (DNS error for https://x/?key=••••) after 5 tries.');
  });

  it('does not start a round the time left cannot cover', () => {
    const { platform, rounds } = scriptedPlatform(() => ok());
    const budget = new TimeBudget(platform.clock, platform.clock.now() + 1_000);
    expect(() => client(platform, { budget }).send(request(1))).toThrow(OutOfTimeError);
    expect(rounds).toEqual([]);
  });

  it('keeps within the rate limit: one request first, then batches, then waits for the window', () => {
    const { platform, rounds } = scriptedPlatform(() => ok());
    const requests = Array.from({ length: 160 }, (_, i) => request(i));
    client(platform, { rateLimitPerMinute: 100 }).sendAll(requests);
    // The window slides: a minute after the first request, that one slot frees; 400 ms later, the batch's 50.
    expect(rounds.map((r) => r.urls.length)).toEqual([1, 50, 49, 1, 50, 9]);
    expect(rounds[3].at - rounds[0].at).toBe(60_000);
    expect(rounds[4].at - rounds[1].at).toBe(60_000);
  });

  it("trusts the provider's remaining count, which covers other executions", () => {
    const reset = String(Math.floor((START + 20_000) / 1000));
    const { platform, rounds } = scriptedPlatform((_, sent) =>
      ok({ 'x-ratelimit-remaining': String(Math.max(0, 3 - sent)), 'x-ratelimit-reset': reset }),
    );
    client(platform, { rateLimitPerMinute: 100 }).sendAll(Array.from({ length: 6 }, (_, i) => request(i)));
    expect(rounds.map((r) => r.urls.length)).toEqual([1, 3, 2]);
    expect(rounds[2].at).toBe(Number(reset) * 1000);
  });

  it('renews a token once after a 401 and sends again with the new one', () => {
    let token = 'old';
    const { platform, rounds } = scriptedPlatform((req) =>
      req.headers.Authorization === 'Bearer old' ? { status: 401, headers: {}, body: '' } : ok(),
    );
    const renewAuth = jest.fn(() => ((token = 'new'), true));
    const [response] = client(platform, { authHeaders: () => ({ Authorization: `Bearer ${token}` }), renewAuth }).sendAll([request(1)]);
    expect(response.status).toBe(200);
    expect(renewAuth).toHaveBeenCalledTimes(1);
    expect(rounds.map((r) => r.headers[0].Authorization)).toEqual(['Bearer old', 'Bearer new']);
  });
});

describe('RateLimiter.retryDelayMs', () => {
  it('reads seconds, an HTTP date, or the reset time', () => {
    const now = Date.parse('2026-06-15T09:00:00Z');
    expect(RateLimiter.retryDelayMs({ 'retry-after': '3' }, now)).toBe(3_000);
    expect(RateLimiter.retryDelayMs({ 'retry-after': 'Mon, 15 Jun 2026 09:00:10 GMT' }, now)).toBe(10_000);
    expect(RateLimiter.retryDelayMs({ 'x-ratelimit-reset': String(now / 1000 + 42) }, now)).toBe(42_000);
    expect(RateLimiter.retryDelayMs({}, now)).toBeNull();
  });
});
