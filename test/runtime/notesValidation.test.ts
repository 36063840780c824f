import { createRuntime } from '../../dev/runtime';
import { recordingTransport, runtimeWith, thrownMessage } from './helpers';

/** Cell notes, data validation (checkboxes, dropdowns) and backgrounds as cell state. */

const CODE = `
  function range(a1) { return SpreadsheetApp.getActive().getSheetByName('Sheet1').getRange(a1); }
  function call(a1, method, args) { var r = range(a1); var result = r[method].apply(r, args || []); return typeof result === 'object' && result !== null && !Array.isArray(result) ? String(result) : result; }
  function notes(a1) { return range(a1).getNotes(); }
  function checkboxRule() {
    var rule = SpreadsheetApp.newDataValidation().requireCheckbox().build();
    return { type: rule.getCriteriaType(), values: rule.getCriteriaValues(), isCheckbox: rule.getCriteriaType() == SpreadsheetApp.DataValidationCriteria.CHECKBOX };
  }
  function dropdown(a1, values, showDropdown) {
    range(a1).setDataValidation(SpreadsheetApp.newDataValidation().requireValueInList(values, showDropdown).setAllowInvalid(false).build());
  }
  function describeRules(a1) {
    return range(a1).getDataValidations().map(function (row) {
      return row.map(function (rule) { return rule === null ? null : { type: String(rule.getCriteriaType()), values: rule.getCriteriaValues(), allowInvalid: rule.getAllowInvalid() }; });
    });
  }
  function copyRuleAsDropdown(from, to) {
    var builder = range(from).getDataValidation().copy();
    range(to).setDataValidation(builder.requireValueInList(['x']).build());
  }
  function buildBare() { return SpreadsheetApp.newDataValidation().build(); }
  function clearRange(a1, options) { if (options === undefined) range(a1).clear(); else range(a1).clear(options); }`;

function seeded() {
  const rt = runtimeWith(CODE);
  rt.run('call', [
    'A1:B2',
    'setValues',
    [
      [
        [1, 'a'],
        [2, 'b'],
      ],
    ],
  ]);
  rt.run('call', [
    'A1:B2',
    'setNotes',
    [
      [
        ['n1', ''],
        [null, 'n4'],
      ],
    ],
  ]);
  rt.run('call', [
    'A1:B2',
    'setBackgrounds',
    [
      [
        ['#ff0000', null],
        ['#00ff00', '#0000ff'],
      ],
    ],
  ]);
  rt.run('call', ['A1:B2', 'setNumberFormat', ['0.00']]);
  rt.run('dropdown', ['B1:B2', ['a', 'b'], true]);
  return rt;
}

describe('Range notes', () => {
  it('reads back what setNote and setNotes wrote; null and empty remove a note', () => {
    const rt = seeded();
    expect(rt.run('notes', ['A1:B2'])).toEqual([
      ['n1', ''],
      ['', 'n4'],
    ]);
    rt.run('call', ['A1', 'setNote', ['changed']]);
    rt.run('call', ['B2', 'setNote', [null]]);
    expect(rt.run('call', ['A1', 'getNote'])).toBe('changed');
    expect(rt.run('notes', ['A1:B2'])).toEqual([
      ['changed', ''],
      ['', ''],
    ]);
  });

  it('clearNote removes notes only', () => {
    const rt = seeded();
    rt.run('call', ['A1:B2', 'clearNote']);
    expect(rt.run('notes', ['A1:B2'])).toEqual([
      ['', ''],
      ['', ''],
    ]);
    expect(rt.spreadsheet.sheet('Sheet1').values()).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });

  it('refuses notes shaped unlike the range', () => {
    const rt = runtimeWith(CODE);
    expect(thrownMessage(() => rt.run('call', ['A1:B1', 'setNotes', [[['only one']]]]))).toBe(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
  });

  it('does not count a note as content for getLastRow', () => {
    const rt = runtimeWith(CODE);
    rt.run('call', ['C5', 'setNote', ['lonely']]);
    expect(rt.spreadsheet.sheet('Sheet1').lastRow).toBe(0);
    expect(rt.spreadsheet.sheet('Sheet1').cells('C5')).toEqual([[{ value: '', note: 'lonely' }]]);
  });
});

describe('Data validation', () => {
  it('builds checkbox and list rules with their criteria, as the DataValidationCriteria enum names them', () => {
    const rt = runtimeWith(CODE);
    expect(rt.run('checkboxRule')).toEqual({ type: 'CHECKBOX', values: [], isCheckbox: true });
    rt.run('dropdown', ['A1:A2', ['paid', 'open'], false]);
    expect(rt.run('describeRules', ['A1:B2'])).toEqual([
      [{ type: 'VALUE_IN_LIST', values: [['paid', 'open'], false], allowInvalid: false }, null],
      [{ type: 'VALUE_IN_LIST', values: [['paid', 'open'], false], allowInvalid: false }, null],
    ]);
  });

  it('copies a rule into a builder that can change it without touching the original', () => {
    const rt = runtimeWith(CODE);
    rt.run('dropdown', ['A1', ['paid'], true]);
    rt.run('copyRuleAsDropdown', ['A1', 'B1']);
    expect(rt.run('describeRules', ['A1:B1'])).toEqual([
      [
        { type: 'VALUE_IN_LIST', values: [['paid'], true], allowInvalid: false },
        { type: 'VALUE_IN_LIST', values: [['x'], true], allowInvalid: false },
      ],
    ]);
  });

  it('refuses to build a rule without criteria', () => {
    const rt = runtimeWith(CODE);
    expect(thrownMessage(() => rt.run('buildBare'))).toMatch(/no criteria/);
  });

  it('insertCheckboxes puts a checkbox rule on each cell and sets it to false; removeCheckboxes takes both away', () => {
    const rt = runtimeWith(CODE);
    rt.run('call', ['A1:A2', 'setValues', [[['x'], ['y']]]]);
    rt.run('call', ['A1:A2', 'insertCheckboxes']);
    expect(rt.spreadsheet.sheet('Sheet1').values()).toEqual([[false], [false]]);
    expect(rt.spreadsheet.sheet('Sheet1').validations()).toEqual([['CHECKBOX'], ['CHECKBOX']]);
    rt.run('call', ['A1', 'setValue', [true]]);
    rt.run('call', ['A1:A2', 'removeCheckboxes']);
    expect(rt.spreadsheet.sheet('Sheet1').lastRow).toBe(0);
    expect(rt.run('describeRules', ['A1:A2'])).toEqual([[null], [null]]);
  });

  it('clearDataValidations removes rules and keeps values', () => {
    const rt = seeded();
    rt.run('call', ['A1:B2', 'clearDataValidations']);
    expect(rt.run('describeRules', ['B1:B2'])).toEqual([[null], [null]]);
    expect(rt.spreadsheet.sheet('Sheet1').values()).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });
});

describe('Backgrounds and font weights', () => {
  it('reads back setBackgrounds, with #ffffff where none is set', () => {
    const rt = seeded();
    expect(rt.run('call', ['A1:B2', 'getBackgrounds'])).toEqual([
      ['#ff0000', '#ffffff'],
      ['#00ff00', '#0000ff'],
    ]);
    rt.run('call', ['A1', 'setFontWeight', ['bold']]);
    expect(rt.run('call', ['A1:B1', 'getFontWeights'])).toEqual([['bold', 'normal']]);
  });
});

describe('What each clear removes', () => {
  const stateOf = (rt: ReturnType<typeof seeded>) => rt.spreadsheet.sheet('Sheet1').cells('A1:B2');

  it('clearContent keeps formats, notes and validation', () => {
    const rt = seeded();
    rt.run('call', ['A1:B2', 'clearContent']);
    expect(stateOf(rt)[1][1]).toEqual({
      value: '',
      numberFormat: '0.00',
      background: '#0000ff',
      note: 'n4',
      validation: expect.objectContaining({ criteria: 'VALUE_IN_LIST' }),
    });
  });

  it('clear() removes contents and formats, and keeps notes and validation', () => {
    const rt = seeded();
    rt.run('clearRange', ['A1:B2']);
    expect(stateOf(rt)[1][1]).toEqual({ value: '', note: 'n4', validation: expect.objectContaining({ criteria: 'VALUE_IN_LIST' }) });
  });

  it('clear({}) removes everything, clear({...Only}) what the flags name', () => {
    const rt = seeded();
    rt.run('clearRange', ['A1:A2', {}]);
    expect(stateOf(rt)[1][0]).toEqual({ value: '' });
    rt.run('clearRange', ['B1:B2', { commentsOnly: true, validationsOnly: true }]);
    expect(stateOf(rt)[1][1]).toEqual({ value: 'b', numberFormat: '0.00', background: '#0000ff' });
    rt.run('clearRange', ['B1:B2', { formatOnly: true }]);
    expect(stateOf(rt)[1][1]).toEqual({ value: 'b' });
  });

  it('clearFormat keeps values, notes and validation', () => {
    const rt = seeded();
    rt.run('call', ['B2', 'clearFormat']);
    expect(stateOf(rt)[1][1]).toEqual({ value: 'b', note: 'n4', validation: expect.objectContaining({ criteria: 'VALUE_IN_LIST' }) });
  });
});

describe('State', () => {
  it('keeps notes, validation and backgrounds through toJSON and back', () => {
    const rt = seeded();
    const restored = createRuntime({
      transport: recordingTransport().transport,
      code: CODE,
      state: JSON.parse(JSON.stringify(rt.toJSON())),
    });
    expect(restored.spreadsheet.sheet('Sheet1').cells('A1:B2')).toEqual(rt.spreadsheet.sheet('Sheet1').cells('A1:B2'));
    expect(restored.run('notes', ['A1:B2'])).toEqual([
      ['n1', ''],
      ['', 'n4'],
    ]);
    expect(restored.run('describeRules', ['B1'])).toEqual([[{ type: 'VALUE_IN_LIST', values: [['a', 'b'], true], allowInvalid: false }]]);
  });

  it('moves notes, validation and backgrounds with their rows when rows are inserted or deleted', () => {
    const rt = seeded();
    const code = `function shift() { var s = SpreadsheetApp.getActive().getSheetByName('Sheet1'); s.insertRowsAfter(1, 2); s.deleteRows(2, 1); }`;
    rt.load(`${CODE}\n${code}`);
    rt.run('shift');
    const cells = rt.spreadsheet.sheet('Sheet1').cells('A1:B3');
    expect(cells[0][0]).toEqual(expect.objectContaining({ value: 1, note: 'n1', background: '#ff0000' }));
    expect(cells[1][0]).toEqual({ value: '' });
    expect(cells[2][1]).toEqual(
      expect.objectContaining({
        value: 'b',
        note: 'n4',
        background: '#0000ff',
        validation: expect.objectContaining({ criteria: 'VALUE_IN_LIST' }),
      }),
    );
  });
});
