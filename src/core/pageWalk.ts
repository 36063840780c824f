import type { HttpRequest, HttpResponse } from '../platform/types';
import type { Payment } from './payment';
import type { CursorAdapter, NumberedAdapter, PagePosition, PaymentQuery, ProviderAdapter, ProviderSession } from '../providers/types';
import { OutOfTimeError, ProviderError, UserError } from './errors';
import { MAX_PARALLEL_REQUESTS, type ProviderClient } from './providerClient';
import { expectJson, field, text, type ResponseContext } from './responses';
import type { SkippedPayment } from './leftOut';

/** 5,000 pages is 500,000 payments at 100 a page: past that a walk is looping, not paging. */
export const MAX_PAGES = 5_000;

export interface WalkContext {
  adapter: ProviderAdapter;
  client: ProviderClient;
  session: ProviderSession;
  query: PaymentQuery;
  responses: ResponseContext;
  /**
   * Set by a sync: a payment the adapter cannot read is handed here and left out, so one bad record does not block
   * the table. Unset (a formula), it fails the pull with its id named.
   */
  onMalformed?: (skip: SkippedPayment) => void;
}

/** Where a pull stands: which of its walks (walksFor's index; absent is the first) and where in that walk. */
export type WalkPosition = PagePosition & { walk?: number };

export interface WalkResult {
  complete: boolean;
  position: WalkPosition;
  /** Why an incomplete walk stopped, in words. */
  stoppedBecause?: string;
}

/** Receives each batch of pages' payments with the position after them, so a caller can checkpoint. */
export type PageSink = (payments: Payment[], position: WalkPosition) => void;

/**
 * The walks a query needs, each a query of its own. A dated query misses payments that carry no date the server's
 * filter reads (Aura's pending ones, under one reading): each such status asked for gets a walk without dates,
 * filtered on our side afterwards. A query for those statuses alone needs no dated walk.
 */
export function walksFor(adapter: ProviderAdapter, query: PaymentQuery): PaymentQuery[] {
  const { updatedSince, ...undatedQuery } = query;
  const dated = query.from !== null || query.to !== null || updatedSince !== undefined;
  const undatedStatuses = dated ? (adapter.dateFilter?.undatedStatuses ?? []) : [];
  const asked = undatedStatuses.filter((status) => query.statuses === null || query.statuses.includes(status));
  const undatedWalks = asked.map((status) => ({ ...undatedQuery, statuses: [status], from: null, to: null }));
  const onlyUndated = query.statuses !== null && query.statuses.every((status) => asked.includes(status));
  return onlyUndated ? undatedWalks : [query, ...undatedWalks];
}

/**
 * Fetches every page of every walk the query needs from `start` (or the first page) on, handing payments to `sink`.
 * Returns complete: false with the position reached when the time budget cannot cover another round; any other
 * failure throws. Pages read count on across walks, so a caller sees progress whichever walk it is in.
 */
export function fetchAllPages(context: WalkContext, start: WalkPosition | null, sink: PageSink): WalkResult {
  const walks = walksFor(context.adapter, context.query);
  const firstWalk = start?.walk ?? 0;
  let reached: WalkPosition | null = start;
  for (let walk = firstWalk; walk < walks.length; walk++) {
    const from = walk === firstWalk ? start : reached && firstPosition(context.adapter, reached);
    const result = fetchWalk({ ...context, query: walks[walk] }, from, (payments, position) => {
      reached = { ...position, walk };
      sink(payments, reached);
    });
    reached = { ...result.position, walk };
    if (!result.complete) return { ...result, position: reached };
  }
  return { complete: true, position: reached ?? { ...firstPosition(context.adapter, null), walk: 0 } };
}

/** The first page of a walk; a later walk counts on from the pages read before it, at the page size settled. */
function firstPosition(adapter: ProviderAdapter, before: PagePosition | null): PagePosition {
  const carried = { pagesRead: before?.pagesRead ?? 0, ...(before?.sizeParam !== undefined ? { sizeParam: before.sizeParam } : {}) };
  return adapter.paging === 'cursor'
    ? { kind: 'cursor', cursor: null, ...carried }
    : { kind: 'numbered', nextPage: 1, lastPage: null, pageSize: null, ...carried };
}

/** One walk through a query's pages, from `start` (or its first page) on. */
function fetchWalk(context: WalkContext, start: PagePosition | null, sink: PageSink): WalkResult {
  const { adapter } = context;
  const initial = start ?? firstPosition(adapter, null);
  let position = initial;
  const tracked: PageSink = (payments, reached) => {
    position = reached;
    sink(payments, reached);
  };
  try {
    if (adapter.paging === 'cursor' && initial.kind === 'cursor') return walkCursorPages(context, adapter, initial, tracked);
    if (adapter.paging === 'numbered' && initial.kind === 'numbered') return walkNumberedPages(context, adapter, initial, tracked);
    throw new Error(`a ${initial.kind} position cannot resume ${adapter.label}'s ${adapter.paging} pages`);
  } catch (error) {
    if (error instanceof OutOfTimeError) return { complete: false, position, stoppedBecause: error.message };
    throw error;
  }
}

/** Page sizes to try on the first page: the largest documented, smaller ones, then the server's default. */
function pageSizeCandidates(max: number): Array<number | null> {
  const sizes: Array<number | null> = [];
  for (let size = max; size >= 10; size = Math.floor(size / 2)) sizes.push(size);
  sizes.push(null);
  return sizes;
}

function rejectsPageSize(response: HttpResponse): boolean {
  return response.status === 400 || response.status === 422;
}

/**
 * Sends a batch of page requests. The first page of a walk settles the page size: a server may reject a size it
 * does not allow (400/422) instead of capping it, so smaller ones are tried. Later pages keep that size, so page
 * boundaries never change mid-walk.
 */
function sendPages(
  context: WalkContext,
  sizeParam: number | null | undefined,
  build: (pageSize: number | null) => HttpRequest[],
): { responses: HttpResponse[]; sizeParam: number | null } {
  if (sizeParam !== undefined) return { responses: context.client.sendAll(build(sizeParam)), sizeParam };
  const candidates = pageSizeCandidates(context.adapter.maxPageSize);
  // The last candidate (null, the server's default) is always taken, so the loop ends.
  for (let index = 0; ; index++) {
    const size = candidates[index];
    const [first, ...rest] = build(size);
    const response = context.client.send(first);
    if (size !== null && rejectsPageSize(response)) continue;
    return { responses: [response, ...(rest.length ? context.client.sendAll(rest) : [])], sizeParam: size };
  }
}

function toPayments(context: WalkContext, items: unknown[]): Payment[] {
  const payments: Payment[] = [];
  for (const item of items) {
    try {
      payments.push(context.adapter.toPayment(item));
    } catch (error) {
      if (!context.onMalformed || !(error instanceof ProviderError)) throw error;
      context.onMalformed({ id: text(field(item, 'id')), reason: error.message });
    }
  }
  return payments;
}

function guardPageCount(context: WalkContext, pagesRead: number): void {
  if (pagesRead >= MAX_PAGES) {
    throw new UserError(
      `${context.adapter.label} returned more than ${MAX_PAGES} pages; stopping so a pull that does not end cannot run forever. Narrow the dates.`,
    );
  }
}

function walkCursorPages(
  context: WalkContext,
  adapter: CursorAdapter,
  start: Extract<PagePosition, { kind: 'cursor' }>,
  sink: PageSink,
): WalkResult {
  const { session, query } = context;
  const cursorsSeen = new Set<string>();
  let position = start;
  for (;;) {
    guardPageCount(context, position.pagesRead);
    const cursor = position.cursor;
    const sent = sendPages(context, position.sizeParam, (pageSize) => [adapter.pageRequest(session, query, cursor, { pageSize })]);
    const [response] = sent.responses;
    const page = adapter.parseCursorPage(expectJson(context.responses, response));
    const next = page.hasMore ? page.nextCursor : null;
    if (page.hasMore && !page.nextCursor) {
      throw new ProviderError(`${adapter.label} said more payments follow but sent no cursor to fetch them. Try again later.`, response.status);
    }
    if (next !== null && (cursorsSeen.has(next) || next === cursor)) {
      throw new ProviderError(`${adapter.label} sent the same page cursor twice; stopping instead of looping. Try again later.`, response.status);
    }
    if (next !== null) cursorsSeen.add(next);
    const payments = toPayments(context, page.items);
    position = { kind: 'cursor', cursor: next, pagesRead: position.pagesRead + 1, sizeParam: sent.sizeParam };
    sink(payments, position);
    if (next === null) return { complete: true, position };
  }
}

function walkNumberedPages(
  context: WalkContext,
  adapter: NumberedAdapter,
  start: Extract<PagePosition, { kind: 'numbered' }>,
  sink: PageSink,
): WalkResult {
  const { session, query } = context;
  let position = start;
  // With no total to plan by, fetch ahead in growing batches; a provider with a rate limit is walked page by page.
  let probeSize = 2;
  for (;;) {
    guardPageCount(context, position.pagesRead);
    const first = position.nextPage;
    const planned =
      position.lastPage !== null
        ? position.lastPage - first + 1
        : adapter.rateLimitPerMinute === null && first > 1
          ? probeSize
          : 1;
    // No batch waits for the rate limit half way: waits fall between batches, where the position is checkpointed.
    const batchSize = Math.min(planned, context.client.readyNow());
    const pages = Array.from({ length: Math.max(1, batchSize) }, (_, i) => first + i);
    const sent = sendPages(context, position.sizeParam, (pageSize) =>
      pages.map((page) => adapter.pageRequest(session, query, page, { pageSize })),
    );
    const responses = sent.responses;
    const payments: Payment[] = [];
    let lastPage = position.lastPage;
    let pageSize = position.pageSize;
    let ended = false;
    let pagesRead = position.pagesRead;
    for (let i = 0; i < pages.length && !ended; i++) {
      const pageNumber = pages[i];
      const page = adapter.parseNumberedPage(expectJson(context.responses, responses[i]), pageNumber);
      pagesRead += 1;
      // The first full page tells the size the server really uses, whatever we asked for.
      if (pageSize === null && page.hasNext && page.items.length > 0) pageSize = page.items.length;
      const totalPages = page.totalPages ?? (page.totalItems !== null && pageSize ? Math.ceil(page.totalItems / pageSize) : null);
      if (totalPages !== null) lastPage = Math.max(lastPage ?? 0, totalPages);
      payments.push(...toPayments(context, page.items));
      const short = pageSize !== null && page.items.length < pageSize;
      ended = page.items.length === 0 || !page.hasNext || short;
      if (ended) lastPage = pageNumber;
    }
    const nextPage = ended ? (lastPage ?? first) + 1 : pages[pages.length - 1] + 1;
    position = { kind: 'numbered', nextPage, lastPage, pagesRead, pageSize, sizeParam: sent.sizeParam };
    sink(payments, position);
    if (ended || (lastPage !== null && nextPage > lastPage)) return { complete: true, position };
    probeSize = Math.min(probeSize * 2, MAX_PARALLEL_REQUESTS);
  }
}
