/**
 * The contract every provider adapter meets (src/providers/*), and the registry of them that the edge hands to the
 * core. The core knows this contract, never the list of providers: a new provider is a module and a registry line.
 */
import type { HttpRequest, HttpResponse } from '../platform/http';
import type { DateFilterReadings, DayKey } from './dates';
import type { MoneyConvention } from './money';
import type { PaymentStatus, ProviderId, ProviderPayment } from './payment';

export type { ProviderId } from './payment';

/** What a user saves to connect a provider. Stored only in their own user properties. */
export interface Credentials {
  apiKey?: string;
  clientId?: string;
  clientSecret?: string;
  baseUrl?: string;
}

export interface Connection extends Credentials {
  provider: ProviderId;
  /** Random id made when the credentials were saved: lets caches tell connections apart without touching a secret. */
  id: string;
  savedAt: number;
}

export interface CredentialField {
  name: keyof Credentials;
  label: string;
  secret: boolean;
  /** Field groups: the connection needs every field of at least one group (Koteshen: token, or id + secret). */
  group: string;
  placeholder?: string;
}

/** What to list, decided before any request. Days are inclusive, in `timeZone`. */
export interface PaymentQuery {
  provider: ProviderId;
  statuses: PaymentStatus[] | null;
  from: DayKey | null;
  to: DayKey | null;
  timeZone: string;
  /** Incremental refresh: only payments on or after this instant are needed (the API may filter by it). */
  updatedSince?: number;
}

/** Where a walk through a provider's pages stands; plain data, so a long sync can checkpoint it. */
export type PagePosition =
  | { kind: 'cursor'; cursor: string | null; pagesRead: number; sizeParam?: number | null }
  | {
      kind: 'numbered';
      nextPage: number;
      lastPage: number | null;
      pagesRead: number;
      pageSize: number | null;
      sizeParam?: number | null;
      count?: number | null;
      rewinds?: number;
      newestFirst?: NewestFirstCheck;
    };
// sizeParam: the page size we ask for, settled on the first page (null: the server's default); undefined until then.
// pageSize: how many items a full page really holds, learned from the first full page.
// count: the payment count the pages last reported (undefined in positions saved before it was kept); a drop means
// payments were deleted mid-walk and later ones moved back a page. rewinds: how often the walk went back for them.
// newestFirst: how far a walk that may stop early (pageWalk.ts) has found its pages newest first.

/** The last page a walk found in newest-first order, and its oldest `created_at`; false once the order failed. */
export type NewestFirstCheck = { page: number; oldest: number } | false;

export interface PageRequestOptions {
  /** null: leave the page size to the server (after it rejected ours). */
  pageSize: number | null;
  /**
   * A date window walked on its own (src/core/dateWindows.ts): bounds in ms on whatever field the API's date filter
   * reads, null for none, sent instead of the query's own window. Only for adapters with `dateFilter`.
   */
  window?: { fromMs: number | null; toMs: number | null };
}

export interface CursorPage {
  items: unknown[];
  nextCursor: string | null;
  hasMore: boolean;
}

export interface NumberedPage {
  items: unknown[];
  /** Pages in all, when the response says so reliably. */
  totalPages: number | null;
  /** Matching payments in all, when the response says so reliably. */
  totalItems: number | null;
  /** False when this page says it is the last. */
  hasNext: boolean;
}

interface AdapterBase {
  id: ProviderId;
  label: string;
  /** What a 401 says was rejected: "API key", "access token or client id and secret". */
  credentialNoun: string;
  defaultBaseUrl: string;
  credentialFields: CredentialField[];
  /** Requests per minute the API allows one key; null when none is documented. */
  rateLimitPerMinute: number | null;
  /** The largest page size the API documents. */
  maxPageSize: number;
  /** Headers that authenticate a request; may fetch and store a token (Koteshen's client-credentials grant). */
  authHeaders(session: ProviderSession): Record<string, string>;
  /** Called after a 401: drop a stored token so the next authHeaders gets a fresh one. True if a retry can help. */
  renewAuth?(session: ProviderSession): boolean;
  /** The provider's own error text from an error body, if it has one. */
  errorMessage(body: unknown): string | null;
  /**
   * How the provider counts each currency's money, by its own table (Aura: Stripe's; Koteshen: RubyMoney's), not
   * ISO 4217 alone: it turns integer amounts into major units and sets the decimals a cell shows.
   */
  money: MoneyConvention;
  /**
   * One item of a list response → a payment (the walk adds the account); throws ProviderError when the item lacks
   * what a payment needs.
   */
  toPayment(item: unknown): ProviderPayment;
  /** True when the API can filter by date, so an incremental refresh can fetch only recent payments. */
  filtersByDate: boolean;
  /** When it does: how far the field its date filter reads may lie from our `date` (the docs leave it open). */
  dateFilter?: DateFilterReadings;
  /** Statuses the API can filter by itself, one at a time. */
  serverStatusFilter?: ReadonlyArray<PaymentStatus>;
}

export interface CursorAdapter extends AdapterBase {
  paging: 'cursor';
  pageRequest(session: ProviderSession, query: PaymentQuery, cursor: string | null, options: PageRequestOptions): HttpRequest;
  parseCursorPage(body: unknown): CursorPage;
}

export interface NumberedAdapter extends AdapterBase {
  paging: 'numbered';
  /**
   * Pages appear to list payments newest `created_at` first (seen, not documented): an incremental pull of an API
   * that cannot filter by date may then stop at the first page older than `updatedSince`, checking the order as it
   * reads, and reads every page once it does not hold.
   */
  newestCreatedFirst?: boolean;
  pageRequest(session: ProviderSession, query: PaymentQuery, page: number, options: PageRequestOptions): HttpRequest;
  parseNumberedPage(body: unknown, page: number): NumberedPage;
}

export type ProviderAdapter = CursorAdapter | NumberedAdapter;

/** What an adapter may use while building requests: the connection, its token store and an HTTP sender. */
export interface ProviderSession {
  connection: Connection;
  baseUrl: string;
  /** Sends one request with the session's retry and budget rules (the token grant uses it). */
  send(request: HttpRequest): HttpResponse;
  /** Where this connection's granted token is kept (the user's own store; in a formula, for the formula only). */
  token: {
    get(): string | null;
    set(value: string): void;
    remove(): void;
  };
  now(): number;
  /** Masks a value obtained during the session (a granted token) in any error text, like the saved secrets. */
  hideSecret(value: string): void;
}

/** The providers the add-on speaks to, as the edge (src/index.ts) hands them to the core and the features. */
export interface ProviderRegistry {
  all(): readonly ProviderAdapter[];
  /** The adapter for a name in any case, or null. */
  find(name: string): ProviderAdapter | null;
  /** The adapter of a saved id (a sync's, a connection's); throws for an id no adapter has. */
  get(id: ProviderId): ProviderAdapter;
}

export function providerRegistry(adapters: readonly ProviderAdapter[]): ProviderRegistry {
  const byId = new Map(adapters.map((adapter) => [adapter.id, adapter]));
  return {
    all: () => adapters,
    find: (name) => byId.get(name.trim().toLowerCase()) ?? null,
    get(id) {
      const adapter = byId.get(id);
      if (!adapter) throw new Error(`No provider "${id}" is registered.`);
      return adapter;
    },
  };
}
