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

/**
 * How many pages a window is made to hold when the query's own window, or one into the unknown past, is cut evenly at
 * its first page's density: more means fewer cuts (requests), fewer means fewer rounds. Such a cut makes EVEN_CUT of
 * them below the page and one for the rest (open, into the past).
 */
const PAGES_PER_WINDOW = 6;
const EVEN_CUT = 7;
/**
 * Below a burst (a page denser than its window was cut for), BURST_CUT windows of BURST_PAGES_PER_WINDOW pages at
 * the burst's density, and one for the rest, which keeps the window's own density: a burst says nothing of the
 * quiet months beside it. A burst found late costs rounds one page at a time, so its windows are small; one longer
 * than they cover is cut again when the rest's first page shows it.
 */
const BURST_PAGES_PER_WINDOW = 2;
const BURST_CUT = 4;
/** A window's page is a burst when it is this many times denser than the cut that made the window expected. */
const BURST_FACTOR = 2;
/** A page's density where its window's rest begins is measured on its oldest payments, this share of them. */
const OLDEST_SHARE = 0.25;
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
  /** Payments per ms the cut that made the window expected (null: unknown, the query's own window or a rest). */
  expectedDensity: number | null;
  /** Payments per ms measured on the window's pages; until one spans a second, what the cut expected. */
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
    expectedDensity: density,
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
  const seen = new DateSpan();
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
        const dates = datesOf(page.payments);
        seen.add(dates);
        const cuts = page.hasMore ? cut(walk, dates, sent.sizeParam ?? page.payments.length) : null;
        if (cuts) {
          walk.done = true;
          lanes.push(...cuts);
          windows += cuts.length;
          return;
        }
        advance(walk, dates, page.next);
      });
      // The undated walks start once the page size is settled, beside the windows' second round.
      lanes.push(...waiting.splice(0));
      const short = shortfall(context, lanes, sizeParam ?? adapter.maxPageSize, seen.density());
      if (short) return result(false, short);
    }
  } catch (error) {
    if (error instanceof OutOfTimeError) return result(false, error.message);
    throw error;
  }
}

/** Records a page read in its window: the span and density of its payments' `dates`, and the cursor. */
function advance(walk: Lane, dates: number[], next: string | null): void {
  if (dates.length > 0) {
    walk.oldestRead = Math.min(walk.oldestRead ?? Infinity, ...dates);
    walk.newestRead = Math.max(walk.newestRead ?? -Infinity, ...dates);
    walk.datedRead += dates.length;
    // Over every page read, not the last alone: one page in a burst says little about the rest of the window.
    const span = walk.newestRead - walk.oldestRead;
    if (span >= SECOND_MS) walk.density = walk.datedRead / span;
  }
  // A window of unknown density not cut at its first page is as dense as that page: a burst further down shows.
  walk.expectedDensity ??= walk.density;
  walk.pagesRead += 1;
  walk.cursor = next;
  walk.done = next === null;
}

function datesOf(payments: Payment[]): number[] {
  const dates: number[] = [];
  for (const payment of payments) if (payment.date !== null) dates.push(payment.date);
  return dates;
}

/** The dates of every payment read so far: their average density is the pull's. */
class DateSpan {
  private count = 0;
  private oldest = Infinity;
  private newest = -Infinity;

  add(dates: number[]): void {
    for (const date of dates) {
      this.count += 1;
      this.oldest = Math.min(this.oldest, date);
      this.newest = Math.max(this.newest, date);
    }
  }

  /** Payments per ms; null until the dates span a second. */
  density(): number | null {
    const span = this.newest - this.oldest;
    return span >= SECOND_MS ? this.count / span : null;
  }
}

/** Payments per ms over the span a page's dates cover; null when they do not span a second. */
function density(dates: number[]): number | null {
  const span = Math.max(...dates) - Math.min(...dates);
  return span >= SECOND_MS ? dates.length / span : null;
}

const floorToSecond = (ms: number) => Math.floor(ms / SECOND_MS) * SECOND_MS;

/**
 * A window whose page says more follow and shows it dense, cut into windows from the page's oldest date down; null
 * when cutting would not pay. The query's own window, or one into the unknown past (no lower bound), is cut evenly
 * at the page's density into EVEN_CUT windows of PAGES_PER_WINDOW pages and one for the rest. Any other window is cut
 * where its page runs into a burst: denser, where the rest begins, than the cut that made the window expected, and
 * into BURST_CUT small windows and the rest. Past the first page, the newest window
 * re-reads what the window had read: pages in date order cannot be trusted to tell which payments are left under
 * every reading.
 */
function cut(walk: Lane, dates: number[], pageSize: number): Lane[] | null {
  if (!walk.window) return null;
  if (dates.length < 2) return null;
  const { fromMs, toMs } = walk.window;
  const open = fromMs === null;
  // The query's own window, or one into the unknown past, is cut evenly; any other only where it runs into a burst.
  const even = open || walk.expectedDensity === null;
  const rate = even ? density(dates) : density(oldestOf(dates));
  if (rate === null) return null;
  if (!even && rate < BURST_FACTOR * walk.expectedDensity!) return null;
  const width = Math.max(SECOND_MS, floorToSecond((pageSize * (even ? PAGES_PER_WINDOW : BURST_PAGES_PER_WINDOW)) / rate));
  const oldest = Math.min(...dates);
  // A rest that two windows would hold is walked as it is: cutting it would cost more requests than rounds it saves.
  // Past the first page, the pages read are read again by the newest window: worth it only for a much longer rest.
  if (!open && oldest - fromMs <= 2 * Math.max(1, walk.pagesRead) * width) return null;
  const bounds: number[] = walk.pagesRead > 0 ? [floorToSecond(Math.max(...dates))] : [];
  const most = bounds.length + (even ? EVEN_CUT : BURST_CUT);
  for (let bound = floorToSecond(oldest - width); bounds.length < most; bound -= width) {
    if (!open && bound <= fromMs + SECOND_MS) break;
    bounds.push(bound);
  }
  if (bounds.length === 0) return null;
  const edges = [toMs, ...bounds.map((bound) => bound + WINDOW_OVERLAP_MS)];
  // The rest below a burst keeps the density the window was cut for; the rest of an even cut is unknown ground, cut
  // evenly again at its own first page's density.
  const restDensity = even ? null : walk.expectedDensity;
  return edges.map((to, i) =>
    lane(walk.query, { fromMs: i < bounds.length ? bounds[i] : fromMs, toMs: to }, i < bounds.length ? rate : restDensity),
  );
}

/** The oldest OLDEST_SHARE of a page's dates (at least two): where the window's rest begins. */
function oldestOf(dates: number[]): number[] {
  const ascending = [...dates].sort((a, b) => a - b);
  return ascending.slice(0, Math.max(2, Math.ceil(ascending.length * OLDEST_SHARE)));
}

/**
 * Pages an unfinished window is expected still to need, measured on its own pages: a window cut anew, or one
 * without a lower bound, has measured nothing and counts one. Densities carried over by a cut are not trusted here,
 * and a window's own is counted at most at the pull's average (a burst seen on one page says little about a
 * window's rest), so the estimate errs low: a pull it stops surely cannot fit, and one it lets run that cannot fit is
 * stopped by the rate limit or the clock a few rounds later.
 */
function pagesLeft(walk: Lane, pageSize: number, pullDensity: number | null): number {
  if (walk.done) return 0;
  const { density: rate, window, oldestRead } = walk;
  if (walk.pagesRead === 0 || rate === null || !window || window.fromMs === null || oldestRead === null) return 1;
  const expected = Math.min(rate, pullDensity ?? rate);
  // The part-filled last page costs a request of its own: half a page on average.
  return Math.max(1, (expected * Math.max(0, oldestRead - window.fromMs)) / pageSize + 0.5);
}

/**
 * Why the rest cannot be fetched in time, or null: the pages the windows are expected to hold need more requests
 * than the rate limit lets out before the budget ends, or more rounds than the time left allows (windows go out
 * side by side, so the deepest window sets the rounds). Judged after every round, so a pull that cannot fit stops
 * in its first seconds rather than at the deadline.
 */
function shortfall(context: WalkContext, lanes: Lane[], pageSize: number, pullDensity: number | null): string | null {
  const left = lanes.map((walk) => pagesLeft(walk, pageSize, pullDensity));
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
