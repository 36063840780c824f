import { COLUMNS } from '../../src/core/payment';
/**
 * =PAYMENTS("aura") on the local runtime walks Aura's cursor pages in date windows side by side: far fewer
 * sequential rounds than pages, every payment once, and a pull too big for a formula stopped in its first seconds.
 */
import { loadAddOn } from '../../dev/addOn';

function formulaRows(rt: ReturnType<typeof loadAddOn>['rt']) {
  return rt.spreadsheet
    .sheet('Sheet1')
    .values()
    .filter((row: unknown[]) => row.some((cell) => cell !== ''));
}

describe('=PAYMENTS("aura") in date windows', () => {
  it('lists 3,000 payments once each in a few rounds, under a created_at filter too', () => {
    for (const dateFilterField of ['payment_date', 'created_at'] as const) {
      const { rt, sims, connect } = loadAddOn({ simulators: { aura: { payments: 3_000, paymentDates: 'two_years', dateFilterField } } });
      connect('aura');
      rt.resetStats();
      rt.setCell('Sheet1', 'A1', '=PAYMENTS("aura")');
      expect(rt.spreadsheet.cellError('Sheet1', 'A1')?.message).toBeUndefined();
      const ids = formulaRows(rt)
        .slice(1)
        .map((row: unknown[]) => row[COLUMNS.indexOf('id')]);
      expect(ids).toHaveLength(3_000);
      expect(new Set(ids)).toEqual(new Set(sims.aura.listedPayments().map((payment) => sims.aura.wireId(payment))));
      // One cursor walk would take 30 rounds, one a page.
      expect(rt.stats.urlFetch.rounds).toBeLessThanOrEqual(12);
    }
  });

  it('stops a pull too big for a formula in its first seconds, with the advice to narrow the dates or sync', () => {
    const { rt, connect } = loadAddOn({ simulators: { aura: { payments: 12_000 } } });
    connect('aura');
    rt.resetStats();
    const startedAt = rt.clock.now();
    rt.setCell('Sheet1', 'A1', '=PAYMENTS("aura")');
    expect(rt.spreadsheet.cellError('Sheet1', 'A1')?.message).toMatch(
      /Could not fetch every Aura payment.*narrow the dates, or use .*Sync/,
    );
    expect(rt.clock.now() - startedAt).toBeLessThan(6_000);
  });
});
