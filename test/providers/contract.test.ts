/**
 * One contract every provider adapter keeps with its simulator, run straight through the core (openWalk,
 * fetchAllPages, pullAllPayments) on a platform over the simulator's transport: paging to the end, settling the page
 * size, retrying, a rejected credential and bodies that are not the API's JSON. A provider gets these tests by adding
 * its line to PROVIDER_CONTRACTS; what the docs leave open about it (docs/providers.md) goes in the line's switches.
 */
import {
  AURA_DEMO_API_KEY,
  createAuraSimulator,
  createKoteshenSimulator,
  createUqualifySimulator,
  KOTESHEN_DEMO_ACCESS_TOKEN,
  KOTESHEN_DEMO_CLIENT_ID,
  KOTESHEN_DEMO_CLIENT_SECRET,
  UQUALIFY_DEMO_API_KEY,
  type AuraSimulatorOptions,
  type CommonSimulatorOptions,
  type Fault,
  type KoteshenSimulatorOptions,
  type ProviderSimulator,
  type UqualifySimulatorOptions,
} from '../../dev/simulators';
import { TimeBudget } from '../../src/core/budget';
import { ProviderError } from '../../src/core/errors';
import { fetchAllPages } from '../../src/core/pageWalk';
import { openWalk, pullAllPayments } from '../../src/core/pull';
import type { Platform } from '../../src/platform/types';
import { aura } from '../../src/providers/aura';
import { koteshen } from '../../src/providers/koteshen';
import type { Connection, Credentials, PaymentQuery, ProviderAdapter } from '../../src/core/adapter';
import { uqualify } from '../../src/providers/uqualify';
import { simulatedPlatform } from '../support/simulatedPlatform';

interface ProviderContract<Options extends CommonSimulatorOptions> {
  /** Names the describe block; the adapter's label when one line per adapter is enough. */
  name?: string;
  adapter: ProviderAdapter;
  simulate: (options: Options) => ProviderSimulator;
  /** Credentials the simulator accepts, as a user would save them. */
  credentials: Credentials;
  /** How a 401 for these credentials names them: "the API key". */
  rejected: string;
  /** One set of switches per reading of the docs' open points about the last page: paging ends on each. */
  lastPageReadings: Array<Partial<Options>>;
  /** Switches that make the server reject, or cap, a page size over its maximum; null when it never does. */
  tooLargePageSize: { rejects: Partial<Options> | null; caps: Partial<Options> | null };
}

/** A line, its switches checked against its own simulator's options (the type argument), filed with the others. */
function contract<Options extends CommonSimulatorOptions>(line: ProviderContract<Options>): ProviderContract<CommonSimulatorOptions> {
  return line as unknown as ProviderContract<CommonSimulatorOptions>;
}

const PROVIDER_CONTRACTS = [
  contract<AuraSimulatorOptions>({
    adapter: aura,
    simulate: createAuraSimulator,
    credentials: { apiKey: AURA_DEMO_API_KEY },
    rejected: 'the API key',
    lastPageReadings: [{ lastPageCursor: 'null' }, { lastPageCursor: 'absent' }, { lastPageCursor: 'empty' }],
    tooLargePageSize: { rejects: { overLimit: 'reject' }, caps: { overLimit: 'cap' } },
  }),
  contract<KoteshenSimulatorOptions>({
    adapter: koteshen,
    simulate: createKoteshenSimulator,
    credentials: { apiKey: KOTESHEN_DEMO_ACCESS_TOKEN },
    rejected: 'the access token or client id and secret',
    lastPageReadings: [{}],
    tooLargePageSize: { rejects: { overMax: 'reject' }, caps: { overMax: 'cap' } },
  }),
  contract<KoteshenSimulatorOptions>({
    name: 'Koteshen (client id and secret)',
    adapter: koteshen,
    simulate: createKoteshenSimulator,
    credentials: { clientId: KOTESHEN_DEMO_CLIENT_ID, clientSecret: KOTESHEN_DEMO_CLIENT_SECRET },
    rejected: 'the client id and secret',
    lastPageReadings: [{}],
    tooLargePageSize: { rejects: { overMax: 'reject' }, caps: { overMax: 'cap' } },
  }),
  contract<UqualifySimulatorOptions>({
    adapter: uqualify,
    simulate: createUqualifySimulator,
    credentials: { apiKey: UQUALIFY_DEMO_API_KEY },
    rejected: 'the API key',
    lastPageReadings: (['all', 'page'] as const).flatMap((total) =>
      ([0, null, 'absent', 'current'] as const).map((lastPageNext) => ({ total, lastPageNext })),
    ),
    // The docs bound limit to 1–100; nothing says a larger one is capped.
    tooLargePageSize: { rejects: {}, caps: null },
  }),
];

/** Not a multiple of any page size, so the last page is a short one. */
const PAYMENTS = 250;

type Line = (typeof PROVIDER_CONTRACTS)[number];

function setUp(line: Line, switches: Partial<CommonSimulatorOptions> = {}): { sim: ProviderSimulator; platform: Platform } {
  let sim: ProviderSimulator | null = null;
  const { platform, now } = simulatedPlatform((request) => sim!.handle(request));
  sim = line.simulate({ now, payments: PAYMENTS, ...switches });
  return { sim, platform };
}

function connectionOf(adapter: ProviderAdapter, credentials: Credentials): Connection {
  return { provider: adapter.id, id: 'contract-connection', savedAt: 0, ...credentials };
}

function everything(adapter: ProviderAdapter): PaymentQuery {
  return { provider: adapter.id, statuses: null, from: null, to: null, timeZone: 'Europe/London' };
}

/** Every payment the walk hands on, in the order it hands them: duplicates and gaps stay visible. */
function walkAll(line: Line, platform: Platform, adapter = line.adapter) {
  const context = openWalk(
    platform,
    adapter,
    connectionOf(adapter, line.credentials),
    everything(adapter),
    TimeBudget.forExecution(platform.clock),
  );
  const ids: string[] = [];
  const result = fetchAllPages(context, null, (payments) => ids.push(...payments.map((payment) => payment.id)));
  return { ids, result };
}

function pullAll(line: Line, platform: Platform, credentials = line.credentials) {
  const { adapter } = line;
  return pullAllPayments(
    platform,
    adapter,
    connectionOf(adapter, credentials),
    everything(adapter),
    TimeBudget.forExecution(platform.clock),
    'Narrow the dates.',
  );
}

function listedIds(sim: ProviderSimulator): string[] {
  return sim.listedPayments().map((payment) => String(sim.wireId(payment)));
}

/** Deletes the newest listed payments until the last page of `pageSize` is exactly full. */
function fillLastPage(sim: ProviderSimulator, pageSize: number): void {
  while (sim.listedPayments().length % pageSize !== 0) sim.deletePayment(sim.listedPayments()[0].id);
}

/** A fault for the requests after the first, so it strikes part way through the walk. */
function afterFirstRequest(sim: ProviderSimulator, fault: Fault): Fault {
  return { ...fault, match: () => sim.requests.length > 1 };
}

function caught(work: () => unknown): Error {
  try {
    work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, but the pull succeeded');
}

describe.each(PROVIDER_CONTRACTS.map((line) => [line.name ?? line.adapter.label, line] as const))('%s', (_name, line) => {
  const lastPages = ['short', 'full'] as const;
  it.each(line.lastPageReadings.flatMap((switches) => lastPages.map((lastPage) => [switches, lastPage] as const)))(
    "pages to the end: every listed payment once, in the provider's order (%j, a %s last page)",
    (switches, lastPage) => {
      const { sim, platform } = setUp(line, switches);
      // A full last page leaves only the end markers to tell it is the last: no short page ends the walk.
      if (lastPage === 'full') fillLastPage(sim, line.adapter.maxPageSize);
      const { ids, result } = walkAll(line, platform);
      expect(result.complete).toBe(true);
      expect(ids).toEqual(listedIds(sim));
      expect(ids.length).toBeGreaterThan(line.adapter.maxPageSize);
    },
  );

  const pageSizeCases = [
    ['rejects', line.tooLargePageSize.rejects, 1],
    ['caps', line.tooLargePageSize.caps, 0],
  ] as const;
  it.each(pageSizeCases.filter(([, switches]) => switches !== null))(
    'settles the page size when the server %s one over its maximum (%j)',
    (_how, switches, rejections) => {
      const { sim, platform } = setUp(line, switches!);
      // An adapter that believes in twice the documented maximum: the server's own limit must win.
      const oversized = { ...line.adapter, maxPageSize: line.adapter.maxPageSize * 2 } as ProviderAdapter;
      const { ids } = walkAll(line, platform, oversized);
      expect(ids).toEqual(listedIds(sim));
      const refused = sim.requests.filter((request) => request.status === 400 || request.status === 422);
      expect(refused.length).toBe(rejections);
      // Only the first page settles the size: later pages keep it, so page boundaries never move mid-walk.
      if (rejections) expect(sim.requests.filter((request) => request.url === refused[0].url).length).toBe(1);
    },
  );

  it('retries 5xx, 429 and a reset connection part way through, then reads every payment once', () => {
    const { sim, platform } = setUp(line);
    const faults: Fault[] = [{ status: 500 }, { status: 429 }, { transportError: 'ECONNRESET' }, { status: 503 }];
    sim.faults.push(...faults.map((fault) => afterFirstRequest(sim, fault)));
    const { ids } = walkAll(line, platform);
    expect(ids).toEqual(listedIds(sim));
    expect(sim.requests.filter((request) => request.fault).length).toBe(faults.length);
  });

  it('gives up on a lasting outage with an error naming the provider and the status', () => {
    const { sim, platform } = setUp(line);
    sim.faults.push(afterFirstRequest(sim, { status: 503, times: Infinity }));
    const error = caught(() => pullAll(line, platform));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toContain(`${line.adapter.label} kept answering HTTP 503`);
  });

  it('stops on a 401 for credentials it rejects, naming them, with no secret in the message', () => {
    const { sim, platform } = setUp(line);
    const secretFields = line.adapter.credentialFields.filter((field) => field.secret && line.credentials[field.name]);
    const wrong: Credentials = { ...line.credentials };
    for (const field of secretFields) wrong[field.name] = `${line.credentials[field.name]}_revoked`;
    const error = caught(() => pullAll(line, platform, wrong));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toContain(`${line.adapter.label} rejected ${line.rejected} (HTTP 401`);
    expect(error.message).toContain('Connections');
    for (const field of secretFields) {
      expect(error.message).not.toContain(wrong[field.name]);
      expect(error.message).not.toContain(line.credentials[field.name]);
    }
    // Not the five tries of a server error: at most the one more a renewable token gets.
    expect(sim.requests.filter((request) => request.status === 401).length).toBeLessThanOrEqual(2);
  });

  it.each([
    [
      'an HTML login page',
      { htmlLoginPage: true },
      "answered HTTP 200 with a web page (a login or proxy page?) instead of its API's JSON. Check the base URL",
    ],
    [
      'a body that is not JSON',
      { body: 'upstream connect error or disconnect/reset before headers' },
      'answered HTTP 200 with something that is not JSON',
    ],
    ['JSON without the payments list', { body: { meta: {} } }, /sent (a )?payments page (\d+ )?without a "[a-z.]+" list/],
  ] as const)('fails with a clear ProviderError, and no payments, on %s', (_what, fault: Fault, message) => {
    const { sim, platform } = setUp(line);
    sim.faults.push(afterFirstRequest(sim, fault));
    const error = caught(() => pullAll(line, platform));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message.startsWith(`${line.adapter.label} `)).toBe(true);
    if (typeof message === 'string') expect(error.message).toContain(message);
    else expect(error.message).toMatch(message);
  });
});
