/**
 * Closing a period (issue 14, part 4): append mode (new payments on top, existing rows never changed, changed ones
 * counted and named), snapshots (values only, protected with a warning, listed under their sync) and the syncs'
 * filters beyond status and dates, each checked before any request.
 */
import { loadAddOn, readBuiltAddOn } from '../../dev/addOn';
import { COLUMNS } from '../../src/core/payment';

const DAY = 86_400_000;
const USER_ACTIONS = `
function userSet(a1, method, args) { var r = SpreadsheetApp.getActive().getSheetByName('A').getRange(a1); r[method].apply(r, args); }
function userDeleteSheet() { var ss = SpreadsheetApp.getActive(); ss.deleteSheet(ss.getSheetByName('A')); }
`;
const ID = COLUMNS.indexOf('id');

function setup(provider: 'aura' | 'koteshen' = 'aura') {
  const built = readBuiltAddOn();
  const addOn = loadAddOn({
    simulators: { payments: 0 },
    built: { ...built, code: built.code + USER_ACTIONS },
    runtime: { timeZone: 'Europe/Berlin' },
  });
  addOn.connect(provider);
  const sim = addOn.sims[provider];
  const base = addOn.rt.clock.now() - 20 * DAY;
  const add = (day: number, extra: Record<string, unknown> = {}) => {
    const payment = sim.addPayment({ occurredAt: base + day * DAY, createdAt: base + day * DAY, status: 'succeeded', ...extra });
    return { sim: payment.id, id: String(sim.wireId(payment)) };
  };
  const sheet = () => addOn.rt.spreadsheet.sheet('A');
  const ids = () =>
    sheet()
      .values()
      .slice(1)
      .map((row) => row[ID]);
  let syncId: unknown;
  const sync = (extra: Record<string, unknown> = {}) => {
    const result = addOn.rt.run('syncPayments', [
      { provider, sheetName: 'A', range: 'all_time', ...(syncId ? { syncId } : {}), ...extra },
    ]) as Record<string, unknown>;
    syncId = result.syncId;
    return result;
  };
  return { addOn, add, sheet, ids, sync, syncId: () => syncId as string };
}

describe('append mode', () => {
  it('adds new payments above the rows already there, newest first, and never changes or removes those', () => {
    const { addOn, add, sheet, ids, sync } = setup();
    const old = [add(1), add(2), add(3)];
    expect(sync({ mode: 'append' })).toMatchObject({ status: 'done', added: 3, rows: 3 });
    const letter = String.fromCharCode(65 + COLUMNS.length);
    addOn.rt.run('userSet', [`${letter}1:${letter}2`, 'setValues', [[['note'], ['closed']]]]);
    const before = sheet().values();
    addOn.sims.aura.updatePayment(old[0].sim, { status: 'failed' });
    addOn.sims.aura.updatePayment(old[1].sim, { amountMinor: 99_999 });
    addOn.sims.aura.deletePayment(old[2].sim);
    const fresh = [add(5), add(4)];
    const result = sync({ mode: 'append' });
    expect(result).toMatchObject({ status: 'done', kind: 'full', added: 2, updated: 0, removed: 0, rows: 5, changedNotRewritten: 2 });
    expect(result.changedNotRewrittenIds).toEqual(expect.arrayContaining([old[0].id, old[1].id]));
    expect(ids()).toEqual([fresh[0].id, fresh[1].id, ...before.slice(1).map((row) => row[ID])]);
    expect(sheet().values().slice(3)).toEqual(before.slice(1));
    const log = (addOn.rt.run('getSidebarState') as { runLog: Array<Record<string, unknown>> }).runLog;
    expect(log[0]).toMatchObject({ outcome: 'ok', changedNotRewritten: 2 });
  });

  it('refuses another mode before any request, naming the valid ones', () => {
    const { addOn, sync } = setup();
    addOn.sims.aura.resetRequests();
    expect(() => sync({ mode: 'replace' })).toThrow('mode must be "update" or "append", not "replace".');
    expect(addOn.sims.aura.requests).toHaveLength(0);
  });
});

describe('a snapshot', () => {
  it("copies the table and the user's columns as values into a sheet named with the time, warning-only protected, listed under its sync", () => {
    const { addOn, add, sheet, sync, syncId } = setup();
    add(1, { customerName: '=1+1' });
    add(2);
    sync();
    const letter = String.fromCharCode(65 + COLUMNS.length);
    addOn.rt.run('userSet', [`${letter}1:${letter}3`, 'setValues', [[['note'], ['=1+2'], ['kept']]]]);
    addOn.rt.clock.advance(Date.parse('2026-11-30T16:05:00Z') - addOn.rt.clock.now());
    const result = addOn.rt.run('snapshotSync', [syncId()]) as { sheetName: string; rows: number };
    expect(result).toEqual({ sheetName: 'A · snapshot 2026-11-30 17:05', rows: 2 });
    const copy = addOn.rt.spreadsheet.sheet(result.sheetName);
    expect(copy.values()).toEqual(sheet().values());
    expect(copy.formulas().flat().filter(Boolean)).toEqual([]);
    expect(copy.protection).toMatchObject({ warningOnly: true });
    addOn.rt.clock.advance(30_000);
    const second = addOn.rt.run('snapshotSync', [syncId()]) as { sheetName: string };
    expect(second.sheetName).toBe('A · snapshot 2026-11-30 17:05 (2)');
    const state = addOn.rt.run('getSidebarState') as { syncs: Array<{ id: string; snapshots: unknown[] }> };
    const listed = state.syncs.find((s) => s.id === syncId())!.snapshots as Array<{ sheetName: string; at: number }>;
    expect(listed.map((snapshot) => snapshot.sheetName)).toEqual([result.sheetName, second.sheetName]);
    for (const [i, start] of [Date.parse('2026-11-30T16:05:00Z'), Date.parse('2026-11-30T16:05:30Z')].entries()) {
      expect(listed[i].at).toBeGreaterThanOrEqual(start);
      expect(listed[i].at).toBeLessThan(start + 1_000);
    }
    // A later run leaves it as it was.
    add(3);
    sync();
    expect(addOn.rt.spreadsheet.sheet(result.sheetName).values()).toHaveLength(3);
  });

  it('says what to do for a sync whose sheet has no table yet', () => {
    const { addOn, sync, syncId } = setup();
    sync();
    addOn.rt.run('userDeleteSheet');
    expect(() => addOn.rt.run('snapshotSync', [syncId()])).toThrow(
      'The sheet "A" has no table yet: run the sync first, then save a snapshot.',
    );
  });
});

describe('filters for syncs', () => {
  function filtered() {
    const s = setup();
    s.add(1, { currency: 'EUR', method: 'card', amountMinor: 1000, customerName: 'Ann Acme', customerEmail: 'ann@acme.test' });
    s.add(2, { currency: 'USD', method: 'card', amountMinor: 5000, customerName: 'Bob', customerEmail: 'bob@example.com' });
    s.add(3, { currency: 'eur', method: 'apple_pay', amountMinor: 2500, customerName: 'Cy', customerEmail: 'cy@ACME.test' });
    s.add(4, { currency: 'GBP', method: 'card', amountMinor: 2499, customerName: 'Di', customerEmail: 'di@example.com' });
    return s;
  }
  const column = (s: ReturnType<typeof filtered>, name: string) =>
    s
      .sheet()
      .values()
      .slice(1)
      .map((row) => row[COLUMNS.indexOf(name as never)]);

  it('keeps the currencies asked for, in any case', () => {
    const s = filtered();
    s.sync({ currencies: ['Eur'] });
    expect(column(s, 'amount')).toEqual([25, 10]);
  });

  it('keeps the methods as the method column shows them', () => {
    const s = setup('koteshen');
    s.add(1, { method: 'paypal' });
    s.add(2, { method: 'card' });
    s.add(3, { method: 'bank_transfer' });
    s.sync({ methods: ['paypal', 'bank_transfer'] });
    expect(column(s, 'method')).toEqual(['bank_transfer', 'paypal']);
  });

  it('keeps amounts from minAmount up, inclusive, in major units', () => {
    const s = filtered();
    s.sync({ minAmount: 25 });
    expect(column(s, 'amount')).toEqual([25, 50]);
  });

  it('keeps customers whose name or email holds the text, in any case', () => {
    const s = filtered();
    s.sync({ customer: 'acme' });
    expect(column(s, 'customer_name')).toEqual(['Cy', 'Ann Acme']);
  });

  it('drops rows a tightened filter leaves out, saying why where they hold user cells', () => {
    const s = filtered();
    s.sync();
    const letter = String.fromCharCode(65 + COLUMNS.length);
    s.addOn.rt.run('userSet', [`${letter}1:${letter}5`, 'setValues', [[['note'], ['a'], ['b'], ['c'], ['d']]]]);
    expect(s.sync({ currencies: ['usd'] })).toMatchObject({ rows: 1, removed: 3, keptRemoved: 3 });
    expect(s.addOn.rt.spreadsheet.sheet('A · removed').values()[1][1]).toBe("outside the sync's filters now");
  });

  it.each([
    [{ currencies: 'EUR' }, 'currencies must be a list of currency codes such as ["EUR", "usd"] (any case), not "EUR".'],
    [{ currencies: ['€'] }, 'currencies: "€" is not a currency code. Use codes such as ["EUR", "usd"] (any case).'],
    [{ methods: [''] }, 'methods must be a list of payment methods as the method column shows them, such as ["card"], not [""].'],
    [{ minAmount: '10' }, 'minAmount must be a number in major units (12.5 for 12.50), not "10".'],
    [{ customer: 42 }, 'customer must be text found in the customer\'s name or email, such as "acme", not 42.'],
  ])('refuses %j before any request, naming the argument and what it takes', (filter, message) => {
    const s = filtered();
    s.addOn.sims.aura.resetRequests();
    expect(() => s.sync(filter)).toThrow(message);
    expect(s.addOn.sims.aura.requests).toHaveLength(0);
  });
});
