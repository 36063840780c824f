/**
 * What the page's grid shows of a sheet: a window of rows, each cell's display value with its kind, formula and
 * error. The runtime's sheet view reads whole sheets, so one read per sheet and revision is kept and sliced.
 */
import { cellRect, formatA1 } from '../runtime/a1';
import type { CellValue, Runtime } from '../runtime';
import type { GridCell, GridWindow } from './protocol';

interface SheetSnapshot {
  revision: number;
  values: CellValue[][];
  display: string[][];
  formulas: string[][];
}

/** How many rows one request may ask for: a screenful or a few, never a whole sheet at once. */
const MAX_WINDOW_ROWS = 500;

function kindOf(value: CellValue): GridCell['kind'] {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (value instanceof Date) return 'date';
  return 'text';
}

export class GridReader {
  private readonly snapshots = new Map<string, SheetSnapshot>();

  constructor(private readonly rt: Runtime) {}

  /** Rows top..bottom (1-based, inclusive; clipped to the sheet) as of `revision`. */
  window(sheetName: string, top: number, bottom: number, revision: number): GridWindow {
    const snapshot = this.snapshot(sheetName, revision);
    const last = Math.min(bottom, top + MAX_WINDOW_ROWS - 1, snapshot.values.length);
    const rows: GridWindow['rows'] = [];
    for (let row = top; row <= last; row++) {
      rows.push(snapshot.values[row - 1].map((value, index) => this.cell(sheetName, snapshot, row, index + 1, value)));
    }
    return { sheet: sheetName, revision, top, rows };
  }

  private cell(sheetName: string, snapshot: SheetSnapshot, row: number, column: number, value: CellValue): GridCell | null {
    const formula = snapshot.formulas[row - 1][column - 1];
    if (value === '' && formula === '') return null;
    const cell: GridCell = { text: snapshot.display[row - 1][column - 1], kind: kindOf(value) };
    if (formula === '') return cell;
    cell.formula = formula;
    const error = this.rt.spreadsheet.cellError(sheetName, formatA1(cellRect(row, column)));
    if (error) {
      cell.kind = 'error';
      cell.error = error.message;
    }
    return cell;
  }

  private snapshot(sheetName: string, revision: number): SheetSnapshot {
    const cached = this.snapshots.get(sheetName);
    if (cached?.revision === revision) return cached;
    const sheet = this.rt.spreadsheet.sheet(sheetName);
    const snapshot = { revision, values: sheet.values(), display: sheet.displayValues(), formulas: sheet.formulas() };
    this.snapshots.set(sheetName, snapshot);
    return snapshot;
  }
}
