/**
 * The table format is versioned: a sheet's columns are matched by header name, a table synced before a column was
 * added gains it on its next sync with the user's columns still beside their payments, and cached or staged
 * encodings are tied to the column list.
 */
import { loadAddOn, readBuiltAddOn } from '../../dev/addOn';
import { ExecutionTimeoutError } from '../../dev/runtime';
import { COLUMNS } from '../../src/core/payment';
import { columnsSignature } from '../../src/core/table';
import { formulaCacheKey } from '../../src/features/paymentsFunction';

const USER_ACTIONS = `
function userSheet() { return SpreadsheetApp.getActive().getSheetByName('A'); }
function userDeleteColumn(column) { userSheet().deleteColumns(column, 1); }
function userInsertColumnAfter(column) { userSheet().insertColumnsAfter(column, 1); }
function userSet(a1, method, args) { var r = userSheet().getRange(a1); r[method].apply(r, args); }
`;
const DAY = 86_400_000;

/** A table as an older version wrote it: without amount_exact; a note and a cell note beside each payment. */
function olderTable() {
  const built = readBuiltAddOn();
  const addOn = loadAddOn({ simulators: { payments: 0 }, built: { ...built, code: built.code + USER_ACTIONS } });
  addOn.connect('aura');
  for (let i = 0; i < 3; i++)
    addOn.sims.aura.addPayment({ occurredAt: addOn.rt.clock.now() - (i + 1) * DAY, createdAt: addOn.rt.clock.now() - (i + 1) * DAY });
  const sync = () => addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time' }]) as Record<string, unknown>;
  sync();
  addOn.rt.run('userDeleteColumn', [COLUMNS.length]);
  const note = COLUMNS.length;
  const letter = String.fromCharCode(64 + note);
  addOn.rt.run('userSet', [`${letter}1:${letter}4`, 'setValues', [[['note'], ['first'], ['second'], ['third']]]]);
  addOn.rt.run('userSet', [`${letter}3`, 'setNote', ['cell note']]);
  const sheet = () => addOn.rt.spreadsheet.sheet('A');
  const beside = () =>
    sheet()
      .values()
      .slice(1)
      .map((row) => [row[1], row[row.length - 1]]);
  return { addOn, sync, sheet, beside };
}

describe('a table synced by an older version', () => {
  it("is still ours, gains the new column on its next sync, and keeps the user's cells beside their payments", () => {
    const { sync, sheet, beside } = olderTable();
    expect(sheet().values()[0]).toEqual([...COLUMNS.slice(0, -1), 'note']);
    const before = beside();
    expect(sync()).toMatchObject({ status: 'done', kind: 'full', rows: 3, added: 0, updated: 3 });
    expect(sheet().values()[0]).toEqual([...COLUMNS, 'note']);
    expect(beside()).toEqual(before);
    expect(
      sheet()
        .values()
        .slice(1)
        .every((row) => row[COLUMNS.indexOf('amount_exact')] !== ''),
    ).toBe(true);
    expect(sheet().notes()[2][COLUMNS.length]).toBe('cell note');
    expect(sync()).toMatchObject({ status: 'done', added: 0, updated: 0 });
  });

  it('is migrated right when the migration is killed part way', () => {
    const reference = olderTable();
    reference.sync();
    const expected = reference.sheet().values();
    for (let n = 1; n <= 12; n++) {
      const killed = olderTable();
      const before = killed.sheet().values();
      killed.addOn.rt.killAtSheetsCall(n);
      try {
        killed.sync();
      } catch (error) {
        expect(error).toBeInstanceOf(ExecutionTimeoutError);
      }
      killed.addOn.rt.cancelSheetsKill();
      killed.addOn.rt.clock.advance(61 * 60_000);
      const runs = killed.addOn.rt.fireDueTriggers();
      expect({ n, errors: runs.map((run) => run.error ?? null) }).toEqual({ n, errors: runs.map(() => null) });
      if (JSON.stringify(killed.sheet().values()) !== JSON.stringify(expected)) {
        // Killed while still pulling, before the switch began: the old table is untouched, and the next run migrates it.
        expect({ n, values: killed.sheet().values() }).toEqual({ n, values: before });
        killed.sync();
      }
      expect({ n, values: killed.sheet().values() }).toEqual({ n, values: expected });
    }
  });

  it('takes a header in another order for ours, matched by name', () => {
    const { addOn, sync, sheet } = olderTable();
    sync();
    const header = sheet().values()[0];
    expect(header.slice(0, COLUMNS.length)).toEqual([...COLUMNS]);
    addOn.rt.run('userSet', ['A1:C1', 'setValues', [[['id', 'account', 'provider']]]]);
    expect(() => sync()).not.toThrow();
    expect(sheet().values()[0].slice(0, COLUMNS.length)).toEqual([...COLUMNS]);
  });
});

describe('encodings tied to the column list', () => {
  it('gives cached formula results a key that changes with the columns', () => {
    const query = { provider: 'aura', statuses: null, from: null, to: null, timeZone: 'Etc/UTC' };
    const connection = { provider: 'aura', id: 'c1', savedAt: 0 };
    expect(formulaCacheKey(query, connection, '0')).toContain(columnsSignature(COLUMNS));
    expect(columnsSignature(COLUMNS.slice(0, -1))).not.toBe(columnsSignature(COLUMNS));
    expect(columnsSignature([...COLUMNS].reverse())).not.toBe(columnsSignature(COLUMNS));
  });
});

describe('a column inserted inside the table', () => {
  it('stops the sync with a message naming both columns, and leaves the sheet as it was', () => {
    const { addOn, sync, sheet } = olderTable();
    sync();
    addOn.rt.run('userInsertColumnAfter', [COLUMNS.indexOf('amount') + 1]);
    const before = sheet().values();
    addOn.sims.aura.addPayment({ occurredAt: addOn.rt.clock.now() - DAY, createdAt: addOn.rt.clock.now() - DAY });
    const amountLetter = String.fromCharCode(65 + COLUMNS.indexOf('amount') + 1);
    const nextLetter = String.fromCharCode(65 + COLUMNS.indexOf('amount') + 2);
    expect(() => sync()).toThrow(
      `Sheet "A" has the Payments Sync column "${COLUMNS[COLUMNS.indexOf('amount') + 1]}" in column ${nextLetter}, to the right of a column that is not ours ("", column ${amountLetter})`,
    );
    expect(sheet().values()).toEqual(before);
  });
});
