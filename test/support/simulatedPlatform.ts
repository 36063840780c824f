/**
 * The core's Platform over a simulator's transport, without the Apps Script runtime or the built bundle: for tests
 * that drive src/core directly against a provider simulator. It sends the way platform/appsScript.ts does
 * (muted HTTP errors, lower-cased header names, a batch failing as a whole on a transport error) on a virtual clock
 * that a round of requests moves by its slowest answer.
 */
import { PROVIDERS } from '../../src/providers/registry';
import type { Transport, WireRequest } from '../../dev/transport';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Cache, HttpOutcome, HttpRequest, KeyValueStore, Platform } from '../../src/platform/types';

/** Platform.compress and decompress as appsScript.ts does them (gzip, base64), with Node's zlib. */
export const nodeCompression: Pick<Platform, 'compress' | 'decompress'> = {
  compress: (text) => gzipSync(text).toString('base64'),
  decompress: (packed) => gunzipSync(Buffer.from(packed, 'base64')).toString('utf8'),
};

/** The runtime's default round trip, for answers that carry no latency of their own. */
const ROUND_TRIP_MS = 400;

export interface SimulatedPlatform {
  platform: Platform;
  /** The clock the simulators should read, so rate-limit windows and token expiry move with the platform's. */
  now: () => number;
}

/** A store in memory: what PropertiesService keeps, for one test. */
export function memoryStore(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    get: (key) => values.get(key) ?? null,
    set: (key, value) => void values.set(key, value),
    remove: (key) => void values.delete(key),
    keys: () => [...values.keys()],
  };
}

function memoryCache(): Cache {
  const values = new Map<string, string>();
  return {
    getAll: (keys) => Object.fromEntries(keys.filter((key) => values.has(key)).map((key) => [key, values.get(key)!])),
    putAll: (entries) => Object.entries(entries).forEach(([key, value]) => values.set(key, value)),
    removeAll: (keys) => keys.forEach((key) => values.delete(key)),
  };
}

function toWire(request: HttpRequest): WireRequest {
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]));
  if (request.contentType) headers['content-type'] = request.contentType;
  return {
    method: request.method.toUpperCase(),
    url: request.url,
    headers,
    ...(request.payload !== undefined ? { body: request.payload } : {}),
  };
}

/** `transport` is usually a simulator's `handle`, and the simulator reads `now`: tie the knot with a closure. */
export function simulatedPlatform(transport: Transport, startTime = Date.parse('2026-06-15T09:00:00Z')): SimulatedPlatform {
  let now = startTime;
  const fetchAll = (requests: HttpRequest[]): HttpOutcome[] => {
    const outcomes: HttpOutcome[] = [];
    let slowest = 0;
    let transportError: string | null = null;
    for (const request of requests) {
      try {
        const response = transport(toWire(request));
        slowest = Math.max(slowest, response.latencyMs ?? ROUND_TRIP_MS);
        const headers = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name.toLowerCase(), value]));
        outcomes.push({ status: response.status, headers, body: response.body });
      } catch (error) {
        slowest = Math.max(slowest, ROUND_TRIP_MS);
        transportError ??= error instanceof Error ? error.message : String(error);
      }
    }
    now += slowest;
    return transportError === null ? outcomes : requests.map(() => ({ transportError: transportError! }));
  };
  const platform: Platform = {
    providers: PROVIDERS,
    http: { fetchAll },
    clock: { now: () => now, sleep: (ms) => void (now += ms) },
    userStore: memoryStore(),
    documentStore: memoryStore(),
    documentCache: memoryCache(),
    timeZone: () => 'Europe/London',
    ...nodeCompression,
  };
  return { platform, now: () => now };
}
