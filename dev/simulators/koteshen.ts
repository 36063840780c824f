/**
 * Koteshen (a Rails invoicing app), GET /api/v1/payments and POST /oauth/token
 * (docs/providers.md, Koteshen). OAuth bearer tokens, page/per_page paging, newest first (the `listOrder` switch changes that).
 *
 * Koteshen records money received and has no status: it lists only payments whose neutral status is
 * 'succeeded' or 'refunded' (a refund leaves the Koteshen payment as it was, bar updated_at).
 */
import { STATUS_CODES } from 'node:http';
import type { WireRequest, WireResponse } from '../transport';
import {
  bearerToken,
  jsonResponse,
  laggingRows,
  parseInteger,
  SimulatorBase,
  type CommonSimulatorOptions,
  type CommonSwitches,
  type DeletionDuringWalk,
  type LaggingPage,
  type RequestTarget,
} from './common';
import { currencyExponent, FIAT_CURRENCIES, providerSubunits, type PaymentProfile, type SimMethod, type SimPayment } from './payments';
import { base62From, isoMillis } from './render';

export const KOTESHEN_ORIGIN = 'https://koteshen.com';
export const KOTESHEN_DEMO_ACCESS_TOKEN = 'kt_pat_sandbox_4Rn8Vd2Qx6Lb9Hs1';
export const KOTESHEN_DEMO_CLIENT_ID = 'kt_client_sandbox_Ue3Yp7Tg';
export const KOTESHEN_DEMO_CLIENT_SECRET = 'kt_secret_sandbox_Jw5Mc1Nz8Kf2';

export type KoteshenCredentials = {
  /** A personal access token pasted by the user: never expires. */
  accessToken: string;
  /** Client-credentials grant at /oauth/token; issued tokens expire after `tokenTtlSeconds`. */
  clientId: string;
  clientSecret: string;
};

export interface KoteshenSwitches extends CommonSwitches {
  /** Lifetime of tokens issued by /oauth/token (reported as expires_in). Default 7200. */
  tokenTtlSeconds: number;
  /** Largest per_page served. Default 100. */
  perPageMax: number;
  /** A per_page over perPageMax is capped (Kaminari's max_per_page) or rejected with 422. Default 'cap'. */
  overMax: 'cap' | 'reject';
  /** After each page served, this many new payments arrive at the front, shifting rows between pages. Default 0. */
  arrivalsPerPage: number;
  /**
   * `total_count` and `total_pages` (and `links.last`) counted as if this many fewer payments were listed: a cached
   * count lagging behind. `next_page` and `links.next` stay right. Default 0.
   */
  staleTotals: number;
  /** A lagging replica serves one page short or empty while saying more follow (see LaggingPage). Default null. */
  laggingPage: LaggingPage | null;
  /** Payments deleted once a given page has been served, moving later rows back (see DeletionDuringWalk). Default null. */
  deletionDuringWalk: DeletionDuringWalk | null;
  /**
   * The listing's order: newest `created_at` first as observed ('created_desc', the default), newest `paid_at` first
   * (a payment recorded late sits among older ones), or oldest first (a query left unordered, by id).
   */
  listOrder: KoteshenListOrder;
}

export type KoteshenSimulatorOptions = CommonSimulatorOptions &
  Partial<
    Pick<
      KoteshenSwitches,
      'tokenTtlSeconds' | 'perPageMax' | 'overMax' | 'arrivalsPerPage' | 'staleTotals' | 'laggingPage' | 'deletionDuringWalk' | 'listOrder'
    >
  > & {
    credentials?: Partial<KoteshenCredentials>;
  };

const KOTESHEN_PROFILE: PaymentProfile = {
  namespace: 'koteshen',
  currencies: FIAT_CURRENCIES,
  statuses: { succeeded: 95, refunded: 5 },
  methods: { card: 55, bank_transfer: 20, cash: 15, paypal: 10 },
};

/**
 * Koteshen's `{cents, currency_iso}` is money-rails' `Money#to_hash`: `cents` counts RubyMoney's subunits
 * (`subunit_to_unit`, config/currency_iso.json), ISO 4217 except HUF and MGA (1 to the unit) and MRU (5).
 */
const RUBY_MONEY_SUBUNITS: Readonly<Record<string, number>> = { HUF: 1, MGA: 1, MRU: 5 };

/** A neutral amount (ISO minor units) as money-rails writes `cents`: 5_000_000 HUF minor units → 50000. */
export function rubyMoneyCents(minor: number, currency: string): number {
  const code = currency.toUpperCase();
  return providerSubunits(minor, code, RUBY_MONEY_SUBUNITS[code] ?? 10 ** currencyExponent(code));
}

const DEFAULT_PER_PAGE = 25;
const SCOPES = ['read', 'write'];

const CHANNELS: Readonly<Record<SimMethod, string>> = {
  card: 'card',
  apple_pay: 'card',
  google_pay: 'card',
  paypal: 'paypal',
  bank_transfer: 'bank_transfer',
  direct_debit: 'direct_debit',
  cash: 'cash',
  crypto: 'other',
};

function isReceived(payment: Readonly<SimPayment>): boolean {
  return payment.status === 'succeeded' || payment.status === 'refunded';
}

/** The order payments are listed in (the `listOrder` switch). */
export type KoteshenListOrder = 'created_desc' | 'paid_desc' | 'created_asc';

type Listing = (payments: readonly Readonly<SimPayment>[]) => readonly Readonly<SimPayment>[];

/** Listed payments in each order (ties: highest id first, or lowest when oldest first); one function each, cached apart. */
const LISTINGS: Readonly<Record<KoteshenListOrder, Listing>> = {
  created_desc: (payments) => payments.filter(isReceived).sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq),
  paid_desc: (payments) => payments.filter(isReceived).sort((a, b) => b.occurredAt - a.occurredAt || b.seq - a.seq),
  created_asc: (payments) => payments.filter(isReceived).sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq),
};

interface IssuedToken {
  expiresAt: number;
  scopes: string[];
}

const INVALID_CLIENT = {
  error: 'invalid_client',
  error_description:
    'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
};

export class KoteshenSimulator extends SimulatorBase<KoteshenSwitches> {
  readonly provider = 'koteshen' as const;
  readonly credentials: KoteshenCredentials;
  private readonly issuedTokens = new Map<string, IssuedToken>();

  constructor(options: KoteshenSimulatorOptions) {
    super({ origin: KOTESHEN_ORIGIN, profile: KOTESHEN_PROFILE }, options, {
      now: options.now ?? Date.now,
      rateLimit: options.rateLimit ?? { perMinute: 100, scope: 'credential' },
      retryAfterHeader: options.retryAfterHeader ?? false,
      latencyMs: options.latencyMs,
      tokenTtlSeconds: options.tokenTtlSeconds ?? 7200,
      perPageMax: options.perPageMax ?? 100,
      overMax: options.overMax ?? 'cap',
      arrivalsPerPage: options.arrivalsPerPage ?? 0,
      staleTotals: options.staleTotals ?? 0,
      laggingPage: options.laggingPage ?? null,
      deletionDuringWalk: options.deletionDuringWalk ?? null,
      listOrder: options.listOrder ?? 'created_desc',
    });
    this.credentials = {
      accessToken: options.credentials?.accessToken ?? KOTESHEN_DEMO_ACCESS_TOKEN,
      clientId: options.credentials?.clientId ?? KOTESHEN_DEMO_CLIENT_ID,
      clientSecret: options.credentials?.clientSecret ?? KOTESHEN_DEMO_CLIENT_SECRET,
    };
  }

  listedPayments(): readonly Readonly<SimPayment>[] {
    return this.store.derived(LISTINGS[this.options.listOrder]);
  }

  wireId(payment: SimPayment): number {
    return payment.seq;
  }

  renderItem(payment: SimPayment): object {
    return {
      id: payment.seq,
      reference: payment.reference,
      invoice_id: payment.invoiceId,
      channel: CHANNELS[payment.method],
      amount: { cents: rubyMoneyCents(payment.amountMinor, payment.currency), currency_iso: payment.currency.toUpperCase() },
      paid_at: isoMillis(payment.occurredAt),
      emailed_at: payment.emailedAt === null ? null : isoMillis(payment.emailedAt),
      created_at: isoMillis(payment.createdAt),
      updated_at: isoMillis(payment.updatedAt),
      url: `${this.origin}/api/v1/payments/${payment.seq}.json`,
    };
  }

  protected route(req: WireRequest, target: RequestTarget): WireResponse {
    if (req.method === 'POST' && target.path === '/oauth/token') return this.grantToken(req);
    if (req.method !== 'GET' || !/^\/api\/v1\/payments(\.json)?\/?$/.test(target.path)) return this.error(404);

    const token = bearerToken(req);
    const access = token === null ? null : this.tokenAccess(token);
    if (access === null) return this.error(401);
    if (access === 'expired') {
      return jsonResponse(
        401,
        { error: 'Unauthorized' },
        {
          'WWW-Authenticate': 'Bearer realm="Doorkeeper", error="invalid_token", error_description="The access token expired"',
        },
      );
    }
    if (!access.scopes.includes('read')) return this.error(403);

    const { verdict, retryHeaders } = this.checkRateLimit(token!);
    const rateHeaders: Record<string, string> = verdict
      ? { 'X-RateLimit-Limit': String(verdict.limit), 'X-RateLimit-Remaining': String(verdict.remaining) }
      : {};
    if (verdict && !verdict.allowed) return this.error(429, { ...rateHeaders, ...retryHeaders });

    const paging = this.parsePaging(target.query);
    if ('errors' in paging) return jsonResponse(422, paging, rateHeaders);
    const response = jsonResponse(200, this.page(paging.page, paging.perPage, target.query.per_page), rateHeaders);
    for (let n = 0; n < this.options.arrivalsPerPage; n++) this.addPayment();
    this.deleteDuringWalk(this.options.deletionDuringWalk, paging.page, paging.perPage);
    return response;
  }

  protected errorBody(status: number): object {
    return { error: STATUS_CODES[status] ?? 'Error' };
  }

  private page(page: number, perPage: number, requestedPerPage: string | undefined): object {
    const rows = this.listedPayments();
    const totalCount = Math.max(0, rows.length - this.options.staleTotals);
    const totalPages = Math.ceil(totalCount / perPage);
    const realPages = Math.ceil(rows.length / perPage);
    const outOfRange = page > realPages;
    // Links repeat the client's per_page, as Rails' url_for(params.merge(page:)) does.
    const link = (n: number) =>
      `${this.origin}/api/v1/payments.json?page=${n}${requestedPerPage === undefined ? '' : `&per_page=${encodeURIComponent(requestedPerPage)}`}`;
    const nextPage = page < realPages ? page + 1 : null;
    const served = rows.slice((page - 1) * perPage, page * perPage);
    const lagging = laggingRows(this.options.laggingPage, page);
    return {
      data: served.slice(0, lagging ?? served.length).map((payment) => this.renderItem(payment)),
      meta: {
        pagination: {
          current_page: page,
          // Kaminari: no previous page on the first page or past the end.
          prev_page: page > 1 && !outOfRange ? page - 1 : null,
          next_page: nextPage,
          total_pages: totalPages,
          total_count: totalCount,
        },
      },
      links: {
        first: link(1),
        last: link(Math.max(totalPages, 1)),
        next: nextPage === null ? null : link(nextPage),
        self: link(page),
      },
    };
  }

  private parsePaging(query: Record<string, string>): { page: number; perPage: number } | { errors: Record<string, string[]> } {
    const errors: Record<string, string[]> = {};
    const page = query.page === undefined ? 1 : parseInteger(query.page);
    if (page === null || page < 1) errors.page = ['must be greater than 0'];
    let perPage = query.per_page === undefined ? DEFAULT_PER_PAGE : parseInteger(query.per_page);
    if (perPage === null || perPage < 1) {
      errors.per_page = ['must be greater than 0'];
    } else if (perPage > this.options.perPageMax) {
      if (this.options.overMax === 'reject') errors.per_page = [`must be less than or equal to ${this.options.perPageMax}`];
      else perPage = this.options.perPageMax;
    }
    return Object.keys(errors).length > 0 ? { errors } : { page: page!, perPage: perPage! };
  }

  /** The personal access token, or a live token issued here; 'expired' for an issued one past its time. */
  private tokenAccess(token: string): IssuedToken | 'expired' | null {
    if (token === this.credentials.accessToken) return { expiresAt: Infinity, scopes: ['read', 'write'] };
    const issued = this.issuedTokens.get(token);
    if (!issued) return null;
    return this.options.now() >= issued.expiresAt ? 'expired' : issued;
  }

  /** Doorkeeper's client-credentials grant; the client may authenticate by form, JSON body or HTTP Basic. */
  private grantToken(req: WireRequest): WireResponse {
    const params = tokenRequestParams(req);
    const noStore = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
    if (params === null || !params.grant_type) {
      return jsonResponse(
        400,
        {
          error: 'invalid_request',
          error_description: 'Missing required parameter: grant_type.',
        },
        noStore,
      );
    }
    if (params.grant_type !== 'client_credentials') {
      return jsonResponse(
        400,
        {
          error: 'unsupported_grant_type',
          error_description: 'The authorization grant type is not supported by the authorization server.',
        },
        noStore,
      );
    }
    if (params.client_id !== this.credentials.clientId || params.client_secret !== this.credentials.clientSecret) {
      return jsonResponse(401, INVALID_CLIENT, noStore);
    }
    const scopes = (params.scope ?? 'read').split(' ').filter(Boolean);
    if (scopes.length === 0 || scopes.some((scope) => !SCOPES.includes(scope))) {
      return jsonResponse(
        400,
        {
          error: 'invalid_scope',
          error_description: 'The requested scope is invalid, unknown, or malformed.',
        },
        noStore,
      );
    }
    const now = this.options.now();
    const ttl = this.options.tokenTtlSeconds;
    const accessToken = base62From(`koteshen-token:${this.generator.seed}:${this.issuedTokens.size + 1}`, 43);
    this.issuedTokens.set(accessToken, { expiresAt: now + ttl * 1000, scopes });
    return jsonResponse(
      200,
      {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: ttl,
        scope: scopes.join(' '),
        created_at: Math.floor(now / 1000),
      },
      noStore,
    );
  }

  private error(status: number, headers: Record<string, string> = {}): WireResponse {
    return jsonResponse(status, this.errorBody(status), headers);
  }
}

/**
 * Token request parameters from the body (form-encoded or JSON) with HTTP Basic client credentials
 * taking precedence, as Doorkeeper does; null for a body that cannot be parsed.
 */
function tokenRequestParams(req: WireRequest): Record<string, string> | null {
  const params: Record<string, string> = {};
  const body = req.body ?? '';
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body || '{}');
    } catch {
      return null;
    }
    if (typeof parsed !== 'object' || parsed === null) return null;
    for (const [name, value] of Object.entries(parsed)) if (typeof value === 'string') params[name] = value;
  } else {
    for (const [name, value] of new URLSearchParams(body)) params[name] = value;
  }
  const basic = /^Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) {
      // RFC 6749 §2.3.1: id and secret are form-encoded before joining; URLSearchParams undoes that.
      const form = new URLSearchParams(`id=${decoded.slice(0, colon)}&secret=${decoded.slice(colon + 1)}`);
      params.client_id = form.get('id') ?? '';
      params.client_secret = form.get('secret') ?? '';
    }
  }
  return params;
}

export function createKoteshenSimulator(options: KoteshenSimulatorOptions = {}): KoteshenSimulator {
  return new KoteshenSimulator(options);
}
