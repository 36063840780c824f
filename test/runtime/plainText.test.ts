import { runtimeWith, thrownMessage } from './helpers';

/** Writes round-trip exactly in Plain-text cells; Automatic cells read a leading apostrophe as "this is text". */

const CODE = `
  function range(a1) { return SpreadsheetApp.getActive().getSheetByName('Sheet1').getRange(a1); }
  function plain(a1) { range(a1).setNumberFormat('@'); }
  function write(a1, values) { range(a1).setValues(values); }
  function roundTrip(a1, times) { for (var i = 0; i < times; i++) range(a1).setValues(range(a1).getValues()); return range(a1).getValues(); }
  function formats(a1) { return range(a1).getNumberFormats(); }
  function appendRow(row) { SpreadsheetApp.getActive().getSheetByName('Sheet1').appendRow(row); }`;

describe('Plain-text cells', () => {
  it("keep a leading apostrophe, number-looking text and '=' text exactly, write after write", () => {
    const rt = runtimeWith(CODE);
    rt.run('plain', ['A1:E1']);
    rt.run('write', ['A1:E1', [["'pay_1", '00123', '=SUM(1,2)', '+44 20', '2026-01-31']]]);
    expect(rt.run('roundTrip', ['A1:E1', 3])).toEqual([["'pay_1", '00123', '=SUM(1,2)', '+44 20', '2026-01-31']]);
    expect(rt.spreadsheet.sheet('Sheet1').formulas()).toEqual([['', '', '', '', '']]);
    expect(rt.run('formats', ['A1:B1'])).toEqual([['@', '@']]);
  });

  it('keep the apostrophe through appendRow too', () => {
    const rt = runtimeWith(CODE);
    rt.run('plain', ['A1:A2']);
    rt.run('appendRow', [["'x"]]);
    expect(rt.spreadsheet.sheet('Sheet1').values()).toEqual([["'x"]]);
  });
});

describe('Automatic cells', () => {
  it('read a leading apostrophe as a text marker that is not part of the value', () => {
    const rt = runtimeWith(CODE);
    rt.run('write', ['A1:C1', [["'pay_1", "'00123", "'=SUM(1,2)"]]]);
    expect(rt.spreadsheet.sheet('Sheet1').values()).toEqual([['pay_1', '00123', '=SUM(1,2)']]);
    expect(rt.spreadsheet.sheet('Sheet1').formulas()).toEqual([['', '', '']]);
  });
});

describe('The 50,000-character cell limit', () => {
  it('takes 50,000 characters and refuses one more, in Plain-text cells as well', () => {
    const rt = runtimeWith(CODE);
    rt.run('plain', ['A1:A2']);
    rt.run('write', ['A1', [['x'.repeat(50_000)]]]);
    expect(thrownMessage(() => rt.run('write', ['A2', [['x'.repeat(50_001)]]]))).toBe(
      'Your input contains more than the maximum of 50000 characters in a single cell.',
    );
    expect(rt.spreadsheet.sheet('Sheet1').lastRow).toBe(1);
  });
});
