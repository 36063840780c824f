/**
 * What the three simulators share: request parsing, the JSON response helper, the fixed-window rate
 * limiter, the fault queue, the request log, and the base class that runs a request through them.
 */
import type { WireRequest, WireResponse } from '../transport';
import { PaymentGenerator, PaymentStore, type PaymentProfile, type SimPayment } from './payments';

export type ProviderName = 'aura' | 'koteshen' | 'uqualify';

// ---------------------------------------------------------------------------------------------------
// Requests and responses

export interface RequestTarget {
  path: string;
  /** First value of each query parameter, decoded. */
  query: Record<string, string>;
}

function parseTarget(url: string): RequestTarget {
  const parsed = new URL(url);
  const query: Record<string, string> = {};
  for (const [name, value] of parsed.searchParams) if (!(name in query)) query[name] = value;
  return { path: parsed.pathname, query };
}

/** Strict integer parse of a query value ("10" → 10; "", "1.5", "1e3", "abc" → null). */
export function parseInteger(text: string): number | null {
  return /^[+-]?\d{1,15}$/.test(text) ? Number(text) : null;
}

export function bearerToken(req: WireRequest): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match ? match[1] : null;
}

/**
 * The first index in [0, length) for which `isPast(index)` is true, by binary search; `isPast` must be
 * false for a prefix and true for the rest (as it is for a bound on the key a list is sorted by).
 */
export function partitionPoint(length: number, isPast: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isPast(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): WireResponse {
  return { status, headers: { 'Content-Type': JSON_CONTENT_TYPE, ...headers }, body: JSON.stringify(body) };
}

/** What a captive portal or an expired SSO session serves instead of the API: 200, but HTML. */
function htmlLoginPage(): WireResponse {
  return {
    status: 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body:
      '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head>\n' +
      '<body><form method="post" action="/login"><h1>Sign in to continue</h1>' +
      '<input name="email" type="email"><input name="password" type="password">' +
      '<button type="submit">Sign in</button></form></body></html>\n',
  };
}

// ---------------------------------------------------------------------------------------------------
// Rate limiting

export interface RateLimit {
  perMinute: number;
  /** 'credential': a window per API key or token; 'global': one window for every caller (an organization-wide limit). */
  scope: 'credential' | 'global';
}

export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  /** Requests left in this window after this one. */
  remaining: number;
  /** End of the current window, ms. */
  resetAt: number;
}

const MINUTE = 60_000;

/** Fixed windows aligned to the clock's minutes; a rejected request does not use up the window. */
export class FixedWindowRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  take(limit: RateLimit, credential: string, now: number): RateLimitVerdict {
    const key = limit.scope === 'global' ? '*' : credential;
    const start = Math.floor(now / MINUTE) * MINUTE;
    let window = this.windows.get(key);
    if (!window || window.start !== start) {
      window = { start, count: 0 };
      this.windows.set(key, window);
    }
    const allowed = window.count < limit.perMinute;
    if (allowed) window.count++;
    return { allowed, limit: limit.perMinute, remaining: limit.perMinute - window.count, resetAt: start + MINUTE };
  }
}

/** Whole seconds until the window resets, at least 1: the value a Retry-After header would carry. */
function retryAfterSeconds(verdict: RateLimitVerdict, now: number): number {
  return Math.max(1, Math.ceil((verdict.resetAt - now) / 1000));
}

// ---------------------------------------------------------------------------------------------------
// Faults

export interface Fault {
  /** How many matching requests get this fault. Default 1; Infinity for a lasting outage. */
  times?: number;
  /** Which requests it applies to. Default: every request. */
  match?: (req: WireRequest, target: RequestTarget) => boolean;
  /** Answer with this status. Without `body`, the body is the provider's own error body for the status. */
  status?: number;
  headers?: Record<string, string>;
  /** Answer with this body (a string as is, anything else as JSON); status 200 unless `status` is set. */
  body?: unknown;
  /** The request fails in transport: handle() throws Error(transportError), e.g. 'ECONNRESET'. */
  transportError?: string;
  /** Answer 200 with an HTML login page (Content-Type text/html). */
  htmlLoginPage?: boolean;
  /** Simulated network time. On its own (no status, body, transportError or htmlLoginPage) it slows the real answer. */
  latencyMs?: number;
}

/** Faults waiting for requests, first pushed first served. */
export class FaultQueue {
  private readonly pending: { fault: Fault; remaining: number }[] = [];

  push(...faults: Fault[]): void {
    for (const fault of faults) this.pending.push({ fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.pending.length = 0;
  }

  get length(): number {
    return this.pending.length;
  }

  /** The first fault matching this request, counting the use; undefined when none applies. */
  take(req: WireRequest, target: RequestTarget): Fault | undefined {
    const index = this.pending.findIndex((entry) => !entry.fault.match || entry.fault.match(req, target));
    if (index < 0) return undefined;
    const entry = this.pending[index];
    if (--entry.remaining <= 0) this.pending.splice(index, 1);
    return entry.fault;
  }
}

// ---------------------------------------------------------------------------------------------------
// Pages that move under a client (the numbered-page providers)

/**
 * A replica behind the others: page `page` comes back with only its first `items` rows (0: none) while its paging
 * fields stay the primary's (more follow), for the first `times` requests of that page (Infinity: every one).
 */
export interface LaggingPage {
  page: number;
  items: number;
  times: number;
}

/**
 * Payments deleted while a client pages: once page `afterPage` has been served, `count` payments from index `from`
 * of the provider's unfiltered listing (default: the first row of that page) are deleted, so every later row moves
 * back. Plays once per switch value.
 */
export interface DeletionDuringWalk {
  afterPage: number;
  count: number;
  from?: number;
}

const switchUses = new WeakMap<object, number>();

/** Counts one use of a switch value; false once it has had `times` (a newly assigned value starts again). */
function takeSwitchUse(value: object, times: number): boolean {
  const used = switchUses.get(value) ?? 0;
  if (used >= times) return false;
  switchUses.set(value, used + 1);
  return true;
}

/** How many of page `page`'s rows a lagging replica serves; null when this request is served in full. */
export function laggingRows(lag: LaggingPage | null, page: number): number | null {
  return lag && lag.page === page && takeSwitchUse(lag, lag.times) ? lag.items : null;
}

// ---------------------------------------------------------------------------------------------------
// Request log

export interface LoggedRequest {
  /** Simulator clock when handled (ms). */
  time: number;
  method: string;
  url: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
  /** Status answered; 0 when a transport error was thrown instead. */
  status: number;
  /** True when a fault from `faults` answered instead of the simulator. */
  fault: boolean;
}

/** Oldest entries are dropped past this, so a long-running playground does not grow without bound. */
const MAX_LOGGED_REQUESTS = 50_000;

// ---------------------------------------------------------------------------------------------------
// Base simulator

export interface CommonSwitches {
  /** Clock for rate-limit windows, token expiry and the times of new payments (ms). */
  now: () => number;
  /** Per-minute limit, or false for none. */
  rateLimit: RateLimit | false;
  /** Send Retry-After with 429s (no provider documents it). */
  retryAfterHeader: boolean;
  /** Simulated network time put on every response; undefined leaves the runtime's default. */
  latencyMs: number | undefined;
}

export interface CommonSimulatorOptions {
  now?: () => number;
  /** How many payments to generate (default 250), or the payments themselves (copied). */
  payments?: number | readonly SimPayment[];
  /** Seed of generated payments (default 1). */
  seed?: number;
  /** Currencies generated payments draw from (e.g. CONVENTION_CURRENCIES); default the provider's own. */
  currencies?: readonly string[];
  /** Scheme, host and port the simulator answers as; default the provider's real one. */
  origin?: string;
  rateLimit?: RateLimit | false;
  retryAfterHeader?: boolean;
  latencyMs?: number;
}

const DEFAULT_PAYMENT_COUNT = 250;

export interface ProviderSimulator {
  readonly provider: ProviderName;
  /** Normalised on assignment ('HTTP://Host:80/' → 'http://host'). */
  origin: string;
  /** Mutable switches; changes apply to the next request. */
  readonly options: CommonSwitches;
  /** What the simulator accepts as valid credentials (mutable, like the switches). */
  readonly credentials: Readonly<Record<string, string | readonly string[]>>;
  readonly faults: FaultQueue;
  /** Handled requests, oldest first. */
  readonly requests: readonly LoggedRequest[];
  /** The live payments, in creation order. Change them through the helpers below. */
  readonly payments: readonly Readonly<SimPayment>[];
  /** The request/response contract of dev/transport.ts; throws for a transport-error fault. */
  handle(req: WireRequest): WireResponse;
  resetRequests(): void;
  /** Adds a payment (defaults: a fresh succeeded payment created now) and returns it. */
  addPayment(payment?: Partial<SimPayment>): Readonly<SimPayment>;
  /** Replaces fields of a payment (updatedAt defaults to now) and returns the new record. */
  updatePayment(id: string, patch: Partial<Omit<SimPayment, 'id' | 'seq'>>): Readonly<SimPayment>;
  /** Refunds `amountMinor` more (default: all that is left); a full refund makes the status 'refunded'. */
  refundPayment(id: string, amountMinor?: number): Readonly<SimPayment>;
  deletePayment(id: string): Readonly<SimPayment>;
  /** The payments this provider lists, in its default order (what paging through everything returns). */
  listedPayments(): readonly Readonly<SimPayment>[];
  /** The id the provider shows for this payment. */
  wireId(payment: SimPayment): string | number;
  /** The payment as one item of the provider's list response. */
  renderItem(payment: SimPayment): object;
}

function normaliseOrigin(origin: string): string {
  return new URL(origin).origin;
}

/**
 * Runs every request through the same steps — fault queue, provider route, latency, request log — and
 * keeps the payments. A provider supplies its route, its error body and its wire rendering.
 */
export abstract class SimulatorBase<Switches extends CommonSwitches> implements ProviderSimulator {
  abstract readonly provider: ProviderName;
  abstract readonly credentials: Readonly<Record<string, string | readonly string[]>>;
  readonly options: Switches;
  readonly faults = new FaultQueue();
  protected readonly store: PaymentStore;
  protected readonly generator: PaymentGenerator;
  private readonly rateLimiter = new FixedWindowRateLimiter();
  private readonly log: LoggedRequest[] = [];
  private currentOrigin: string;

  protected constructor(defaults: { origin: string; profile: PaymentProfile }, options: CommonSimulatorOptions, switches: Switches) {
    this.currentOrigin = normaliseOrigin(options.origin ?? defaults.origin);
    this.options = switches;
    this.generator = new PaymentGenerator({
      ...defaults.profile,
      currencies: options.currencies ?? defaults.profile.currencies,
      seed: options.seed ?? 1,
    });
    const payments = options.payments ?? DEFAULT_PAYMENT_COUNT;
    this.store = new PaymentStore(
      typeof payments === 'number' ? this.generator.generate(payments, switches.now()) : payments.map((payment) => ({ ...payment })),
    );
  }

  get origin(): string {
    return this.currentOrigin;
  }

  set origin(origin: string) {
    this.currentOrigin = normaliseOrigin(origin);
  }

  get requests(): readonly LoggedRequest[] {
    return this.log;
  }

  get payments(): readonly Readonly<SimPayment>[] {
    return this.store.payments;
  }

  handle(req: WireRequest): WireResponse {
    const target = parseTarget(req.url);
    const entry: LoggedRequest = {
      time: this.options.now(),
      method: req.method,
      url: req.url,
      path: target.path,
      query: target.query,
      headers: { ...req.headers },
      ...(req.body === undefined ? {} : { body: req.body }),
      status: 0,
      fault: false,
    };
    this.record(entry);
    const fault = this.faults.take(req, target);
    entry.fault = fault !== undefined;
    if (fault?.transportError !== undefined) throw new Error(fault.transportError);

    let response: WireResponse;
    if (fault?.htmlLoginPage) response = htmlLoginPage();
    else if (fault && (fault.status !== undefined || fault.body !== undefined)) response = this.cannedResponse(fault);
    else response = this.route(req, target);

    if (fault?.headers) response.headers = { ...response.headers, ...fault.headers };
    const latencyMs = fault?.latencyMs ?? this.options.latencyMs;
    if (latencyMs !== undefined) response.latencyMs = latencyMs;
    entry.status = response.status;
    return response;
  }

  resetRequests(): void {
    this.log.length = 0;
  }

  addPayment(payment: Partial<SimPayment> = {}): Readonly<SimPayment> {
    // A currency without an amount gets an amount priced in it (and one its providers can write whole).
    const currency = payment.amountMinor === undefined ? payment.currency : undefined;
    const fresh = this.generator.arrival(payment.seq ?? this.store.nextSeq, this.options.now(), currency);
    return this.store.add({ ...fresh, ...payment });
  }

  updatePayment(id: string, patch: Partial<Omit<SimPayment, 'id' | 'seq'>>): Readonly<SimPayment> {
    return this.store.update(id, { updatedAt: this.options.now(), ...patch });
  }

  refundPayment(id: string, amountMinor?: number): Readonly<SimPayment> {
    const payment = this.store.find(id);
    if (!payment) throw new Error(`No simulator payment with id ${id}`);
    const refundable = payment.amountMinor - payment.refundedMinor;
    const amount = amountMinor ?? refundable;
    if (!(amount > 0 && amount <= refundable)) throw new Error(`Cannot refund ${amount} of payment ${id}: ${refundable} is refundable`);
    const refundedMinor = payment.refundedMinor + amount;
    const now = this.options.now();
    return this.store.update(id, {
      refundedMinor,
      refundedAt: now,
      updatedAt: now,
      status: refundedMinor === payment.amountMinor ? 'refunded' : payment.status,
    });
  }

  deletePayment(id: string): Readonly<SimPayment> {
    return this.store.delete(id);
  }

  /** Plays a `DeletionDuringWalk` switch once page `page` (of `perPage` rows) has been served. */
  protected deleteDuringWalk(deletion: DeletionDuringWalk | null, page: number, perPage: number): void {
    if (!deletion || deletion.afterPage !== page || !takeSwitchUse(deletion, 1)) return;
    const from = deletion.from ?? (page - 1) * perPage;
    for (const payment of this.listedPayments().slice(from, from + deletion.count)) this.store.delete(payment.id);
  }

  abstract listedPayments(): readonly Readonly<SimPayment>[];
  abstract wireId(payment: SimPayment): string | number;
  abstract renderItem(payment: SimPayment): object;

  /** The provider's answer to a request no fault intercepted. */
  protected abstract route(req: WireRequest, target: RequestTarget): WireResponse;

  /** The provider's own error body for a status, used for faults that give only a status. */
  protected abstract errorBody(status: number): unknown;

  /**
   * Applies the configured rate limit to a caller. Returns the verdict (null when no limit is set) and,
   * when the caller is over the limit, the Retry-After header if switched on.
   */
  protected checkRateLimit(credential: string): { verdict: RateLimitVerdict | null; retryHeaders: Record<string, string> } {
    const limit = this.options.rateLimit;
    if (!limit) return { verdict: null, retryHeaders: {} };
    const now = this.options.now();
    const verdict = this.rateLimiter.take(limit, credential, now);
    const retryHeaders: Record<string, string> =
      !verdict.allowed && this.options.retryAfterHeader ? { 'Retry-After': String(retryAfterSeconds(verdict, now)) } : {};
    return { verdict, retryHeaders };
  }

  private cannedResponse(fault: Fault): WireResponse {
    const status = fault.status ?? 200;
    if (typeof fault.body === 'string') {
      return { status, headers: { 'Content-Type': JSON_CONTENT_TYPE }, body: fault.body };
    }
    return jsonResponse(status, fault.body === undefined ? this.errorBody(status) : fault.body);
  }

  private record(entry: LoggedRequest): void {
    if (this.log.length >= MAX_LOGGED_REQUESTS) this.log.shift();
    this.log.push(entry);
  }
}
