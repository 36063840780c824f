/**
 * Date windows walked side by side, for cursor-paged APIs that filter by date. A cursor walk is one request after
 * another; the same pull cut into windows of the filtered field, each with a cursor of its own, goes out in parallel
 * rounds (fetchAll). For a pull that must finish in one execution (a formula's 30 s), where round trips bound it,
 * not the rate limit: cutting costs requests (a page re-read at each cut, a part-filled last page per window).
 *
 * Right under every reading of the filter: windows are cut in the filtered field's own instants, whatever field
 * that is, so together they cover the query's window; adjacent windows overlap by a second (bounds may be exclusive;
 * the wire shows whole seconds) and payments read twice are kept once (selectPayments dedupes by id). The newest
 * window keeps the query's upper bound and the oldest its lower one (none for an undated query), so nothing beyond
 * a guess is lost. Payments' dates only steer where to cut: a wrong guess (a filter on another field than our date,
 * pages not in date order) costs requests, never payments. Statuses the filter may not see get undated walks of
 * their own (walksFor), walked beside the windows.
 */
import type { CursorAdapter, PaymentQuery, ProviderAdapter } from './adapter';
import { filterWindow } from './dates';
import { OutOfTimeError } from './errors';
import { MAX_PARALLEL_REQUESTS } from './providerClient';
import { guardPageCount, readCursorPage, sendPages, walksFor, type WalkContext } from './pageWalk';
import type { Payment } from './payment';

/** Bounds, in ms, on the field the date filter reads; null: none. */
export interface DateWindow {
  fromMs: number | null;
  toMs: number | null;
}

/** How many pages a window is cut to hold: more means fewer cuts (requests), fewer means fewer rounds. */
export const PAGES_PER_WINDOW = 6;
/**
 * Windows a cut makes below a dense page, besides the one holding it: into the unknown past of a window with no
 * lower bound, OPEN_CUT of PAGES_PER_WINDOW pages and an open one beyond; within bounds, BOUNDED_CUT and one for the
 * rest, which its own first page measures (a burst says nothing of the quiet months beside it). A window still
 * dense is cut again when a page shows it.
 */
export const OPEN_CUT = 7;
export const BOUNDED_CUT = 2;
/** A pull is stopped early only when the requests it is expected to need pass the rate limit's by this much. */
const ESTIMATE_SLACK = 1.15;
/** Adjacent windows share this much, so a payment on a boundary is inside one of them whatever the bounds' inclusivity. */
export const WINDOW_OVERLAP_MS = 1_000;
const SECOND_MS = 1_000;

/** One cursor walk of the pull: a window of the dated query, or an undated walk (no `window`). */
interface Lane {
  query: PaymentQuery;
  window?: DateWindow;
  cursor: string | null;
  cursorsSeen: Set<string>;
  pagesRead: number;
  done: boolean;
  /** Payments per ms expected in the window: measured on its pages, or the cut's that made it. */
  density: number | null;
  /** Oldest date read in this lane, where its remaining payments start, and the newest. */
  oldestRead: number | null;
  newestRead: number | null;
  /** Payments with a date read in this lane. */
  datedRead: number;
}

export interface WindowedResult {
  complete: boolean;
  pagesRead: number;
  /** Why an incomplete pull stopped, in words. */
  stoppedBecause?: string;
  /** Windows walked in all (cuts included), for the benchmark and tests. */
  windows: number;
}

/** True when the adapter pages by cursor and filters by date, so a pull can be cut into windows. */
export function windowsApply(adapter: ProviderAdapter): adapter is CursorAdapter {
  return adapter.paging === 'cursor' && adapter.filtersByDate && adapter.dateFilter !== undefined;
}

function lane(query: PaymentQuery, window: DateWindow | undefined, density: number | null): Lane {
  return {
    query,
    window,
    cursor: null,
    cursorsSeen: new Set(),
    pagesRead: 0,
    done: false,
    density,
    oldestRead: null,
    newestRead: null,
    datedRead: 0,
  };
}

/**
 * Every payment of the query, walked in date windows side by side, handed to `sink` (some twice: windows overlap).
 * Stops early, incomplete, when the first rounds show the rest cannot be fetched in the time and requests left,
 * or when the budget cannot cover another round; any other failure throws.
 */
export function fetchInWindows(context: WalkContext & { adapter: CursorAdapter }, sink: (payments: Payment[]) => void): WindowedResult {
  const { adapter, query } = context;
  const whole = filterWindow(query, adapter.dateFilter!);
  // walksFor keeps the query itself as the dated walk (unless it asks only for statuses the filter may not see).
  const [opening, ...waiting] = walksFor(adapter, query, true).map((walk) =>
    lane(walk, walk === query ? { fromMs: whole.fromMs, toMs: whole.toMs } : undefined, null),
  );
  const lanes: Lane[] = [opening];
  let sizeParam: number | null | undefined;
  let pagesRead = 0;
  let windows = 1;
  const result = (complete: boolean, stoppedBecause?: string): WindowedResult => ({ complete, pagesRead, windows, stoppedBecause });
  try {
    for (;;) {
      const active = lanes.filter((walk) => !walk.done).slice(0, MAX_PARALLEL_REQUESTS);
      if (active.length === 0) return result(true);
      guardPageCount(context, pagesRead);
      const sent = sendPages(context, sizeParam, (pageSize) =>
        active.map((walk) => adapter.pageRequest(context.session, walk.query, walk.cursor, { pageSize, window: walk.window })),
      );
      sizeParam = sent.sizeParam;
      pagesRead += active.length;
      active.forEach((walk, i) => {
        const page = readCursorPage(context, adapter, sent.responses[i], walk.cursor, walk.cursorsSeen);
        sink(page.payments);
        const cuts = page.hasMore ? cut(walk, page.payments, sent.sizeParam ?? page.payments.length) : null;
        if (cuts) {
          walk.done = true;
          lanes.push(...cuts);
          windows += cuts.length;
          return;
        }
        advance(walk, page.payments, page.next);
      });
      // The undated walks start once the page size is settled, beside the windows' second round.
      lanes.push(...waiting.splice(0));
      const short = shortfall(context, lanes, sizeParam ?? adapter.maxPageSize);
      if (short) return result(false, short);
    }
  } catch (error) {
    if (error instanceof OutOfTimeError) return result(false, error.message);
    throw error;
  }
}

function advance(walk: Lane, payments: Payment[], next: string | null): void {
  const dates = datesOf(payments);
  if (dates.length > 0) {
    walk.oldestRead = Math.min(walk.oldestRead ?? Infinity, ...dates);
    walk.newestRead = Math.max(walk.newestRead ?? -Infinity, ...dates);
    walk.datedRead += dates.length;
    // Over every page read, not the last alone: one page in a burst says little about the rest of the window.
    const span = walk.newestRead - walk.oldestRead;
    if (span >= SECOND_MS) walk.density = walk.datedRead / span;
  }
  walk.pagesRead += 1;
  walk.cursor = next;
  walk.done = next === null;
}

function datesOf(payments: Payment[]): number[] {
  const dates: number[] = [];
  for (const payment of payments) if (payment.date !== null) dates.push(payment.date);
  return dates;
}

/** Payments per ms over the span a page's dates cover; null when they do not span a second. */
function density(dates: number[]): number | null {
  const span = Math.max(...dates) - Math.min(...dates);
  return span >= SECOND_MS ? dates.length / span : null;
}

const floorToSecond = (ms: number) => Math.floor(ms / SECOND_MS) * SECOND_MS;

/**
 * A window whose page says more follow and shows it dense (its first page, or a later one that ran into a burst),
 * cut into windows that should hold PAGES_PER_WINDOW pages each at the page's density, from the page's oldest date
 * down: the newest of them re-reads what the window had read (pages in date order cannot be trusted to tell which
 * payments are left under every reading), the oldest keeps the window's
 * lower bound (none: it stays open, and is cut again if it proves dense). Null when cutting would not pay: the rest
 * fits two windows, or the page's dates say nothing (undated payments, one instant).
 */
function cut(walk: Lane, payments: Payment[], pageSize: number): Lane[] | null {
  if (!walk.window) return null;
  const dates = datesOf(payments);
  const rate = dates.length > 1 ? density(dates) : null;
  if (rate === null) return null;
  const { fromMs, toMs } = walk.window;
  const width = Math.max(SECOND_MS, floorToSecond((pageSize * PAGES_PER_WINDOW) / rate));
  const oldest = Math.min(...dates);
  // A rest that two windows would hold is walked as it is: cutting it would cost more requests than rounds it saves.
  // Past the first page, the pages read are read again by the newest window: worth it only for a much longer rest.
  if (fromMs !== null && oldest - fromMs <= 2 * Math.max(1, walk.pagesRead) * width) return null;
  // Past the first page, what the window had read gets a window of its own, so the dense part is not behind it.
  const bounds: number[] = walk.pagesRead > 0 ? [floorToSecond(Math.max(...dates))] : [];
  const most = bounds.length + (fromMs === null ? OPEN_CUT : BOUNDED_CUT);
  for (let bound = floorToSecond(oldest - width); bounds.length < most; bound -= width) {
    if (fromMs !== null && bound <= fromMs + SECOND_MS) break;
    bounds.push(bound);
  }
  if (bounds.length === 0) return null;
  const edges = [toMs, ...bounds.map((bound) => bound + WINDOW_OVERLAP_MS)];
  return edges.map((to, i) => lane(walk.query, { fromMs: i < bounds.length ? bounds[i] : fromMs, toMs: to }, rate));
}

/**
 * Pages an unfinished window is expected still to need, measured on its own pages: a window cut anew, or one
 * without a lower bound, has measured nothing and counts one. Densities carried over by a cut are not trusted here
 * (a burst seen on one page says little about a window's rest), so the estimate errs low: a pull it stops surely
 * cannot fit, and one it lets run that cannot fit is stopped by the rate limit or the clock a few rounds later.
 */
function pagesLeft(walk: Lane, pageSize: number): number {
  if (walk.done) return 0;
  const { density: rate, window, oldestRead } = walk;
  if (walk.pagesRead === 0 || rate === null || !window || window.fromMs === null || oldestRead === null) return 1;
  // The part-filled last page costs a request of its own: half a page on average.
  return Math.max(1, (rate * Math.max(0, oldestRead - window.fromMs)) / pageSize + 0.5);
}

/**
 * Why the rest cannot be fetched in time, or null: the pages the windows are expected to hold need more requests
 * than the rate limit lets out before the budget ends, or more rounds than the time left allows (windows go out
 * side by side, so the deepest window sets the rounds). Judged after every round, so a pull that cannot fit stops
 * in its first seconds rather than at the deadline.
 */
function shortfall(context: WalkContext, lanes: Lane[], pageSize: number): string | null {
  const left = lanes.map((walk) => pagesLeft(walk, pageSize));
  const requests = Math.ceil(left.reduce((sum, pages) => sum + pages, 0));
  const possible = context.client.requestsPossibleInBudget();
  const label = context.adapter.label;
  if (requests > possible * ESTIMATE_SLACK) {
    return `about ${requests} more requests are needed, and ${label}'s rate limit allows ${possible} in the time left`;
  }
  const rounds = Math.ceil(requests / MAX_PARALLEL_REQUESTS) + Math.ceil(Math.max(0, ...left)) - 1;
  const roundMs = context.client.estimatedRoundMs();
  if (rounds * roundMs > context.client.remainingMs()) {
    return `about ${rounds} more rounds of requests to ${label} are needed, more than the time left allows`;
  }
  return null;
}
