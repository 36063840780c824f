/**
 * Numbered pages (Koteshen, Uqualify) on the local runtime: under stale totals, a lagging replica and payments
 * deleted mid-pull, every payment that exists throughout arrives exactly once, or the pull fails and the sheet
 * keeps what it had.
 */
import { loadAddOn } from '../../dev/addOn';

type AddOn = ReturnType<typeof loadAddOn>;
type NumberedProvider = 'koteshen' | 'uqualify';

function rowsOf(addOn: AddOn, sheet: string): unknown[][] {
  return addOn.rt.spreadsheet
    .sheet(sheet)
    .values()
    .filter((row: unknown[]) => row.some((cell) => cell !== ''));
}

function sync(addOn: AddOn, request: Record<string, unknown>) {
  return addOn.rt.run('syncPayments', [request]) as Record<string, unknown>;
}

function listedIds(addOn: AddOn, provider: NumberedProvider): string[] {
  const sim = addOn.sims[provider];
  return sim.listedPayments().map((payment) => String(sim.wireId(payment)));
}

/** Every payment listed at the end (so every one that existed throughout) is in the table exactly once. */
function expectEachOnce(ids: unknown[], listed: string[]): void {
  expect(new Set(ids).size).toBe(ids.length);
  const shown = new Set(ids.map(String));
  expect(listed.filter((id) => !shown.has(id))).toEqual([]);
}

function formulaIds(addOn: AddOn, provider: NumberedProvider): unknown[] {
  addOn.connect(provider);
  addOn.rt.setCell('Sheet1', 'A1', `=PAYMENTS("${provider}")`);
  expect(addOn.rt.spreadsheet.cellError('Sheet1', 'A1')?.message ?? null).toBeNull();
  return rowsOf(addOn, 'Sheet1')
    .slice(1)
    .map((row) => row[2]);
}

describe('=PAYMENTS over numbered pages', () => {
  it.each([
    ['koteshen', { staleTotals: 300 }],
    ['uqualify', { staleTotal: 300 }],
  ] as const)('%s: a stale total too low still brings every payment once', (provider, stale) => {
    const addOn = loadAddOn({ simulators: { payments: 700, [provider]: stale } });
    expectEachOnce(formulaIds(addOn, provider), listedIds(addOn, provider));
  });

  it.each([
    ['koteshen', 0],
    ['uqualify', 23],
  ] as const)('%s: a page a lagging replica served with %i payments is read again', (provider, items) => {
    const addOn = loadAddOn({ simulators: { payments: 700, [provider]: { laggingPage: { page: 3, items, times: 1 } } } });
    expectEachOnce(formulaIds(addOn, provider), listedIds(addOn, provider));
  });

  it.each(['koteshen', 'uqualify'] as const)('%s: payments deleted mid-pull leave none of the others out', (provider) => {
    const addOn = loadAddOn({ simulators: { payments: 700, [provider]: { deletionDuringWalk: { afterPage: 2, count: 6 } } } });
    const ids = formulaIds(addOn, provider);
    expect(addOn.sims[provider].listedPayments().length).toBeLessThan(700);
    expectEachOnce(ids, listedIds(addOn, provider));
  });

  it('a page that stays short is an error in the cell, not a short table', () => {
    const addOn = loadAddOn({ simulators: { payments: 700, koteshen: { laggingPage: { page: 4, items: 10, times: Infinity } } } });
    addOn.connect('koteshen');
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
    expect(addOn.rt.spreadsheet.cellError('Sheet1', 'A1')?.message).toMatch(
      /^Koteshen sent payments page 4 with 10 of 100 payments while saying more follow, and again when asked a second time/,
    );
  });
});

describe('syncPayments over numbered pages', () => {
  it.each(['koteshen', 'uqualify'] as const)('%s: payments deleted mid-sync leave none of the others out', (provider) => {
    const addOn = loadAddOn({ simulators: { payments: 700 } });
    addOn.connect(provider);
    sync(addOn, { provider, sheetName: 'P', range: 'all_time' });
    addOn.sims[provider].options.deletionDuringWalk = { afterPage: 3, count: 4, from: 20 };
    const result = sync(addOn, { provider, sheetName: 'P', range: 'all_time', full: true });
    expect(result).toMatchObject({ status: 'done' });
    expectEachOnce(
      rowsOf(addOn, 'P')
        .slice(1)
        .map((row) => row[2]),
      listedIds(addOn, provider),
    );
  });

  it.each(['koteshen', 'uqualify'] as const)('%s: a page that stays empty fails the sync and leaves the sheet as it was', (provider) => {
    const addOn = loadAddOn({ simulators: { payments: 700 } });
    addOn.connect(provider);
    sync(addOn, { provider, sheetName: 'P', range: 'all_time' });
    const before = JSON.stringify(addOn.rt.spreadsheet.sheet('P').values());
    addOn.sims[provider].addPayment();
    addOn.sims[provider].options.laggingPage = { page: 2, items: 0, times: Infinity };
    const label = provider === 'koteshen' ? 'Koteshen' : 'Uqualify';
    expect(() => sync(addOn, { provider, sheetName: 'P', range: 'all_time', full: true })).toThrow(
      `${label} sent payments page 2 empty while saying more payments follow, and again when asked a second time`,
    );
    expect(JSON.stringify(addOn.rt.spreadsheet.sheet('P').values())).toBe(before);
  });
});
