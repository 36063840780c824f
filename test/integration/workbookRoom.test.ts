/**
 * The workbook's 10 million cells (issue 13, point 3) on the runtime: a big table's new sheet is as wide as the table, and a
 * sync whose table cannot fit stops — from a numbered walk's reported total after its first page, or as a cursor
 * pull's payments grow — with a message saying how big it would be and what to do, the sheet left as it was.
 */
import { loadAddOn, readBuiltAddOn, type ProviderName } from '../../dev/addOn';
import { COLUMNS } from '../../src/core/payment';

const SIZE_ADVICE = /Sync a shorter date range, or sync into another spreadsheet/;

function addOnWith(provider: ProviderName, payments: number) {
  const addOn = loadAddOn({ simulators: { payments }, built: readBuiltAddOn() });
  addOn.connect(provider);
  addOn.sims[provider].options.rateLimit = false;
  return addOn;
}

/** Fills the workbook with a sheet of blank cells, leaving room for about `rows` rows of a new table (minus a row of 26). */
function leaveRoomFor(addOn: ReturnType<typeof loadAddOn>, rows: number) {
  const { rt } = addOn;
  rt.insertSheet('Filler');
  const cells = () =>
    rt.spreadsheet.sheetNames().reduce((sum, name) => sum + rt.spreadsheet.sheet(name).maxRows * rt.spreadsheet.sheet(name).maxColumns, 0);
  // Room for the rows, their staged lines, and a sheet as Sheets makes one (1,000 × 26) before it is trimmed.
  // A table of up to 10,000 rows gets a sheet of Sheets' 26 columns, room for the user's own.
  const filler = 10_000_000 - cells() - (rows + 1) * 26 - Math.ceil(rows / 100) - 26_000;
  rt.insertRows('Filler', Math.floor(filler / rt.spreadsheet.sheet('Filler').maxColumns));
}

const sync = (addOn: ReturnType<typeof loadAddOn>, provider: ProviderName) => () =>
  addOn.rt.run('syncPayments', [{ provider, sheetName: 'Payments', range: 'all_time' }]);

describe('sheets sized to their table', () => {
  it("makes a big table's sheet our columns and the order column wide, and the staging sheet one column", () => {
    const addOn = addOnWith('uqualify', 10_100);
    const stagingColumns: number[] = [];
    // Watched at each write into the staging sheet, never killed.
    addOn.rt.killAtSheetsCall(1, (call) => {
      if (call.sheetName.startsWith('Payments Sync staging') && call.method === 'setValues') {
        stagingColumns.push(addOn.rt.spreadsheet.sheet(call.sheetName).maxColumns);
      }
      return false;
    });
    expect(sync(addOn, 'uqualify')()).toMatchObject({ status: 'done', rows: 10_100 });
    addOn.rt.cancelSheetsKill();
    expect(addOn.rt.spreadsheet.sheet('Payments').maxColumns).toBe(COLUMNS.length + 1);
    expect(stagingColumns).toContain(1);
    expect(stagingColumns.every((columns) => columns === 1)).toBe(true);
  });

  it("leaves a small table's sheet Sheets' 26 columns, room for the user's own", () => {
    const addOn = addOnWith('uqualify', 300);
    expect(sync(addOn, 'uqualify')()).toMatchObject({ status: 'done', rows: 300 });
    expect(addOn.rt.spreadsheet.sheet('Payments').maxColumns).toBe(26);
  });
});

describe('a table too big for the workbook', () => {
  it('stops after the first page of a numbered walk, from its reported total, saying how big it would be', () => {
    const addOn = addOnWith('uqualify', 2_000);
    leaveRoomFor(addOn, 1_500);
    expect(sync(addOn, 'uqualify')).toThrow(/would be 2,000 rows × 26 columns .*room for about 1,[45]\d\d rows.*Sync a shorter date range/);
    expect(addOn.sims.uqualify.requests).toHaveLength(1);
    expect(addOn.rt.spreadsheet.sheetNames()).not.toContain('Payments');
  });

  it('stops a cursor walk, which has no total, once the payments pulled outgrow the room', () => {
    const addOn = addOnWith('aura', 2_000);
    leaveRoomFor(addOn, 1_000);
    expect(sync(addOn, 'aura')).toThrow(SIZE_ADVICE);
    const pages = addOn.sims.aura.requests.length;
    expect(pages).toBeGreaterThanOrEqual(10);
    expect(pages).toBeLessThan(20);
    expect(addOn.rt.spreadsheet.sheetNames()).not.toContain('Payments');
  });

  it('lets a table that fits be written', () => {
    const addOn = addOnWith('uqualify', 1_000);
    leaveRoomFor(addOn, 1_050);
    expect(sync(addOn, 'uqualify')()).toMatchObject({ status: 'done', rows: 1_000 });
  });
});
