import type { HttpRequest, HttpResponse, Platform } from '../platform/types';
import { isTransportFailure } from '../platform/types';
import type { TimeBudget } from './budget';
import { OutOfTimeError, PlatformLimitError, ProviderError, redactSecrets } from './errors';
import { loadSharedLimiter, RateLimiter, saveSharedLimiter } from './rateLimiter';

/** Requests per UrlFetchApp.fetchAll: large enough for one round per 5,000 payments, small enough to stay polite. */
export const MAX_PARALLEL_REQUESTS = 50;
export const MAX_ATTEMPTS = 5;
const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 20_000;
/** Until a round trip has been seen, plan for a slow one. */
const FIRST_ROUND_ESTIMATE_MS = 1_500;

export interface ProviderClientOptions {
  platform: Platform;
  budget: TimeBudget;
  label: string;
  rateLimitPerMinute: number | null;
  /** Text that must never leave in an error (the key, token, client secret). */
  secrets: Array<string | undefined>;
  authHeaders(): Record<string, string>;
  /** The saved connection's id: its rate limit is shared with every other execution that uses it. */
  connectionId?: string;
  /** After a 401: forget a stored token. True when sending again can help. */
  renewAuth?(): boolean;
  random?: () => number;
}

interface Attempt {
  index: number;
  tries: number;
}

/** Apps Script refuses a URL outside the manifest's urlFetchWhitelist; trying again cannot help. */
const NOT_WHITELISTED = /urlFetchWhitelist/i;

/**
 * Google's limits that fail a fetch for good, by the words of its exceptions: "Service invoked too many times for one
 * day: urlfetch.", "Limit Exceeded: URLFetch URL Length." and the response over 50 MB. Retrying only spends more.
 */
function platformLimit(transportError: string, label: string): PlatformLimitError | null {
  if (/too many times for one day: urlfetch/i.test(transportError)) {
    return new PlatformLimitError(
      `Google's daily UrlFetch quota for your account is used up (Apps Script allows 20,000 requests a day, 100,000 ` +
        `with Google Workspace), so ${label} cannot be reached now. It resets within 24 hours; a sync part way through ` +
        'keeps what it has fetched and continues after the reset.',
      'urlFetchDaily',
    );
  }
  if (/URLFetch URL Length/i.test(transportError)) {
    return new PlatformLimitError(
      `A request to ${label} would need a URL longer than the 2 KB Apps Script allows (URLFetch URL Length), so it cannot ` +
        `be sent. Check ${label}'s base URL in Connections: a long path makes every request's URL long.`,
      'urlLength',
    );
  }
  if (/response size|response too large|50 ?MB/i.test(transportError)) {
    return new PlatformLimitError(
      `${label} sent a response larger than the 50 MB Apps Script accepts, so it cannot be read. A page of payments is ` +
        `far smaller: check ${label}'s base URL in Connections.`,
      'responseSize',
    );
  }
  return null;
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Sends a provider's requests the way every provider needs: in parallel where allowed, within its rate limit,
 * retrying 429, 5xx and transport failures with exponential backoff and jitter (honouring Retry-After and
 * X-RateLimit-Reset), and never starting a round the execution's remaining time cannot cover.
 */
/**
 * "api": the provider's rate-limited API, authenticated. "grant": a token request to its auth endpoint, sent as it
 * is and not counted against the API's limit (it would cost a pull one of its 100 requests a minute).
 */
export type RequestKind = 'api' | 'grant';

export class ProviderClient {
  private readonly limiter: RateLimiter;
  private slowestRoundMs = 0;
  private renewedAuth = false;
  /** The walk stopped waiting for the rate limit (spent, perhaps, by another execution), not for slow pages. */
  stoppedByRateLimit = false;
  requestsSent = 0;
  rounds = 0;

  constructor(private readonly options: ProviderClientOptions) {
    this.limiter = options.connectionId
      ? loadSharedLimiter(options.platform.documentCache, options.connectionId, options.rateLimitPerMinute)
      : new RateLimiter(options.rateLimitPerMinute);
  }

  /** How many requests can go out now without waiting for the rate limit (at least one: sending it waits). */
  readyNow(): number {
    return Math.max(1, Math.min(MAX_PARALLEL_REQUESTS, this.limiter.allowance(this.options.platform.clock.now())));
  }

  /** Time left in the execution's budget. */
  remainingMs(): number {
    return this.options.budget.remainingMs();
  }

  /**
   * How many more requests the rate limit lets out before the time budget ends, as far as this client knows (its
   * own requests and those other executions shared), keeping a round's time at the end.
   */
  requestsPossibleInBudget(): number {
    const { budget, platform, rateLimitPerMinute } = this.options;
    if (rateLimitPerMinute === null) return Infinity;
    const lastStart = platform.clock.now() + budget.remainingMs() - this.estimatedRoundMs();
    // The limiter sees one minute ahead; each further minute of budget frees another minute's allowance.
    const most = rateLimitPerMinute * (1 + Math.floor(budget.remainingMs() / 60_000));
    let count = 0;
    while (count < most && this.limiter.availableAt(count + 1, platform.clock.now()) <= lastStart) count++;
    return count;
  }

  send(request: HttpRequest, kind: RequestKind = 'api'): HttpResponse {
    return this.sendAll([request], kind)[0];
  }

  /** One response per request, in order; 2xx-4xx responses are returned for the caller to judge, except a 401 that a renewed token fixed. */
  sendAll(requests: HttpRequest[], kind: RequestKind = 'api'): HttpResponse[] {
    const api = kind === 'api';
    const responses: HttpResponse[] = new Array(requests.length);
    let queue: Attempt[] = requests.map((_, index) => ({ index, tries: 0 }));
    while (queue.length) {
      const batch = api ? this.takeAllowed(queue) : queue.slice(0, MAX_PARALLEL_REQUESTS);
      queue = queue.slice(batch.length);
      const outcomes = this.sendRound(
        batch.map((attempt) => this.prepare(requests[attempt.index], api)),
        api,
      );
      const retries: Attempt[] = [];
      let retryDelayMs = 0;
      let unauthorized = false;
      outcomes.forEach((outcome, i) => {
        const attempt = { index: batch[i].index, tries: batch[i].tries + 1 };
        if (isTransportFailure(outcome)) {
          if (NOT_WHITELISTED.test(outcome.transportError)) throw this.notWhitelisted(requests[attempt.index].url);
          const limit = platformLimit(outcome.transportError, this.options.label);
          if (limit) throw limit;
          this.giveUpIfExhausted(attempt, () => `could not be reached (${this.redact(outcome.transportError)})`);
          retries.push(attempt);
          retryDelayMs = Math.max(retryDelayMs, this.backoffMs(attempt.tries));
          return;
        }
        if (api) this.limiter.observe(outcome.headers, this.options.platform.clock.now());
        if (isRetryableStatus(outcome.status)) {
          this.giveUpIfExhausted(attempt, () => describeRetryableStatus(outcome.status));
          retries.push(attempt);
          const asked = RateLimiter.retryDelayMs(outcome.headers, this.options.platform.clock.now());
          retryDelayMs = Math.max(retryDelayMs, asked ?? this.backoffMs(attempt.tries));
          return;
        }
        if (outcome.status === 401 && api && !this.renewedAuth && this.options.renewAuth) {
          unauthorized = true;
          retries.push(attempt);
          return;
        }
        responses[attempt.index] = outcome;
      });
      if (api) this.shareLimiterState();
      if (unauthorized) {
        this.renewedAuth = true;
        if (!this.options.renewAuth?.()) return this.sendAllWithoutRenewal(requests, responses, retries, queue);
      }
      if (retries.length) {
        this.waitOrGiveUp(retryDelayMs, () => `${this.options.label} kept failing and the time left is too short to retry`);
        queue = [...retries, ...queue];
      }
    }
    return responses;
  }

  /** Renewal was impossible: send the rest without it, so the caller sees the 401 and says the key was rejected. */
  private sendAllWithoutRenewal(requests: HttpRequest[], responses: HttpResponse[], retries: Attempt[], queue: Attempt[]): HttpResponse[] {
    const pending = [...retries, ...queue].map((attempt) => attempt.index);
    const again = this.sendAll(pending.map((index) => requests[index]));
    pending.forEach((index, i) => (responses[index] = again[i]));
    return responses;
  }

  private shareLimiterState(): void {
    if (!this.options.connectionId) return;
    saveSharedLimiter(this.options.platform.documentCache, this.options.connectionId, this.limiter, this.options.platform.clock.now());
  }

  private takeAllowed(queue: Attempt[]): Attempt[] {
    const clock = this.options.platform.clock;
    let allowed = this.limiter.allowance(clock.now());
    if (allowed === 0) {
      const waitMs = this.limiter.waitMs(clock.now());
      if (waitMs > 0 && this.options.budget.remainingMs() < waitMs + this.estimatedRoundMs()) this.stoppedByRateLimit = true;
      this.waitOrGiveUp(
        waitMs,
        () =>
          `${this.options.label}'s rate limit (${this.options.rateLimitPerMinute ?? 'its'} requests a minute) leaves no time to fetch the rest`,
      );
      allowed = Math.max(1, this.limiter.allowance(clock.now()));
    }
    return queue.slice(0, Math.min(allowed, MAX_PARALLEL_REQUESTS));
  }

  private sendRound(requests: HttpRequest[], rateLimited: boolean) {
    const clock = this.options.platform.clock;
    this.ensureTimeFor(this.estimatedRoundMs(), () => `there is not enough time left for another request to ${this.options.label}`);
    const startedAt = clock.now();
    if (rateLimited) this.limiter.recordSent(requests.length, startedAt);
    const outcomes = this.options.platform.http.fetchAll(requests);
    this.slowestRoundMs = Math.max(this.slowestRoundMs, clock.now() - startedAt);
    this.requestsSent += requests.length;
    this.rounds += 1;
    return outcomes;
  }

  private prepare(request: HttpRequest, authenticate: boolean): HttpRequest {
    if (!authenticate) return request;
    return { ...request, headers: { ...request.headers, ...this.options.authHeaders() } };
  }

  /** What the next round is expected to take: half again the slowest so far. */
  estimatedRoundMs(): number {
    return this.slowestRoundMs > 0 ? this.slowestRoundMs * 1.5 : FIRST_ROUND_ESTIMATE_MS;
  }

  /** Full jitter: a random delay up to the exponential cap, so parallel clients do not retry in step. */
  private backoffMs(tries: number): number {
    const cap = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (tries - 1));
    const random = this.options.random ?? Math.random;
    return cap / 2 + (random() * cap) / 2;
  }

  private waitOrGiveUp(ms: number, why: () => string): void {
    if (ms <= 0) return;
    this.ensureTimeFor(ms + this.estimatedRoundMs(), why);
    this.options.platform.clock.sleep(ms);
  }

  private ensureTimeFor(ms: number, why: () => string): void {
    if (this.options.budget.remainingMs() < ms) throw new OutOfTimeError(why());
  }

  private giveUpIfExhausted(attempt: Attempt, what: () => string): void {
    if (attempt.tries < MAX_ATTEMPTS) return;
    throw new ProviderError(`${this.options.label} ${what()} after ${MAX_ATTEMPTS} tries. Try again in a few minutes.`, null);
  }

  private notWhitelisted(url: string): ProviderError {
    const origin = /^[a-z]+:\/\/[^/?#]+/i.exec(url)?.[0] ?? url;
    return new ProviderError(
      `The add-on may not reach ${origin}: Apps Script only fetches the addresses listed when the add-on was built. ` +
        `Check ${this.options.label}'s base URL in Connections; a self-hosted server has to be added at build time (KOTESHEN_HOSTS, see the README).`,
      null,
    );
  }

  private redact(text: string): string {
    return redactSecrets(text, this.options.secrets);
  }
}

function describeRetryableStatus(status: number): string {
  return status === 429 ? 'kept answering 429 Too Many Requests' : `kept answering HTTP ${status} (a server error)`;
}
