import type { WireResponse } from '../../dev/transport';
import type { ProviderSimulator } from '../../dev/simulators';

/** A virtual clock the simulators read through `now`. */
export interface VirtualClock {
  t: number;
  now: () => number;
  advance(ms: number): void;
}

export function virtualClock(iso = '2025-06-01T12:00:30.000Z'): VirtualClock {
  const clock: VirtualClock = {
    t: Date.parse(iso),
    now: () => clock.t,
    advance: (ms) => {
      clock.t += ms;
    },
  };
  return clock;
}

export interface Answer extends WireResponse {
  /** Parsed body; `any` because tests inspect it field by field. */
  json: any;
}

/** One request to a simulator at its own origin; `json` is the parsed body (undefined if not JSON). */
export function call(
  sim: ProviderSimulator,
  pathAndQuery: string,
  headers: Record<string, string> = {},
  init: { method?: string; body?: string } = {},
): Answer {
  const response = sim.handle({
    method: init.method ?? 'GET',
    url: `${sim.origin}${pathAndQuery}`,
    headers,
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    json = undefined;
  }
  return { ...response, json };
}

export function counts<T>(items: readonly T[]): Map<T, number> {
  const result = new Map<T, number>();
  for (const item of items) result.set(item, (result.get(item) ?? 0) + 1);
  return result;
}
