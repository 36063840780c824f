import type { HttpRequest, HttpResponse } from '../platform/types';
import type { Payment } from './payment';
import type {
  CursorAdapter,
  NewestFirstCheck,
  NumberedAdapter,
  NumberedPage,
  PagePosition,
  PaymentQuery,
  ProviderAdapter,
  ProviderSession,
} from './adapter';
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
  /** The name of the user's account being walked: every payment read carries it. */
  account: string;
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

export function isDated(query: PaymentQuery): boolean {
  return query.from !== null || query.to !== null || query.updatedSince !== undefined;
}

/**
 * The walks a query needs, each a query of its own. A walk sent dates (a dated query, or any query walked in date
 * windows: `sentDates`) misses payments that carry no date the server's filter reads (Aura's pending ones, under one
 * reading): each such status asked for gets a walk without dates, filtered on our side afterwards. A query for those statuses alone needs no dated walk.
 */
export function walksFor(adapter: ProviderAdapter, query: PaymentQuery, sentDates = isDated(query)): PaymentQuery[] {
  const { updatedSince, ...undatedQuery } = query;
  const undatedStatuses = sentDates ? (adapter.dateFilter?.undatedStatuses ?? []) : [];
  const asked = undatedStatuses.filter((status) => query.statuses === null || query.statuses.includes(status));
  const undatedWalks = asked.map((status) => ({ ...undatedQuery, statuses: [status], from: null, to: null }));
  const onlyUndated = query.statuses?.every((status) => asked.includes(status));
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
export function sendPages(
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

export function toPayments(context: WalkContext, items: unknown[]): Payment[] {
  const payments: Payment[] = [];
  for (const item of items) {
    try {
      payments.push({ ...context.adapter.toPayment(item), account: context.account });
    } catch (error) {
      if (!context.onMalformed || !(error instanceof ProviderError)) throw error;
      context.onMalformed({ id: text(field(item, 'id')), reason: error.message });
    }
  }
  return payments;
}

export function guardPageCount(context: WalkContext, pagesRead: number): void {
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
    const page = readCursorPage(context, adapter, sent.responses[0], cursor, cursorsSeen);
    position = { kind: 'cursor', cursor: page.next, pagesRead: position.pagesRead + 1, sizeParam: sent.sizeParam };
    sink(page.payments, position);
    if (page.next === null) return { complete: true, position };
  }
}

/**
 * One cursor page's payments and the cursor after it (null at the end). A page that says more follow without a
 * cursor, or a cursor this walk has been sent before (`cursorsSeen`, which it extends), fails the walk.
 */
export function readCursorPage(
  context: WalkContext,
  adapter: CursorAdapter,
  response: HttpResponse,
  cursor: string | null,
  cursorsSeen: Set<string>,
): { payments: Payment[]; next: string | null; hasMore: boolean } {
  const page = adapter.parseCursorPage(expectJson(context.responses, response));
  const next = page.hasMore ? page.nextCursor : null;
  if (page.hasMore && !page.nextCursor) {
    throw new ProviderError(
      `${adapter.label} said more payments follow but sent no cursor to fetch them. Try again later.`,
      response.status,
    );
  }
  if (next !== null && (cursorsSeen.has(next) || next === cursor)) {
    throw new ProviderError(
      `${adapter.label} sent the same page cursor twice; stopping instead of looping. Try again later.`,
      response.status,
    );
  }
  if (next !== null) cursorsSeen.add(next);
  return { payments: toPayments(context, page.items), next, hasMore: next !== null };
}

type NumberedPosition = Extract<PagePosition, { kind: 'numbered' }>;

/** A page as read, with its number. */
interface ReadPage extends NumberedPage {
  number: number;
}

/**
 * Payments deleted mid-walk send the walk back to read what moved; a list that keeps changing this often is not
 * going to hold still long enough to be read whole.
 */
export const MAX_REWINDS = 10;

/**
 * Numbered pages are read in batches planned from the totals the first page gives. Only a page's own end marker
 * (no next page, or an empty or short page) ends the walk: totals may be stale. A page that contradicts itself or
 * the pages after it (a replica lagging) is read again, and the walk fails rather than completes with a gap. A
 * payment count that drops between pages means payments were deleted and later ones moved back towards pages
 * already read: the walk goes back far enough to read them where they are now.
 */
function walkNumberedPages(context: WalkContext, adapter: NumberedAdapter, start: NumberedPosition, sink: PageSink): WalkResult {
  const { session, query } = context;
  let position = start;
  // With no total to plan by, fetch ahead in growing batches; a provider with a rate limit is walked page by page.
  let probeSize = 2;
  // Past a total that turned out stale: a few pages at first, doubling while pages keep saying more follow.
  let beyondPlan = 1;
  const since = earlyStopSince(adapter, query);
  for (;;) {
    guardPageCount(context, position.pagesRead);
    const first = position.nextPage;
    const pastPlan = position.lastPage !== null && first > position.lastPage;
    const mayStopEarly = since !== null && position.newestFirst !== false;
    const planned = mayStopEarly
      ? first === 1
        ? 1
        : probeSize
      : position.lastPage !== null && !pastPlan
        ? position.lastPage - first + 1
        : pastPlan
          ? beyondPlan
          : adapter.rateLimitPerMinute === null && first > 1
            ? probeSize
            : 1;
    // No batch waits for the rate limit half way: waits fall between batches, where the position is checkpointed.
    const batchSize = Math.min(planned, context.client.readyNow());
    const numbers = Array.from({ length: Math.max(1, batchSize) }, (_, i) => first + i);
    const sent = sendPages(context, position.sizeParam, (pageSize) =>
      numbers.map((page) => adapter.pageRequest(session, query, page, { pageSize })),
    );
    const read = numbers.map((number, i) => readPage(context, adapter, number, sent.responses[i]));
    const reread = rereadInconsistentPages(context, adapter, read, fullPageSize(position.pageSize, read), sent.sizeParam);
    const pageSize = fullPageSize(position.pageSize, reread.pages);
    const toEnd = upToEnd(reread.pages, pageSize);
    const pagePayments = toEnd.map((page) => toPayments(context, page.items));
    const order = mayStopEarly ? followNewestFirst(position.newestFirst, first, toEnd, pagePayments, since) : null;
    const stopAfter = order?.stopAfter ?? null;
    const pages = stopAfter === null ? toEnd : toEnd.slice(0, stopAfter + 1);
    const ended = stopAfter !== null || endsWalk(pages[pages.length - 1], pageSize);

    let lastPage = position.lastPage;
    const payments: Payment[] = [];
    pages.forEach((page, i) => {
      const totalPages = page.totalPages ?? (page.totalItems !== null && pageSize ? Math.ceil(page.totalItems / pageSize) : null);
      // A total only plans the batches: it never shortens the walk, since it may be stale.
      if (totalPages !== null) lastPage = Math.max(lastPage ?? 0, totalPages);
      payments.push(...pagePayments[i]);
    });
    if (ended) lastPage = pages[pages.length - 1].number;
    const counted = countChange(position.count ?? null, pages, pageSize);
    // A page fuller than the size learned from page 1 means page 1 came back short: read the walk again from it.
    const rewindTo = position.pageSize !== null && pageSize !== position.pageSize ? 1 : counted.rewindTo;
    const pagesRead = position.pagesRead + read.length + reread.count;
    const common = {
      kind: 'numbered' as const,
      lastPage,
      pagesRead,
      pageSize,
      sizeParam: sent.sizeParam,
      count: counted.count,
      // A walk sent back to pages it read cannot chain their order any more: it reads every page.
      ...(order && { newestFirst: rewindTo === null ? order.check : (false as const) }),
    };
    if (rewindTo !== null) {
      const rewinds = (position.rewinds ?? 0) + 1;
      if (rewinds > MAX_REWINDS) throw keptChanging(adapter);
      position = { ...common, nextPage: rewindTo, rewinds };
      sink(payments, position);
      beyondPlan = 1;
      continue;
    }
    position = { ...common, nextPage: pages[pages.length - 1].number + 1, rewinds: position.rewinds ?? 0 };
    sink(payments, position);
    if (ended) return { complete: true, position };
    probeSize = Math.min(probeSize * 2, MAX_PARALLEL_REQUESTS);
    if (pastPlan) beyondPlan = Math.min(beyondPlan * 2, MAX_PARALLEL_REQUESTS);
  }
}

function readPage(context: WalkContext, adapter: NumberedAdapter, number: number, response: HttpResponse): ReadPage {
  return { number, ...adapter.parseNumberedPage(expectJson(context.responses, response), number) };
}

/** How many items a full page holds: the most any page that says more follow has held (null until one has). */
function fullPageSize(known: number | null, pages: ReadPage[]): number | null {
  let size = known;
  for (const page of pages) if (page.hasNext && page.items.length > 0) size = Math.max(size ?? 0, page.items.length);
  return size;
}

function isShort(page: ReadPage, pageSize: number | null): boolean {
  return page.items.length === 0 || (pageSize !== null && page.items.length < pageSize);
}

function endsWalk(page: ReadPage, pageSize: number | null): boolean {
  return !page.hasNext || isShort(page, pageSize);
}

/** The batch's pages up to the first that ends the walk; pages past the end are not read for payments. */
function upToEnd(pages: ReadPage[], pageSize: number | null): ReadPage[] {
  const end = pages.findIndex((page) => endsWalk(page, pageSize));
  return end < 0 ? pages : pages.slice(0, end + 1);
}

/** What is wrong with the page at `index` of a batch, in words; null when it agrees with itself and the rest. */
function inconsistency(pages: ReadPage[], index: number, pageSize: number | null): string | null {
  const page = pages[index];
  if (page.hasNext && page.items.length === 0) return `page ${page.number} empty while saying more payments follow`;
  if (page.hasNext && isShort(page, pageSize)) {
    return `page ${page.number} with ${page.items.length} of ${pageSize} payments while saying more follow`;
  }
  const later = endsWalk(page, pageSize) ? pages.slice(index + 1).find((next) => next.items.length > 0) : undefined;
  return later ? `page ${page.number} as the last page, yet page ${later.number} had payments` : null;
}

/**
 * Reads once more every page of the batch (up to its end) that contradicts itself or the pages after it: a replica
 * behind the others serves such pages. Still inconsistent, the walk fails: completing it would leave a gap.
 */
function rereadInconsistentPages(
  context: WalkContext,
  adapter: NumberedAdapter,
  read: ReadPage[],
  pageSize: number | null,
  sizeParam: number | null,
): { pages: ReadPage[]; count: number } {
  const suspects = inconsistentPages(read, pageSize);
  if (suspects.length === 0) return { pages: read, count: 0 };
  const again = context.client.sendAll(
    suspects.map((index) => adapter.pageRequest(context.session, context.query, read[index].number, { pageSize: sizeParam })),
  );
  const pages = [...read];
  suspects.forEach((index, i) => (pages[index] = readPage(context, adapter, read[index].number, again[i])));
  const still = inconsistentPages(pages, pageSize).map((index) => inconsistency(pages, index, pageSize));
  if (still.length > 0) {
    throw new ProviderError(
      `${adapter.label} sent payments ${still[0]}, and again when asked a second time (a server replica may be lagging behind). ` +
        'Stopped so no payment goes missing: the sheet was left as it was. Try again later.',
      200,
    );
  }
  return { pages, count: suspects.length };
}

function inconsistentPages(pages: ReadPage[], pageSize: number | null): number[] {
  const end = upToEnd(pages, pageSize).length;
  return pages.slice(0, end).flatMap((_, index) => (inconsistency(pages, index, pageSize) === null ? [] : [index]));
}

/**
 * Compares the payment counts the pages report, in page order, with the last one seen. Payments added at the front
 * only push rows forward (read twice, kept once), but a lower count means some were deleted: every row after them
 * moved back by up to the drop, and those that moved from a page read after the deletion into one read before
 * would be missed. The walk goes back to the first page they can have moved into.
 */
function countChange(
  previous: number | null,
  pages: ReadPage[],
  pageSize: number | null,
): { count: number | null; rewindTo: number | null } {
  let highest = previous;
  let lowest: number | null = null;
  // The last page known to have been read before the drop; pages after it may have been read after.
  let lastCounted = pages[0].number - 1;
  let rewindTo: number | null = null;
  for (const page of pages) {
    const count = page.totalItems;
    if (count === null) continue;
    if (highest !== null && count < highest) {
      const movedInto = pageSize === null ? 1 : Math.floor(Math.max(0, lastCounted * pageSize - (highest - count)) / pageSize) + 1;
      rewindTo = Math.min(rewindTo ?? movedInto, movedInto);
    }
    highest = Math.max(highest ?? count, count);
    lowest = Math.min(lowest ?? count, count);
    lastCounted = page.number;
  }
  // After a drop, the lowest count is the list as it is now; a later page reporting more only means arrivals.
  return { count: rewindTo !== null ? lowest : (highest ?? null), rewindTo };
}

function keptChanging(adapter: NumberedAdapter): ProviderError {
  return new ProviderError(
    `${adapter.label}'s payments kept being deleted while they were read (${MAX_REWINDS} times in one pull), so the pages kept moving. ` +
      'Stopped so no payment goes missing: the sheet was left as it was. Try again later.',
    200,
  );
}

// ── Early stop of a numbered walk newest first ────────────────────────────────────────────────────────────────────
// An API that cannot filter by date but lists newest created first (Koteshen) is read, for an incremental pull, only
// down to the first page older than `updatedSince`: every payment created since then stood on a page before it.
// That holds only while the order does, so it is checked on every page read — each page newest first, and no payment
// of a page newer than the oldest of the page before — and once it fails the walk reads every page, as a full pull.

/** The instant a walk may stop at, or null when it reads every page. */
function earlyStopSince(adapter: NumberedAdapter, query: PaymentQuery): number | null {
  return adapter.newestCreatedFirst && query.updatedSince !== undefined ? query.updatedSince : null;
}

/**
 * Follows the order through a batch of pages from `first` on (their payments beside them): where it stands after
 * them, and the index of the page to stop after (its oldest payment is older than `since`), or null to go on.
 */
function followNewestFirst(
  previous: NewestFirstCheck | undefined,
  first: number,
  pages: ReadPage[],
  payments: Payment[][],
  since: number,
): { check: NewestFirstCheck; stopAfter: number | null } {
  // Page 1 starts the chain; any other page continues the one before it, or the walk cannot vouch for the order.
  let check: NewestFirstCheck | null = first === 1 ? null : previous && previous.page === first - 1 ? previous : false;
  if (check === false) return { check, stopAfter: null };
  for (let i = 0; i < pages.length; i++) {
    let oldest: number = check === null ? Infinity : check.oldest;
    for (const payment of payments[i]) {
      if (payment.created_at === null || payment.created_at > oldest) return { check: false, stopAfter: null };
      oldest = payment.created_at;
    }
    check = { page: pages[i].number, oldest };
    if (oldest < since) return { check, stopAfter: i };
  }
  return { check: check ?? false, stopAfter: null };
}
