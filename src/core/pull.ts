import type { Platform } from '../platform/types';
import type { Connection, PaymentQuery, ProviderAdapter, ProviderSession } from './adapter';
import type { TimeBudget } from './budget';
import { baseUrlOf, secretsOf, type Source } from './connections';
import { STORE_KEYS } from './storeKeys';
import { OutOfTimeError } from './errors';
import { fetchInWindows, windowsApply } from './dateWindows';
import { fetchAllPages, type WalkContext } from './pageWalk';
import type { Payment } from './payment';
import { ProviderClient } from './providerClient';
import { selectPayments, type QueryFilters } from './query';
import { compareNewestFirst } from './payment';

/**
 * Wires an adapter to a connection: the HTTP client with its budget and rate limit, the session, error context. The
 * account's name (a connection saved before accounts: the provider's label) goes on every payment read.
 */
export function openWalk(
  platform: Platform,
  adapter: ProviderAdapter,
  connection: Connection & { account?: string },
  query: PaymentQuery,
  budget: TimeBudget,
): WalkContext {
  const secrets = secretsOf(connection);
  const tokenKey = STORE_KEYS.token(adapter.id, connection.id);
  let session: ProviderSession;
  const client = new ProviderClient({
    platform,
    budget,
    label: adapter.label,
    rateLimitPerMinute: adapter.rateLimitPerMinute,
    connectionId: connection.id,
    secrets,
    authHeaders: () => adapter.authHeaders(session),
    renewAuth: adapter.renewAuth ? () => adapter.renewAuth!(session) : undefined,
  });
  session = {
    connection,
    baseUrl: baseUrlOf(adapter, connection),
    send: (request) => client.send(request, 'grant'),
    token: {
      get: () => platform.userStore.get(tokenKey),
      set: (value) => platform.userStore.set(tokenKey, value),
      remove: () => platform.userStore.remove(tokenKey),
    },
    now: () => platform.clock.now(),
    hideSecret: (value) => {
      if (!secrets.includes(value)) secrets.push(value);
    },
  };
  return {
    adapter,
    client,
    session,
    query,
    account: connection.account ?? adapter.label,
    responses: { label: adapter.label, credentialNoun: adapter.credentialNoun, secrets, errorMessage: adapter.errorMessage },
  };
}

/** A pull stopped by the rate limit is not too long: narrower dates would not help, a minute's wait does. */
const RATE_LIMIT_ADVICE =
  'The rate limit is shared by every run with this connection (a sync, other formulas) and frees up within a minute: ' +
  'recalculate then (Extensions → Payments Sync → Refresh PAYMENTS formulas).';

/**
 * The rate limit stopped the pull before it had spent a minute's allowance itself: other runs spent it, and waiting
 * helps. A pull that spent it all alone is too long for one execution, however long one waits.
 */
function stoppedByOthers(context: WalkContext, adapter: ProviderAdapter): boolean {
  const { client } = context;
  return client.stoppedByRateLimit && client.requestsSent < (adapter.rateLimitPerMinute ?? Infinity);
}

export interface PullStats {
  requests: number;
  rounds: number;
  pages: number;
}

function walkAll(
  context: WalkContext,
  keep: (payments: Payment[]) => void,
): { complete: boolean; pagesRead: number; stoppedBecause?: string } {
  const result = fetchAllPages(context, null, keep);
  return { complete: result.complete, pagesRead: result.position.pagesRead, stoppedBecause: result.stoppedBecause };
}

/**
 * Every payment the query asks for, or an error: never part of them. For callers that need the whole answer in one
 * execution (the custom function, a connection test). There round trips bound the pull, so a cursor API that filters
 * by date is walked in date windows side by side (dateWindows.ts), at a few more requests; a sync keeps the single
 * cursor walk, whose position is one small checkpoint and whose pace the rate limit sets anyway.
 */
export function pullAllPayments(
  platform: Platform,
  adapter: ProviderAdapter,
  connection: Connection & { account?: string },
  query: PaymentQuery,
  budget: TimeBudget,
  tooSlowAdvice: string,
): { payments: Payment[]; stats: PullStats } {
  const context = openWalk(platform, adapter, connection, query, budget);
  const fetched: Payment[] = [];
  const keep = (payments: Payment[]) => {
    for (const payment of payments) fetched.push(payment);
  };
  const result = windowsApply(context.adapter) ? fetchInWindows({ ...context, adapter: context.adapter }, keep) : walkAll(context, keep);
  const stats = { requests: context.client.requestsSent, rounds: context.client.rounds, pages: result.pagesRead };
  if (!result.complete) {
    throw new OutOfTimeError(
      `Could not fetch every ${adapter.label} payment in the time Google allows: ${result.stoppedBecause} ` +
        `(${fetched.length} read in ${stats.pages} pages before stopping). ${stoppedByOthers(context, adapter) ? RATE_LIMIT_ADVICE : tooSlowAdvice}`,
    );
  }
  return { payments: selectPayments(fetched, query), stats };
}

/** How messages name an account: "Aura", or "Aura account “EU shop”" where it is not the provider's own name. */
export function sourceName(source: Source): string {
  return source.connection.account === source.adapter.label
    ? source.adapter.label
    : `${source.adapter.label} account “${source.connection.account}”`;
}

/**
 * An error of one account's pull, named by its account when the pull spans several, so the user knows which failed.
 * The error keeps its kind (a daily quota stays a quota error).
 */
export function namedBySource(error: unknown, source: Source, sources: readonly Source[]): unknown {
  if (sources.length > 1 && error instanceof Error) error.message = `${sourceName(source)}: ${error.message}`;
  return error;
}

/**
 * Every payment of every account the query asks for, in one table newest first, or an error: never part of them. The
 * accounts are read one after another within the one budget; one that fails fails the whole pull, naming it.
 */
export function pullSources(
  platform: Platform,
  sources: readonly Source[],
  filters: QueryFilters,
  budget: TimeBudget,
  tooSlowAdvice: string,
): { payments: Payment[]; stats: PullStats } {
  const payments: Payment[] = [];
  const stats: PullStats = { requests: 0, rounds: 0, pages: 0 };
  for (const source of sources) {
    try {
      const pulled = pullAllPayments(
        platform,
        source.adapter,
        source.connection,
        { ...filters, provider: source.adapter.id },
        budget,
        tooSlowAdvice,
      );
      payments.push(...pulled.payments);
      stats.requests += pulled.stats.requests;
      stats.rounds += pulled.stats.rounds;
      stats.pages += pulled.stats.pages;
    } catch (error) {
      throw namedBySource(error, source, sources);
    }
  }
  return { payments: payments.sort(compareNewestFirst), stats };
}
