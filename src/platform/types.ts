/**
 * The few Apps Script services the add-on needs, as small interfaces. The core only sees these, so it runs
 * unchanged in Apps Script (platform/appsScript.ts), in tests, in the benchmark and in the playground.
 */

export interface HttpRequest {
  url: string;
  method: 'get' | 'post';
  headers: Record<string, string>;
  /** Form-encoded or JSON text; set contentType to match. */
  payload?: string;
  contentType?: string;
}

export interface HttpResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
}

/** A request that never got an HTTP answer (DNS, connection reset, timeout). */
export interface TransportFailure {
  transportError: string;
}

export type HttpOutcome = HttpResponse | TransportFailure;

export interface Http {
  /** Sends the requests in parallel (one round trip for the lot); one outcome per request, in order. */
  fetchAll(requests: HttpRequest[]): HttpOutcome[];
}

export interface Clock {
  now(): number;
  sleep(ms: number): void;
}

/** A string key-value store: a PropertiesService store. */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
  keys(): string[];
}

/** A CacheService cache: values of at most 100 KB, expiring. */
export interface Cache {
  getAll(keys: string[]): Record<string, string>;
  putAll(entries: Record<string, string>, ttlSeconds: number): void;
  removeAll(keys: string[]): void;
}

export interface Platform {
  http: Http;
  clock: Clock;
  /** The current user's own store (in a custom function: the spreadsheet owner's). Secrets live only here. */
  userStore: KeyValueStore;
  /** This spreadsheet's store, shared by its editors: sync definitions, never secrets. */
  documentStore: KeyValueStore;
  /** This spreadsheet's cache, for payment data only. */
  documentCache: Cache;
  timeZone(): string;
}

export function isTransportFailure(outcome: HttpOutcome): outcome is TransportFailure {
  return (outcome as TransportFailure).transportError !== undefined;
}
