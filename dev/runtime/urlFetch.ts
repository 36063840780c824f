import type { Transport, WireRequest, WireResponse } from '../transport';
import { BlobFake, toBuffer, toSignedBytes } from './blob';
import { ScriptException, signatureMismatch } from './errors';
import { ACCESS, type Execution } from './execution';
import { URL_FETCH } from './limits';
import { ServiceObject } from './membrane';
import type { Platform } from './platform';

export interface NetworkConfig {
  transport: Transport;
  /** Simulated latency of an exchange whose response carries no latencyMs. */
  roundTripMs: number;
  /** URL prefixes the script may fetch ("https://*.example.com/" matches subdomains); undefined: any URL. */
  allowedUrlPrefixes?: readonly string[];
}

interface PreparedRequest {
  wire: WireRequest;
  muteHttpExceptions: boolean;
  followRedirects: boolean;
}

type Exchange = { response: WireResponse; latencyMs: number } | { failedUrl: string; latencyMs: number };

/**
 * Google's urlFetchWhitelist rule: same scheme and host (a leading "*." stands for any subdomain), and the URL's path
 * equal to the entry's or under it at a "/" boundary, so "/api" allows "/api/v1" but not "/apiary". An entry
 * without a path ("https://x.com") is one Google refuses, so it allows nothing here.
 */
function prefixMatches(url: string, prefix: string): boolean {
  const entry = /^([a-z]+:)\/\/([^/?#]+)(\/[^?#]*)$/i.exec(prefix);
  if (!entry) return false;
  const [, protocol, host, path] = entry;
  const target = new URL(url);
  if (target.protocol !== protocol.toLowerCase()) return false;
  const wanted = host.toLowerCase();
  const hostMatches = wanted.startsWith('*.')
    ? target.host.endsWith(wanted.slice(1)) && target.host.length > wanted.length - 1
    : target.host === wanted;
  if (!hostMatches) return false;
  if (path.endsWith('/')) return target.pathname.startsWith(path);
  return target.pathname === path || target.pathname.startsWith(`${path}/`);
}

function formEncode(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const match = Object.keys(headers).find((key) => key.toLowerCase() === name);
  return match === undefined ? undefined : headers[match];
}

const isRedirect = (status: number): boolean => [301, 302, 303, 307, 308].includes(status);

export class UrlFetchAppFake extends ServiceObject {
  protected readonly typeName = 'UrlFetchApp';

  constructor(
    private readonly execution: Execution,
    private readonly platform: Platform,
  ) {
    super();
  }

  fetch(url: unknown, params?: unknown): HttpResponseFake {
    this.execution.checkAccess('UrlFetchApp.fetch', ACCESS.network);
    this.platform.stats.urlFetch.fetch++;
    return this.exchangeAll([this.prepare(url, params, 'UrlFetchApp.fetch')])[0];
  }

  /** Sends the requests in parallel: the call takes as long as the slowest one. One failure fails the whole call. */
  fetchAll(requests: unknown): HttpResponseFake[] {
    this.execution.checkAccess('UrlFetchApp.fetchAll', ACCESS.network);
    this.platform.stats.urlFetch.fetchAll++;
    if (!Array.isArray(requests)) throw signatureMismatch('UrlFetchApp.fetchAll', [requests]);
    const prepared = requests.map((request: unknown) =>
      typeof request === 'string'
        ? this.prepare(request, undefined, 'UrlFetchApp.fetchAll')
        : this.prepare((request as { url?: unknown } | null)?.url, request, 'UrlFetchApp.fetchAll'),
    );
    return this.exchangeAll(prepared);
  }

  private prepare(url: unknown, params: unknown, api: string): PreparedRequest {
    if (typeof url !== 'string') throw signatureMismatch(api, [url]);
    if (Buffer.byteLength(url, 'utf8') > URL_FETCH.maxUrlBytes) throw new ScriptException('Limit Exceeded: URLFetch URL Length.');
    this.assertFetchable(url);
    const options = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries((options.headers ?? {}) as Record<string, unknown>)) {
      headers[name.toLowerCase()] = String(value);
    }
    const payload = options.payload;
    let body: string | undefined;
    if (payload instanceof BlobFake) body = payload.getDataAsString();
    else if (typeof payload === 'string') body = payload;
    else if (Array.isArray(payload)) body = toBuffer(payload, api).toString('utf8');
    else if (typeof payload === 'object' && payload !== null) body = formEncode(payload as Record<string, unknown>);
    if (options.contentType !== undefined) headers['content-type'] = String(options.contentType);
    else if (body !== undefined) headers['content-type'] ??= 'application/x-www-form-urlencoded';
    return {
      wire: { method: String(options.method ?? 'get').toUpperCase(), url, headers, body },
      muteHttpExceptions: options.muteHttpExceptions === true,
      followRedirects: options.followRedirects !== false,
    };
  }

  private assertFetchable(url: string): void {
    let protocol: string;
    try {
      protocol = new URL(url).protocol;
    } catch {
      throw new ScriptException(`Invalid argument: ${url}`);
    }
    if (protocol !== 'https:' && protocol !== 'http:') throw new ScriptException(`Invalid argument: ${url}`);
    const allowed = this.platform.network.allowedUrlPrefixes;
    if (allowed && !allowed.some((prefix) => prefixMatches(url, prefix))) {
      throw new ScriptException(`Requests to ${url} are not allowed: the URL matches no prefix in the manifest's urlFetchWhitelist.`);
    }
  }

  private exchangeAll(requests: PreparedRequest[]): HttpResponseFake[] {
    const stats = this.platform.stats;
    this.platform.quotas.urlFetch.consume(this.execution.user, requests.length, this.execution.now());
    const started = this.execution.now();
    const exchanges = requests.map((request) => this.exchange(request));
    const slowest = exchanges.reduce((longest, exchange) => Math.max(longest, exchange.latencyMs), 0);
    stats.urlFetch.rounds++;
    stats.simulatedNetworkMs += slowest;
    this.execution.waitUntil(started + slowest);
    return exchanges.map((exchange, index) => {
      if ('failedUrl' in exchange) throw new ScriptException(`Address unavailable: ${exchange.failedUrl}`);
      const { response } = exchange;
      if (Buffer.byteLength(response.body, 'utf8') > URL_FETCH.maxResponseBytes) {
        throw new ScriptException('Exceeded maximum response size of 50 MB.');
      }
      if (response.status >= 400 && !requests[index].muteHttpExceptions) {
        const quoted =
          response.body.length > URL_FETCH.quotedBodyChars ? `${response.body.slice(0, URL_FETCH.quotedBodyChars)}...` : response.body;
        throw new ScriptException(
          `Request failed for ${new URL(requests[index].wire.url).origin} returned code ${response.status}. ` +
            `Truncated server response: ${quoted} (use muteHttpExceptions option to examine full response)`,
        );
      }
      return new HttpResponseFake(response);
    });
  }

  /** One request, following redirects (each hop is a request of its own, taking its own time). */
  private exchange(request: PreparedRequest): Exchange {
    const { transport, roundTripMs } = this.platform.network;
    let wire = request.wire;
    let latencyMs = 0;
    for (let hop = 0; ; hop++) {
      this.platform.stats.urlFetch.requests++;
      let response: WireResponse;
      try {
        response = transport(wire);
      } catch {
        return { failedUrl: wire.url, latencyMs: latencyMs + roundTripMs };
      }
      latencyMs += response.latencyMs ?? roundTripMs;
      const location = headerValue(response.headers, 'location');
      if (!request.followRedirects || !isRedirect(response.status) || location === undefined || hop === URL_FETCH.maxRedirects) {
        return { response, latencyMs };
      }
      const url = new URL(location, wire.url).toString();
      this.assertFetchable(url);
      const keepsMethod = response.status === 307 || response.status === 308;
      wire = keepsMethod ? { ...wire, url } : { method: 'GET', url, headers: { ...wire.headers }, body: undefined };
      if (!keepsMethod) delete wire.headers['content-type'];
    }
  }
}

export class HttpResponseFake extends ServiceObject {
  protected readonly typeName = 'HTTPResponse';

  constructor(private readonly response: WireResponse) {
    super();
  }

  getResponseCode(): number {
    return this.response.status;
  }

  getContentText(): string {
    return this.response.body;
  }

  getContent(): number[] {
    return toSignedBytes(Buffer.from(this.response.body, 'utf8'));
  }

  getHeaders(): Record<string, string> {
    return { ...this.response.headers };
  }

  getAllHeaders(): Record<string, string> {
    return { ...this.response.headers };
  }

  getBlob(): BlobFake {
    return new BlobFake(Buffer.from(this.response.body, 'utf8'), headerValue(this.response.headers, 'content-type') ?? null);
  }
}
