import { OWNER, runtimeWith } from './helpers';

const CODE = `
  function DESCRIBE(a, b, c, d, e) {
    return [[describeValue(a), describeValue(b), describeValue(c), describeValue(d), describeValue(e)]];
  }
  function describeValue(value) {
    if (value instanceof Date) return 'date ' + value.toISOString();
    if (Array.isArray(value)) return 'rows ' + JSON.stringify(value);
    return typeof value + ' ' + String(value);
  }
  function GRID(rows, columns, tag) {
    var out = [];
    for (var r = 0; r < rows; r++) { var row = []; for (var c = 0; c < columns; c++) row.push(tag + r + c); out.push(row); }
    return out;
  }
  function COLUMN() { return ['x', 'y', 'z']; }
  function FAIL(message) { throw new Error(message); }
  function SLOW() { Utilities.sleep(31000); return 'never'; }
  function COUNT(ref) { return Number(PropertiesService.getScriptProperties().getProperty('runs') || 0); }
  function WHOAMI() {
    return [[Session.getActiveUser().getEmail(), Session.getEffectiveUser().getEmail(), PropertiesService.getUserProperties().getProperty('apiKey')]];
  }
  function helper_() { return 'private'; }
  function writeFormula(a1, formula) { SpreadsheetApp.getActive().getSheetByName('Sheet1').getRange(a1).setValues([[formula]]); }
  function tryForbidden() {
    var attempts = [
      function () { SpreadsheetApp.getActive().getSheets()[0].getRange('Z1').setValue(1); },
      function () { SpreadsheetApp.getUi(); },
      function () { ScriptApp.newTrigger('x'); },
      function () { LockService.getDocumentLock(); },
      function () { HtmlService.createHtmlOutput('x'); },
      function () { MailApp.sendEmail('a@example.com', 's', 'b'); },
    ];
    return attempts.map(function (attempt) { try { attempt(); return 'allowed'; } catch (e) { return e.message; } });
  }`;

function runtime() {
  return runtimeWith(CODE);
}

const row = (rt: ReturnType<typeof runtime>, index = 0) => rt.spreadsheet.sheet('Sheet1').values()[index];

describe('custom-function formulas', () => {
  it('evaluates arguments: literals, cell references in every spelling, DATE at local midnight, omitted ones', () => {
    const rt = runtime();
    rt.setCell('Sheet1', 'A1', '2026-07-01');
    rt.setCell('Sheet1', 'A2', '12.5');
    rt.setCell('Sheet1', 'C3', '=describe("aura", A1, DATE(2026,7,31), $A$2, B9)');
    expect(rt.spreadsheet.sheet('Sheet1').values()[2].slice(2)).toEqual([
      'string aura',
      'date 2026-06-30T23:00:00.000Z',
      'date 2026-07-30T23:00:00.000Z',
      'number 12.5',
      'string ',
    ]);
    rt.run('writeFormula', ['C4', "=DESCRIBE(TRUE, -3, Sheet1!A2:A1, 'Sheet1'!A2, A1+1)"]);
    expect(rt.spreadsheet.sheet('Sheet1').values()[3].slice(2)).toEqual([
      'boolean true',
      'number -3',
      'rows [["2026-06-30T23:00:00.000Z"],[12.5]]',
      'number 12.5',
      'date 2026-07-01T23:00:00.000Z',
    ]);
    rt.setCell('Sheet1', 'C5', '=DESCRIBE(1)');
    expect(row(rt, 4).slice(2, 4)).toEqual(['number 1', 'undefined undefined']);
  });

  it('reads other sheets by name, quoted when the name has spaces', () => {
    const create = runtimeWith(
      `${CODE} function addSheet() { SpreadsheetApp.getActive().insertSheet("My sheet").getRange('B2').setValue('there'); }`,
    );
    create.run('addSheet');
    create.setCell('Sheet1', 'A1', "=DESCRIBE('My sheet'!B2)");
    expect(create.spreadsheet.sheet('Sheet1').values()[0][0]).toBe('string there');
    create.setCell('Sheet1', 'A2', "=DESCRIBE('Missing'!B2)");
    expect(create.spreadsheet.cellError('Sheet1', 'A2')).toEqual({ code: '#REF!', message: "Unresolved sheet name 'Missing'." });
  });

  it('spills a 2-D result right and down, a 1-D one down, and replaces it on re-evaluation', () => {
    const rt = runtime();
    rt.setCell('Sheet1', 'B2', '=GRID(2, 3, "a")');
    expect(rt.spreadsheet.sheet('Sheet1').values()).toEqual([
      ['', '', '', ''],
      ['', 'a00', 'a01', 'a02'],
      ['', 'a10', 'a11', 'a12'],
    ]);
    expect(rt.spreadsheet.sheet('Sheet1').formulas()[1]).toEqual(['', '=GRID(2, 3, "a")', '', '']);
    rt.setCell('Sheet1', 'B2', '=GRID(1, 2, "b")');
    expect(rt.spreadsheet.sheet('Sheet1').values()).toEqual([
      ['', '', ''],
      ['', 'b00', 'b01'],
    ]);
    rt.setCell('Sheet1', 'E1', '=COLUMN()');
    expect(
      rt.spreadsheet
        .sheet('Sheet1')
        .values()
        .map((line) => line[4]),
    ).toEqual(['x', 'y', 'z']);
  });

  it('shows #REF! instead of overwriting data, and spills again once the way is clear', () => {
    const rt = runtime();
    rt.setCell('Sheet1', 'C3', 'blocker');
    rt.setCell('Sheet1', 'B2', '=GRID(2, 2, "a")');
    expect(rt.spreadsheet.cellError('Sheet1', 'B2')).toEqual({
      code: '#REF!',
      message: 'Array result was not expanded because it would overwrite data in C3.',
    });
    expect(rt.spreadsheet.sheet('Sheet1').values()).toEqual([
      ['', '', ''],
      ['', '#REF!', ''],
      ['', '', 'blocker'],
    ]);
    rt.setCell('Sheet1', 'C3', '');
    expect(rt.spreadsheet.cellError('Sheet1', 'B2')).toBeUndefined();
    expect(row(rt, 2)).toEqual(['', 'a10', 'a11']);
    rt.setCell('Sheet1', 'B3', 'typed over the spill');
    expect(rt.spreadsheet.cellError('Sheet1', 'B2')?.message).toBe('Array result was not expanded because it would overwrite data in B3.');
  });

  it('adds rows and columns for a result that runs off the sheet, while the workbook has room', () => {
    const rt = runtimeWith(`${CODE} function grow(rows) { SpreadsheetApp.getActive().getSheets()[0].insertRowsAfter(1000, rows); }`);
    rt.setCell('Sheet1', 'Z999', '=GRID(3, 2, "z")');
    expect(rt.spreadsheet.cellError('Sheet1', 'Z999')).toBeUndefined();
    expect([rt.spreadsheet.sheet('Sheet1').maxRows, rt.spreadsheet.sheet('Sheet1').maxColumns]).toEqual([1_001, 27]);
    expect(rt.spreadsheet.sheet('Sheet1').values()[1_000].slice(25)).toEqual(['z20', 'z21']);
    // 370,370 rows of 27 columns are 9,999,990 cells: one more row would pass 10,000,000.
    rt.run('grow', [370_370 - 1_001]);
    rt.setCell('Sheet1', 'A370370', '=GRID(2, 1, "x")');
    expect(rt.spreadsheet.cellError('Sheet1', 'A370370')).toEqual({
      code: '#REF!',
      message: 'Result was not automatically expanded, please insert more rows (1).',
    });
  });

  it('shows #ERROR! with the message of what the function threw, or of the timeout', () => {
    const rt = runtime();
    rt.setCell('Sheet1', 'A1', '=FAIL("Aura: invalid API key")');
    rt.setCell('Sheet1', 'A2', '=SLOW()');
    expect(row(rt, 0)).toEqual(['#ERROR!']);
    expect(rt.spreadsheet.cellError('Sheet1', 'A1')).toEqual({ code: '#ERROR!', message: 'Aura: invalid API key' });
    expect(rt.spreadsheet.cellError('Sheet1', 'A2')).toEqual({ code: '#ERROR!', message: 'Exceeded maximum execution time' });
    rt.setCell('Sheet1', 'B1', '=DESCRIBE(A1)');
    expect(rt.spreadsheet.cellError('Sheet1', 'B1')).toEqual({ code: '#ERROR!', message: 'Aura: invalid API key' });
    rt.setCell('Sheet1', 'B2', '=DESCRIBE(NOSUCH(1,2))');
    expect(rt.spreadsheet.cellError('Sheet1', 'B2')).toEqual({ code: '#NAME?', message: "Unknown function: 'NOSUCH'." });
  });

  it('evaluates other formulas as built-ins, and ignores private functions', () => {
    const rt = runtime();
    rt.setCell('Sheet1', 'A1', '=1+1');
    rt.setCell('Sheet1', 'A2', '=HELPER_()');
    expect(rt.spreadsheet.sheet('Sheet1').values()).toEqual([[2], ['#NAME?']]);
    expect(rt.spreadsheet.sheet('Sheet1').formulas()).toEqual([['=1+1'], ['=HELPER_()']]);
    expect(rt.stats.executions).toBe(0);
  });

  it('runs again when the formula is written again, when an argument changes, and on recalculate', () => {
    const rt = runtime();
    rt.setCell('Sheet1', 'A1', '1');
    rt.setCell('Sheet1', 'B1', '=COUNT(A1)');
    expect(rt.stats.executions).toBe(1);
    rt.setCell('Sheet1', 'B1', '=COUNT(A1)');
    expect(rt.stats.executions).toBe(2);
    rt.setCell('Sheet1', 'A1', '2');
    expect(rt.stats.executions).toBe(3);
    rt.setCell('Sheet1', 'A5', 'unrelated');
    expect(rt.stats.executions).toBe(3);
    rt.scriptProperties.runs = '7';
    rt.recalculate();
    expect(rt.stats.executions).toBe(4);
    expect(row(rt, 0)).toEqual([2, 7]);
  });

  it('evaluates formulas a script writes once its execution is over', () => {
    const rt = runtime();
    rt.run('writeFormula', ['A1', '=GRID(1, 2, "s")']);
    expect(rt.stats.executions).toBe(2);
    expect(rt.spreadsheet.sheet('Sheet1').values()).toEqual([['s00', 's01']]);
  });

  it("runs as a custom function: anonymous, the owner's user properties, and no writes, UI, triggers, locks, HTML or mail", () => {
    const rt = runtime();
    rt.userProperties(OWNER).apiKey = 'owner-key';
    rt.setCell('Sheet1', 'A1', '=WHOAMI()');
    expect(row(rt, 0)).toEqual(['', OWNER, 'owner-key']);
    expect(rt.run('tryForbidden', [], { kind: 'customFunction' })).toEqual([
      'You do not have permission to call setValue',
      'Cannot call SpreadsheetApp.getUi() from this context.',
      'You do not have permission to call ScriptApp.newTrigger',
      'You do not have permission to call LockService.getDocumentLock',
      'You do not have permission to call HtmlService.createHtmlOutput',
      'You do not have permission to call MailApp.sendEmail',
    ]);
  });
});
