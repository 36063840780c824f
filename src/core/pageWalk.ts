import type { HttpRequest, HttpResponse } from '../platform/types';
import type { Payment } from './payment';
import type { PagePosition, PaymentQuery, ProviderAdapter, ProviderSession } from '../providers/types';
import { OutOfTimeError, ProviderError, UserError } from './errors';
import { MAX_PARALLEL_REQUESTS, type ProviderClient } from './providerClient';
import { expectJson, type ResponseContext } from './responses';

/** 5,000 pages is 500,000 payments at 100 a page: past that a walk is looping, not paging. */
export const MAX_PAGES = 5_000;

export interface WalkContext {
  adapter: ProviderAdapter;
  client: ProviderClient;
  session: ProviderSession;
  query: PaymentQuery;
  responses: ResponseContext;
}

export interface WalkResult {
  complete: boolean;
  position: PagePosition;
}

/** Receives each batch of pages' payments with the position after them, so a caller can checkpoint. */
export type PageSink = (payments: Payment[], position: PagePosition) => void;

/**
 * Fetches every page from `start` (or the first page) on, handing payments to `sink`. Returns complete: false with
 * the position reached when the time budget cannot cover another round; any other failure throws.
 */
export function fetchAllPages(context: WalkContext, start: PagePosition | null, sink: PageSink): WalkResult {
  const { adapter } = context;
  const initial: PagePosition =
    start ??
    (adapter.paging === 'cursor'
      ? { kind: 'cursor', cursor: null, pagesRead: 0 }
      : { kind: 'numbered', nextPage: 1, lastPage: null, pagesRead: 0, pageSize: null });
  let position = initial;
  try {
    return initial.kind === 'cursor'
      ? walkCursorPages(context, initial, sink, (p) => (position = p))
      : walkNumberedPages(context, initial, sink, (p) => (position = p));
  } catch (error) {
    if (error instanceof OutOfTimeError) return { complete: false, position };
    throw error;
  }
}

/** Sends a page request at the largest page size; if the server rejects that size, once more at its default. */
function sendWithPageSize(context: WalkContext, build: (pageSize: number | null) => HttpRequest[]): HttpResponse[] {
  const responses = context.client.sendAll(build(context.adapter.maxPageSize));
  if (!responses.some((response) => response.status === 400 || response.status === 422)) return responses;
  const retried = context.client.sendAll(build(null));
  return responses.map((response, i) => (response.status === 400 || response.status === 422 ? retried[i] : response));
}

function toPayments(context: WalkContext, items: unknown[]): Payment[] {
  return items.map((item) => context.adapter.toPayment(item));
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
  start: Extract<PagePosition, { kind: 'cursor' }>,
  sink: PageSink,
  reached: (position: PagePosition) => void,
): WalkResult {
  const { adapter, session, query } = context;
  if (adapter.paging !== 'cursor') throw new Error('cursor walk on a numbered adapter');
  const cursorsSeen = new Set<string>();
  let position = start;
  for (;;) {
    guardPageCount(context, position.pagesRead);
    const cursor = position.cursor;
    const [response] = sendWithPageSize(context, (pageSize) => [adapter.pageRequest(session, query, cursor, { pageSize })]);
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
    position = { kind: 'cursor', cursor: next, pagesRead: position.pagesRead + 1 };
    sink(payments, position);
    reached(position);
    if (next === null) return { complete: true, position };
  }
}

function walkNumberedPages(
  context: WalkContext,
  start: Extract<PagePosition, { kind: 'numbered' }>,
  sink: PageSink,
  reached: (position: PagePosition) => void,
): WalkResult {
  const { adapter, session, query } = context;
  if (adapter.paging !== 'numbered') throw new Error('numbered walk on a cursor adapter');
  let position = start;
  // With no total to plan by, fetch ahead in growing batches; a provider with a rate limit is walked page by page.
  let probeSize = 1;
  for (;;) {
    guardPageCount(context, position.pagesRead);
    const first = position.nextPage;
    const batchSize =
      position.lastPage !== null
        ? Math.min(position.lastPage - first + 1, MAX_PARALLEL_REQUESTS)
        : adapter.rateLimitPerMinute === null && first > 1
          ? probeSize
          : 1;
    const pages = Array.from({ length: Math.max(1, batchSize) }, (_, i) => first + i);
    const responses = sendWithPageSize(context, (pageSize) =>
      pages.map((page) => adapter.pageRequest(session, query, page, { pageSize })),
    );
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
    position = { kind: 'numbered', nextPage, lastPage, pagesRead, pageSize };
    sink(payments, position);
    reached(position);
    if (ended || (lastPage !== null && nextPage > lastPage)) return { complete: true, position };
    probeSize = Math.min(probeSize * 2, MAX_PARALLEL_REQUESTS);
  }
}
