/**
 * Aura Partner API, GET /v1/payments (docs/providers.md, Aura).
 * Bearer API key, opaque cursor paging, newest payment_date first, rate limit 100/min per key; amounts in
 * Stripe's minor units (`stripeAmount`).
 */
import type { WireRequest, WireResponse } from '../transport';
import {
  bearerToken,
  jsonResponse,
  parseInteger,
  partitionPoint,
  SimulatorBase,
  type CommonSimulatorOptions,
  type CommonSwitches,
  type RequestTarget,
} from './common';
import { currencyExponent, FIAT_CURRENCIES, providerSubunits, type PaymentProfile, type SimPayment } from './payments';
import { base62From, floorToSecond, hashInt, hexFrom, isoSeconds, parseDateTime, uuidFrom } from './render';

export const AURA_ORIGIN = 'https://api.aura-app.ai';
export const AURA_DEMO_API_KEY = 'aura_pk_test_sandbox_7Hq2Lm9XvR4cT8wz';

export type AuraCredentials = {
  /** Every key the organization has issued; rate limits count per key. */
  apiKeys: string[];
};

export interface AuraSwitches extends CommonSwitches {
  /** Open point: what `pagination.next_cursor` is on the last page. Default 'null'. */
  lastPageCursor: 'null' | 'absent' | 'empty';
  /** Open point: a `limit` over 100 is rejected with 400 or capped to 100. Default 'reject'. */
  overLimit: 'reject' | 'cap';
  /**
   * Open point: the field `from_date`/`to_date` filter. 'payment_date'; 'created_at'; or 'payment_date_pending_null':
   * on payment_date, and pending payments carry `payment_date: null`, so a dated query never returns them.
   * Default 'payment_date'.
   */
  dateFilterField: 'payment_date' | 'created_at' | 'payment_date_pending_null';
  /** Open point: whether `from_date`/`to_date` include a payment exactly on them. Default 'inclusive'. */
  dateBounds: 'inclusive' | 'exclusive';
  /**
   * Payments sent malformed: neutral payment id → wire fields replaced in its item (`{ payment_date: 'soon',
   * created_at: null }`: a date nobody can read; `{ amount: '12.5' }`: not minor units). Default none.
   */
  garbled: Record<string, Record<string, unknown>>;
}

export type AuraSimulatorOptions = CommonSimulatorOptions &
  Partial<Pick<AuraSwitches, 'lastPageCursor' | 'overLimit' | 'dateFilterField' | 'dateBounds' | 'garbled'>> & {
    credentials?: Partial<AuraCredentials>;
    /**
     * Seeds generated payments whose created_at lies up to this many days from their payment_date, either way:
     * recorded days after it happened, or created days before it settles. Default 0 (recorded within minutes).
     */
    createdAtSkewDays?: number;
    /**
     * When generated payments happened: 'two_years' (default: uniform over the last 730 days), 'last_week' (all in
     * the last 7 days) or 'bursty' (four in five in five six-hour bursts over two years, the rest uniform).
     */
    paymentDates?: PaymentDates;
  };

export type PaymentDates = 'two_years' | 'last_week' | 'bursty';

export type AuraStatus = 'succeeded' | 'pending' | 'failed' | 'refunded';
const AURA_STATUSES: readonly AuraStatus[] = ['succeeded', 'pending', 'failed', 'refunded'];

/** Aura mirrors Stripe: card-like fiat payments with Aura's four statuses. */
const AURA_PROFILE: PaymentProfile = {
  namespace: 'aura',
  currencies: FIAT_CURRENCIES,
  statuses: { succeeded: 84, pending: 5, failed: 7, refunded: 4 },
};

/**
 * Aura's amounts are Stripe's: decimals per currency where Stripe's API departs from ISO 4217 (docs.stripe.com/currencies,
 * "Special cases"). ISK and UGX two-decimal (500 ISK is 50000), MGA zero-decimal, HUF and TWD two-decimal for charges.
 */
const STRIPE_DECIMALS: Readonly<Record<string, number>> = { ISK: 2, UGX: 2, MGA: 0, HUF: 2, TWD: 2 };

/** A neutral amount (ISO minor units) as Stripe's API writes it. */
export function stripeAmount(minor: number, currency: string): number {
  const code = currency.toUpperCase();
  return providerSubunits(minor, code, 10 ** (STRIPE_DECIMALS[code] ?? currencyExponent(code)));
}

/** next_cursor on the last page per switch value; undefined leaves the field out. */
const LAST_PAGE_CURSOR: Readonly<Record<AuraSwitches['lastPageCursor'], string | null | undefined>> = {
  null: null,
  absent: undefined,
  empty: '',
};

const HOUR = 3_600_000;
const BURSTS = 5;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ORGANIZATION_ID = uuidFrom('aura-organization');
const PRODUCT_COUNT = 6;

/** Neutral statuses Aura has no word for fold into its four. */
export function auraStatus(payment: SimPayment): AuraStatus {
  switch (payment.status) {
    case 'succeeded':
    case 'refunded':
    case 'failed':
      return payment.status;
    case 'canceled':
      return 'failed';
    default:
      return 'pending';
  }
}

export function auraLeadId(customerId: string): string {
  return uuidFrom(`aura-lead:${customerId}`);
}

/** Payments newest payment_date first (ties: newest record first), with the keys filters and cursors use. */
interface AuraIndex {
  rows: readonly Readonly<SimPayment>[];
  /** payment_date of rows[i] as shown on the wire (whole seconds), ms: descending. */
  keys: readonly number[];
  leadByCustomer: ReadonlyMap<string, string>;
  leads: ReadonlySet<string>;
}

function buildIndex(payments: readonly Readonly<SimPayment>[]): AuraIndex {
  const rows = [...payments].sort((a, b) => floorToSecond(b.occurredAt) - floorToSecond(a.occurredAt) || b.seq - a.seq);
  const leadByCustomer = new Map<string, string>();
  for (const payment of payments) {
    if (!leadByCustomer.has(payment.customerId)) leadByCustomer.set(payment.customerId, auraLeadId(payment.customerId));
  }
  return {
    rows,
    keys: rows.map((payment) => floorToSecond(payment.occurredAt)),
    leadByCustomer,
    leads: new Set(leadByCustomer.values()),
  };
}

/** Position after the last row served: its sort key. Opaque to the client; survives inserts ahead of it. */
interface AuraCursor {
  key: number;
  seq: number;
}

function encodeCursor(cursor: AuraCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.key, s: cursor.seq })).toString('base64url');
}

function decodeCursor(text: string): AuraCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return null;
    const { t, s } = value as { t?: unknown; s?: unknown };
    return Number.isSafeInteger(t) && Number.isSafeInteger(s) ? { key: t as number, seq: s as number } : null;
  } catch {
    return null;
  }
}

interface AuraQueryError {
  status: number;
  message: string;
  code: string;
}

interface AuraQuery {
  limit: number;
  cursor: AuraCursor | null;
  status: AuraStatus | null;
  leadId: string | null;
  from: number | null;
  to: number | null;
}

const ERRORS_BY_STATUS: Readonly<Record<number, readonly [string, string]>> = {
  400: ['Bad request', 'VALIDATION_ERROR'],
  401: ['Invalid API key', 'UNAUTHORIZED'],
  403: ['Forbidden', 'FORBIDDEN'],
  404: ['Not found', 'NOT_FOUND'],
  429: ['Rate limit exceeded', 'RATE_LIMITED'],
  500: ['Internal server error', 'INTERNAL_ERROR'],
  502: ['Bad gateway', 'BAD_GATEWAY'],
  503: ['Service unavailable', 'SERVICE_UNAVAILABLE'],
};

export class AuraSimulator extends SimulatorBase<AuraSwitches> {
  readonly provider = 'aura' as const;
  readonly credentials: AuraCredentials;
  private requestCount = 0;

  constructor(options: AuraSimulatorOptions) {
    super({ origin: AURA_ORIGIN, profile: AURA_PROFILE }, options, {
      now: options.now ?? Date.now,
      rateLimit: options.rateLimit ?? { perMinute: 100, scope: 'credential' },
      retryAfterHeader: options.retryAfterHeader ?? false,
      latencyMs: options.latencyMs,
      lastPageCursor: options.lastPageCursor ?? 'null',
      overLimit: options.overLimit ?? 'reject',
      dateFilterField: options.dateFilterField ?? 'payment_date',
      dateBounds: options.dateBounds ?? 'inclusive',
      garbled: options.garbled ?? {},
    });
    this.credentials = { apiKeys: options.credentials?.apiKeys ?? [AURA_DEMO_API_KEY] };
    if (options.paymentDates && options.paymentDates !== 'two_years') this.movePaymentDates(options.paymentDates);
    if (options.createdAtSkewDays) this.skewCreatedAt(options.createdAtSkewDays);
  }

  /** Moves each payment, with its other times, to a seeded instant of the distribution asked for. */
  private movePaymentDates(dates: Exclude<PaymentDates, 'two_years'>): void {
    const now = this.options.now();
    const bursts = Array.from({ length: BURSTS }, (_, i) => now - hashInt(`burst:${i}`, 730 * 24) * HOUR);
    for (const payment of [...this.store.payments]) {
      const seeded = (salt: string, hours: number) => hashInt(`${salt}:${payment.id}`, hours * 3600) * 1000;
      const inBurst = dates === 'bursty' && hashInt(`in-burst:${payment.id}`, 5) < 4;
      const occurredAt =
        dates === 'last_week'
          ? now - seeded('week', 7 * 24)
          : inBurst
            ? bursts[hashInt(`which-burst:${payment.id}`, BURSTS)] - seeded('burst', 6)
            : now - seeded('spread', 730 * 24);
      const shift = (at: number) => Math.min(now, at + occurredAt - payment.occurredAt);
      this.store.update(payment.id, {
        occurredAt,
        createdAt: shift(payment.createdAt),
        updatedAt: shift(payment.updatedAt),
        refundedAt: payment.refundedAt === null ? null : shift(payment.refundedAt),
      });
    }
  }

  /** Moves each payment's created_at to a seeded point within `days` of its payment_date, before or after. */
  private skewCreatedAt(days: number): void {
    const now = this.options.now();
    for (const payment of [...this.store.payments]) {
      const offset = (hashInt(`skew:${payment.id}`, 2 * days * 24 + 1) - days * 24) * HOUR;
      const createdAt = Math.min(now, payment.occurredAt + offset);
      this.store.update(payment.id, { createdAt, updatedAt: Math.max(payment.updatedAt, createdAt) });
    }
  }

  /** Under 'payment_date_pending_null', a pending payment has no payment_date, so no date filter matches it. */
  private hasNoPaymentDate(payment: Readonly<SimPayment>): boolean {
    return this.options.dateFilterField === 'payment_date_pending_null' && auraStatus(payment) === 'pending';
  }

  listedPayments(): readonly Readonly<SimPayment>[] {
    return this.store.derived(buildIndex).rows;
  }

  wireId(payment: SimPayment): string {
    return uuidFrom(`aura-payment:${payment.id}`);
  }

  renderItem(payment: SimPayment): object {
    const status = auraStatus(payment);
    const confirmed = status === 'succeeded' || status === 'refunded';
    const refunded = payment.refundedMinor > 0;
    const product = hashInt(`product:${payment.id}`, PRODUCT_COUNT);
    return {
      id: this.wireId(payment),
      organization_id: ORGANIZATION_ID,
      provider: 'stripe',
      provider_payment_id: `pi_${base62From(`pi:${payment.id}`, 24)}`,
      amount: stripeAmount(payment.amountMinor, payment.currency),
      currency: payment.currency.toLowerCase(),
      status,
      customer_email: payment.customerEmail,
      customer_name: payment.customerName,
      lead_id: auraLeadId(payment.customerId),
      call_id: hashInt(`call:${payment.id}`, 10) < 6 ? uuidFrom(`aura-call:${payment.id}`) : null,
      payment_date: this.hasNoPaymentDate(payment) ? null : isoSeconds(payment.occurredAt),
      created_at: isoSeconds(payment.createdAt),
      verification_status: confirmed ? 'confirmed' : 'pending',
      verified_at: confirmed ? isoSeconds(payment.createdAt) : null,
      stripe_charge_id: `ch_${base62From(`ch:${payment.id}`, 24)}`,
      stripe_customer_id: `cus_${base62From(`cus:${payment.customerId}`, 14)}`,
      stripe_subscription_id: hashInt(`sub:${payment.customerId}`, 10) < 3 ? `sub_${base62From(`sub:${payment.customerId}`, 24)}` : null,
      matched_by: payment.customerEmail === null ? 'name' : 'email',
      match_confidence: payment.customerEmail === null ? 0.8 : 1,
      match_candidates: null,
      refund_status: refunded ? (payment.refundedMinor >= payment.amountMinor ? 'full' : 'partial') : null,
      refunded_amount: stripeAmount(payment.refundedMinor, payment.currency),
      refunded_at: payment.refundedAt === null ? null : isoSeconds(payment.refundedAt),
      stripe_refund_id: refunded ? `re_${base62From(`re:${payment.id}`, 24)}` : null,
      refund_reason: refunded ? 'requested_by_customer' : null,
      stripe_product_id: `prod_${base62From(`prod:${product}`, 14)}`,
      matched_product_id: uuidFrom(`aura-product:${product}`),
      ...this.options.garbled[payment.id],
    };
  }

  protected route(req: WireRequest, target: RequestTarget): WireResponse {
    if (req.method !== 'GET' || target.path.replace(/\/+$/, '') !== '/v1/payments') {
      return this.error(404, 'Not found', 'NOT_FOUND');
    }
    const apiKey = bearerToken(req);
    if (apiKey === null || !this.credentials.apiKeys.includes(apiKey)) {
      return this.error(401, 'Invalid API key', 'UNAUTHORIZED');
    }
    const { verdict, retryHeaders } = this.checkRateLimit(apiKey);
    const rateHeaders: Record<string, string> = verdict
      ? {
          'X-RateLimit-Limit': String(verdict.limit),
          'X-RateLimit-Remaining': String(verdict.remaining),
          'X-RateLimit-Reset': String(verdict.resetAt / 1000),
        }
      : {};
    if (verdict && !verdict.allowed) {
      return this.error(429, 'Rate limit exceeded', 'RATE_LIMITED', { ...rateHeaders, ...retryHeaders });
    }
    const query = this.parseQuery(target.query);
    if ('code' in query) return this.error(query.status, query.message, query.code, rateHeaders);
    return jsonResponse(200, this.page(query), rateHeaders);
  }

  protected errorBody(status: number): object {
    const [message, code] = ERRORS_BY_STATUS[status] ?? (status >= 500 ? ERRORS_BY_STATUS[500] : ['Request failed', 'ERROR']);
    return { success: false, error: message, code, requestId: this.nextRequestId() };
  }

  private page(query: AuraQuery): object {
    const { rows, keys, leadByCustomer } = this.store.derived(buildIndex);
    const onCreatedAt = this.options.dateFilterField === 'created_at';
    const exclusive = this.options.dateBounds === 'exclusive';
    const belowTo = (at: number) => (exclusive ? at < query.to! : at <= query.to!);
    const belowFrom = (at: number) => (exclusive ? at <= query.from! : at < query.from!);
    // Rows are newest payment_date first, so a payment_date range is one contiguous run: [first below to_date, first below from_date).
    let start = query.to === null || onCreatedAt ? 0 : partitionPoint(rows.length, (i) => belowTo(keys[i]));
    const end = query.from === null || onCreatedAt ? rows.length : partitionPoint(rows.length, (i) => belowFrom(keys[i]));
    const cursor = query.cursor;
    if (cursor) {
      start = Math.max(
        start,
        partitionPoint(rows.length, (i) => keys[i] < cursor.key || (keys[i] === cursor.key && rows[i].seq < cursor.seq)),
      );
    }
    const dated = query.from !== null || query.to !== null;
    const createdInRange = (payment: Readonly<SimPayment>) => {
      const createdAt = floorToSecond(payment.createdAt);
      return (query.from === null || !belowFrom(createdAt)) && (query.to === null || belowTo(createdAt));
    };
    const matches = (payment: Readonly<SimPayment>) =>
      (query.status === null || auraStatus(payment) === query.status) &&
      (query.leadId === null || leadByCustomer.get(payment.customerId) === query.leadId) &&
      (!onCreatedAt || createdInRange(payment)) &&
      !(dated && this.hasNoPaymentDate(payment));

    const data: object[] = [];
    let last: Readonly<SimPayment> | null = null;
    let i = start;
    for (; i < end && data.length < query.limit; i++) {
      if (!matches(rows[i])) continue;
      data.push(this.renderItem(rows[i]));
      last = rows[i];
    }
    while (i < end && !matches(rows[i])) i++;
    const hasMore = i < end;

    const nextCursor = hasMore
      ? encodeCursor({ key: floorToSecond(last!.occurredAt), seq: last!.seq })
      : LAST_PAGE_CURSOR[this.options.lastPageCursor];
    return { data, pagination: nextCursor === undefined ? { has_more: hasMore } : { next_cursor: nextCursor, has_more: hasMore } };
  }

  private parseQuery(raw: Record<string, string>): AuraQuery | AuraQueryError {
    const invalid = (message: string): AuraQueryError => ({ status: 400, message, code: 'VALIDATION_ERROR' });
    let limit = DEFAULT_LIMIT;
    if (raw.limit !== undefined) {
      const parsed = parseInteger(raw.limit);
      if (parsed === null) return invalid('limit must be an integer');
      if (parsed < 1) return invalid('limit must be >= 1');
      if (parsed > MAX_LIMIT && this.options.overLimit === 'reject') return invalid(`limit must be <= ${MAX_LIMIT}`);
      limit = Math.min(parsed, MAX_LIMIT);
    }
    let cursor: AuraCursor | null = null;
    if (raw.cursor !== undefined && raw.cursor !== '') {
      cursor = decodeCursor(raw.cursor);
      if (!cursor) return invalid('Invalid cursor');
    }
    let status: AuraStatus | null = null;
    if (raw.status !== undefined) {
      if (!(AURA_STATUSES as readonly string[]).includes(raw.status)) {
        return invalid(`status must be one of ${AURA_STATUSES.join(', ')}`);
      }
      status = raw.status as AuraStatus;
    }
    let leadId: string | null = null;
    if (raw.lead_id !== undefined) {
      if (!UUID.test(raw.lead_id)) return invalid('lead_id must be a valid UUID');
      leadId = raw.lead_id.toLowerCase();
      if (!this.store.derived(buildIndex).leads.has(leadId)) return { status: 404, message: 'Lead not found', code: 'NOT_FOUND' };
    }
    const dates: { from: number | null; to: number | null } = { from: null, to: null };
    for (const [name, field] of [
      ['from_date', 'from'],
      ['to_date', 'to'],
    ] as const) {
      if (raw[name] === undefined) continue;
      const parsed = parseDateTime(raw[name]);
      if (parsed === null) return invalid(`${name} must be an ISO 8601 date-time`);
      dates[field] = parsed;
    }
    return { limit, cursor, status, leadId, ...dates };
  }

  private error(status: number, message: string, code: string, headers: Record<string, string> = {}): WireResponse {
    return jsonResponse(status, { success: false, error: message, code, requestId: this.nextRequestId() }, headers);
  }

  private nextRequestId(): string {
    return `req_${hexFrom(`aura-request:${++this.requestCount}`, 12)}`;
  }
}

export function createAuraSimulator(options: AuraSimulatorOptions = {}): AuraSimulator {
  return new AuraSimulator(options);
}
