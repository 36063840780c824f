import { cellRect, parseA1, type Rect } from './a1';
import { displayValue } from './number-format';
import type { Cell, CellError, SheetModel, SpreadsheetModel, UiRecords } from './spreadsheet-model';
import { DEFAULT_NUMBER_FORMAT, type CellValue } from './values';

/** rt.spreadsheet: what tests inspect, read straight from the model (no execution, no stats). */
export class SpreadsheetView {
  constructor(private readonly model: SpreadsheetModel) {}

  get id(): string {
    return this.model.id;
  }

  get name(): string {
    return this.model.name;
  }

  get timeZone(): string {
    return this.model.timeZone;
  }

  sheetNames(): string[] {
    return this.model.sheets.map((sheet) => sheet.name);
  }

  sheet(name: string): SheetView {
    return new SheetView(this.model.requireSheet(name), this.model.timeZone);
  }

  /** The error a cell shows (#ERROR!, #REF! …) with its message, or undefined. */
  cellError(sheetName: string, a1: string): CellError | undefined {
    const sheet = this.model.requireSheet(sheetName);
    const rect = parseA1(a1, sheet.maxRows, sheet.maxColumns);
    if (!rect) throw new Error(`Not a cell: ${a1}`);
    return sheet.cell(rect.top, rect.left)?.error;
  }

  get menu(): UiRecords['menu'] {
    return this.model.ui.menu;
  }

  get sidebar(): UiRecords['sidebar'] {
    return this.model.ui.sidebar;
  }

  get toasts(): UiRecords['toasts'] {
    return this.model.ui.toasts;
  }

  get alerts(): UiRecords['alerts'] {
    return this.model.ui.alerts;
  }
}

/** One sheet's contents over its data range (A1 to the last row and column with content; [] when empty). */
export class SheetView {
  constructor(
    private readonly sheet: SheetModel,
    private readonly timeZone: string,
  ) {}

  get name(): string {
    return this.sheet.name;
  }

  get frozenRows(): number {
    return this.sheet.frozenRows;
  }

  get hidden(): boolean {
    return this.sheet.hidden;
  }

  get maxRows(): number {
    return this.sheet.maxRows;
  }

  get maxColumns(): number {
    return this.sheet.maxColumns;
  }

  get lastRow(): number {
    return this.sheet.lastRow;
  }

  get lastColumn(): number {
    return this.sheet.lastColumn;
  }

  /** Stored values: what getValues returns, spilled custom-function results included. */
  values(): CellValue[][] {
    return this.read((cell) => {
      const value = cell?.shownValue ?? '';
      return value instanceof Date ? new Date(value.getTime()) : value;
    });
  }

  displayValues(): string[][] {
    return this.read((cell) => displayValue(cell?.shownValue ?? '', cell?.numberFormat, this.timeZone));
  }

  formulas(): string[][] {
    return this.read((cell) => cell?.formula ?? '');
  }

  numberFormats(): string[][] {
    return this.read((cell) => cell?.numberFormat ?? DEFAULT_NUMBER_FORMAT);
  }

  private read<T>(project: (cell: Cell | undefined) => T): T[][] {
    const { lastRow, lastColumn } = this.sheet;
    if (lastRow === 0) return [];
    const rect: Rect = { ...cellRect(1, 1), bottom: lastRow, right: lastColumn };
    return this.sheet.read(rect, project);
  }
}
