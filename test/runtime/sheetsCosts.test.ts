import { DEFAULT_SHEETS_COSTS, ExecutionTimeoutError, TIMEOUT_MESSAGE } from '../../dev/runtime';
import { runtimeWith, START } from './helpers';

/** Sheets calls cost virtual time by the cells they touch; a test can kill an execution at its Nth Sheets call. */

const CODE = `
  function sheet() { return SpreadsheetApp.getActive().getSheetByName('Sheet1'); }
  function writeBlock(rows, columns) {
    var s = sheet();
    if (s.getMaxRows() < rows) s.insertRowsAfter(s.getMaxRows(), rows - s.getMaxRows());
    var line = []; for (var c = 0; c < columns; c++) line.push('v' + c);
    var grid = []; for (var r = 0; r < rows; r++) grid.push(line);
    s.getRange(1, 1, rows, columns).setValues(grid);
  }
  function readBlock(rows, columns) { return sheet().getRange(1, 1, rows, columns).getValues().length; }
  function threeWrites() {
    var s = sheet();
    s.getRange('A1').setValue('one');
    s.getName();
    s.getRange('A2:B2').setNumberFormat('@');
    s.getRange('A1:A3').getValues();
    s.getRange('A3').setValue('three');
  }
  function caught() { try { threeWrites(); } catch (e) { return 'caught ' + e.message; } }
  function metadataOnly() { var s = sheet(); for (var i = 0; i < 100; i++) { s.getLastRow(); s.getRange('A1'); } }`;

describe('What Sheets calls cost on the clock', () => {
  it('charges a fixed cost per call plus a cost per cell, separately for reads and writes', () => {
    const rt = runtimeWith(CODE, { sheetsCosts: { readCallMs: 5, readCellMs: 0.5, writeCallMs: 20, writeCellMs: 2 } });
    rt.run('writeBlock', [10, 3]);
    expect(rt.clock.now() - START).toBe(20 + 30 * 2);
    rt.run('readBlock', [10, 3]);
    expect(rt.clock.now() - START).toBe(80 + 5 + 30 * 0.5);
    expect(rt.stats.sheets).toEqual({ calls: 2, cellsRead: 30, cellsWritten: 30, simulatedMs: 100 });
  });

  it('makes a 100,000-row × 16-column switch cost realistic seconds by default (measured on a tenth of it)', () => {
    const rt = runtimeWith(CODE);
    rt.run('writeBlock', [10_000, 16]);
    const seconds = ((rt.clock.now() - START) * 10) / 1000;
    expect(seconds).toBeGreaterThan(10);
    expect(seconds).toBeLessThan(60);
    expect(DEFAULT_SHEETS_COSTS.writeCellMs).toBeGreaterThan(DEFAULT_SHEETS_COSTS.readCellMs);
  });

  it('lets the 6-minute deadline fall inside a write too big for it', () => {
    const rt = runtimeWith(CODE, { sheetsCosts: { writeCellMs: 1 } });
    expect(() => rt.run('writeBlock', [30_000, 16])).toThrow(ExecutionTimeoutError);
    expect(rt.clock.now() - START).toBe(360_000);
    expect(rt.spreadsheet.sheet('Sheet1').lastRow).toBe(0);
  });

  it('charges nothing for calls that touch no cells, and nothing at all with zero costs', () => {
    const rt = runtimeWith(CODE);
    rt.run('metadataOnly');
    expect(rt.clock.now()).toBe(START);
    const free = runtimeWith(CODE, { sheetsCosts: { readCallMs: 0, readCellMs: 0, writeCallMs: 0, writeCellMs: 0 } });
    free.run('writeBlock', [1000, 16]);
    expect(free.clock.now()).toBe(START);
  });

  it('refuses a negative or missing cost', () => {
    expect(() => runtimeWith(CODE, { sheetsCosts: { writeCellMs: -1 } })).toThrow(
      'sheetsCosts.writeCellMs must be a number of milliseconds ≥ 0 (got -1)',
    );
  });
});

describe('rt.killAtSheetsCall', () => {
  it('kills at the Nth call that touches cells, before it takes effect, as the deadline does', () => {
    const rt = runtimeWith(CODE);
    rt.killAtSheetsCall(2);
    expect(() => rt.run('threeWrites')).toThrow(ExecutionTimeoutError);
    const sheet = rt.spreadsheet.sheet('Sheet1');
    expect(sheet.values()).toEqual([['one']]);
    expect(sheet.cells('A2:B2')).toEqual([[{ value: '' }, { value: '' }]]);
    expect(rt.stats.sheets.calls).toBe(1);
  });

  it('counts only the calls its filter accepts', () => {
    const rt = runtimeWith(CODE);
    rt.killAtSheetsCall(2, 'setValue');
    expect(() => rt.run('threeWrites')).toThrow(ExecutionTimeoutError);
    expect(rt.run('readBlock', [3, 1])).toBe(3);
    expect(rt.spreadsheet.sheet('Sheet1').values()).toEqual([['one']]);
    expect(rt.spreadsheet.sheet('Sheet1').cells('A2')[0][0].numberFormat).toBe('@');
  });

  it('throws the timeout message into the script, and rt.run still reports the kill', () => {
    const rt = runtimeWith(CODE);
    rt.killAtSheetsCall(1, (call) => call.kind === 'write' && call.cells === 2);
    expect(() => rt.run('caught')).toThrow(TIMEOUT_MESSAGE);
  });

  it('fires once, across executions, and can be cancelled', () => {
    const rt = runtimeWith(CODE);
    rt.killAtSheetsCall(5);
    rt.run('threeWrites');
    expect(() => rt.run('threeWrites')).toThrow(ExecutionTimeoutError);
    rt.run('threeWrites');
    rt.killAtSheetsCall(1);
    rt.cancelSheetsKill();
    rt.run('threeWrites');
    expect(() => rt.killAtSheetsCall(0)).toThrow('killAtSheetsCall needs a call number ≥ 1 (got 0)');
  });
});
