/**
 * A sync's summary sheet on the runtime: "<sheet> · summary" with the totals by month and currency, the net grid
 * and one column chart of it, rewritten (chart repointed, not doubled) by every run; off unless asked for.
 */
import { loadAddOn } from '../../dev/addOn';
import { paidAt } from '../support/payments';

type AddOn = ReturnType<typeof loadAddOn>;

const HEADER = ['period', 'currency', 'payments', 'gross', 'refunded', 'net'];

function sync(addOn: AddOn, request: Record<string, unknown>) {
  return addOn.rt.run('syncPayments', [request]) as Record<string, unknown>;
}

function pay(addOn: AddOn, iso: string, amountMinor: number, currency?: string, status?: 'failed') {
  return addOn.sims.aura.addPayment(paidAt(iso, amountMinor, currency, status));
}

function ledger() {
  const addOn = loadAddOn({ simulators: { payments: 0 } });
  const refunded = pay(addOn, '2026-10-03T10:00:00Z', 10_000);
  pay(addOn, '2026-11-04T10:00:00Z', 2_550);
  pay(addOn, '2026-11-05T10:00:00Z', 500, 'JPY');
  pay(addOn, '2026-11-06T10:00:00Z', 99_999, 'USD', 'failed');
  addOn.sims.aura.refundPayment(refunded.id, 2_500);
  addOn.connect('aura');
  return addOn;
}

/** The two blocks side by side: totals in A:F, the net grid from H. */
function blocks(addOn: AddOn, sheetName = 'Aura · summary') {
  const rows = addOn.rt.spreadsheet.sheet(sheetName).values();
  const nonEmpty = (row: unknown[]) => row.some((cell) => cell !== '');
  return { totals: rows.map((row) => row.slice(0, 6)).filter(nonEmpty), net: rows.map((row) => row.slice(7)).filter(nonEmpty) };
}

describe('a sync with summary: true', () => {
  it('writes the totals by month and currency of the table, a net grid, and one chart of the grid', () => {
    const addOn = ledger();
    sync(addOn, { provider: 'aura', sheetName: 'Aura', range: 'all_time', summary: true });
    expect(addOn.rt.spreadsheet.sheetNames()).toContain('Aura · summary');
    const { totals, net } = blocks(addOn);
    // The failed payment is in the table (every status) but never in the totals.
    expect(totals).toEqual([
      HEADER,
      ['2026-11', 'JPY', 1, 500, 0, 500],
      ['2026-11', 'USD', 1, 25.5, 0, 25.5],
      ['2026-10', 'USD', 1, 100, 25, 75],
    ]);
    expect(net).toEqual([
      ['period', 'JPY', 'USD'],
      ['2026-10', 0, 75],
      ['2026-11', 500, 25.5],
    ]);
    const charts = addOn.rt.spreadsheet.sheet('Aura · summary').charts();
    expect(charts).toHaveLength(1);
    expect(charts[0]).toMatchObject({
      chartType: 'COLUMN',
      ranges: [{ sheetName: 'Aura · summary', a1: 'H1:J3' }],
      options: { title: 'Net per month · Aura' },
      numHeaders: 1,
    });
    expect(addOn.rt.spreadsheet.sheet('Aura · summary').frozenRows).toBe(1);
  });

  it('rewrites the summary after every run and repoints the same chart, never adding a second', () => {
    const addOn = ledger();
    sync(addOn, { provider: 'aura', sheetName: 'Aura', range: 'all_time', summary: true });
    const [first] = addOn.rt.spreadsheet.sheet('Aura · summary').charts();
    pay(addOn, '2026-12-01T10:00:00Z', 1_000, 'EUR');
    addOn.rt.clock.advance(60_000);
    // A re-run that leaves the option out keeps it: it is saved on the sync.
    const again = sync(addOn, { provider: 'aura', sheetName: 'Aura', range: 'all_time', full: true });
    expect(again).toMatchObject({ status: 'done', rows: 5 });
    const { totals, net } = blocks(addOn);
    expect(totals[1]).toEqual(['2026-12', 'EUR', 1, 10, 0, 10]);
    expect(net).toEqual([
      ['period', 'EUR', 'JPY', 'USD'],
      ['2026-10', 0, 0, 75],
      ['2026-11', 0, 500, 25.5],
      ['2026-12', 10, 0, 0],
    ]);
    const charts = addOn.rt.spreadsheet.sheet('Aura · summary').charts();
    expect(charts.map((chart) => [chart.chartId, chart.ranges[0].a1])).toEqual([[first.chartId, 'H1:K4']]);
    // The saved sync's run from the sidebar keeps it up to date as well.
    pay(addOn, '2026-12-02T10:00:00Z', 1_000, 'EUR');
    const [{ id }] = (addOn.rt.run('getSidebarState') as { syncs: Array<{ id: string }> }).syncs;
    addOn.rt.run('runSavedSync', [id, false]);
    expect(blocks(addOn).totals[1]).toEqual(['2026-12', 'EUR', 2, 20, 0, 20]);
    expect(addOn.rt.spreadsheet.sheet('Aura · summary').charts()).toHaveLength(1);
  });

  it('shrinks with the table after an edit (which keeps the option): rows of months no longer in it are cleared', () => {
    const addOn = ledger();
    const { syncId } = sync(addOn, { provider: 'aura', sheetName: 'Aura', range: 'all_time', summary: true });
    sync(addOn, { syncId, provider: 'aura', sheetName: 'Aura', range: 'custom', from: '2026-11-01', to: '2026-11-30' });
    expect(blocks(addOn).totals.map((row) => row.slice(0, 2))).toEqual([
      ['period', 'currency'],
      ['2026-11', 'JPY'],
      ['2026-11', 'USD'],
    ]);
    expect(blocks(addOn).net).toEqual([
      ['period', 'JPY', 'USD'],
      ['2026-11', 500, 25.5],
    ]);
  });

  it('keeps no summary sheet unless asked for, and refuses a summary that is not true or false', () => {
    const addOn = ledger();
    sync(addOn, { provider: 'aura', sheetName: 'Aura', range: 'all_time' });
    expect(addOn.rt.spreadsheet.sheetNames()).not.toContain('Aura · summary');
    const requests = addOn.sims.aura.requests.length;
    expect(() => sync(addOn, { provider: 'aura', sheetName: 'Aura', range: 'all_time', summary: 'yes' })).toThrow(
      'summary must be true or false, not "yes".',
    );
    expect(addOn.sims.aura.requests.length).toBe(requests);
  });
});
