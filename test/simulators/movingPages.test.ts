/** The numbered-page simulators' switches for pages that move under a client: stale totals, lagging pages, deletions. */
import { createKoteshenSimulator, createUqualifySimulator, KOTESHEN_DEMO_ACCESS_TOKEN, UQUALIFY_DEMO_API_KEY } from '../../dev/simulators';
import type { KoteshenSimulatorOptions, UqualifySimulatorOptions } from '../../dev/simulators';
import { call, virtualClock } from './helpers';

const PAT = { authorization: `Bearer ${KOTESHEN_DEMO_ACCESS_TOKEN}` };
const KEY = { 'x-api-key': UQUALIFY_DEMO_API_KEY };

function koteshen(options: KoteshenSimulatorOptions) {
  const clock = virtualClock();
  const sim = createKoteshenSimulator({ now: clock.now, payments: 130, rateLimit: false, ...options });
  return { sim, page: (n: number) => call(sim, `/api/v1/payments?page=${n}&per_page=20`, PAT).json };
}

function uqualify(options: UqualifySimulatorOptions) {
  const clock = virtualClock();
  const sim = createUqualifySimulator({ now: clock.now, payments: 130, ...options });
  return { sim, page: (n: number) => call(sim, `/api/v1/payments?page=${n}&limit=20`, KEY).json.data };
}

describe('Koteshen moving pages', () => {
  it('staleTotals: counts too low, while next_page still says more follow', () => {
    const { sim, page } = koteshen({ staleTotals: 50 });
    const listed = sim.listedPayments().length;
    const { pagination } = page(1).meta;
    expect(pagination.total_count).toBe(listed - 50);
    expect(pagination.total_pages).toBe(Math.ceil((listed - 50) / 20));
    const beyond = page(pagination.total_pages);
    expect(beyond.meta.pagination.next_page).toBe(pagination.total_pages + 1);
    expect(beyond.links.next).not.toBeNull();
  });

  it('laggingPage: that page comes back short for the requests asked, then whole', () => {
    const { page } = koteshen({ laggingPage: { page: 2, items: 5, times: 2 } });
    expect(page(2).data).toHaveLength(5);
    expect(page(2).meta.pagination.next_page).toBe(3);
    expect(page(2).data).toHaveLength(20);
    expect(page(3).data).toHaveLength(20);
  });

  it('deletionDuringWalk: once the page is served, its first rows go and later ones move back', () => {
    const { sim, page } = koteshen({ deletionDuringWalk: { afterPage: 2, count: 3 } });
    const listed = sim.listedPayments().length;
    const thirdBefore = sim
      .listedPayments()
      .slice(40, 60)
      .map((p) => sim.wireId(p));
    page(2);
    expect(
      page(2)
        .data.slice(-3)
        .map((item: { id: number }) => item.id),
    ).toEqual(thirdBefore.slice(0, 3));
    expect(page(1).meta.pagination.total_count).toBe(listed - 3);
  });
});

describe('Uqualify moving pages', () => {
  it('staleTotal: total too low, while next still says more follow', () => {
    const { page } = uqualify({ staleTotal: 100 });
    expect(page(1).total).toBe(30);
    expect(page(2)).toMatchObject({ next: 3 });
    expect(page(2).items).toHaveLength(20);
  });

  it('laggingPage: an empty page that says more follow, every time when times is Infinity', () => {
    const { page } = uqualify({ laggingPage: { page: 3, items: 0, times: Infinity } });
    for (let i = 0; i < 3; i++) expect(page(3)).toMatchObject({ items: [], next: 4, total: 130 });
    expect(page(4).items).toHaveLength(20);
  });

  it('deletionDuringWalk: deletes once, from the index given', () => {
    const { sim, page } = uqualify({ deletionDuringWalk: { afterPage: 1, count: 4, from: 10 } });
    page(1);
    expect(sim.payments).toHaveLength(126);
    page(1);
    expect(page(1).total).toBe(126);
  });
});
