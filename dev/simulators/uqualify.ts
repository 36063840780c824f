/**
 * Uqualify paylinks (a rebranded BoomFi merchants API), GET /api/v1/payments
 * (docs/providers.md, Uqualify). X-API-KEY header, page/limit paging, created_at filters.
 */
import type { WireRequest, WireResponse } from '../transport';
import {
  jsonResponse,
  laggingRows,
  parseInteger,
  partitionPoint,
  SimulatorBase,
  type CommonSimulatorOptions,
  type CommonSwitches,
  type DeletionDuringWalk,
  type LaggingPage,
  type RequestTarget,
} from './common';
import { currencyExponent, isCryptoCurrency, type PaymentProfile, type SimMethod, type SimPayment, type SimStatus } from './payments';
import { base62From, floorToSecond, hashInt, hexFrom, isoSeconds, parseDateTime, formatMajor } from './render';

export const UQUALIFY_ORIGIN = 'https://paylinks.uqualify.co.uk';
export const UQUALIFY_DEMO_API_KEY = 'uq_test_sandbox_9Fk3Wb6Jp2Xs5Dm8';

export type UqualifyCredentials = {
  apiKeys: string[];
};

export interface UqualifySwitches extends CommonSwitches {
  /** Open point: `status` as the documented integer or as BoomFi's name ('Succeeded'). Default 'int'. */
  statusFormat: 'int' | 'name';
  /** Same for `payment_method`. Default 'int'. */
  paymentMethodFormat: 'int' | 'name';
  /** Same for `source`. Default 'int'. */
  sourceFormat: 'int' | 'name';
  /** Open point: `next` on the last page: 0, null, left out, or the current page number. Default 0. */
  lastPageNext: 0 | null | 'absent' | 'current';
  /** Open point: `total` counts every match or only this page's items. Default 'all'. */
  total: 'all' | 'page';
  /** Open point: error bodies as {error:{code,message,errors}} or {error:true,data:{…}}. Default 'nested'. */
  errorShape: 'nested' | 'flag';
  /** With total 'all': `total` counts this many fewer matches than there are (a stale count; never below 0). Default 0. */
  staleTotal: number;
  /** A lagging replica serves one page short or empty while `next` says more follow (see LaggingPage). Default null. */
  laggingPage: LaggingPage | null;
  /** Payments deleted once a given page has been served, moving later rows back (see DeletionDuringWalk). Default null. */
  deletionDuringWalk: DeletionDuringWalk | null;
  /** Open point: the field `since`/`until`/`after`/`before` filter. Default 'created_at'. */
  dateFilterField: 'created_at' | 'updated_at';
}

export type UqualifySimulatorOptions = CommonSimulatorOptions &
  Partial<
    Pick<
      UqualifySwitches,
      | 'statusFormat'
      | 'paymentMethodFormat'
      | 'sourceFormat'
      | 'lastPageNext'
      | 'total'
      | 'errorShape'
      | 'staleTotal'
      | 'laggingPage'
      | 'deletionDuringWalk'
      | 'dateFilterField'
    >
  > & {
    credentials?: Partial<UqualifyCredentials>;
  };

/** Position + 1 is the documented integer. */
export const UQUALIFY_STATUSES = [
  'Unknown',
  'RequiresPaymentMethod',
  'RequiresConfirmation',
  'RequiresAction',
  'Processing',
  'Succeeded',
  'Canceled',
  'Failed',
] as const;
export const UQUALIFY_PAYMENT_METHODS = [
  'Unknown',
  'MerchantContract',
  'ProxyWallet',
  'Unblock',
  'Card',
  'GooglePay',
  'ApplePay',
  'Paypal',
  'DirectDebit',
  'Ramp',
  'RampCryptoSettlement',
] as const;
export const UQUALIFY_SOURCES = ['Lago', 'Uqualify', 'Stripe', 'Chargebee'] as const;

type UqualifyStatus = (typeof UQUALIFY_STATUSES)[number];
type UqualifyPaymentMethod = (typeof UQUALIFY_PAYMENT_METHODS)[number];
type UqualifySource = (typeof UQUALIFY_SOURCES)[number];

/** Uqualify has no refunded status: a refunded payment still succeeded (the refund is a separate flow). */
const STATUS_NAMES: Readonly<Record<SimStatus, UqualifyStatus>> = {
  succeeded: 'Succeeded',
  refunded: 'Succeeded',
  pending: 'Processing',
  processing: 'Processing',
  requires_action: 'RequiresAction',
  requires_payment_method: 'RequiresPaymentMethod',
  requires_confirmation: 'RequiresConfirmation',
  failed: 'Failed',
  canceled: 'Canceled',
  unknown: 'Unknown',
};

const METHOD_NAMES: Readonly<Record<SimMethod, UqualifyPaymentMethod>> = {
  card: 'Card',
  apple_pay: 'ApplePay',
  google_pay: 'GooglePay',
  paypal: 'Paypal',
  direct_debit: 'DirectDebit',
  bank_transfer: 'Unknown',
  cash: 'Unknown',
  crypto: 'MerchantContract',
};

/** Which billing system the payment came through. */
const SOURCE_NAMES: Readonly<Record<SimMethod, UqualifySource>> = {
  card: 'Stripe',
  apple_pay: 'Stripe',
  google_pay: 'Stripe',
  paypal: 'Stripe',
  direct_debit: 'Chargebee',
  bank_transfer: 'Lago',
  cash: 'Lago',
  crypto: 'Uqualify',
};

/** Crypto paylinks: fiat and stablecoins, and tokens whose amounts carry many decimals. */
const UQUALIFY_PROFILE: PaymentProfile = {
  namespace: 'uqualify',
  currencies: ['USD', 'EUR', 'GBP', 'JPY', 'KWD', 'USDC', 'ETH', 'WBTC'],
  statuses: {
    succeeded: 80,
    processing: 4,
    requires_action: 3,
    requires_payment_method: 1.5,
    requires_confirmation: 1,
    failed: 6,
    canceled: 3,
    unknown: 0.5,
  },
  methods: { card: 60, apple_pay: 12, google_pay: 8, paypal: 6, direct_debit: 6 },
};

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 100;
const ORGANIZATION_ID = ksuid('uqualify-organization');
const CREATED_BY = ksuid('uqualify-user');

/** BoomFi ids are KSUIDs: 27 base62 characters. */
function ksuid(input: string): string {
  return base62From(input, 27);
}

export function uqualifyStatus(payment: SimPayment): UqualifyStatus {
  return STATUS_NAMES[payment.status];
}

/** Payments oldest created first (ties: oldest record first); `sort=desc` reads it backwards. */
interface UqualifyIndex {
  rows: readonly Readonly<SimPayment>[];
  /** created_at of rows[i] as shown on the wire (whole seconds), ms: ascending. */
  keys: readonly number[];
  /** Latest updated_at of any payment: `data.last_update`. */
  lastUpdate: number | null;
}

function buildIndex(payments: readonly Readonly<SimPayment>[]): UqualifyIndex {
  const rows = [...payments].sort((a, b) => floorToSecond(a.createdAt) - floorToSecond(b.createdAt) || a.seq - b.seq);
  let lastUpdate: number | null = null;
  for (const payment of payments) lastUpdate = Math.max(lastUpdate ?? payment.updatedAt, payment.updatedAt);
  return { rows, keys: rows.map((payment) => floorToSecond(payment.createdAt)), lastUpdate };
}

interface UqualifyQuery {
  page: number;
  limit: number;
  descending: boolean;
  /** Bounds on the filtered field, ms with sub-ms fractions kept: since/until inclusive, after/before strict. */
  since: number | null;
  after: number | null;
  until: number | null;
  before: number | null;
}

interface UqualifyError {
  status: number;
  message: string;
  reason: string;
}

/** `next` on the last page per switch value; undefined leaves the field out. */
function lastPageNext(value: UqualifySwitches['lastPageNext'], page: number): number | null | undefined {
  if (value === 'absent') return undefined;
  return value === 'current' ? page : value;
}

const ERRORS_BY_STATUS: Readonly<Record<number, readonly [string, string]>> = {
  400: ['Bad request', 'InvalidArgument'],
  401: ['Unauthorized', 'InvalidApiKey'],
  403: ['Forbidden', 'PermissionDenied'],
  404: ['Not found', 'NotFound'],
  429: ['Too many requests', 'RateLimited'],
  500: ['Internal server error', 'Internal'],
  502: ['Bad gateway', 'Unavailable'],
  503: ['Service unavailable', 'Unavailable'],
};

export class UqualifySimulator extends SimulatorBase<UqualifySwitches> {
  readonly provider = 'uqualify' as const;
  readonly credentials: UqualifyCredentials;

  constructor(options: UqualifySimulatorOptions) {
    super({ origin: UQUALIFY_ORIGIN, profile: UQUALIFY_PROFILE }, options, {
      now: options.now ?? Date.now,
      rateLimit: options.rateLimit ?? false,
      retryAfterHeader: options.retryAfterHeader ?? false,
      latencyMs: options.latencyMs,
      statusFormat: options.statusFormat ?? 'int',
      paymentMethodFormat: options.paymentMethodFormat ?? 'int',
      sourceFormat: options.sourceFormat ?? 'int',
      lastPageNext: options.lastPageNext === undefined ? 0 : options.lastPageNext,
      total: options.total ?? 'all',
      errorShape: options.errorShape ?? 'nested',
      staleTotal: options.staleTotal ?? 0,
      laggingPage: options.laggingPage ?? null,
      deletionDuringWalk: options.deletionDuringWalk ?? null,
      dateFilterField: options.dateFilterField ?? 'created_at',
    });
    this.credentials = { apiKeys: options.credentials?.apiKeys ?? [UQUALIFY_DEMO_API_KEY] };
  }

  /** In the default order, newest created first. */
  listedPayments(): readonly Readonly<SimPayment>[] {
    return [...this.store.derived(buildIndex).rows].reverse();
  }

  wireId(payment: SimPayment): string {
    return ksuid(`uqualify-payment:${payment.id}`);
  }

  renderItem(payment: SimPayment): object {
    const id = this.wireId(payment);
    const crypto = isCryptoCurrency(payment.currency);
    const amount = formatMajor(payment.amountMinor, currencyExponent(payment.currency), crypto);
    const createdAt = isoSeconds(payment.createdAt);
    const updatedAt = isoSeconds(payment.updatedAt);
    const customerId = ksuid(`uqualify-customer:${payment.customerId}`);
    const status = uqualifyStatus(payment);
    const planId = ksuid(`uqualify-plan:${payment.id}`);
    return {
      amount,
      created_at: createdAt,
      crypto_transaction: crypto
        ? {
            chain_id: 1,
            created_at: createdAt,
            id: payment.seq,
            payment_id: { string: id, valid: true },
            raw: [],
            sequence: String(payment.seq),
            source: 1,
            status: status === 'Succeeded' ? 2 : 1,
            transaction_hash: `0x${hexFrom(`tx:${payment.id}`, 64)}`,
            type: 1,
            updated_at: updatedAt,
          }
        : null,
      currency: payment.currency,
      customer: {
        // The neutral record has no customer history: the customer is shown as created with the payment.
        created_at: createdAt,
        deleted_at: null,
        email: payment.customerEmail,
        id: customerId,
        metadata: {},
        name: payment.customerName,
        org_id: ORGANIZATION_ID,
        phone: null,
        properties: {},
        reference: `REF-${String(hashInt(`ref:${payment.customerId}`, 1_000_000)).padStart(6, '0')}`,
        updated_at: createdAt,
        wallet_address: crypto ? `0x${hexFrom(`wallet:${payment.customerId}`, 40)}` : null,
      },
      customer_id: customerId,
      id,
      invoice_id: ksuid(`uqualify-invoice:${payment.invoiceId}`),
      next_action: status === 'RequiresAction' ? 'verify_payment' : '',
      org_id: ORGANIZATION_ID,
      parent_id: null,
      payment_link: {
        id: ksuid(`uqualify-link:${payment.id}`),
        plan_id: planId,
        invoice_id: '',
        source: 'Uqualify',
        customer_ident_collection: false,
        shipping_address_collection: false,
        tax_ident_collection: false,
        enabled: true,
        deleted_at: null,
        created_by: CREATED_BY,
        updated_by: '',
        created_at: createdAt,
        updated_at: createdAt,
        metadata: {},
        properties: { short_code: base62From(`short:${payment.id}`, 10) },
        plan: {
          id: planId,
          org_id: ORGANIZATION_ID,
          source: 'Uqualify',
          name: `Invoice ${payment.reference}`,
          type: 'OneTime',
          billing_scheme: 'FlatFee',
          price: amount,
          currency: payment.currency,
          available_quantity: 0,
          trial_period: '',
          recurring_interval: 'Unknown',
          recurring_interval_count: 1,
          recurring_usage_type: 'Unknown',
          reference: '',
          enabled: true,
          v1: '',
          created_by: CREATED_BY,
          created_at: createdAt,
          updated_at: createdAt,
          deleted_at: null,
          metadata: {},
        },
      },
      payment_method: this.enumValue(UQUALIFY_PAYMENT_METHODS, METHOD_NAMES[payment.method], this.options.paymentMethodFormat),
      properties: {},
      scheduled_time: 0,
      source: this.enumValue(UQUALIFY_SOURCES, SOURCE_NAMES[payment.method], this.options.sourceFormat),
      status: this.enumValue(UQUALIFY_STATUSES, status, this.options.statusFormat),
      updated_at: updatedAt,
      v1: [1],
    };
  }

  protected route(req: WireRequest, target: RequestTarget): WireResponse {
    if (req.method !== 'GET' || target.path.replace(/\/+$/, '') !== '/api/v1/payments') {
      return this.error({ status: 404, message: 'Not found', reason: 'NotFound' });
    }
    const apiKey = req.headers['x-api-key'];
    if (apiKey === undefined || !this.credentials.apiKeys.includes(apiKey)) {
      return this.error({ status: 401, message: 'Unauthorized', reason: 'InvalidApiKey' });
    }
    const { verdict, retryHeaders } = this.checkRateLimit(apiKey);
    if (verdict && !verdict.allowed) {
      return this.error({ status: 429, message: 'Too many requests', reason: 'RateLimited' }, retryHeaders);
    }
    const query = parseQuery(target.query);
    if ('reason' in query) return this.error(query);
    const response = jsonResponse(200, { data: this.page(query), error: false });
    this.deleteDuringWalk(this.options.deletionDuringWalk, query.page, query.limit);
    return response;
  }

  protected errorBody(status: number): object {
    const [message, reason] = ERRORS_BY_STATUS[status] ?? (status >= 500 ? ERRORS_BY_STATUS[500] : ['Request failed', 'Unknown']);
    return this.errorShape({ status, message, reason });
  }

  private page(query: UqualifyQuery): object {
    const { rows, keys, lastUpdate } = this.store.derived(buildIndex);
    const selected = this.options.dateFilterField === 'created_at' ? createdInRange(keys, query) : updatedInRange(rows, query);
    const matching = selected.length;

    const offset = (query.page - 1) * query.limit;
    const items: object[] = [];
    const lagging = laggingRows(this.options.laggingPage, query.page);
    const served = Math.min(offset + query.limit, matching, lagging === null ? Infinity : offset + lagging);
    for (let n = offset; n < served; n++) {
      items.push(this.renderItem(rows[selected.at(query.descending ? matching - 1 - n : n)]));
    }
    const isLastPage = offset + query.limit >= matching;
    const next = isLastPage ? lastPageNext(this.options.lastPageNext, query.page) : query.page + 1;
    return {
      items,
      last_update: lastUpdate === null ? null : isoSeconds(lastUpdate),
      ...(next === undefined ? {} : { next }),
      total: this.options.total === 'all' ? Math.max(0, matching - this.options.staleTotal) : items.length,
    };
  }

  private enumValue<Name extends string>(names: readonly Name[], name: Name, format: 'int' | 'name'): number | Name {
    return format === 'int' ? names.indexOf(name) + 1 : name;
  }

  private errorShape(error: UqualifyError): object {
    const detail = { code: error.status, message: error.message, errors: [{ domain: 'payments', reason: error.reason }] };
    return this.options.errorShape === 'nested' ? { error: detail } : { error: true, data: detail };
  }

  private error(error: UqualifyError, headers: Record<string, string> = {}): WireResponse {
    return jsonResponse(error.status, this.errorShape(error), headers);
  }
}

/** The rows a query's date bounds admit, in created_at order: how many, and the index in `rows` of the nth. */
interface SelectedRows {
  length: number;
  at(n: number): number;
}

/** Indices of the rows (ascending created_at) whose created_at the bounds admit: one contiguous run. */
function createdInRange(keys: readonly number[], query: UqualifyQuery): SelectedRows {
  let low = 0;
  let high = keys.length;
  if (query.since !== null)
    low = Math.max(
      low,
      partitionPoint(keys.length, (i) => keys[i] >= query.since!),
    );
  if (query.after !== null)
    low = Math.max(
      low,
      partitionPoint(keys.length, (i) => keys[i] > query.after!),
    );
  if (query.until !== null)
    high = Math.min(
      high,
      partitionPoint(keys.length, (i) => keys[i] > query.until!),
    );
  if (query.before !== null)
    high = Math.min(
      high,
      partitionPoint(keys.length, (i) => keys[i] >= query.before!),
    );
  return { length: Math.max(0, high - low), at: (n) => low + n };
}

/** Indices of the rows whose updated_at (as on the wire, whole seconds) the bounds admit, in created_at order. */
function updatedInRange(rows: readonly Readonly<SimPayment>[], query: UqualifyQuery): SelectedRows {
  const indices: number[] = [];
  rows.forEach((payment, i) => {
    const updatedAt = floorToSecond(payment.updatedAt);
    const admitted =
      (query.since === null || updatedAt >= query.since) &&
      (query.after === null || updatedAt > query.after) &&
      (query.until === null || updatedAt <= query.until) &&
      (query.before === null || updatedAt < query.before);
    if (admitted) indices.push(i);
  });
  return { length: indices.length, at: (n) => indices[n] };
}

function parseQuery(raw: Record<string, string>): UqualifyQuery | UqualifyError {
  const invalid = (message: string): UqualifyError => ({ status: 400, message, reason: 'InvalidArgument' });
  const page = raw.page === undefined ? 1 : parseInteger(raw.page);
  if (page === null || page < 1) return invalid('page must be greater than or equal to 1');
  const limit = raw.limit === undefined ? DEFAULT_LIMIT : parseInteger(raw.limit);
  if (limit === null || limit < 1 || limit > MAX_LIMIT) return invalid(`limit must be between 1 and ${MAX_LIMIT}`);
  const sort = raw.sort ?? 'desc';
  if (sort !== 'asc' && sort !== 'desc') return invalid('sort must be asc or desc');
  const bounds = { since: null, after: null, until: null, before: null } as Pick<UqualifyQuery, 'since' | 'after' | 'until' | 'before'>;
  for (const name of ['since', 'after', 'until', 'before'] as const) {
    if (raw[name] === undefined) continue;
    const parsed = parseDateTime(raw[name]);
    if (parsed === null) return invalid(`${name} must be an RFC 3339 timestamp`);
    bounds[name] = parsed;
  }
  return { page, limit, descending: sort === 'desc', ...bounds };
}

export function createUqualifySimulator(options: UqualifySimulatorOptions = {}): UqualifySimulator {
  return new UqualifySimulator(options);
}
