import { TimeBudget } from '../core/budget';
import { ASCII_CHUNK_UNITS, getChunked, putChunked } from '../core/chunkedCache';
import { resolveSources, type Source } from '../core/connections';
import { COLUMNS, compactToPayment, paymentToCompact, paymentToRow, type CellValue, type Payment } from '../core/payment';
import { pullSources } from '../core/pull';
import { columnsSignature, parseColumnKeys } from '../core/table';
import { buildLedgerQuery, type QueryFilters } from '../core/query';
import { withoutPersistentWrites, type KeyValueStore, type Platform } from '../platform/types';
import type { Connection } from '../core/adapter';
import { STORE_KEYS } from '../core/storeKeys';

/** An identical recalculation within this time makes no requests. */
export const FORMULA_CACHE_SECONDS = 600;
/** Bumped by "Refresh PAYMENTS formulas" (and the schedule): every cache key changes, so every formula pulls afresh. */
export const FORMULA_EPOCH_KEY = STORE_KEYS.formulaEpoch;

const TOO_SLOW_ADVICE =
  'A formula has 30 seconds: narrow the dates, or use Extensions → Payments Sync → Open sidebar → Sync to write them into a sheet.';

/**
 * The cache key of a formula's table: its filters and every connection it reads (provider, id and name: a new key, a
 * renamed account, or an account added to "all", is another table).
 */
export function formulaCacheKey(query: QueryFilters, connections: Connection | readonly Connection[], epoch: string): string {
  const statuses = query.statuses ? [...query.statuses].sort().join(',') : 'all';
  const read = (Array.isArray(connections) ? connections : [connections]) as readonly Connection[];
  // The account's name too: cached rows carry it in their account column, so a renamed account is another table.
  const accounts = read
    .map((connection) => `${connection.provider}.${connection.id}.${(connection as { account?: string }).account ?? ''}`)
    .sort()
    .join('+');
  // The encoding's version (v2: gzipped) and the column list's mark: a cached table encoded another way, or under
  // other columns, is never read as this one.
  return ['payments', 'v2', columnsSignature(COLUMNS), statuses, query.from ?? '', query.to ?? '', query.timeZone, accounts, epoch].join(
    '|',
  );
}

export function readFormulaEpoch(documentStore: KeyValueStore): string {
  return documentStore.get(FORMULA_EPOCH_KEY) ?? '0';
}

/**
 * The payments a formula asks for: `provider` is an expression ("aura", "aura:EU shop", "all", a comma list), every
 * account read within the custom function's 30 seconds; every argument checked before any request; an identical
 * recalculation within ten minutes served from the cache. PAYMENTS and PAYMENTS_SUMMARY both stand on it, so a
 * summary and a table of the same query share one pull.
 */
export function formulaPayments(calling: Platform, provider: unknown, status: unknown, from: unknown, to: unknown): Payment[] {
  const startedAt = calling.clock.now();
  // A token granted here serves this formula only; the sidebar's connection test is what stores one.
  const platform: Platform = {
    ...calling,
    userStore: withoutPersistentWrites(calling.userStore),
    documentStore: withoutPersistentWrites(calling.documentStore),
  };
  const { expression, filters } = buildLedgerQuery(platform.providers, provider, status, from, to, platform.timeZone());
  const sources: Source[] = resolveSources(platform.userStore, platform.providers, expression);
  const key = formulaCacheKey(
    filters,
    sources.map((source) => source.connection),
    readFormulaEpoch(platform.documentStore),
  );
  const cached = readCached(platform, key);
  if (cached !== null) return cached.map(compactToPayment);
  const budget = TimeBudget.forCustomFunction(platform.clock, startedAt);
  const { payments } = pullSources(platform, sources, filters, budget, TOO_SLOW_ADVICE);
  // Gzipped: a payment is about 100 bytes so, and MAX_CHUNKS of ASCII_CHUNK_UNITS hold some 170,000 of them.
  putChunked(
    platform.documentCache,
    key,
    platform.compress(JSON.stringify(payments.map(paymentToCompact))),
    FORMULA_CACHE_SECONDS,
    ASCII_CHUNK_UNITS,
  );
  return payments;
}

/**
 * =PAYMENTS(provider, [status], [from], [to], [columns]): the header row and the payments, newest first, in the
 * columns asked for (every one by default). The columns are checked with the other arguments, before any request;
 * the cache holds whole payments, so formulas of one query with other columns share its pull.
 */
export function paymentsFunction(
  calling: Platform,
  provider: unknown,
  status: unknown,
  from: unknown,
  to: unknown,
  columns?: unknown,
): CellValue[][] {
  const chosen = parseColumnKeys(columns, 'columns') ?? COLUMNS;
  const indexes = chosen.map((column) => COLUMNS.indexOf(column));
  const rows = formulaPayments(calling, provider, status, from, to).map((payment) => {
    const row = paymentToRow(payment);
    return indexes.map((index) => row[index]);
  });
  return [[...chosen], ...rows];
}

/** The cached compact payments, or null: missing, partly evicted, or not what compress wrote (then pulled afresh). */
function readCached(platform: Platform, key: string): unknown[][] | null {
  const packed = getChunked(platform.documentCache, key);
  if (packed === null) return null;
  try {
    return JSON.parse(platform.decompress(packed)) as unknown[][];
  } catch {
    return null;
  }
}
