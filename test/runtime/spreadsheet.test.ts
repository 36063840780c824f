import { runtimeWith, thrownMessage } from './helpers';

const SHEET_CODE = `
  function sheet(name) { return SpreadsheetApp.getActive().getSheetByName(name || 'Sheet1'); }
  function write(a1, values) { sheet().getRange(a1).setValues(values); }
  function writeAt(row, column, values) { sheet().getRange(row, column, values.length, values[0].length).setValues(values); }
  function formatThenWrite(a1, format, values) { var range = sheet().getRange(a1); range.setNumberFormat(format); range.setValues(values); }
  function read(a1) { var range = sheet().getRange(a1); return { values: range.getValues(), formulas: range.getFormulas(), formats: range.getNumberFormats() }; }
  function display(a1) { return sheet().getRange(a1).getDisplayValues(); }
  function setFormats(a1, formats) { sheet().getRange(a1).setNumberFormats(formats); }
  function append(row) { sheet().appendRow(row); return sheet().getLastRow(); }
  function call(method, args) { var s = sheet(); return s[method].apply(s, args || []); }
  function rangeCall(a1, method, args) { var r = sheet().getRange(a1); var result = r[method].apply(r, args || []); return typeof result === 'object' && result !== null && !Array.isArray(result) ? String(result) : result; }`;

const london = (iso: string) => new Date(iso);

describe('Range.setValues as typed input', () => {
  it('reads strings the way Sheets reads what a user types', () => {
    const rt = runtimeWith(SHEET_CODE);
    rt.run('write', [
      'A1:H2',
      [
        ['=HYPERLINK("https://x.example","x")', '+SUM(1,2)', "'text", '00123', '1e3', '12.5', '1,234.5', '15%'],
        ['2026-01-31', '2026-07-01', 'TRUE', 'false', '@x', '-abc', ' 42 ', 'plain text'],
      ],
    ]);
    expect(rt.run('read', ['A1:H2'])).toEqual({
      values: [
        ['x', 3, 'text', 123, 1000, 12.5, 1234.5, 0.15],
        [london('2026-01-31T00:00:00Z'), london('2026-06-30T23:00:00Z'), true, false, '@x', '#NAME?', 42, 'plain text'],
      ],
      formulas: [
        ['=HYPERLINK("https://x.example","x")', '=+SUM(1,2)', '', '', '', '', '', ''],
        ['', '', '', '', '', '=-abc', '', ''],
      ],
      formats: [Array(8).fill('0.###############'), ['yyyy-mm-dd', 'yyyy-mm-dd', ...Array(6).fill('0.###############')]],
    });
  });

  it('stores numbers, booleans and Dates as they are, and null as empty', () => {
    const rt = runtimeWith(SHEET_CODE);
    rt.run('write', ['A1:D1', [[7, false, new Date('2026-03-04T05:06:07Z'), null]]]);
    expect(rt.spreadsheet.sheet('Sheet1').values()).toEqual([[7, false, new Date('2026-03-04T05:06:07Z')]]);
  });

  it('stores strings as they are in cells formatted as plain text', () => {
    const rt = runtimeWith(SHEET_CODE);
    rt.run('formatThenWrite', ['A1:D1', '@', [['00123', '=1+1', '2026-01-31', "'quoted"]]]);
    expect(rt.run('read', ['A1:D1'])).toEqual({
      values: [['00123', '=1+1', '2026-01-31', "'quoted"]],
      formulas: [['', '', '', '']],
      formats: [['@', '@', '@', '@']],
    });
  });

  it("rejects data that does not match the range's shape with the platform's messages", () => {
    const rt = runtimeWith(SHEET_CODE);
    expect(thrownMessage(() => rt.run('write', ['A1:B2', [['a', 'b']]]))).toBe(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expect(thrownMessage(() => rt.run('write', ['A1:B2', [['a', 'b'], ['c']]]))).toBe(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
    expect(thrownMessage(() => rt.run('write', ['A1', 'not a grid']))).toBe(
      "The parameters (String) don't match the method signature for SpreadsheetApp.Range.setValues.",
    );
  });

  it('holds at most 50,000 characters in a cell', () => {
    const rt = runtimeWith(SHEET_CODE);
    rt.run('write', ['A1', [['x'.repeat(50_000)]]]);
    expect(thrownMessage(() => rt.run('write', ['A2', [['x'.repeat(50_001)]]]))).toBe(
      'Your input contains more than the maximum of 50000 characters in a single cell.',
    );
    expect(rt.spreadsheet.sheet('Sheet1').lastRow).toBe(1);
  });

  it('counts Range and Sheet calls by method and the cells written', () => {
    const rt = runtimeWith(SHEET_CODE);
    rt.run('write', [
      'A1:C2',
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ]);
    rt.run('append', [['a', 'b']]);
    expect(rt.stats.range).toEqual({
      calls: { getSheetByName: 3, getRange: 1, setValues: 1, appendRow: 1, getLastRow: 1 },
      cellsWritten: 8,
    });
  });
});

describe('sheets', () => {
  it('checks ranges against the grid', () => {
    const rt = runtimeWith(SHEET_CODE);
    expect(thrownMessage(() => rt.run('call', ['getRange', [0, 1]]))).toBe('The starting row of the range is too small.');
    expect(thrownMessage(() => rt.run('call', ['getRange', [1, 0]]))).toBe('The starting column of the range is too small.');
    expect(thrownMessage(() => rt.run('call', ['getRange', [1, 1, 0]]))).toBe('The number of rows in the range must be at least 1.');
    expect(thrownMessage(() => rt.run('call', ['getRange', [1_000, 1, 2]]))).toBe(
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
    expect(thrownMessage(() => rt.run('call', ['getRange', ['AA1']]))).toBe(
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
    expect(thrownMessage(() => rt.run('call', ['getRange', ['not a range']]))).toBe('Range not found');
  });

  it('holds at most 10,000,000 cells in the workbook', () => {
    const rt = runtimeWith(SHEET_CODE);
    // 26 columns: 384,615 rows fit (9,999,990 cells); the sheet starts with 1,000.
    rt.run('call', ['insertRowsAfter', [1_000, 383_615]]);
    expect(rt.spreadsheet.sheet('Sheet1').maxRows).toBe(384_615);
    const limit = 'This action would increase the number of cells in the workbook above the limit of 10000000 cells.';
    expect(thrownMessage(() => rt.run('call', ['insertRowsAfter', [1, 1]]))).toBe(limit);
    expect(thrownMessage(() => rt.run('call', ['insertColumnsAfter', [1, 1]]))).toBe(limit);
  });

  it('appends after the last row with content, growing the sheet when full', () => {
    const rt = runtimeWith(SHEET_CODE);
    rt.run('write', ['A3', [['x']]]);
    expect(rt.run('append', [['00123', '=1+1', 'two']])).toBe(4);
    expect(rt.spreadsheet.sheet('Sheet1').values()[3]).toEqual([123, 2, 'two']);
    expect(rt.spreadsheet.sheet('Sheet1').formulas()[3]).toEqual(['', '=1+1', '']);
    rt.run('write', ['A1000', [['bottom']]]);
    expect(rt.run('append', [['below']])).toBe(1_001);
    expect(rt.spreadsheet.sheet('Sheet1').maxRows).toBe(1_001);
  });

  it('moves data with row and column inserts and deletes', () => {
    const rt = runtimeWith(SHEET_CODE);
    rt.run('write', [
      'A1:B3',
      [
        ['a1', 'b1'],
        ['a2', 'b2'],
        ['a3', 'b3'],
      ],
    ]);
    rt.run('call', ['insertRowsAfter', [1, 2]]);
    rt.run('call', ['deleteColumns', [1, 1]]);
    expect(rt.spreadsheet.sheet('Sheet1').values()).toEqual([['b1'], [''], [''], ['b2'], ['b3']]);
    rt.run('call', ['deleteRows', [2, 2]]);
    expect(rt.spreadsheet.sheet('Sheet1').values()).toEqual([['b1'], ['b2'], ['b3']]);
    expect([rt.spreadsheet.sheet('Sheet1').maxRows, rt.spreadsheet.sheet('Sheet1').maxColumns]).toEqual([1_000, 25]);
    expect(thrownMessage(() => rt.run('call', ['deleteRows', [1, 1_000]]))).toBe("You can't delete all the rows on the sheet.");
    expect(thrownMessage(() => rt.run('call', ['deleteRows', [999, 5]]))).toBe('Those rows are out of bounds.');
  });

  it('reports last row and column, the data range, and clears contents with or without formats', () => {
    const rt = runtimeWith(SHEET_CODE);
    expect([rt.run('call', ['getLastRow']), rt.run('rangeCall', ['A1', 'getA1Notation'])]).toEqual([0, 'A1']);
    rt.run('write', [
      'B2:C3',
      [
        [1, 2],
        [3, 4],
      ],
    ]);
    rt.run('setFormats', ['B2:C2', [['0.00', '0.00']]]);
    expect([rt.run('call', ['getLastRow']), rt.run('call', ['getLastColumn'])]).toEqual([3, 3]);
    expect(rt.run('rangeCall', ['B2:C3', 'offset', [1, 1, 1, 1]])).toBe('Range');
    rt.run('rangeCall', ['B2:C2', 'clearContent']);
    expect(rt.run('read', ['B2:C2'])).toEqual({ values: [['', '']], formulas: [['', '']], formats: [['0.00', '0.00']] });
    rt.run('call', ['clear']);
    expect((rt.run('read', ['B2:C3']) as { formats: string[][] }).formats).toEqual([
      ['0.###############', '0.###############'],
      ['0.###############', '0.###############'],
    ]);
    expect(rt.spreadsheet.sheet('Sheet1').values()).toEqual([]);
  });

  it('renders display values through number formats', () => {
    const rt = runtimeWith(SHEET_CODE);
    rt.run('write', ['A1:F1', [[1234.5, 0.256, -42, new Date('2026-07-01T12:34:56Z'), new Date('2026-07-01T12:34:56Z'), 46_000]]]);
    rt.run('setFormats', ['A1:F1', [['#,##0.00', '0.0%', '"$"#,##0.00;("$"#,##0.00)', 'yyyy-mm-dd', 'dd/mm/yyyy hh:mm', 'yyyy-mm-dd']]]);
    rt.run('write', ['A2:C2', [[0.1 + 0.2, '2026-01-31', true]]]);
    expect(rt.run('display', ['A1:F2'])).toEqual([
      ['1,234.50', '25.6%', '($42.00)', '2026-07-01', '01/07/2026 13:34', '2025-12-09'],
      ['0.3', '2026-01-31', 'TRUE', '', '', ''],
    ]);
  });

  it('manages sheets: insert, rename, activate, hide, delete', () => {
    const rt = runtimeWith(`
      function manage() {
        var ss = SpreadsheetApp.getActiveSpreadsheet();
        var payments = ss.insertSheet('Payments');
        var first = ss.insertSheet(0);
        var log = [ss.getSheets().map(function (s) { return s.getName(); }), ss.getActiveSheet().getName()];
        try { ss.insertSheet('payments'); } catch (e) { log.push(e.message); }
        payments.setName('Paid').activate();
        payments.setFrozenRows(1);
        first.hideSheet();
        ss.deleteSheet(ss.getSheetByName('Sheet1'));
        try { payments.hideSheet(); } catch (e) { log.push(e.message); }
        log.push(ss.getActiveSheet().getName(), payments.getFrozenRows(), first.isSheetHidden(), payments.getIndex());
        return log;
      }`);
    expect(rt.run('manage')).toEqual([
      ['Sheet3', 'Sheet1', 'Payments'],
      'Sheet3',
      'A sheet with the name "payments" already exists. Please enter another name.',
      "You can't hide all the sheets in a document.",
      'Paid',
      1,
      true,
      2,
    ]);
    expect(rt.spreadsheet.sheetNames()).toEqual(['Sheet3', 'Paid']);
    expect([rt.spreadsheet.sheet('Paid').frozenRows, rt.spreadsheet.sheet('Sheet3').hidden]).toEqual([1, true]);
  });

  it('records the menu, sidebar, toasts and alerts', () => {
    const rt = runtimeWith(
      `function onOpen() {
         var ui = SpreadsheetApp.getUi();
         ui.createAddonMenu().addItem('Open sidebar', 'showSidebar').addSeparator()
           .addSubMenu(ui.createMenu('More').addItem('Sync now', 'syncNow')).addToUi();
       }
       function showSidebar() {
         SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutputFromFile('Sidebar').setTitle('Payments Sync'));
         SpreadsheetApp.getActive().toast('Synced', 'Payments', 5);
         return SpreadsheetApp.getUi().alert('Delete?', 'Really delete the data?', SpreadsheetApp.getUi().ButtonSet.YES_NO);
       }`,
      { files: { Sidebar: '<p>sidebar</p>' } },
    );
    rt.run('onOpen', [{ authMode: 'NONE' }], { kind: 'simpleTrigger', authMode: 'NONE' });
    expect(rt.spreadsheet.menu).toEqual({
      addon: true,
      title: '',
      items: [
        { caption: 'Open sidebar', functionName: 'showSidebar' },
        { separator: true },
        { caption: 'More', submenu: [{ caption: 'Sync now', functionName: 'syncNow' }] },
      ],
    });
    expect(rt.run('showSidebar')).toBe('YES');
    expect(rt.spreadsheet.sidebar).toEqual({ title: 'Payments Sync', html: '<p>sidebar</p>' });
    expect(rt.spreadsheet.toasts).toEqual([{ message: 'Synced', title: 'Payments', timeoutSeconds: 5 }]);
    expect(rt.spreadsheet.alerts).toEqual([{ title: 'Delete?', prompt: 'Really delete the data?', buttons: 'YES_NO' }]);
  });
});

describe('what a user does in the grid', () => {
  it('adds rows at the bottom, and new sheets', () => {
    const rt = runtimeWith('');
    rt.insertRows('Sheet1', 500);
    expect(rt.spreadsheet.sheet('Sheet1').maxRows).toBe(1_500);
    rt.setCell('Sheet1', 'A1500', 'last');
    expect(rt.insertSheet('Aura payments')).toBe('Aura payments');
    expect(rt.insertSheet()).toBe('Sheet3');
    expect(rt.spreadsheet.sheetNames()).toEqual(['Sheet1', 'Aura payments', 'Sheet3']);
    expect(() => rt.insertSheet('Sheet3')).toThrow('A sheet with the name "Sheet3" already exists');
  });
});
