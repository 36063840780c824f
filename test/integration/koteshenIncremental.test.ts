/**
 * Koteshen's incremental refresh (issue 13, point 3): Koteshen cannot filter by date but lists newest created first,
 * so a refresh reads pages down to the first one older than the look-back — checking the order on every page, and
 * reading every page once it fails — and removes as deleted only the rows created inside the look-back.
 */
import { COLUMNS } from '../../src/core/payment';
import { loadAddOn, readBuiltAddOn } from '../../dev/addOn';
import type { KoteshenListOrder } from '../../dev/simulators/koteshen';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Two years of 3,000 payments: 30 pages of 100, about 30 payments in the 7-day look-back. */
const PAYMENTS = 3_000;
const FULL_PULL_PAGES = PAYMENTS / 100;

function syncedKoteshen() {
  const addOn = loadAddOn({ simulators: { koteshen: { payments: PAYMENTS } }, built: readBuiltAddOn() });
  addOn.connect('koteshen');
  const sim = addOn.sims.koteshen;
  sim.options.rateLimit = false;
  const sync = () => addOn.rt.run('syncPayments', [{ provider: 'koteshen', sheetName: 'K', range: 'all_time' }]) as Record<string, unknown>;
  expect(sync()).toMatchObject({ status: 'done', kind: 'full', rows: PAYMENTS });
  const ids = () =>
    addOn.rt.spreadsheet
      .sheet('K')
      .values()
      .slice(1)
      .map((row) => String(row[COLUMNS.indexOf('id')]));
  const refresh = () => {
    addOn.rt.clock.advance(HOUR);
    sim.resetRequests();
    return sync();
  };
  return { addOn, sim, ids, refresh };
}

describe('a Koteshen incremental refresh', () => {
  it('stops at the first page older than the look-back, with the new payment in the table', () => {
    const { sim, ids, refresh } = syncedKoteshen();
    const arrived = sim.addPayment({ status: 'succeeded' });
    expect(refresh()).toMatchObject({ status: 'done', kind: 'incremental', rows: PAYMENTS + 1, added: 1 });
    expect(sim.requests.length).toBeLessThanOrEqual(2);
    expect(ids()).toContain(String(sim.wireId(arrived)));
  });

  it('removes a payment deleted inside the look-back, and keeps the row of an older one it did not read', () => {
    const { addOn, sim, ids, refresh } = syncedKoteshen();
    const listed = sim.listedPayments();
    const recent = listed[0];
    const old = listed.find((payment) => payment.createdAt < addOn.rt.clock.now() - 30 * DAY)!;
    sim.deletePayment(recent.id);
    sim.deletePayment(old.id);
    expect(refresh()).toMatchObject({ status: 'done', kind: 'incremental', rows: PAYMENTS - 1, removed: 1 });
    expect(ids()).not.toContain(String(sim.wireId(recent)));
    expect(ids()).toContain(String(sim.wireId(old)));
    expect(sim.requests.length).toBeLessThan(FULL_PULL_PAGES);
  });

  it.each<KoteshenListOrder>(['paid_desc', 'created_asc'])(
    'reads every page when the listing is not newest created first (%s)',
    (order) => {
      const { sim, ids, refresh } = syncedKoteshen();
      sim.options.listOrder = order;
      const oldest = [...sim.listedPayments()].sort((a, b) => a.createdAt - b.createdAt)[0];
      sim.deletePayment(oldest.id);
      const arrived = sim.addPayment({ status: 'succeeded' });
      expect(refresh()).toMatchObject({ status: 'done', kind: 'incremental', rows: PAYMENTS + 1, added: 1 });
      expect(sim.requests.length).toBeGreaterThanOrEqual(FULL_PULL_PAGES);
      expect(ids()).toContain(String(sim.wireId(arrived)));
      // Read to the end: the deleted payment was not covered by the look-back, so its row stays.
      expect(ids()).toContain(String(sim.wireId(oldest)));
    },
  );
});
