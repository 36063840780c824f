/**
 * Choosing the columns (issue 14, part 3): PAYMENTS' fifth argument, a sync's chosen and ordered columns with the
 * ones it keeps to match rows, and a synced sheet whose columns change (more, fewer, reordered) keeping the user's
 * cells beside their payments, also when the change is killed part way.
 */
import { readFileSync } from 'node:fs';
import { loadAddOn, readBuiltAddOn } from '../../dev/addOn';
import { ExecutionTimeoutError } from '../../dev/runtime';
import { COLUMNS } from '../../src/core/payment';

const DAY = 86_400_000;
const USER_ACTIONS = `
function userSet(a1, method, args) { var r = SpreadsheetApp.getActive().getSheetByName('A').getRange(a1); r[method].apply(r, args); }
`;

function formulaAddOn() {
  const addOn = loadAddOn({ simulators: { payments: 0 } });
  addOn.connect('aura');
  const at = Date.parse('2026-06-01T10:00:00Z');
  addOn.sims.aura.addPayment({ occurredAt: at, createdAt: at, amountMinor: 1250, currency: 'EUR', customerEmail: 'ann@example.com' });
  addOn.sims.aura.addPayment({
    occurredAt: at + DAY,
    createdAt: at + DAY,
    amountMinor: 990,
    currency: 'USD',
    customerEmail: 'bob@example.com',
  });
  const formula = (text: string) => {
    addOn.rt.setCell('Sheet1', 'A1', text);
    return {
      rows: addOn.rt.spreadsheet
        .sheet('Sheet1')
        .values()
        .filter((row: unknown[]) => row.some((cell) => cell !== '')),
      error: addOn.rt.spreadsheet.cellError('Sheet1', 'A1')?.message ?? null,
    };
  };
  return { addOn, formula };
}

describe('=PAYMENTS(provider, status, from, to, columns)', () => {
  it('shows exactly the columns asked for, in their order, in any case', () => {
    const { formula } = formulaAddOn();
    const { rows, error } = formula('=PAYMENTS("aura", "", "", "", "Date, AMOUNT,currency,customer_email")');
    expect(error).toBeNull();
    expect(rows[0]).toEqual(['date', 'amount', 'currency', 'customer_email']);
    expect(rows.slice(1).map((row) => row.slice(1))).toEqual([
      [9.9, 'USD', 'bob@example.com'],
      [12.5, 'EUR', 'ann@example.com'],
    ]);
    expect(rows[1][0]).toBeInstanceOf(Date);
  });

  it('names the valid keys when one is unknown, and makes no request', () => {
    const { addOn, formula } = formulaAddOn();
    addOn.sims.aura.resetRequests();
    const { error } = formula('=PAYMENTS("aura", "", "", "", "date,amout")');
    expect(error).toBe(`Unknown column "amout" in columns. Use any of: ${COLUMNS.join(', ')}.`);
    expect(addOn.sims.aura.requests).toHaveLength(0);
  });

  it('is declared with its JSDoc in the built stub, so autocomplete shows it', () => {
    const code = readFileSync('dist/Code.js', 'utf8');
    const stub = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*function PAYMENTS\(provider, status, from, to, columns\) \{\s*\}/.exec(code);
    expect(stub).not.toBeNull();
    expect(stub![1]).toMatch(/@param \{string\} columns Optional: .*comma list of keys/);
  });
});

/** Three Aura payments a day apart synced into A, with a user note beside each (its id in the note). */
function notedTable(columns?: string[]) {
  const built = readBuiltAddOn();
  const addOn = loadAddOn({ simulators: { payments: 0 }, built: { ...built, code: built.code + USER_ACTIONS } });
  addOn.connect('aura');
  const base = addOn.rt.clock.now() - 10 * DAY;
  for (let i = 0; i < 3; i++) addOn.sims.aura.addPayment({ occurredAt: base + i * DAY, createdAt: base + i * DAY });
  const sheet = () => addOn.rt.spreadsheet.sheet('A');
  // After the first run, an Edit of that sync: only its Edit may change its columns.
  let syncId: unknown;
  const sync = (extra: Record<string, unknown> = {}) =>
    addOn.rt.run('syncPayments', [
      { provider: 'aura', sheetName: 'A', range: 'all_time', ...(columns && { columns }), ...(syncId ? { syncId } : {}), ...extra },
    ]) as Record<string, unknown>;
  const first = sync();
  syncId = first.syncId;
  const header = () => sheet().values()[0] as string[];
  const width = header().length;
  const letter = String.fromCharCode(65 + width);
  const idAt = header().indexOf('id');
  const ids = sheet()
    .values()
    .slice(1)
    .map((row) => row[idAt] as string);
  addOn.rt.run('userSet', [`${letter}1:${letter}4`, 'setValues', [[['note'], ...ids.map((id) => [`note of ${id}`])]]]);
  addOn.rt.run('userSet', [`${letter}2`, 'setNote', [`cell note of ${ids[0]}`]]);
  /** Each row's id and the user's note beside it, read by the header's names. */
  const beside = () => {
    const [head, ...rows] = sheet().values();
    return rows.map((row) => [row[head.indexOf('id')], row[head.indexOf('note')]]);
  };
  return { addOn, sheet, sync, first, header, beside, ids };
}

describe('a sync chooses its columns', () => {
  it('writes the chosen columns in order, keeps id to match rows and says so in its result', () => {
    const { header, first, sheet } = notedTable(['Amount', 'date', 'currency']);
    expect(header().slice(0, 4)).toEqual(['id', 'amount', 'date', 'currency']);
    expect(first).toMatchObject({ status: 'done', rows: 3, columns: ['id', 'amount', 'date', 'currency'], keptColumns: ['id'] });
    expect(typeof sheet().values()[1][1]).toBe('number');
    expect(sheet().values()[1][2]).toBeInstanceOf(Date);
  });

  it('lists every column, none kept, when it chose none', () => {
    const { first } = notedTable();
    expect(first.columns).toEqual([...COLUMNS]);
    expect(first).not.toHaveProperty('keptColumns');
  });

  it('refuses an unknown key before any request, naming the valid ones', () => {
    const { addOn } = notedTable();
    addOn.sims.aura.resetRequests();
    expect(() => addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'B', columns: ['date', 'fee'] }])).toThrow(
      `Unknown column "fee" in columns. Use any of: ${COLUMNS.join(', ')}.`,
    );
    expect(addOn.sims.aura.requests).toHaveLength(0);
  });
});

describe('changing the columns of a synced sheet', () => {
  const cases: Array<[string, string[] | undefined, string[]]> = [
    ['fewer', undefined, ['id', 'date', 'amount']],
    ['more', ['id', 'amount'], ['id', 'amount', 'currency', 'customer_email']],
    ['reordered', ['id', 'date', 'amount', 'currency'], ['id', 'currency', 'amount', 'date']],
    ['fewer and reordered', undefined, ['amount', 'status', 'id']],
  ];

  it.each(cases)("keeps the user's cells beside their payments (%s)", (_, before, after) => {
    const { addOn, sync, header, beside, sheet, ids } = notedTable(before);
    const noted = beside();
    expect(noted.map(([id, note]) => note === `note of ${id}`)).toEqual([true, true, true]);
    expect(sync({ columns: after })).toMatchObject({ status: 'done', rows: 3, columns: after.includes('id') ? after : ['id', ...after] });
    const expectedHeader = after.includes('id') ? after : ['id', ...after];
    expect(header()).toEqual([...expectedHeader, 'note']);
    expect(beside()).toEqual(noted);
    const noteRow = sheet()
      .values()
      .findIndex((row) => row[header().indexOf('id')] === ids[0]);
    expect(sheet().notes()[noteRow][expectedHeader.length]).toBe(`cell note of ${ids[0]}`);
    expect(
      sheet()
        .values()
        .slice(1)
        .every((row) => row[header().indexOf('amount')] !== ''),
    ).toBe(true);
    // Settled: the next run changes nothing.
    expect(sync({ columns: after })).toMatchObject({ added: 0, updated: 0, removed: 0 });
    expect(addOn.rt.spreadsheet.sheetNames()).not.toContain('A · removed');
  });

  it('converges when the change is killed at any Sheets call', () => {
    const after = ['amount', 'id', 'currency', 'customer_email'];
    const reference = notedTable(['id', 'date', 'amount', 'status']);
    reference.sync({ columns: after });
    const expected = reference.sheet().values();
    expect(expected[0]).toEqual([...after, 'note']);
    expect(reference.beside().map(([id, note]) => note === `note of ${id}`)).toEqual([true, true, true]);
    let killedSomewhere = false;
    // Kills from before the pull to the switch's last calls: deletes, inserts, header, moves, sort, writes.
    for (let n = 1; n <= 22; n++) {
      const killed = notedTable(['id', 'date', 'amount', 'status']);
      killed.addOn.rt.killAtSheetsCall(n);
      try {
        killed.sync({ columns: after });
      } catch (error) {
        expect(error).toBeInstanceOf(ExecutionTimeoutError);
        killedSomewhere = true;
      }
      killed.addOn.rt.cancelSheetsKill();
      killed.addOn.rt.clock.advance(61 * 60_000);
      const runs = killed.addOn.rt.fireDueTriggers();
      expect({ n, errors: runs.map((run) => run.error ?? null) }).toEqual({ n, errors: runs.map(() => null) });
      if (killed.header()[0] !== 'amount') killed.sync({ columns: after });
      expect({ n, values: killed.sheet().values() }).toEqual({ n, values: expected });
    }
    expect(killedSomewhere).toBe(true);
  });
});
