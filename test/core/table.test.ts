import { COLUMNS, type Payment } from '../../src/core/payment';
import { amountFormat, mergeIncremental, planTable, readExistingTable, type TablePlan } from '../../src/core/table';

function payment(id: string, overrides: Partial<Payment> = {}): Payment {
  return {
    provider: 'aura', id, date: Date.parse('2026-03-01T10:00:00Z'), status: 'succeeded', amount: 50, currency: 'USD',
    customer_name: 'Ada', customer_email: 'ada@example.com', customer_id: '', reference: '', invoice_id: '', method: '',
    refunded_amount: null, created_at: null, amount_exact: '50.00', ...overrides,
  };
}

/** What a sheet returns from getValues after we wrote a plan: apostrophes gone, Dates as Dates. */
function asStored(values: unknown[][]): unknown[][] {
  return values.map((row) => row.map((cell) => (typeof cell === 'string' && cell.startsWith("'") ? cell.slice(1) : cell)));
}

const noFormulas = (rows: number, _column: number, columns: number) => Array.from({ length: rows }, () => Array<string>(columns).fill(''));

describe('planTable', () => {
  it('writes a header and text cells that cannot turn into formulas or numbers', () => {
    const hostile = payment('00123', { customer_name: '=HYPERLINK("http://evil","x")', customer_email: '+SUM(1,2)', reference: '@x' });
    const plan = planTable(readExistingTable('Aura', [], noFormulas), [hostile], (ms) => new Date(ms));
    expect(plan.values[0]).toEqual([...COLUMNS]);
    expect(plan.values[1].slice(0, 8)).toEqual(["'aura", "'00123", new Date('2026-03-01T10:00:00Z'), "'succeeded", 50, "'USD", '\'=HYPERLINK("http://evil","x")', "'+SUM(1,2)"]);
    expect(plan.values[1][COLUMNS.indexOf('reference')]).toBe("'@x");
    expect(plan).toMatchObject({ added: 1, updated: 0, removed: 0, rowsToClear: 0 });
  });

  it('formats money by the currency, and by what the provider sent when it is finer', () => {
    expect(amountFormat(payment('a'))).toBe('#,##0.00');
    expect(amountFormat(payment('a', { currency: 'JPY', amount_exact: '5000' }))).toBe('#,##0');
    expect(amountFormat(payment('a', { currency: 'KWD', amount_exact: '12.345' }))).toBe('#,##0.000');
    expect(amountFormat(payment('a', { currency: 'ETH', amount_exact: '0.000123456789' }))).toBe('#,##0.000000000000');
    const plan = planTable(readExistingTable('Aura', [], noFormulas), [payment('a', { currency: 'JPY', amount_exact: '5000' })], (ms) => new Date(ms));
    expect(plan.formatBlocks).toEqual([
      { column: 3, formats: [['yyyy-mm-dd hh:mm']] },
      { column: 5, formats: [['#,##0']] },
      { column: 13, formats: [['#,##0', 'yyyy-mm-dd hh:mm:ss']] },
    ]);
  });

  it('upserts by id and keeps user columns on the same payment', () => {
    const first = planTable(readExistingTable('Aura', [], noFormulas), [payment('b'), payment('a')], (ms) => new Date(ms));
    // The user adds a "note" column and a ticked checkbox beside payment a, and a formula beside b.
    const stored = asStored(first.values).map((row, r) => [...row, ...(r === 0 ? ['note', 'ok?'] : r === 2 ? ['call back', true] : ['', false])]);
    const formulas = (rows: number, _column: number, columns: number) =>
      Array.from({ length: rows }, (_, r) => (r === 1 ? ['=LEN(G2)', ''] : Array<string>(columns).fill('')));
    const existing = readExistingTable('Aura', stored, formulas);
    const next = planTable(existing, [payment('c'), payment('a', { status: 'refunded' })], (ms) => new Date(ms));
    expect(next.values[0].slice(-2)).toEqual(["'note", "'ok?"]);
    expect(next.values.map((row) => [row[1], ...row.slice(-2)])).toEqual([
      ['id', "'note", "'ok?"],
      ["'c", '', ''],
      ["'a", "'call back", true],
    ]);
    expect(next).toMatchObject({ added: 1, updated: 1, removed: 1, rowsToClear: 0 });
  });

  it('refuses a sheet that holds someone else\'s data', () => {
    expect(() => readExistingTable('Budget', [['Month', 'Total']], noFormulas)).toThrow(
      'Sheet "Budget" already holds other data (its first row is not a Payments Sync header). Pick another sheet name, or clear that sheet first.',
    );
  });

  it('counts unchanged rows as neither added nor updated, and clears rows left below', () => {
    const payments = [payment('b'), payment('a')];
    const first = planTable(readExistingTable('Aura', [], noFormulas), payments, (ms) => new Date(ms));
    const again = planTable(readExistingTable('Aura', asStored(first.values), noFormulas), [payment('b')], (ms) => new Date(ms));
    expect(again).toMatchObject({ added: 0, updated: 0, removed: 1, rowsToClear: 1 });
  });

  it('merges an incremental pull over what the sheet had', () => {
    const first = planTable(readExistingTable('Aura', [], noFormulas), [payment('b'), payment('a')], (ms) => new Date(ms));
    const existing = readExistingTable('Aura', asStored(first.values), noFormulas);
    const since = Date.parse('2026-03-05T00:00:00Z');
    const merged = mergeIncremental(existing, [payment('a', { status: 'refunded', refunded_amount: 50 }), payment('c')], (p) => p.date !== null && p.date > since);
    expect(merged.map((p) => [p.id, p.status])).toEqual([['b', 'succeeded'], ['a', 'refunded'], ['c', 'succeeded']]);
    expect(merged.find((p) => p.id === 'b')).toEqual(payment('b'));
  });

  it('drops a row dated inside the incremental window that the pull no longer returned: deleted at the provider', () => {
    const old = payment('old', { date: Date.parse('2026-01-10T10:00:00Z') });
    const first = planTable(readExistingTable('Aura', [], noFormulas), [payment('gone'), payment('kept'), old], (ms) => new Date(ms));
    const existing = readExistingTable('Aura', asStored(first.values), noFormulas);
    const since = Date.parse('2026-02-20T00:00:00Z');
    const merged = mergeIncremental(existing, [payment('kept')], (p) => p.date !== null && p.date > since);
    expect(merged.map((p) => p.id).sort()).toEqual(['kept', 'old']);
  });

  it('reads a table of 150,000 rows, the width of its widest row', () => {
    const payments = Array.from({ length: 150_000 }, (_, i) => payment(`p${i}`));
    const stored = asStored(planTable(readExistingTable('Aura', [], noFormulas), payments, (ms) => new Date(ms)).values);
    stored[7] = [...stored[7], 'note'];
    const existing = readExistingTable('Aura', stored, noFormulas);
    expect(existing.paymentsByKey.size).toBe(150_000);
    expect(existing.width).toBe(COLUMNS.length + 1);
  });

  it('moves a user formula with its payment, its relative rows following, when new payments arrive above', () => {
    const first = planTable(readExistingTable('Aura', [], noFormulas), [payment('b'), payment('a')], (ms) => new Date(ms));
    const stored = asStored(first.values).map((row, r) => [...row, r === 0 ? 'VAT' : 10]);
    const formulas = (rows: number) => Array.from({ length: rows }, (_, r) => [r === 0 ? '' : `=E${r + 1}*0.2`]);
    const again = planTable(readExistingTable('Aura', stored, formulas), [payment('c'), payment('b'), payment('a')], (ms) => new Date(ms));
    // The new payment on top gets the column's formula too: every row had it.
    expect(again.values.map((row) => row[COLUMNS.length])).toEqual(["'VAT", '=E2*0.2', '=E3*0.2', '=E4*0.2']);
  });

  it('keeps a header formula, and leaves the cells an array formula fills to it', () => {
    const first = planTable(readExistingTable('Aura', [], noFormulas), [payment('b'), payment('a')], (ms) => new Date(ms));
    const stored = asStored(first.values).map((row, r) => [...row, r === 0 ? 'net' : 100, r === 0 ? 'note' : `n${r}`]);
    const formulas = (rows: number) => Array.from({ length: rows }, (_, r) => [r === 0 ? '={"net";ARRAYFORMULA(E2:E*2)}' : '', '']);
    const again = planTable(readExistingTable('Aura', stored, formulas), [payment('c'), payment('b'), payment('a')], (ms) => new Date(ms));
    expect(again.values.map((row) => row.slice(COLUMNS.length))).toEqual([
      ['={"net";ARRAYFORMULA(E2:E*2)}', "'note"],
      ['', ''],
      ['', "'n1"],
      ['', "'n2"],
    ]);
  });

  describe('user columns filled by an array formula', () => {
    const first = planTable(readExistingTable('Aura', [], noFormulas), [payment('b'), payment('a')], (ms) => new Date(ms));
    const withUserColumns = (cells: unknown[][]) => asStored(first.values).map((row, r) => [...row, ...cells[r]]);
    const formulasOf = (byRow: string[][]) => (rows: number) => Array.from({ length: rows }, (_, r) => byRow[r] ?? byRow[byRow.length - 1].map(() => ''));
    const userPart = (plan: TablePlan) => plan.values.map((row) => row.slice(COLUMNS.length));
    const resync = (cells: unknown[][], formulas: string[][]) =>
      planTable(readExistingTable('Aura', withUserColumns(cells), formulasOf(formulas)), [payment('c'), payment('b'), payment('a')], (ms) => new Date(ms));

    it('keeps one in the first data row at its place, and leaves the column\'s other cells to it', () => {
      const plan = resync([['VAT', 'note'], [10, 'first'], [10, 'second']], [['', ''], ['=ARRAYFORMULA(E2:E*0.2)', ''], ['', '']]);
      expect(userPart(plan)).toEqual([["'VAT", "'note"], ['=ARRAYFORMULA(E2:E*0.2)', ''], ['', "'first"], ['', "'second"]]);
    });

    it('fills as many columns as an array literal in the header has', () => {
      const plan = resync(
        [['VAT', 'Net', 'note'], [10, 40, 'first'], [10, 40, 'second']],
        [['={"VAT","Net";ARRAYFORMULA(E2:E*0.2),ARRAYFORMULA(E2:E*0.8)}', '', ''], ['', '', ''], ['', '', '']],
      );
      expect(userPart(plan)).toEqual([
        ['={"VAT","Net";ARRAYFORMULA(E2:E*0.2),ARRAYFORMULA(E2:E*0.8)}', '', "'note"],
        ['', '', ''],
        ['', '', "'first"],
        ['', '', "'second"],
      ]);
    });

    it('leaves a column of notes alone when its array formula computes one cell', () => {
      const plan = resync([['note'], ['=ARRAYFORMULA(SUM(E2:E3*0.2))'], ['second']], [[''], ['=ARRAYFORMULA(SUM(E2:E3*0.2))'], ['']]);
      expect(userPart(plan)).toEqual([["'note"], [''], ['=ARRAYFORMULA(SUM(E3:E4*0.2))'], ["'second"]]);
    });
  });

  it('stops rather than lose a row that is not a payment, but not for unticked boxes or an array formula\'s cells', () => {
    const first = planTable(readExistingTable('Aura', [], noFormulas), [payment('b'), payment('a')], (ms) => new Date(ms));
    const blankRow = COLUMNS.map(() => '');
    const stored = [...asStored(first.values).map((row, r) => [...row, r === 0 ? 'VAT' : 10, r === 0 ? 'ok' : true]), [...blankRow, 0, false]];
    const formulas = (rows: number) => Array.from({ length: rows }, (_, r) => [r === 1 ? '=ARRAYFORMULA(E2:E*0.2)' : '', '']);
    expect(readExistingTable('Aura', stored, formulas).paymentsByKey.size).toBe(2);
    const withTotal = [...stored, ['TOTAL', ...blankRow.slice(1), '', '']];
    expect(() => readExistingTable('Aura', withTotal, formulas)).toThrow(
      'Sheet "Aura" has "TOTAL" in row 5, which is not a payment: a sync would overwrite it. Move it to another sheet (or delete it), then sync again.',
    );
  });

  it('gives a new payment the formula filled down to its row, and keeps the filled-down rows below the table', () => {
    const first = planTable(readExistingTable('Aura', [], noFormulas), [payment('b'), payment('a')], (ms) => new Date(ms));
    const blankRow = COLUMNS.map(() => '');
    // =E{row}*0.2 filled down to row 6, two rows past the table (what such a row shows there is 0).
    const stored = [...asStored(first.values).map((row, r) => [...row, r === 0 ? 'VAT' : 10]), [...blankRow, 0], [...blankRow, 0], [...blankRow, 0]];
    const formulas = (rows: number) => Array.from({ length: rows }, (_, r) => [r === 0 ? '' : `=E${r + 1}*0.2`]);
    const grown = planTable(readExistingTable('Aura', stored, formulas), [payment('c'), payment('b'), payment('a')], (ms) => new Date(ms));
    expect(grown.values.map((row) => row[COLUMNS.length])).toEqual(["'VAT", '=E2*0.2', '=E3*0.2', '=E4*0.2', '=E5*0.2', '=E6*0.2']);
    expect(grown.values.slice(4).map((row) => row.slice(0, COLUMNS.length).every((cell) => cell === ''))).toEqual([true, true]);
    expect(grown.rowsToClear).toBe(0);
    const shrunk = planTable(readExistingTable('Aura', stored, formulas), [payment('a')], (ms) => new Date(ms));
    expect(shrunk.values.map((row) => row[COLUMNS.length])).toEqual(["'VAT", '=E2*0.2', '', '=E4*0.2', '=E5*0.2', '=E6*0.2']);
  });

  it('stops rather than overwrite a total formula under the table', () => {
    const first = planTable(readExistingTable('Aura', [], noFormulas), [payment('b'), payment('a')], (ms) => new Date(ms));
    const blankRow = COLUMNS.map(() => '');
    const stored = [...asStored(first.values).map((row, r) => [...row, r === 0 ? 'VAT' : 10]), [...blankRow, 20]];
    const formulas = (rows: number) => Array.from({ length: rows }, (_, r) => [r === 0 ? '' : r === 3 ? '=SUM(P2:P3)' : `=E${r + 1}*0.2`]);
    expect(() => readExistingTable('Aura', stored, formulas)).toThrow('Sheet "Aura" has "=SUM(P2:P3)" in row 4, which is not a payment');
  });

  it('takes an array formula on every row for formulas of their own rows, not a filled column', () => {
    const first = planTable(readExistingTable('Aura', [], noFormulas), [payment('b'), payment('a')], (ms) => new Date(ms));
    const stored = asStored(first.values).map((row, r) => [...row, r === 0 ? 'By customer' : 50]);
    const perRow = (r: number) => `=ARRAYFORMULA(SUMIF(G:G,G${r},E:E))`;
    const formulas = (rows: number) => Array.from({ length: rows }, (_, r) => [r === 0 ? '' : perRow(r + 1)]);
    const plan = planTable(readExistingTable('Aura', stored, formulas), [payment('c'), payment('b'), payment('a')], (ms) => new Date(ms));
    expect(plan.values.map((row) => row[COLUMNS.length])).toEqual(["'By customer", perRow(2), perRow(3), perRow(4)]);
  });
});
