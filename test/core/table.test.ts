import { COLUMNS, type Payment } from '../../src/core/payment';
import { ISO_4217 } from '../../src/core/money';
import { mergeIncremental } from '../../src/core/incremental';
import { amountFormat } from '../../src/core/table';
import { planLayout } from '../../src/core/tableLayout';
import { readExistingTable } from '../../src/core/userColumns';
import { journalFor, switchTable } from '../../src/features/tableSwitch';
import type { SpreadsheetPlatform } from '../../src/platform/types';
import { PROVIDERS } from '../../src/providers/registry';
import { MemorySheet } from '../support/memorySheet';
import { testPayment } from '../support/payments';

function payment(id: string, overrides: Partial<Payment> = {}): Payment {
  return testPayment({ id, amount: 50, customer_name: 'Ada', customer_email: 'ada@example.com', amount_exact: '50.00', ...overrides });
}

const noFormulas = (rows: number, _column: number, columns: number) => Array.from({ length: rows }, () => Array<string>(columns).fill(''));

/** A sheet holding what `values` show, with `userFormulas[r][c]` in user column c of row r + 1 (a cell's shown value stays). */
function sheetWith(values: unknown[][], userFormulas: (row: number) => string[] = () => []): MemorySheet {
  const formulas = values.map((_, r) => [...COLUMNS.map(() => ''), ...userFormulas(r)]);
  return MemorySheet.of('Aura', values, formulas);
}

/** Runs the switch to `payments` on the sheet, as a sync does, and returns the layout it planned. */
function syncInto(sheet: MemorySheet, payments: Payment[]) {
  const existing = readExistingTable(sheet.name(), sheet.readValues(), (rows, column, columns) =>
    sheet.readFormulas(rows, column, columns),
  );
  const layout = planLayout(existing, payments, COLUMNS);
  const sheets = new Map<string, MemorySheet>();
  const platform = {
    workbook: {
      sheet: (name: string) => sheets.get(name) ?? null,
      createSheet: (name: string) => sheets.set(name, new MemorySheet(name)).get(name)!,
    },
    providers: PROVIDERS,
  } as unknown as SpreadsheetPlatform;
  const kept = switchTable(platform, sheet, existing, layout, journalFor(existing, COLUMNS, 0), () => 'gone');
  return { ...layout, kept, removedSheet: [...sheets.values()][0] };
}

/** The sheet as a user sees it: formulas where there are some, values elsewhere. */
function shown(sheet: MemorySheet): unknown[][] {
  return sheet.readValues().map((row, r) => row.map((value, c) => sheet.cells[r][c].formula ?? value));
}

function synced(payments: Payment[]): MemorySheet {
  const sheet = new MemorySheet('Aura');
  syncInto(sheet, payments);
  return sheet;
}

/** The sheet's values with user columns added: cells[r] appended to row r. */
function withUserCells(sheet: MemorySheet, cells: (r: number) => unknown[]): unknown[][] {
  return sheet.readValues().map((row, r) => [...row, ...cells(r)]);
}

describe('the table switch', () => {
  it('writes a header and text cells that cannot turn into formulas or numbers', () => {
    const hostile = payment('00123', { customer_name: '=HYPERLINK("http://evil","x")', customer_email: '+SUM(1,2)', reference: '@x' });
    const sheet = new MemorySheet('Aura');
    const layout = syncInto(sheet, [hostile]);
    expect(sheet.readValues()[0]).toEqual([...COLUMNS]);
    expect(sheet.readValues()[1].slice(0, 9)).toEqual([
      'aura',
      'Aura',
      '00123',
      new Date('2026-03-01T10:00:00Z'),
      'succeeded',
      50,
      'USD',
      '=HYPERLINK("http://evil","x")',
      '+SUM(1,2)',
    ]);
    expect(sheet.cells[1].every((cell) => cell.formula === undefined)).toBe(true);
    expect(sheet.readValues()[1][COLUMNS.indexOf('reference')]).toBe('@x');
    expect(layout).toMatchObject({ added: 1, updated: 0, removed: { payments: [] } });
  });

  it('writes text into Plain-text cells as it is, without an apostrophe the cell would keep', () => {
    const sheet = synced([payment('00123')]);
    sheet.writeNumberFormats(2, 3, [['@']]);
    syncInto(sheet, [payment('00123', { status: 'refunded' })]);
    expect(sheet.readValues()[1][2]).toBe('00123');
    expect(sheet.readValues()[1][4]).toBe('refunded');
  });

  it('formats money by the currency, and by what the provider sent when it is finer', () => {
    expect(amountFormat(payment('a'), ISO_4217)).toBe('#,##0.00');
    expect(amountFormat(payment('a', { currency: 'JPY', amount_exact: '5000' }), ISO_4217)).toBe('#,##0');
    expect(amountFormat(payment('a', { currency: 'KWD', amount_exact: '12.345' }), ISO_4217)).toBe('#,##0.000');
    expect(amountFormat(payment('a', { currency: 'ETH', amount_exact: '0.000123456789' }), ISO_4217)).toBe('#,##0.000000000000');
    const sheet = synced([payment('a', { currency: 'JPY', amount_exact: '5000' })]);
    expect(sheet.readNumberFormats(2, 1, 1, COLUMNS.length)[0]).toEqual(
      COLUMNS.map(
        (column) =>
          ({ date: 'yyyy-mm-dd hh:mm', amount: '#,##0', refunded_amount: '#,##0', created_at: 'yyyy-mm-dd hh:mm:ss' })[column as string] ??
          'General',
      ),
    );
  });

  it('writes formats before values, then clears what left, in a handful of calls', () => {
    const sheet = synced([payment('b'), payment('a')]);
    sheet.calls = [];
    syncInto(sheet, [payment('c'), payment('a')]);
    expect(sheet.calls).toEqual([
      'writeValues',
      'sortRows',
      'writeNumberFormats',
      'writeNumberFormats',
      'writeNumberFormats',
      'writeValues',
      'writeValues',
      'clearRows',
      'clearContent',
    ]);
  });

  it('upserts by id and keeps user columns on the same payment', () => {
    const first = synced([payment('b'), payment('a')]);
    // The user adds a "note" column and a ticked checkbox beside payment a, and a formula beside b.
    const values = withUserCells(first, (r) => (r === 0 ? ['note', 'ok?'] : r === 2 ? ['call back', true] : [1, false]));
    const sheet = sheetWith(values, (r) => (r === 1 ? ['=LEN(G2)', ''] : []));
    sheet.cells[2][COLUMNS.length].note = 'asked twice';
    const next = syncInto(sheet, [payment('c'), payment('a', { status: 'refunded' })]);
    expect(shown(sheet).map((row) => [row[2], ...row.slice(COLUMNS.length)])).toEqual([
      ['id', 'note', 'ok?'],
      ['c', '', ''],
      ['a', 'call back', true],
    ]);
    expect(sheet.cells[2][COLUMNS.length].note).toBe('asked twice');
    expect(next).toMatchObject({ added: 1, updated: 1, removed: { payments: [expect.objectContaining({ id: 'b' })] }, kept: 1 });
    // b's formula and unticked box are kept in the removed sheet, with b's own columns beside them.
    expect(next.removedSheet.readValues()[0].slice(0, 5)).toEqual(['removed_at', 'removed_because', 'provider', 'account', 'id']);
    expect(shown(next.removedSheet)[1].slice(1, 5)).toEqual(['gone', 'aura', 'Aura', 'b']);
    expect(shown(next.removedSheet)[1].slice(2 + COLUMNS.length)).toEqual([expect.stringMatching(/^=LEN\(/), false]);
  });

  it("refuses a sheet that holds someone else's data, or whose header a formula makes", () => {
    expect(() => readExistingTable('Budget', [['Month', 'Total']], noFormulas)).toThrow(
      'Sheet "Budget" already holds other data (its first row is not a Payments Sync header). Pick another sheet name, or clear that sheet first.',
    );
    const spilled = MemorySheet.of('Spill', [[...COLUMNS]], [['=PAYMENTS("aura")']]);
    expect(() => syncInto(spilled, [payment('a')])).toThrow(
      'Sheet "Spill" already holds other data (its first row is not a Payments Sync header: it is made by a formula)',
    );
  });

  it('counts unchanged rows as neither added nor updated, and clears rows left below', () => {
    const sheet = synced([payment('b'), payment('a')]);
    const again = syncInto(sheet, [payment('b')]);
    expect(again).toMatchObject({ added: 0, updated: 0, removed: { payments: [expect.objectContaining({ id: 'a' })] }, kept: 0 });
    expect(sheet.readValues().map((row) => row[2])).toEqual(['id', 'b']);
  });

  it('merges an incremental pull over what the sheet had', () => {
    const sheet = synced([payment('b'), payment('a')]);
    const existing = readExistingTable('Aura', sheet.readValues(), noFormulas);
    const since = Date.parse('2026-03-05T00:00:00Z');
    const merged = mergeIncremental(
      existing,
      [payment('a', { status: 'refunded', refunded_amount: 50 }), payment('c')],
      (p) => p.date !== null && p.date > since,
    );
    expect(merged.map((p) => [p.id, p.status])).toEqual([
      ['b', 'succeeded'],
      ['a', 'refunded'],
      ['c', 'succeeded'],
    ]);
    expect(merged.find((p) => p.id === 'b')).toEqual(payment('b'));
  });

  it('drops a row dated inside the incremental window that the pull no longer returned: deleted at the provider', () => {
    const old = payment('old', { date: Date.parse('2026-01-10T10:00:00Z') });
    const sheet = synced([payment('gone'), payment('kept'), old]);
    const existing = readExistingTable('Aura', sheet.readValues(), noFormulas);
    const since = Date.parse('2026-02-20T00:00:00Z');
    const merged = mergeIncremental(existing, [payment('kept')], (p) => p.date !== null && p.date > since);
    expect(merged.map((p) => p.id).sort()).toEqual(['kept', 'old']);
  });

  it('reads a table of 150,000 rows, the width of its widest row', () => {
    // Past what a spread into Math.max can take (about 125,000 arguments): one synced row copied with new ids.
    const row = synced([payment('p')]).readValues()[1];
    const stored = [[...COLUMNS], ...Array.from({ length: 150_000 }, (_, i) => [row[0], row[1], `p${i}`, ...row.slice(3)])];
    stored[7] = [...stored[7], 'note'];
    const existing = readExistingTable('Aura', stored, noFormulas);
    expect(existing.paymentsByKey.size).toBe(150_000);
    expect(existing.width).toBe(COLUMNS.length + 1);
  });

  it('moves a user formula with its payment, its relative rows following, when new payments arrive above', () => {
    const first = synced([payment('b'), payment('a')]);
    const sheet = sheetWith(
      withUserCells(first, (r) => [r === 0 ? 'VAT' : 10]),
      (r) => [r === 0 ? '' : `=E${r + 1}*0.2`],
    );
    syncInto(sheet, [payment('c'), payment('b'), payment('a')]);
    // The new payment on top gets the column's formula too: every row had it.
    expect(shown(sheet).map((row) => row[COLUMNS.length])).toEqual(['VAT', '=E2*0.2', '=E3*0.2', '=E4*0.2']);
  });

  it('keeps a header formula, and leaves the cells an array formula fills to it', () => {
    const first = synced([payment('b'), payment('a')]);
    const values = withUserCells(first, (r) => [r === 0 ? 'net' : 100, r === 0 ? 'note' : `n${r}`]);
    const sheet = sheetWith(values, (r) => [r === 0 ? '={"net";ARRAYFORMULA(E2:E*2)}' : '', '']);
    syncInto(sheet, [payment('c'), payment('b'), payment('a')]);
    expect(shown(sheet).map((row) => [sheet.cells[0][COLUMNS.length].formula, row[COLUMNS.length + 1]])).toEqual([
      ['={"net";ARRAYFORMULA(E2:E*2)}', 'note'],
      ['={"net";ARRAYFORMULA(E2:E*2)}', ''],
      ['={"net";ARRAYFORMULA(E2:E*2)}', 'n1'],
      ['={"net";ARRAYFORMULA(E2:E*2)}', 'n2'],
    ]);
    expect(sheet.cells.slice(1).map((row) => row[COLUMNS.length]?.formula)).toEqual([undefined, undefined, undefined]);
  });

  describe('user columns filled by an array formula', () => {
    const resync = (cells: unknown[][], formulas: string[][]) => {
      const first = synced([payment('b'), payment('a')]);
      const sheet = sheetWith(
        withUserCells(first, (r) => cells[r]),
        (r) => formulas[r],
      );
      syncInto(sheet, [payment('c'), payment('b'), payment('a')]);
      return shown(sheet).map((row) => row.slice(COLUMNS.length));
    };

    it("keeps one in the first data row at its place, and leaves the column's other cells to it", () => {
      // What the array formula shows below its own cell is not the cells' own content (this small sheet cannot compute it).
      const user = resync(
        [
          ['VAT', 'note'],
          [10, 'first'],
          ['', 'second'],
        ],
        [
          ['', ''],
          ['=ARRAYFORMULA(E2:E*0.2)', ''],
          ['', ''],
        ],
      );
      expect(user).toEqual([
        ['VAT', 'note'],
        ['=ARRAYFORMULA(E2:E*0.2)', ''],
        ['', 'first'],
        ['', 'second'],
      ]);
    });

    it('fills as many columns as an array literal in the header has', () => {
      const user = resync(
        [
          ['VAT', 'Net', 'note'],
          [10, 40, 'first'],
          [10, 40, 'second'],
        ],
        [
          ['={"VAT","Net";ARRAYFORMULA(E2:E*0.2),ARRAYFORMULA(E2:E*0.8)}', '', ''],
          ['', '', ''],
          ['', '', ''],
        ],
      );
      expect(user.map((row) => row[2])).toEqual(['note', '', 'first', 'second']);
    });

    it('leaves a column of notes alone when its array formula computes one cell', () => {
      const user = resync([['note'], ['=ARRAYFORMULA(SUM(E2:E3*0.2))'], ['second']], [[''], ['=ARRAYFORMULA(SUM(E2:E3*0.2))'], ['']]);
      expect(user).toEqual([['note'], [''], ['=ARRAYFORMULA(SUM(E3:E4*0.2))'], ['second']]);
    });
  });

  it("stops rather than lose a row that is not a payment, but not for unticked boxes or an array formula's cells", () => {
    const first = synced([payment('b'), payment('a')]);
    const blankRow = COLUMNS.map(() => '');
    const stored = [...withUserCells(first, (r) => [r === 0 ? 'VAT' : 10, r === 0 ? 'ok' : true]), [...blankRow, 0, false]];
    const formulas = (rows: number, column: number) =>
      Array.from({ length: rows }, (_, r) => (column === 1 ? COLUMNS.map(() => '') : [r === 1 ? '=ARRAYFORMULA(E2:E*0.2)' : '', '']));
    expect(readExistingTable('Aura', stored, formulas).paymentsByKey.size).toBe(2);
    const withTotal = [...stored, ['TOTAL', ...blankRow.slice(1), '', '']];
    expect(() => readExistingTable('Aura', withTotal, formulas)).toThrow(
      'Sheet "Aura" has "TOTAL" in row 5, which is not a payment: a sync would overwrite it. Move it to another sheet (or delete it), then sync again.',
    );
  });

  it('gives a new payment the formula filled down to its row, and keeps the filled-down rows below the table', () => {
    const first = synced([payment('b'), payment('a')]);
    const blankRow = COLUMNS.map(() => '');
    // =E{row}*0.2 filled down to row 6, two rows past the table (what such a row shows there is 0).
    const values = [...withUserCells(first, (r) => [r === 0 ? 'VAT' : 10]), [...blankRow, 0], [...blankRow, 0], [...blankRow, 0]];
    const filled = (r: number) => [r === 0 ? '' : `=E${r + 1}*0.2`];
    const grown = sheetWith(values, filled);
    syncInto(grown, [payment('c'), payment('b'), payment('a')]);
    expect(shown(grown).map((row) => row[COLUMNS.length])).toEqual(['VAT', '=E2*0.2', '=E3*0.2', '=E4*0.2', '=E5*0.2', '=E6*0.2']);
    expect(
      shown(grown)
        .slice(4)
        .map((row) => row.slice(0, COLUMNS.length).every((cell) => cell === '')),
    ).toEqual([true, true]);
    const shrunk = sheetWith(values, filled);
    syncInto(shrunk, [payment('a')]);
    expect(shown(shrunk).map((row) => row[2])).toEqual(['id', 'a', '', '', '']);
    expect(shrunk.cells.slice(1, 6).map((row) => row[COLUMNS.length]?.formula)).toEqual([
      '=E2*0.2',
      '=E3*0.2',
      '=E4*0.2',
      '=E5*0.2',
      undefined,
    ]);
  });

  it('stops rather than overwrite a total formula under the table', () => {
    const first = synced([payment('b'), payment('a')]);
    const blankRow = COLUMNS.map(() => '');
    const sheet = sheetWith([...withUserCells(first, (r) => [r === 0 ? 'VAT' : 10]), [...blankRow, 20]], (r) => [
      r === 0 ? '' : r === 3 ? '=SUM(P2:P3)' : `=E${r + 1}*0.2`,
    ]);
    expect(() => syncInto(sheet, [payment('a')])).toThrow('Sheet "Aura" has "=SUM(P2:P3)" in row 4, which is not a payment');
  });

  it('takes an array formula on every row for formulas of their own rows, not a filled column', () => {
    const first = synced([payment('b'), payment('a')]);
    const perRow = (r: number) => `=ARRAYFORMULA(SUMIF(G:G,G${r},E:E))`;
    const sheet = sheetWith(
      withUserCells(first, (r) => [r === 0 ? 'By customer' : 50]),
      (r) => [r === 0 ? '' : perRow(r + 1)],
    );
    syncInto(sheet, [payment('c'), payment('b'), payment('a')]);
    expect(shown(sheet).map((row) => row[COLUMNS.length])).toEqual(['By customer', perRow(2), perRow(3), perRow(4)]);
  });
});
