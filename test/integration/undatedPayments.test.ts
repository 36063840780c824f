/**
 * Nothing disappears silently: a payment whose date cannot be read, or one sent malformed, is reported in the sync's
 * outcome and run log; a malformed one does not block the rest of the table.
 */
import { loadAddOn } from '../../dev/addOn';
import type { SimPayment } from '../../dev/simulators';

type AddOn = ReturnType<typeof loadAddOn>;

const DAY = 86_400_000;
const IN_RANGE = Date.parse('2026-04-15T12:00:00Z');
const UNREADABLE_DATES = { payment_date: 'soon', created_at: null };
const NOT_MINOR_UNITS = { amount: '12.5' };

function ids(addOn: AddOn, sheet: string): string[] {
  return addOn.rt.spreadsheet
    .sheet(sheet)
    .values()
    .slice(1)
    .filter((row: unknown[]) => row[2] !== '')
    .map((row: unknown[]) => String(row[2]));
}

function sync(addOn: AddOn, request: Record<string, unknown>) {
  return addOn.rt.run('syncPayments', [request]) as Record<string, unknown> & { syncId: string };
}

function lastRun(addOn: AddOn): Record<string, unknown> {
  return (addOn.rt.run('getSidebarState') as { runLog: Array<Record<string, unknown>> }).runLog[0];
}

function seed(addOn: AddOn, count: number): SimPayment[] {
  return Array.from({ length: count }, (_, i) =>
    addOn.sims.aura.addPayment({ occurredAt: IN_RANGE + i * 60_000, createdAt: IN_RANGE + i * 60_000 }),
  );
}

describe('a payment whose date cannot be read', () => {
  it('stays in an undated sync, and a dated one counts and names it in its outcome and run log', () => {
    const addOn = loadAddOn({ simulators: { payments: 0 } });
    const [undated, ...others] = seed(addOn, 4);
    addOn.sims.aura.options.garbled[undated.id] = UNREADABLE_DATES;
    addOn.connect('aura');
    const wire = String(addOn.sims.aura.wireId(undated));

    const all = sync(addOn, { provider: 'aura', sheetName: 'All', range: 'all_time' });
    expect(all).toMatchObject({ rows: 4 });
    expect(all.undated).toBeUndefined();
    expect(ids(addOn, 'All')).toContain(wire);

    const dated = sync(addOn, { provider: 'aura', sheetName: 'April', range: 'custom', from: '2026-04-01', to: '2026-04-30' });
    expect(dated).toMatchObject({ status: 'done', rows: others.length, undated: { count: 1, ids: [wire] } });
    expect(lastRun(addOn)).toMatchObject({ outcome: 'ok', undated: { count: 1, ids: [wire] } });
  });
});

describe('a malformed payment', () => {
  it('is skipped by a sync, which keeps the rest and names it with the reason in its outcome and run log', () => {
    const addOn = loadAddOn({ simulators: { payments: 0 } });
    const [bad, ...good] = seed(addOn, 5);
    addOn.sims.aura.options.garbled[bad.id] = NOT_MINOR_UNITS;
    addOn.connect('aura');
    const wire = String(addOn.sims.aura.wireId(bad));
    const result = sync(addOn, { provider: 'aura', sheetName: 'A', range: 'all_time' });
    const skipped = { count: 1, payments: [{ id: wire, reason: expect.stringContaining('whole-number amount') }] };
    expect(result).toMatchObject({ status: 'done', rows: good.length, skipped });
    expect(ids(addOn, 'A').sort()).toEqual(good.map((p) => String(addOn.sims.aura.wireId(p))).sort());
    expect(lastRun(addOn)).toMatchObject({ outcome: 'ok', skipped });
  });

  it('keeps its row as it was when the sheet already had it, in a full and in an incremental refresh', () => {
    const addOn = loadAddOn({ simulators: { payments: 0 } });
    const now = addOn.rt.clock.now();
    const recent = Array.from({ length: 3 }, (_, i) =>
      addOn.sims.aura.addPayment({ occurredAt: now - (i + 1) * DAY, createdAt: now - (i + 1) * DAY }),
    );
    addOn.connect('aura');
    const first = sync(addOn, { provider: 'aura', sheetName: 'A', range: 'all_time' });
    const before = ids(addOn, 'A');
    addOn.sims.aura.options.garbled[recent[0].id] = NOT_MINOR_UNITS;
    const incremental = addOn.rt.run('runSavedSync', [first.syncId, false]) as Record<string, unknown>;
    expect(incremental).toMatchObject({ kind: 'incremental', rows: 3, removed: 0, skipped: { count: 1 } });
    const full = addOn.rt.run('runSavedSync', [first.syncId, true]) as Record<string, unknown>;
    expect(full).toMatchObject({ kind: 'full', rows: 3, removed: 0, skipped: { count: 1 } });
    expect(ids(addOn, 'A')).toEqual(before);
  });

  it('names only a few in the run log when several are skipped', () => {
    const addOn = loadAddOn({ simulators: { payments: 0 } });
    const payments = seed(addOn, 8);
    for (const payment of payments.slice(0, 5)) addOn.sims.aura.options.garbled[payment.id] = NOT_MINOR_UNITS;
    addOn.connect('aura');
    const result = sync(addOn, { provider: 'aura', sheetName: 'A', range: 'all_time' });
    expect(result).toMatchObject({ rows: 3, skipped: { count: 5 } });
    expect((lastRun(addOn).skipped as { payments: unknown[] }).payments).toHaveLength(3);
  });

  it('fails the sync, leaving the sheet as it was, when too many are malformed to be stray records', () => {
    const addOn = loadAddOn({ simulators: { payments: 0 } });
    const payments = seed(addOn, 14);
    addOn.connect('aura');
    sync(addOn, { provider: 'aura', sheetName: 'A', range: 'all_time' });
    const before = ids(addOn, 'A');
    for (const payment of payments.slice(0, 11)) addOn.sims.aura.options.garbled[payment.id] = NOT_MINOR_UNITS;
    expect(() => sync(addOn, { provider: 'aura', sheetName: 'A', range: 'all_time', full: true })).toThrow(
      'Aura sent more than 10 payments this add-on cannot read',
    );
    expect(ids(addOn, 'A')).toEqual(before);
  });

  it('still fails a formula, naming the payment', () => {
    const addOn = loadAddOn({ simulators: { payments: 0 } });
    const [bad] = seed(addOn, 3);
    addOn.sims.aura.options.garbled[bad.id] = NOT_MINOR_UNITS;
    addOn.connect('aura');
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("aura")');
    expect(addOn.rt.spreadsheet.cellError('Sheet1', 'A1')?.message).toContain(String(addOn.sims.aura.wireId(bad)));
  });
});
