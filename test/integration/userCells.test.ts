/**
 * Nothing the user typed or built is lost (issue 10), on the local runtime with the built add-on: notes, ticks,
 * colours and formulas travel with their payment; rows leaving the table keep the user's cells in "<sheet> · removed";
 * a kill at any Sheets call of the switch is repaired by the next execution; Plain-text cells round-trip exactly.
 */
import { loadAddOn, readBuiltAddOn } from '../../dev/addOn';
import { ExecutionTimeoutError } from '../../dev/runtime';
import { COLUMNS } from '../../src/core/payment';

/** What a user does by hand in Sheets, as script calls in the same realm. */
const USER_ACTIONS = `
function userRange(sheetName, a1) { return SpreadsheetApp.getActive().getSheetByName(sheetName).getRange(a1); }
function userSet(sheetName, a1, method, args) { var r = userRange(sheetName, a1); r[method].apply(r, args); }
function userCheckbox(sheetName, a1) { userRange(sheetName, a1).insertCheckboxes(); }
`;

const DAY = 86_400_000;
const USER = COLUMNS.length + 1;
const column = (n: number) => String.fromCharCode(64 + n);
const NOTE = column(USER);
const TICK = column(USER + 1);

function addOnWithUser(payments = 0) {
  const built = readBuiltAddOn();
  const addOn = loadAddOn({ simulators: { payments }, built: { ...built, code: built.code + USER_ACTIONS } });
  addOn.connect('aura');
  const user = (a1: string, method: string, ...args: unknown[]) => addOn.rt.run('userSet', ['A', a1, method, args]);
  const sheet = () => addOn.rt.spreadsheet.sheet('A');
  const sync = (extra: Record<string, unknown> = {}) =>
    addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time', full: true, ...extra }]) as Record<
      string,
      unknown
    >;
  return { addOn, user, sheet, sync };
}

/** Three Aura payments a day apart, synced; beside each, in the user's columns: a note, a tick, a colour and a cell note. */
function decoratedTable() {
  const setup = addOnWithUser();
  const { addOn, user, sync, sheet } = setup;
  const base = addOn.rt.clock.now() - 10 * DAY;
  const added = [0, 1, 2].map((i) => addOn.sims.aura.addPayment({ occurredAt: base + i * DAY, createdAt: base + i * DAY }));
  const ids = added.map((payment) => payment.id);
  const wireIds = new Map(added.map((payment) => [payment.id, addOn.sims.aura.wireId(payment)]));
  const ourId = (id: string) => wireIds.get(id)!;
  sync();
  user(`${NOTE}1:${TICK}1`, 'setValues', [['note', 'ok?']]);
  ids.forEach((id, i) => {
    const row =
      sheet()
        .values()
        .findIndex((r) => r[2] === ourId(id)) + 1;
    user(`${NOTE}${row}`, 'setValue', `note ${i}`);
    addOn.rt.run('userCheckbox', ['A', `${TICK}${row}`]);
    user(`${TICK}${row}`, 'setValue', i !== 1);
    user(`${NOTE}${row}`, 'setBackground', `#00${i}000`);
    user(`${NOTE}${row}`, 'setNote', `cell note ${i}`);
  });
  return { ...setup, ids, ourId };
}

/** Each payment's row as the user sees it: our id, then the user's note, tick, colour and cell note beside it. */
function userRows(sheet: ReturnType<ReturnType<typeof addOnWithUser>['sheet']>) {
  const values = sheet.values();
  const backgrounds = sheet.backgrounds();
  const notes = sheet.notes();
  const validations = sheet.validations();
  return values
    .slice(1)
    .filter((row) => row[2] !== '')
    .map((row, i) => ({
      id: row[2],
      note: row[USER - 1],
      tick: row[USER],
      checkbox: validations[i + 1]?.[USER] ?? null,
      colour: backgrounds[i + 1]?.[USER - 1],
      cellNote: notes[i + 1]?.[USER - 1],
    }));
}

describe('user cells travel with their payment', () => {
  it('keeps notes, ticks, checkboxes, colours and cell notes beside their payment when a newer payment arrives', () => {
    const { addOn, sheet, sync, ids, ourId } = decoratedTable();
    const before = new Map(userRows(sheet()).map((row) => [row.id, row]));
    addOn.sims.aura.addPayment({ occurredAt: addOn.rt.clock.now() - DAY, createdAt: addOn.rt.clock.now() - DAY });
    expect(sync()).toMatchObject({ status: 'done', added: 1, removed: 0 });
    const after = userRows(sheet());
    expect(after).toHaveLength(4);
    for (const id of ids) expect(after.find((row) => row.id === ourId(id))).toEqual(before.get(ourId(id)));
    expect(after[0]).toMatchObject({ note: '', tick: '', cellNote: '' });
  });
});

describe('payments leaving the table', () => {
  it('keeps a removed payment\'s user cells in "A · removed", with its id, date and amount beside them', () => {
    const { addOn, sheet, sync, ids, ourId } = decoratedTable();
    const gone = ourId(ids[1]);
    const goneRow = userRows(sheet()).find((row) => row.id === gone)!;
    addOn.sims.aura.deletePayment(ids[1]);
    const result = sync();
    expect(result).toMatchObject({ status: 'done', removed: 1, keptRemoved: 1, keptSheetName: 'A · removed' });
    expect(userRows(sheet()).map((row) => row.id)).not.toContain(gone);
    const removed = addOn.rt.spreadsheet.sheet('A · removed');
    const [header, row] = removed.values();
    expect(header.slice(0, 5)).toEqual(['removed_at', 'removed_because', 'provider', 'account', 'id']);
    expect(header.slice(2 + COLUMNS.length)).toEqual(['note', 'ok?']);
    expect(row[1]).toBe('no longer listed by Aura');
    expect(row[4]).toBe(gone);
    expect(row[5]).toBeInstanceOf(Date);
    expect(typeof row[7]).toBe('number');
    expect(row.slice(2 + COLUMNS.length)).toEqual([goneRow.note, goneRow.tick]);
    expect(removed.notes()[1][2 + COLUMNS.length]).toBe(goneRow.cellNote);
    const log = (addOn.rt.run('getSidebarState') as { runLog: Array<Record<string, unknown>> }).runLog;
    expect(log[0]).toMatchObject({ removed: 1, keptRemoved: 1 });
  });

  it("keeps the user cells of a payment that left the status filter, and drops rows with nothing of the user's", () => {
    const { addOn, sheet, sync, ids, ourId } = decoratedTable();
    addOn.sims.aura.updatePayment(ids[0], { status: 'failed' });
    const untouched = addOn.sims.aura.addPayment({
      occurredAt: addOn.rt.clock.now() - DAY,
      createdAt: addOn.rt.clock.now() - DAY,
      status: 'failed',
    });
    const syncId = (addOn.rt.run('getSidebarState') as { syncs: Array<{ id: string }> }).syncs[0].id;
    sync({ status: 'failed', syncId });
    expect(
      userRows(sheet())
        .map((row) => row.id)
        .sort(),
    ).toEqual([ourId(ids[0]), addOn.sims.aura.wireId(untouched)].sort());
    sync({ status: 'succeeded', syncId });
    const removed = addOn.rt.spreadsheet.sheet('A · removed').values().slice(1);
    expect(removed.map((row) => [row[1], row[4]])).toEqual(
      expect.arrayContaining([
        ['status no longer in the sync', ourId(ids[1])],
        ['status no longer in the sync', ourId(ids[2])],
      ]),
    );
    expect(removed.map((row) => row[4])).not.toContain(addOn.sims.aura.wireId(untouched));
  });
});

describe('a kill at any Sheets call of the switch', () => {
  /** A table with user cells, then a new payment and a deletion: the switch sorts, writes, keeps and clears. */
  function scenario() {
    const setup = decoratedTable();
    setup.addOn.sims.aura.addPayment({ occurredAt: setup.addOn.rt.clock.now() - DAY, createdAt: setup.addOn.rt.clock.now() - DAY });
    setup.addOn.sims.aura.deletePayment(setup.ids[1]);
    return setup;
  }

  const finalState = (setup: ReturnType<typeof scenario>) => ({
    table: setup.sheet().values(),
    user: userRows(setup.sheet()),
    formats: setup
      .sheet()
      .numberFormats()
      .map((row) => row.slice(0, COLUMNS.length)),
    removed: setup.addOn.rt.spreadsheet
      .sheet('A · removed')
      .values()
      .map((row) => row.slice(1)),
  });

  it('is repaired by the next execution, with user cells intact and the removed row kept once', () => {
    const reference = scenario();
    const callsBefore = reference.addOn.rt.stats.sheets.calls;
    reference.sync();
    const calls = reference.addOn.rt.stats.sheets.calls - callsBefore;
    const expected = finalState(reference);
    let repairedByTrigger = 0;
    for (let n = 1; n <= calls; n++) {
      const killed = scenario();
      const before = killed.sheet().values();
      killed.addOn.rt.killAtSheetsCall(n);
      expect(() => killed.sync()).toThrow(ExecutionTimeoutError);
      killed.addOn.rt.clock.advance(61 * 60_000);
      const runs = killed.addOn.rt.fireDueTriggers();
      if (runs.length === 0) {
        // Killed while still pulling: the switch had not begun, so the sheet is as it was and a new run does it all.
        expect({ n, table: killed.sheet().values() }).toEqual({ n, table: before });
        killed.sync();
      } else {
        expect(runs.map((run) => run.error ?? null)).toEqual([null]);
        repairedByTrigger++;
      }
      expect({ n, ...finalState(killed) }).toEqual({ n, ...expected });
    }
    // The switch itself: the order column, the sort, formats, values, the removed sheet, the clears.
    expect(repairedByTrigger).toBeGreaterThan(10);
  });
});

describe('cells that round-trip exactly', () => {
  it('reads back ids and notes in Plain-text columns exactly, sync after sync, without rebuilding the table', () => {
    const { addOn, user, sheet, sync } = addOnWithUser();
    addOn.sims.aura.addPayment({ occurredAt: addOn.rt.clock.now() - DAY, createdAt: addOn.rt.clock.now() - DAY });
    sync();
    user('C1:C3', 'setNumberFormat', '@');
    user(`${NOTE}1:${NOTE}3`, 'setNumberFormat', '@');
    user(`${NOTE}1:${NOTE}2`, 'setValues', [['note'], ['00123 call back']]);
    const id = sheet().values()[1][2];
    for (let run = 0; run < 3; run++) expect(sync()).toMatchObject({ status: 'done', added: 0, updated: 0, removed: 0 });
    expect(sheet().values()[1][2]).toBe(id);
    expect(sheet().values()[1][USER - 1]).toBe('00123 call back');
    expect(String(sheet().values()[1][2]).startsWith("'")).toBe(false);
  });

  it('keeps an edit typed into a user column while a long pull runs', () => {
    const { addOn, user, sheet } = addOnWithUser(300);
    const sync = (extra: Record<string, unknown> = {}) =>
      addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time', ...extra }]) as Record<string, unknown>;
    addOn.sims.aura.options.rateLimit = false;
    sync();
    addOn.sims.aura.options.latencyMs = 100_000;
    const first = sync({ full: true });
    expect(first.status).toBe('continuing');
    user(`${NOTE}1:${NOTE}2`, 'setValues', [['note'], ['typed mid-pull']]);
    const typedBeside = sheet().values()[1][2];
    let result = first;
    while (result.status === 'continuing') result = addOn.rt.run('continueSync', [first.syncId]) as Record<string, unknown>;
    const row = sheet()
      .values()
      .find((r) => r[2] === typedBeside)!;
    expect(row[USER - 1]).toBe('typed mid-pull');
  });

  it('cuts a provider text longer than a cell holds, with a visible marker, and names the payment', () => {
    const { addOn, sheet, sync } = addOnWithUser();
    const long = addOn.sims.aura.addPayment({ customerName: 'x'.repeat(60_000), occurredAt: addOn.rt.clock.now() - DAY });
    const result = sync();
    const id = addOn.sims.aura.wireId(long);
    expect(result).toMatchObject({ status: 'done', rows: 1, cut: [`${id} (customer_name)`] });
    const name = String(sheet().values()[1][COLUMNS.indexOf('customer_name')]);
    expect(name.length).toBe(49_999);
    expect(name.endsWith('…[cut by Payments Sync]')).toBe(true);
  });

  it('says the working sheet was deleted mid-pull, not a parse error', () => {
    const { addOn } = addOnWithUser(300);
    addOn.sims.aura.options.rateLimit = false;
    addOn.sims.aura.options.latencyMs = 100_000;
    const first = addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time' }]) as Record<string, unknown>;
    expect(first.status).toBe('continuing');
    const staging = addOn.rt.spreadsheet.sheetNames().find((name) => name.startsWith('Payments Sync staging'))!;
    addOn.rt.deleteSheet(staging);
    let message = '';
    try {
      for (let i = 0; i < 10; i++) addOn.rt.run('continueSync', [first.syncId]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('The working sheet of the sync into "A" was deleted while it ran. Run the sync again.');
  });
});

describe('a switch the time left cannot cover', () => {
  it('is left to a fresh execution instead of starting', () => {
    // Sheets a hundred times slower than the runtime's default: the switch of a 1,000-row table then takes about a
    // minute, and ten pages at 27 s a round trip leave less than that of the execution.
    const built = readBuiltAddOn();
    const addOn = loadAddOn({ simulators: { payments: 1_000 }, built, runtime: { sheetsCosts: { readCellMs: 0.5, writeCellMs: 1.5 } } });
    addOn.connect('aura');
    addOn.sims.aura.options.rateLimit = false;
    const sync = () =>
      addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time', full: true }]) as Record<string, unknown>;
    expect(sync()).toMatchObject({ status: 'done', rows: 1_000 });
    const table = addOn.rt.spreadsheet.sheet('A').values();
    addOn.sims.aura.options.latencyMs = 27_000;
    const first = sync();
    expect(first).toMatchObject({ status: 'continuing', fetched: 1_000 });
    expect(addOn.rt.spreadsheet.sheet('A').values()).toEqual(table);
    const requests = addOn.sims.aura.requests.length;
    const done = addOn.rt.run('continueSync', [first.syncId]) as Record<string, unknown>;
    expect(done).toMatchObject({ status: 'done', rows: 1_000, added: 0, removed: 0 });
    expect(addOn.sims.aura.requests.length).toBe(requests);
  });
});
