import { TimeBudget } from '../core/budget';
import { getChunked, putChunked } from '../core/chunkedCache';
import { resolveSources, type Source } from '../core/connections';
import { COLUMNS, compactToPayment, paymentToCompact, paymentToRow, type CellValue } from '../core/payment';
import { pullSources } from '../core/pull';
import { columnsSignature } from '../core/table';
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
 * The cache key of a formula's table: its filters and every connection it reads (provider and id: a new key, or an
 * account added to "all", is another table).
 */
export function formulaCacheKey(query: QueryFilters, connections: Connection | readonly Connection[], epoch: string): string {
  const statuses = query.statuses ? [...query.statuses].sort().join(',') : 'all';
  const read = (Array.isArray(connections) ? connections : [connections]) as readonly Connection[];
  const accounts = read.map((connection) => `${connection.provider}.${connection.id}`).sort().join('+');
  // The column list's mark: a cached table encoded under other columns is never read under these.
  return ['payments', columnsSignature(COLUMNS), statuses, query.from ?? '', query.to ?? '', query.timeZone, accounts, epoch].join('|');
}

export function readFormulaEpoch(documentStore: KeyValueStore): string {
  return documentStore.get(FORMULA_EPOCH_KEY) ?? '0';
}


/**
 * =PAYMENTS(provider, [status], [from], [to]): the header row and the payments, newest first; `provider` is an
 * expression ("aura", "aura:EU shop", "all", a comma list), every account read within the formula's 30 seconds. Every
 * argument is checked before any request; an identical recalculation within ten minutes is served from the cache.
 */
export function paymentsFunction(calling: Platform, provider: unknown, status: unknown, from: unknown, to: unknown): CellValue[][] {
  const startedAt = calling.clock.now();
  // A token granted here serves this formula only; the sidebar's connection test is what stores one.
  const platform: Platform = {
    ...calling,
    userStore: withoutPersistentWrites(calling.userStore),
    documentStore: withoutPersistentWrites(calling.documentStore),
  };
  const { expression, filters } = buildLedgerQuery(platform.providers, provider, status, from, to, platform.timeZone());
  const sources: Source[] = resolveSources(platform.userStore, platform.providers, expression);
  const key = formulaCacheKey(filters, sources.map((source) => source.connection), readFormulaEpoch(platform.documentStore));
  const cached = getChunked(platform.documentCache, key);
  const header: CellValue[] = [...COLUMNS];
  if (cached !== null) return [header, ...(JSON.parse(cached) as unknown[][]).map((row) => paymentToRow(compactToPayment(row)))];
  const budget = TimeBudget.forCustomFunction(platform.clock, startedAt);
  const { payments } = pullSources(platform, sources, filters, budget, TOO_SLOW_ADVICE);
  putChunked(platform.documentCache, key, JSON.stringify(payments.map(paymentToCompact)), FORMULA_CACHE_SECONDS);
  return [header, ...payments.map((payment) => paymentToRow(payment))];
}
