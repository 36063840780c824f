/**
 * A sheet in memory behind the add-on's SheetTable interface, for unit tests of the table switch without the bundle:
 * cells with a value or a formula, a number format and a note; sort moves whole cells as Sheets does (relative rows
 * of a moved formula follow it). The local runtime (dev/runtime) is the faithful model; this is the small one.
 */
import { moveFormulaRows } from '../../src/core/formulaRows';
import type { SheetTable } from '../../src/platform/types';

export interface MemoryCell {
  value: unknown;
  formula?: string;
  format?: string;
  note?: string;
}

const blank = (): MemoryCell => ({ value: '' });

export class MemorySheet implements SheetTable {
  cells: MemoryCell[][] = [];
  calls: string[] = [];
  /** Called first by every SheetTable call but name(), with its method's name: where a test kills an execution. */
  onCall: (method: string) => void = () => {};

  constructor(private readonly sheetName: string) {}

  /** Values as a sheet shows them; a formula cell shows `shown` (what its formula computed). */
  static of(name: string, values: unknown[][], formulas: string[][] = []): MemorySheet {
    const sheet = new MemorySheet(name);
    sheet.cells = values.map((row, r) => row.map((value, c) => ({ value, ...(formulas[r]?.[c] ? { formula: formulas[r][c] } : {}) })));
    return sheet;
  }

  private cell(row: number, column: number): MemoryCell {
    while (this.cells.length < row) this.cells.push([]);
    const cells = this.cells[row - 1];
    while (cells.length < column) cells.push(blank());
    return cells[column - 1];
  }

  private block<T>(row: number, column: number, rows: number, columns: number, read: (cell: MemoryCell) => T): T[][] {
    return Array.from({ length: rows }, (_, r) =>
      Array.from({ length: columns }, (_, c) => read(this.cells[row - 1 + r]?.[column - 1 + c] ?? blank())),
    );
  }

  name() {
    return this.sheetName;
  }

  readValues(): unknown[][] {
    this.onCall('readValues');
    const filled = (cell: MemoryCell) => cell.value !== '' || cell.formula !== undefined;
    let rows = 0;
    let columns = 0;
    this.cells.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (filled(cell)) {
          rows = Math.max(rows, r + 1);
          columns = Math.max(columns, c + 1);
        }
      }),
    );
    return this.block(1, 1, rows, columns, (cell) => cell.value);
  }

  readFormulas(rows: number, column: number, columns: number) {
    this.onCall('readFormulas');
    return this.block(1, column, rows, columns, (cell) => cell.formula ?? '');
  }

  readNumberFormats(row: number, column: number, rows: number, columns: number) {
    this.onCall('readNumberFormats');
    return this.block(row, column, rows, columns, (cell) => cell.format ?? 'General');
  }

  readNotes(row: number, column: number, rows: number, columns: number) {
    this.onCall('readNotes');
    return this.block(row, column, rows, columns, (cell) => cell.note ?? '');
  }

  readBackgrounds(row: number, column: number, rows: number, columns: number) {
    this.onCall('readBackgrounds');
    return this.block(row, column, rows, columns, () => '#ffffff');
  }

  writeValues(row: number, column: number, values: unknown[][]) {
    this.onCall('writeValues');
    this.calls.push('writeValues');
    values.forEach((cells, r) =>
      cells.forEach((value, c) => {
        const cell = this.cell(row + r, column + c);
        delete cell.formula;
        if (typeof value === 'string' && value.startsWith('=')) {
          cell.formula = value;
          cell.value = '';
        } else cell.value = typeof value === 'string' && value.startsWith("'") && cell.format !== '@' ? value.slice(1) : value;
      }),
    );
  }

  writeNumberFormats(row: number, column: number, formats: string[][]) {
    this.onCall('writeNumberFormats');
    this.calls.push('writeNumberFormats');
    formats.forEach((cells, r) => cells.forEach((format, c) => (this.cell(row + r, column + c).format = format)));
  }

  clearContent(row: number, column: number, rows: number, columns: number) {
    this.onCall('clearContent');
    this.calls.push('clearContent');
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < columns; c++) {
        const cell = this.cell(row + r, column + c);
        cell.value = '';
        delete cell.formula;
      }
  }

  clearRows(row: number, rows: number, columns: number) {
    this.onCall('clearRows');
    this.calls.push('clearRows');
    for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) this.cells[row - 1 + r][c] = blank();
  }

  sortRows(row: number, rows: number, columns: number, byColumn: number) {
    this.onCall('sortRows');
    this.calls.push('sortRows');
    const slice = Array.from({ length: rows }, (_, r) => ({
      from: row + r,
      cells: Array.from({ length: columns }, (_, c) => this.cell(row + r, c + 1)),
    }));
    slice.sort((a, b) => Number(a.cells[byColumn - 1].value) - Number(b.cells[byColumn - 1].value));
    slice.forEach(({ from, cells }, i) => {
      cells.forEach((cell, c) => {
        const moved = { ...cell, ...(cell.formula ? { formula: moveFormulaRows(cell.formula, row + i - from, this.sheetName) } : {}) };
        this.cells[row - 1 + i][c] = moved;
      });
    });
  }

  copyTo(row: number, column: number, rows: number, columns: number, target: SheetTable, targetRow: number, targetColumn: number) {
    this.onCall('copyTo');
    const to = target as unknown as MemorySheet;
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < columns; c++) {
        const cell = this.cell(row + r, column + c);
        const copy = to.cell(targetRow + r, targetColumn + c);
        Object.assign(copy, { ...cell });
      }
  }

  insertColumns(afterColumn: number, count: number) {
    this.onCall('insertColumns');
    this.calls.push('insertColumns');
    for (const row of this.cells) if (row.length > afterColumn) row.splice(afterColumn, 0, ...Array.from({ length: count }, blank));
  }

  deleteColumns(column: number, count: number) {
    this.onCall('deleteColumns');
    this.calls.push('deleteColumns');
    for (const row of this.cells) row.splice(column - 1, count);
  }

  moveColumns(column: number, count: number, before: number) {
    this.onCall('moveColumns');
    this.calls.push('moveColumns');
    if (before >= column && before <= column + count) return;
    const target = before > column + count ? before - 1 - count : before - 1;
    for (const row of this.cells) {
      while (row.length < Math.max(column - 1 + count, before - 1)) row.push(blank());
      row.splice(target, 0, ...row.splice(column - 1, count));
    }
  }

  protectWithWarning() {
    this.onCall('protectWithWarning');
    this.calls.push('protectWithWarning');
  }

  ensureSize() {
    this.onCall('ensureSize');
  }

  styleHeader() {
    this.onCall('styleHeader');
  }
}
