import type { Cache } from '../platform/types';
import { STORE_KEYS } from './storeKeys';

const WINDOW_MS = 60_000;
/** The shared state outlives its last request by a window: after that it says nothing. */
const SHARED_STATE_TTL_SECONDS = 120;

/** What one execution learnt about a connection's minute, for the next (a formula after a scheduled sync, say). */
export interface RateLimiterState {
  sentAt: number[];
  headerRemaining: number | null;
  headerResetAt: number | null;
  headerSeenAt: number;
}

/**
 * How many requests may go out now without a 429. Combines the provider's documented per-minute limit, counted over
 * this execution's own requests, with what its rate-limit headers said (which also covers other executions).
 */
export class RateLimiter {
  private readonly sentAt: number[] = [];
  private headerRemaining: number | null = null;
  private headerResetAt: number | null = null;
  private headerSeenAt = 0;
  /** A rate-limited provider gets one request first: another execution may have spent this minute's allowance. */
  private heardBack = false;

  constructor(private readonly perMinute: number | null) {}

  /** A limiter that starts from another execution's requests and headers. Its first request still goes alone. */
  static fromState(perMinute: number | null, state: RateLimiterState | null): RateLimiter {
    const limiter = new RateLimiter(perMinute);
    if (state) {
      limiter.sentAt.push(...state.sentAt);
      limiter.headerRemaining = state.headerRemaining;
      limiter.headerResetAt = state.headerResetAt;
      limiter.headerSeenAt = state.headerSeenAt;
    }
    return limiter;
  }

  toState(now: number): RateLimiterState {
    this.forget(now);
    return {
      sentAt: [...this.sentAt],
      headerRemaining: this.headerRemaining,
      headerResetAt: this.headerResetAt,
      headerSeenAt: this.headerSeenAt,
    };
  }

  /** When `count` requests may go out without waiting, as far as this limiter knows (its own and restored requests). */
  availableAt(count: number, now: number): number {
    this.forget(now);
    let at = now;
    if (this.perMinute !== null) {
      // The requests that must age out of the window first: all but the (perMinute - count) newest.
      const mustAgeOut = this.sentAt.length - Math.max(0, this.perMinute - count);
      if (mustAgeOut > 0) at = Math.max(at, this.sentAt[mustAgeOut - 1] + WINDOW_MS);
    }
    if (this.headerRemaining !== null && this.headerRemaining < count) {
      at = Math.max(at, this.headerResetAt ?? this.headerSeenAt + WINDOW_MS);
    }
    return at;
  }

  allowance(now: number): number {
    this.forget(now);
    if (this.perMinute !== null && !this.heardBack) return this.sentAt.length === 0 ? 1 : 0;
    let allowed = this.perMinute === null ? Infinity : this.perMinute - this.sentAt.length;
    if (this.headerRemaining !== null) allowed = Math.min(allowed, this.headerRemaining);
    return Math.max(0, allowed);
  }

  /** How long until allowance() is positive again. */
  waitMs(now: number): number {
    this.forget(now);
    let wait = 0;
    if (this.perMinute !== null && this.sentAt.length >= this.perMinute) wait = this.sentAt[0] + WINDOW_MS - now;
    if (this.headerRemaining !== null && this.headerRemaining <= 0) {
      const resetAt = this.headerResetAt ?? this.headerSeenAt + WINDOW_MS;
      wait = Math.max(wait, resetAt - now);
    }
    return Math.max(0, wait);
  }

  recordSent(count: number, now: number): void {
    for (let i = 0; i < count; i++) this.sentAt.push(now);
    if (this.headerRemaining !== null) this.headerRemaining -= count;
  }

  /** Reads X-RateLimit-Remaining / X-RateLimit-Reset (Unix seconds, or seconds from now when small). */
  observe(headers: Record<string, string>, now: number): void {
    this.heardBack = true;
    const remaining = Number(headers['x-ratelimit-remaining']);
    if (headers['x-ratelimit-remaining'] === undefined || !Number.isFinite(remaining)) return;
    const reset = Number(headers['x-ratelimit-reset']);
    const resetAt = Number.isFinite(reset) && reset > 0 ? (reset > 1e9 ? reset * 1000 : now + reset * 1000) : null;
    // Responses of one parallel batch arrive together: the lowest remaining is the freshest.
    if (this.headerRemaining === null || this.headerSeenAt < now || remaining < this.headerRemaining) {
      this.headerRemaining = remaining;
    }
    this.headerResetAt = resetAt;
    this.headerSeenAt = now;
  }

  /** Delay a 429 asks for: Retry-After (seconds or HTTP date), else the rate-limit reset, else null. */
  static retryDelayMs(headers: Record<string, string>, now: number): number | null {
    const retryAfter = headers['retry-after'];
    if (retryAfter !== undefined) {
      const seconds = Number(retryAfter);
      if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
      const at = Date.parse(retryAfter);
      if (!Number.isNaN(at)) return Math.max(0, at - now);
    }
    const reset = Number(headers['x-ratelimit-reset']);
    if (headers['x-ratelimit-reset'] !== undefined && Number.isFinite(reset) && reset > 0) {
      return Math.max(0, reset > 1e9 ? reset * 1000 - now : reset * 1000);
    }
    return null;
  }

  private forget(now: number): void {
    while (this.sentAt.length && this.sentAt[0] <= now - WINDOW_MS) this.sentAt.shift();
    // Without a reset time (Koteshen sends none) a header is stale a window after it was seen.
    const headerResetAt = this.headerResetAt ?? (this.headerRemaining === null ? null : this.headerSeenAt + WINDOW_MS);
    if (headerResetAt !== null && now >= headerResetAt) {
      this.headerRemaining = null;
      this.headerResetAt = null;
    }
  }
}

/**
 * The limiter of a connection, shared by every execution that uses it (syncs, formulas, connection tests) through the
 * document cache: a custom function may write the cache, never properties.
 */
export function loadSharedLimiter(cache: Cache, connectionId: string, perMinute: number | null): RateLimiter {
  const key = STORE_KEYS.rateLimit(connectionId);
  const stored = cache.getAll([key])[key];
  return RateLimiter.fromState(perMinute, stored ? (JSON.parse(stored) as RateLimiterState) : null);
}

export function saveSharedLimiter(cache: Cache, connectionId: string, limiter: RateLimiter, now: number): void {
  cache.putAll({ [STORE_KEYS.rateLimit(connectionId)]: JSON.stringify(limiter.toState(now)) }, SHARED_STATE_TTL_SECONDS);
}
