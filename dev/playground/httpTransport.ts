/**
 * The playground's Transport: real HTTP, so the add-on's UrlFetchApp reaches the sandboxes (or the real providers).
 * UrlFetchApp is synchronous and fetch is not, so a worker thread fetches while this thread blocks on it (synckit:
 * Atomics.wait on a shared buffer). The sandboxes must therefore answer from another thread than this one.
 */
import { join } from 'node:path';
import { createSyncFn } from 'synckit';
import type { Transport, WireRequest, WireResponse } from '../transport';

type Exchange = (request: WireRequest) => Promise<Omit<WireResponse, 'latencyMs'>>;

export function createHttpTransport(): Transport {
  const exchange = createSyncFn<Exchange>(join(__dirname, 'httpWorker.mjs'));
  return (request) => {
    const started = Date.now();
    const response = exchange(request);
    // The time really spent: the runtime's clock has already moved by it, so the runtime adds no simulated latency.
    return { ...response, latencyMs: Date.now() - started };
  };
}

/**
 * Sends each request for one of `routes`' origins to the origin it maps to, path and query kept. In the playground
 * the providers' real hosts lead to their sandboxes, so a newcomer pastes only a sandbox key and no base URL; the
 * whitelist check has already passed on the real host, as it would in Apps Script. Other origins go out unchanged.
 */
export function routeOrigins(transport: Transport, routes: Readonly<Record<string, string>>): Transport {
  const targets = new Map(Object.entries(routes).map(([from, to]) => [new URL(from).origin, new URL(to).origin]));
  return (request) => {
    const url = new URL(request.url);
    const target = targets.get(url.origin);
    if (!target) return transport(request);
    return transport({ ...request, url: `${target}${url.pathname}${url.search}` });
  };
}
