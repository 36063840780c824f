import { cellRect, formatA1, parseA1, type Rect } from './a1';
import { displayValue } from './numberFormat';
import {
  cellParts,
  type Cell,
  type CellCopy,
  type CellError,
  type SheetModel,
  type SheetProtection,
  type SpreadsheetModel,
  type UiRecords,
} from './spreadsheetModel';
import { DEFAULT_NUMBER_FORMAT, type CellValue } from './values';
import type { ChartPosition } from './charts';

/** An embedded chart as a test sees it: its blocks by sheet name and A1 notation. */
export interface ChartSnapshot {
  chartId: number;
  chartType: string;
  ranges: Array<{ sheetName: string; a1: string }>;
  options: Record<string, unknown>;
  position: ChartPosition;
  numHeaders: number;
}

/** Everything a cell holds, for tests that check what travelled with a row (a copy's parts). Unset parts are left out. */
export type CellSnapshot = CellCopy;

function snapshot(cell: Cell | undefined): CellSnapshot {
  const value = cell?.shownValue ?? '';
  return {
    value: value instanceof Date ? new Date(value.getTime()) : value,
    ...(cell?.formula !== undefined && { formula: cell.formula }),
    ...cellParts(cell),
  };
}

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
    const sheetName = (id: number) => this.model.sheets.find((sheet) => sheet.id === id)?.name ?? '#REF!';
    return new SheetView(this.model.requireSheet(name), this.model.timeZone, sheetName);
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
    private readonly sheetName: (id: number) => string = () => '#REF!',
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

  /** The whole-sheet protection (Sheet.protect()), if any. */
  get protection(): SheetProtection | undefined {
    return this.sheet.protection && { ...this.sheet.protection };
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

  /** Notes over the data range ('' where none). */
  notes(): string[][] {
    return this.read((cell) => cell?.note ?? '');
  }

  /** Backgrounds over the data range (undefined where never set). */
  backgrounds(): Array<Array<string | undefined>> {
    return this.read((cell) => cell?.background);
  }

  /** The criteria type of each cell's data validation rule over the data range (CHECKBOX, VALUE_IN_LIST; '' where none). */
  validations(): string[][] {
    return this.read((cell) => cell?.validation?.criteria ?? '');
  }

  /** The sheet's embedded charts, in getCharts order. */
  charts(): ChartSnapshot[] {
    return this.sheet.charts.map((chart) => ({
      ...structuredClone(chart),
      ranges: chart.ranges.map(({ sheetId, ...rect }) => ({ sheetName: this.sheetName(sheetId), a1: formatA1(rect) })),
    }));
  }

  /** Every cell of `a1` in full, whether or not it lies within the data range. */
  cells(a1: string): CellSnapshot[][] {
    const rect = parseA1(a1, this.sheet.maxRows, this.sheet.maxColumns);
    if (!rect || rect.bottom > this.sheet.maxRows || rect.right > this.sheet.maxColumns)
      throw new Error(`Not a range of ${this.sheet.name}: ${a1}`);
    return this.sheet.read(rect, snapshot);
  }

  private read<T>(project: (cell: Cell | undefined) => T): T[][] {
    const { lastRow, lastColumn } = this.sheet;
    if (lastRow === 0) return [];
    const rect: Rect = { ...cellRect(1, 1), bottom: lastRow, right: lastColumn };
    return this.sheet.read(rect, project);
  }
}
