import { offsetReferences } from '../../dev/runtime/formulaReferences';
import { runtimeWith, thrownMessage } from './helpers';

/** Range.sort and Range.copyTo move whole cells: values, formulas, formats, notes and validation rules. */

const CODE = `
  function sheet() { return SpreadsheetApp.getActive().getSheetByName('Sheet1'); }
  function range(a1) { return sheet().getRange(a1); }
  function call(a1, method, args) { var r = range(a1); var result = r[method].apply(r, args || []); return typeof result === 'object' && result !== null && !Array.isArray(result) ? String(result) : result; }
  function sortBy(a1, spec) { range(a1).sort(spec); }
  function copy(from, to, options) { if (options === undefined) range(from).copyTo(range(to)); else range(from).copyTo(range(to), options); }
  function checkbox(a1) { range(a1).insertCheckboxes(); }`;

/** Header in row 1; rows 2-4 hold ids 30, 10, 20 with an amount, a formula, a note, a colour and a checkbox. */
function table() {
  const rt = runtimeWith(CODE);
  rt.run('call', ['A1:C1', 'setValues', [[['id', 'amount', 'tax']]]]);
  rt.run('call', [
    'A2:B4',
    'setValues',
    [
      [
        [30, 300],
        [10, 100],
        [20, 200],
      ],
    ],
  ]);
  rt.run('call', ['C2:C4', 'setFormulas', [[['=B2*0.2'], ['=B3*0.2+$B$1'], ['=B4*0.2']]]]);
  rt.run('call', ['A2:A4', 'setNotes', [[['thirty'], ['ten'], ['']]]]);
  rt.run('call', ['B2:B4', 'setBackgrounds', [[['#300'], ['#100'], ['#200']]]]);
  rt.run('call', ['B2:B4', 'setNumberFormats', [[['0.0'], ['0.00'], ['0.000']]]]);
  rt.run('checkbox', ['D3']);
  rt.run('call', ['D3', 'setValue', [true]]);
  rt.run('call', ['E2:E4', 'setValues', [[['outside 2'], ['outside 3'], ['outside 4']]]]);
  return rt;
}

describe('Range.sort', () => {
  it('moves values, formulas (relative rows shifted, $ rows kept), formats, notes and checkboxes with their row', () => {
    const rt = table();
    rt.run('sortBy', ['A2:D4', 1]);
    const sheet = rt.spreadsheet.sheet('Sheet1');
    expect(sheet.values().map((row) => row.slice(0, 2))).toEqual([
      ['id', 'amount'],
      [10, 100],
      [20, 200],
      [30, 300],
    ]);
    expect(sheet.formulas().map((row) => row[2])).toEqual(['', '=B2*0.2+$B$1', '=B3*0.2', '=B4*0.2']);
    expect(sheet.notes().map((row) => row[0])).toEqual(['', 'ten', '', 'thirty']);
    expect(sheet.backgrounds().map((row) => row[1])).toEqual([undefined, '#100', '#200', '#300']);
    expect(
      sheet
        .numberFormats()
        .map((row) => row[1])
        .slice(1),
    ).toEqual(['0.00', '0.000', '0.0']);
    expect(sheet.cells('D2:D4').map(([cell]) => [cell.value, cell.validation?.criteria])).toEqual([
      [true, 'CHECKBOX'],
      ['', undefined],
      ['', undefined],
    ]);
  });

  it('leaves the columns outside the range where they are', () => {
    const rt = table();
    rt.run('sortBy', ['A2:D4', 1]);
    expect(
      rt.spreadsheet
        .sheet('Sheet1')
        .values()
        .map((row) => row[4]),
    ).toEqual(['', 'outside 2', 'outside 3', 'outside 4']);
  });

  it('sorts descending, by several columns, and stably', () => {
    const rt = runtimeWith(CODE);
    rt.run('call', [
      'A1:C5',
      'setValues',
      [
        [
          ['b', 1, 'first b1'],
          ['a', 2, 'a2'],
          ['b', 1, 'second b1'],
          ['a', 1, 'a1'],
          ['b', 2, 'b2'],
        ],
      ],
    ]);
    rt.run('sortBy', ['A1:C5', [{ column: 1, ascending: false }, { column: 2 }]]);
    expect(
      rt.spreadsheet
        .sheet('Sheet1')
        .values()
        .map((row) => row[2]),
    ).toEqual(['first b1', 'second b1', 'b2', 'a1', 'a2']);
  });

  it('puts numbers before text before booleans, ignores case in text, and keeps blanks last either way', () => {
    const rt = runtimeWith(CODE);
    rt.run('call', [
      'A1:B6',
      'setValues',
      [
        [
          ['b', 1],
          ['', 2],
          [true, 3],
          [5, 4],
          ['A', 5],
          [-1, 6],
        ],
      ],
    ]);
    rt.run('sortBy', ['A1:B6', 1]);
    expect(
      rt.spreadsheet
        .sheet('Sheet1')
        .values()
        .map((row) => row[1]),
    ).toEqual([6, 4, 5, 1, 3, 2]);
    rt.run('sortBy', ['A1:B6', { column: 1, ascending: false }]);
    expect(
      rt.spreadsheet
        .sheet('Sheet1')
        .values()
        .map((row) => row[1]),
    ).toEqual([3, 1, 5, 4, 6, 2]);
  });

  it('refuses a column outside the range, and a spec that is not a column', () => {
    const rt = table();
    expect(thrownMessage(() => rt.run('sortBy', ['B2:D4', 1]))).toBe(
      'The column to sort by (1) is outside the range B2:D4: give a column number between 2 and 4.',
    );
    expect(thrownMessage(() => rt.run('sortBy', ['B2:D4', 'B']))).toBe(
      "The parameters (String) don't match the method signature for SpreadsheetApp.Range.sort.",
    );
    expect(rt.spreadsheet.sheet('Sheet1').values()[1][0]).toBe(30);
  });

  it('turns a reference pushed above row 1 into #REF!', () => {
    const rt = runtimeWith(CODE);
    rt.run('call', ['A1:A2', 'setValues', [[[2], [1]]]]);
    rt.run('call', ['B2', 'setFormula', ['=A1+1']]);
    rt.run('sortBy', ['A1:B2', 1]);
    expect(rt.spreadsheet.sheet('Sheet1').formulas()[0][1]).toBe('=#REF!+1');
  });
});

describe('Range.copyTo', () => {
  it('copies values, formulas (re-anchored), formats, notes and validation to another place', () => {
    const rt = table();
    rt.run('copy', ['A3:D3', 'A10']);
    const [copied] = rt.spreadsheet.sheet('Sheet1').cells('A10:D10');
    expect(copied).toEqual([
      { value: 10, note: 'ten' },
      { value: 100, background: '#100', numberFormat: '0.00' },
      { value: '#VALUE!', formula: '=B10*0.2+$B$1' },
      { value: true, validation: expect.objectContaining({ criteria: 'CHECKBOX' }) },
    ]);
  });

  it('copies only contents with {contentsOnly}, only formats with {formatOnly}', () => {
    const rt = table();
    rt.run('copy', ['A3:C3', 'A10', { contentsOnly: true }]);
    rt.run('copy', ['A3:C3', 'A11', { formatOnly: true }]);
    const [contents, formats] = rt.spreadsheet.sheet('Sheet1').cells('A10:C11');
    expect(contents).toEqual([{ value: 10 }, { value: 100 }, { value: '#VALUE!', formula: '=B10*0.2+$B$1' }]);
    expect(formats).toEqual([{ value: '' }, { value: '', background: '#100', numberFormat: '0.00' }, { value: '' }]);
  });

  it('refuses a destination the copy would not fit in', () => {
    const rt = table();
    expect(thrownMessage(() => rt.run('copy', ['A2:B4', 'Z1000']))).toBe(
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
  });
});

describe('offsetReferences', () => {
  it('shifts relative references, keeps anchored ones, and leaves text and sheet names alone', () => {
    expect(offsetReferences(`=E5*0.2+$E$5+E$5+$E5`, 2, 0)).toBe('=E7*0.2+$E$5+E$5+$E7');
    expect(offsetReferences(`=SUM(A1:B2)+'Q1 2026'!C3+Q1!D4+"A1"+LOG10(A1)`, 1, 1)).toBe(`=SUM(B2:C3)+'Q1 2026'!D4+Q1!E5+"A1"+LOG10(B2)`);
    expect(offsetReferences('=SUM(2:3)+SUM($2:3)+COUNTA(B:B)', 1, 1)).toBe('=SUM(3:4)+SUM($2:4)+COUNTA(C:C)');
    expect(offsetReferences('=A1', 0, -1)).toBe('=#REF!');
  });
});
