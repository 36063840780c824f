import { PROVIDERS } from '../../src/providers/registry';
/**
 * The numbered page walk (Koteshen, Uqualify) against the simulators, driven without the bundle: stale totals,
 * a lagging replica, and payments deleted while the walk runs must never leave a gap in a walk called complete.
 */
import { createKoteshenSimulator, createUqualifySimulator, KOTESHEN_DEMO_ACCESS_TOKEN, UQUALIFY_DEMO_API_KEY } from '../../dev/simulators';
import type { KoteshenSimulatorOptions, UqualifySimulatorOptions, ProviderSimulator } from '../../dev/simulators';
import { TimeBudget } from '../../src/core/budget';
import { ProviderError } from '../../src/core/errors';
import { fetchAllPages, MAX_REWINDS } from '../../src/core/pageWalk';
import { openWalk } from '../../src/core/pull';
import type { HttpOutcome, HttpRequest, Platform } from '../../src/platform/types';
import { koteshen } from '../../src/providers/koteshen';
import { memoryStore, nodeCompression } from '../support/simulatedPlatform';
import { uqualify } from '../../src/providers/uqualify';
import type { NumberedAdapter, PagePosition, PaymentQuery } from '../../src/core/adapter';

const START = Date.parse('2026-06-15T09:00:00Z');
const ROUND_TRIP_MS = 400;

/** A platform whose fetchAll asks the simulator, one request after another (as the local runtime does). */
function simulatedPlatform(sim: ProviderSimulator, clock: { t: number }): Platform {
  return {
    providers: PROVIDERS,
    clock: { now: () => clock.t, sleep: (ms) => void (clock.t += ms) },
    http: {
      fetchAll(requests: HttpRequest[]): HttpOutcome[] {
        const outcomes = requests.map((request) => {
          const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]));
          const response = sim.handle({ method: request.method.toUpperCase(), url: request.url, headers });
          const lower = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name.toLowerCase(), value]));
          return { status: response.status, headers: lower, body: response.body };
        });
        clock.t += ROUND_TRIP_MS;
        return outcomes;
      },
    },
    userStore: memoryStore(),
    documentStore: memoryStore(),
    documentCache: { getAll: () => ({}), putAll: () => undefined, removeAll: () => undefined },
    timeZone: () => 'UTC',
    ...nodeCompression,
  };
}

interface Setup {
  sim: ProviderSimulator;
  adapter: NumberedAdapter;
  apiKey: string;
}

function koteshenSetup(options: KoteshenSimulatorOptions): Setup {
  const clock = { t: START };
  return { sim: createKoteshenSimulator({ now: () => clock.t, ...options }), adapter: koteshen, apiKey: KOTESHEN_DEMO_ACCESS_TOKEN };
}

function uqualifySetup(options: UqualifySimulatorOptions): Setup {
  const clock = { t: START };
  return { sim: createUqualifySimulator({ now: () => clock.t, ...options }), adapter: uqualify, apiKey: UQUALIFY_DEMO_API_KEY };
}

/** Walks from `start` in one execution; `afterBatch` may end the execution early by moving the clock past its budget. */
function walk(
  { sim, adapter, apiKey }: Setup,
  start: PagePosition | null = null,
  afterBatch?: (clock: { t: number }, position: PagePosition) => void,
) {
  const clock = { t: sim.options.now() };
  sim.options.now = () => clock.t;
  const platform = simulatedPlatform(sim, clock);
  const query: PaymentQuery = { provider: adapter.id, statuses: null, from: null, to: null, timeZone: 'UTC' };
  const connection = { provider: adapter.id, id: 'connection-1', savedAt: START, apiKey };
  const context = openWalk(platform, adapter, connection, query, TimeBudget.forExecution(platform.clock));
  const ids: string[] = [];
  const requestsBefore = sim.requests.length;
  const result = fetchAllPages(context, start, (payments, position) => {
    ids.push(...payments.map((payment) => payment.id));
    afterBatch?.(clock, position);
  });
  return { result, ids, requests: sim.requests.length - requestsBefore };
}

/** Pages of 100 the simulator's listing fills now. */
const pagesOf = (sim: ProviderSimulator) => Math.ceil(sim.listedPayments().length / 100);
const wireIds = (sim: ProviderSimulator) => sim.listedPayments().map((payment) => String(sim.wireId(payment)));
const pagesAsked = (sim: ProviderSimulator) => sim.requests.map((request) => Number(request.query.page));

/** Every payment the simulator lists now (so every one that existed throughout) was read. */
function expectEveryListed(sim: ProviderSimulator, ids: string[]): void {
  const read = new Set(ids);
  const missing = wireIds(sim).filter((id) => !read.has(id));
  expect(missing).toEqual([]);
}

type SetupOf = (options: KoteshenSimulatorOptions & UqualifySimulatorOptions) => Setup;
const count = 1_000;

describe.each([
  ['Koteshen', koteshenSetup as SetupOf, { staleTotals: 450 }],
  ['Uqualify', uqualifySetup as SetupOf, { staleTotal: 450 }],
] as const)('%s numbered pages', (label, setup, staleCount) => {
  it('keeps reading past a stale total while pages say a next one follows', () => {
    const stale = setup({ payments: count, ...staleCount });
    const { result, ids } = walk(stale);
    expect(result.complete).toBe(true);
    expectEveryListed(stale.sim, ids);
    expect(new Set(ids).size).toBe(stale.sim.listedPayments().length);
  });

  it('reads an empty page again when a lagging replica served it, and then has every payment', () => {
    const lagging = setup({ payments: count, laggingPage: { page: 4, items: 0, times: 1 } });
    const { result, ids } = walk(lagging);
    expect(result.complete).toBe(true);
    expectEveryListed(lagging.sim, ids);
    expect(pagesAsked(lagging.sim).filter((page) => page === 4)).toHaveLength(2);
  });

  it('reads a short page again when it says more follow', () => {
    const lagging = setup({ payments: count, laggingPage: { page: 6, items: 37, times: 1 } });
    const { result, ids } = walk(lagging);
    expect(result.complete).toBe(true);
    expectEveryListed(lagging.sim, ids);
  });

  it('fails, naming the provider and the page, when the page stays short', () => {
    const lagging = setup({ payments: count, laggingPage: { page: 5, items: 12, times: Infinity } });
    expect(() => walk(lagging)).toThrow(ProviderError);
    expect(() => walk(lagging)).toThrow(
      new RegExp(
        `^${label} sent payments page 5 with 12 of 100 payments while saying more follow, and again.*the sheet was left as it was\\. Try again later\\.$`,
      ),
    );
  });

  it('fails when an empty page keeps saying more follow', () => {
    const lagging = setup({ payments: count, laggingPage: { page: 3, items: 0, times: Infinity } });
    expect(() => walk(lagging)).toThrow(`${label} sent payments page 3 empty while saying more payments follow, and again`);
  });

  it('reads page 1 again when later pages show it came back short', () => {
    const lagging = setup({ payments: count, laggingPage: { page: 1, items: 40, times: 1 } });
    const { result, ids } = walk(lagging);
    expect(result.complete).toBe(true);
    expectEveryListed(lagging.sim, ids);
  });

  it('finds the payments that moved back a page when some were deleted mid-walk', () => {
    const deleting = setup({ payments: count, deletionDuringWalk: { afterPage: 3, count: 5 } });
    const before = deleting.sim.listedPayments().length;
    const pages = pagesOf(deleting.sim);
    const { result, ids, requests } = walk(deleting);
    expect(result.complete).toBe(true);
    expect(deleting.sim.listedPayments()).toHaveLength(before - 5);
    expectEveryListed(deleting.sim, ids);
    // Every page, then page 3 (where the moved payments are now) and the pages after it once more.
    expect(requests).toBe(pages + pagesOf(deleting.sim) - 2);
  });

  it('goes back further when more than a page of payments was deleted', () => {
    const deleting = setup({ payments: count, deletionDuringWalk: { afterPage: 5, count: 230, from: 100 } });
    const { result, ids } = walk(deleting);
    expect(result.complete).toBe(true);
    expectEveryListed(deleting.sim, ids);
  });
});

describe('a numbered walk resumed in a later execution', () => {
  it('notices payments deleted between executions and reads again what moved', () => {
    const setup = koteshenSetup({ payments: 1_000, perPageMax: 10 });
    // Page 1, then pages 2-51 in one batch; the execution ends there.
    const first = walk(setup, null, (clock, position) => {
      if (position.kind === 'numbered' && position.nextPage > 2) clock.t += 10 * 60_000;
    });
    expect(first.result.complete).toBe(false);
    const saved = JSON.parse(JSON.stringify(first.result.position)) as PagePosition;
    expect(saved).toMatchObject({ kind: 'numbered', nextPage: 52 });
    expect(JSON.stringify(saved).length).toBeLessThan(200);
    const listed = setup.sim.listedPayments();
    for (const payment of listed.slice(90, 97)) setup.sim.deletePayment(payment.id);
    const second = walk(setup, saved);
    expect(second.result.complete).toBe(true);
    expectEveryListed(setup.sim, [...first.ids, ...second.ids]);
  });

  it('gives up, saying so, when payments keep being deleted as it reads', () => {
    const setup = uqualifySetup({ payments: 1_000 });
    const sim = setup.sim;
    const answer = sim.handle.bind(sim);
    // The newest payment is deleted after every page served: every batch finds the count lower.
    sim.handle = (req) => {
      const response = answer(req);
      sim.deletePayment(sim.listedPayments()[0].id);
      return response;
    };
    expect(() => walk(setup)).toThrow(`Uqualify's payments kept being deleted while they were read (${MAX_REWINDS} times in one pull)`);
  });
});
