import { cellRect, formatA1, rectsIntersect, type Rect } from './a1';
import { copySpec, type ChartState } from './charts';
import { ScriptException } from './errors';
import { SHEETS } from './limits';
import type { ValidationRule } from './dataValidation';
import { offsetReferences } from './formulaReferences';
import type { CellContent, CellValue } from './values';

export interface Position {
  row: number;
  column: number;
}

/** A rectangle on a sheet, by sheet id so that renaming the sheet keeps it. */
export interface SheetRect {
  sheetId: number;
  rect: Rect;
}

export type CellErrorCode = '#ERROR!' | '#REF!' | '#VALUE!' | '#NAME?' | '#DIV/0!' | '#N/A' | '#NUM!';

export interface CellError {
  code: CellErrorCode;
  message: string;
}

export type FormulaOutcome = { values: CellValue[][] } | { error: CellError };

/** A custom-function formula's last run. */
export interface FormulaEvaluation {
  outcome: FormulaOutcome;
  /** Cells the arguments read: when one of them changes, the function runs again. */
  dependencies: SheetRect[];
  /** Why the result could not spill (#REF!), when it could not. */
  spillError?: CellError;
}

/** What a cell carries besides its content: formats, a note and a rule, which travel with it when it is copied or sorted. */
export interface CellParts {
  numberFormat?: string;
  fontWeight?: string;
  background?: string;
  /** A cell note (Insert → Note); not content: getLastRow and clearContent pass it by. */
  note?: string;
  /** A data validation rule (checkbox, dropdown); not content either. */
  validation?: ValidationRule;
}

/** The parts `cell` has set, unset ones left out, its rule a copy of its own. */
export function cellParts(cell: CellParts | undefined): CellParts {
  return {
    ...(cell?.numberFormat !== undefined && { numberFormat: cell.numberFormat }),
    ...(cell?.fontWeight !== undefined && { fontWeight: cell.fontWeight }),
    ...(cell?.background !== undefined && { background: cell.background }),
    ...(cell?.note !== undefined && { note: cell.note }),
    ...(cell?.validation !== undefined && { validation: structuredClone(cell.validation) }),
  };
}

export class Cell implements CellParts {
  /** What a user or script stored: '' when empty or when the cell holds a formula. */
  value: CellValue = '';
  formula?: string;
  /** Set on a custom-function formula cell once it has run. */
  evaluation?: FormulaEvaluation;
  /** A value spilled here from another cell's custom-function result; kept apart from the cell's own value. */
  spill?: { anchor: Cell; value: CellValue };
  numberFormat?: string;
  fontWeight?: string;
  background?: string;
  note?: string;
  validation?: ValidationRule;

  get hasOwnContent(): boolean {
    return this.value !== '' || this.formula !== undefined;
  }

  /** Anything worth saving with the spreadsheet: content, formats, a note or a rule. */
  get hasState(): boolean {
    return (
      this.hasOwnContent ||
      this.numberFormat !== undefined ||
      this.fontWeight !== undefined ||
      this.background !== undefined ||
      this.note !== undefined ||
      this.validation !== undefined
    );
  }

  get isBlank(): boolean {
    return !this.hasOwnContent && (this.spill?.value ?? '') === '';
  }

  get error(): CellError | undefined {
    const evaluation = this.evaluation;
    if (!evaluation) return undefined;
    return evaluation.spillError ?? ('error' in evaluation.outcome ? evaluation.outcome.error : undefined);
  }

  /** What getValues returns for the cell. */
  get shownValue(): CellValue {
    if (this.formula === undefined) return this.value !== '' ? this.value : (this.spill?.value ?? '');
    const error = this.error;
    if (error) return error.code;
    return this.evaluation && 'values' in this.evaluation.outcome ? this.evaluation.outcome.values[0][0] : '';
  }
}

export type MenuEntry = { caption: string; functionName: string } | { separator: true } | { caption: string; submenu: MenuEntry[] };

/** What the user sees of the add-on, recorded for tests (not persisted: onOpen rebuilds it). */
export interface UiRecords {
  menu?: { addon: boolean; title: string; items: MenuEntry[] };
  sidebar?: { title: string; html: string };
  toasts: Array<{ message: string; title: string; timeoutSeconds?: number }>;
  alerts: Array<{ title?: string; prompt: string; buttons?: string }>;
}

type JsonCellValue = string | number | boolean | { date: number };

export interface CellState extends CellParts {
  row: number;
  column: number;
  value?: JsonCellValue;
  formula?: string;
  evaluation?: { values?: JsonCellValue[][]; error?: CellError; dependencies: SheetRect[] };
}

export interface SheetState {
  id: number;
  name: string;
  maxRows: number;
  maxColumns: number;
  frozenRows: number;
  hidden: boolean;
  cells: CellState[];
  /** Embedded charts (charts.ts); absent in states saved before charts were modelled. */
  charts?: ChartState[];
  nextChartSeq?: number;
  /** Whole-sheet protection (Sheet.protect()); absent when the sheet has none. */
  protection?: SheetProtection;
}

/** A whole sheet's protection: with warningOnly, anyone may edit after a warning; otherwise only its editors. */
export interface SheetProtection {
  description: string;
  warningOnly: boolean;
}

export interface SpreadsheetSettings {
  id: string;
  name: string;
  timeZone: string;
  owner: string;
}

export interface SpreadsheetState extends SpreadsheetSettings {
  activeSheetId: number;
  nextSheetId: number;
  sheets: SheetState[];
}

const encodeValue = (value: CellValue): JsonCellValue => (value instanceof Date ? { date: value.getTime() } : value);
const decodeValue = (value: JsonCellValue): CellValue => (typeof value === 'object' ? new Date(value.date) : value);

function spillRegion(position: Position, values: CellValue[][]): Rect {
  return {
    top: position.row,
    left: position.column,
    bottom: position.row + values.length - 1,
    right: position.column + values[0].length - 1,
  };
}

/** array.splice(index, 0, …count empty slots) without passing `count` arguments: inserts can be huge. */
function insertEmpty<T>(array: Array<T | undefined>, index: number, count: number): void {
  const length = array.length;
  array.length = length + count;
  array.copyWithin(index + count, index, length);
  array.fill(undefined, index, index + count);
}

/** The custom-function result a formula cell wants to spill, if it has one. */
function resultValues(cell: Cell): CellValue[][] | undefined {
  const outcome = cell.evaluation?.outcome;
  return outcome && 'values' in outcome ? outcome.values : undefined;
}

/** What a clear removes: Range.clear(options) and its relatives each pick some of these. */
export interface ClearWhat {
  contents?: boolean;
  formats?: boolean;
  notes?: boolean;
  validations?: boolean;
}

/** One level of Range.sort: a sheet column (1-based) and its direction. */
export interface SortKey {
  column: number;
  ascending: boolean;
}

/** Sheets' ascending order by kind: numbers and dates, then text, then booleans; blanks always sort last. */
function kindRank(value: CellValue): number {
  if (value === '') return 3;
  if (typeof value === 'number' || value instanceof Date) return 0;
  return typeof value === 'string' ? 1 : 2;
}

const asNumber = (value: number | Date): number => (value instanceof Date ? value.getTime() / 86_400_000 + 25_569 : value);

/** Ascending comparison of two non-blank values of the same kind; text ignores case. */
function compareSameKind(a: CellValue, b: CellValue): number {
  if (typeof a === 'string' && typeof b === 'string') return a.localeCompare(b, 'en', { sensitivity: 'accent' });
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return asNumber(a as number | Date) - asNumber(b as number | Date);
}

function compareForSort(a: CellValue, b: CellValue, ascending: boolean): number {
  const [rankA, rankB] = [kindRank(a), kindRank(b)];
  if (rankA === 3 || rankB === 3) return rankA === rankB ? 0 : rankA === 3 ? 1 : -1;
  const order = rankA !== rankB ? rankA - rankB : compareSameKind(a, b);
  return ascending ? order : -order;
}

/** A cell's own parts, for copying: its content (a formula re-anchored to where it lands) and its formats. */
export interface CellCopy extends CellParts {
  value: CellValue;
  formula?: string;
}

/** Whether the workbook can take `extraCells` more cells (the 10,000,000-cell limit). */
export type RoomCheck = (extraCells: number) => boolean;

export class SheetModel {
  frozenRows = 0;
  hidden = false;
  /** Sheet.protect(): one per sheet, as Sheets keeps one whole-sheet protection. */
  protection: SheetProtection | undefined;
  /** Embedded charts, in insertion order (what getCharts returns). */
  readonly charts: ChartState[] = [];
  private nextChartSeq = 1;
  private readonly rows: Array<Array<Cell | undefined> | undefined> = [];
  /** Every formula cell and where it is now (kept up to date by row and column inserts and deletes). */
  readonly formulaCells = new Map<Cell, Position>();
  /** The region each custom-function result fills at the moment. */
  private readonly spillRegions = new Map<Cell, Rect>();

  constructor(
    readonly id: number,
    public name: string,
    private readonly hasRoomFor: RoomCheck,
    public maxRows: number = SHEETS.newSheetRows,
    public maxColumns: number = SHEETS.newSheetColumns,
  ) {}

  /** Chart ids are unique across the spreadsheet: the sheet's id, then the chart's number on it. */
  takeChartId(): number {
    return this.id * 100_000 + this.nextChartSeq++;
  }

  get cellCount(): number {
    return this.maxRows * this.maxColumns;
  }

  cell(row: number, column: number): Cell | undefined {
    return this.rows[row - 1]?.[column - 1];
  }

  read<T>(rect: Rect, project: (cell: Cell | undefined) => T): T[][] {
    const grid: T[][] = [];
    for (let row = rect.top; row <= rect.bottom; row++) {
      const cells = this.rows[row - 1];
      const line: T[] = [];
      for (let column = rect.left; column <= rect.right; column++) line.push(project(cells?.[column - 1]));
      grid.push(line);
    }
    return grid;
  }

  /** Changes formats or styles over a rectangle, creating cells as needed. */
  format(rect: Rect, update: (cell: Cell, rowOffset: number, columnOffset: number) => void): void {
    for (let row = rect.top; row <= rect.bottom; row++) {
      for (let column = rect.left; column <= rect.right; column++)
        update(this.cellForWrite(row, column), row - rect.top, column - rect.left);
    }
  }

  setContent(row: number, column: number, content: CellContent): Cell {
    const cell = this.cellForWrite(row, column);
    this.formulaCells.delete(cell);
    cell.formula = undefined;
    cell.evaluation = undefined;
    cell.value = '';
    if ('formula' in content) {
      cell.formula = content.formula;
      this.formulaCells.set(cell, { row, column });
    } else {
      cell.value = content.value;
      if (content.impliedFormat && cell.numberFormat === undefined) cell.numberFormat = content.impliedFormat;
    }
    return cell;
  }

  clear(rect: Rect, what: ClearWhat): void {
    this.forEachExisting(rect, (cell) => {
      if (what.contents) {
        this.formulaCells.delete(cell);
        cell.value = '';
        cell.formula = undefined;
        cell.evaluation = undefined;
      }
      if (what.formats) {
        cell.numberFormat = undefined;
        cell.fontWeight = undefined;
        cell.background = undefined;
      }
      if (what.notes) cell.note = undefined;
      if (what.validations) cell.validation = undefined;
    });
  }

  get lastRow(): number {
    for (let row = this.rows.length; row >= 1; row--) {
      if (this.rows[row - 1]?.some((cell) => cell !== undefined && !cell.isBlank)) return row;
    }
    return 0;
  }

  get lastColumn(): number {
    let last = 0;
    for (const cells of this.rows) {
      cells?.forEach((cell, index) => {
        if (cell !== undefined && !cell.isBlank) last = Math.max(last, index + 1);
      });
    }
    return last;
  }

  insertRows(after: number, count: number): void {
    this.restructure(
      () => {
        if (after < this.rows.length) insertEmpty(this.rows, after, count);
        this.maxRows += count;
      },
      (position) => (position.row > after ? { ...position, row: position.row + count } : position),
    );
  }

  deleteRows(start: number, count: number): void {
    this.restructure(
      () => {
        this.rows.splice(start - 1, count);
        this.maxRows -= count;
      },
      (position) => {
        if (position.row < start) return position;
        return position.row >= start + count ? { ...position, row: position.row - count } : undefined;
      },
    );
  }

  insertColumns(after: number, count: number): void {
    this.restructure(
      () => {
        for (const cells of this.rows) if (cells && after < cells.length) insertEmpty(cells, after, count);
        this.maxColumns += count;
      },
      (position) => (position.column > after ? { ...position, column: position.column + count } : position),
    );
  }

  deleteColumns(start: number, count: number): void {
    this.restructure(
      () => {
        for (const cells of this.rows) cells?.splice(start - 1, count);
        this.maxColumns -= count;
      },
      (position) => {
        if (position.column < start) return position;
        return position.column >= start + count ? { ...position, column: position.column - count } : undefined;
      },
    );
  }

  /**
   * Sheet.moveColumns: `count` columns from `start` move, with their cells, to before column `destination` (counted
   * before the move); the columns between close up.
   */
  moveColumns(start: number, count: number, destination: number): void {
    const end = start + count;
    if (destination >= start && destination <= end) return;
    const target = destination > end ? destination - count : destination;
    const moved = (column: number): number => {
      if (column >= start && column < end) return target + (column - start);
      if (destination > end && column >= end && column < destination) return column - count;
      if (destination < start && column >= destination && column < start) return column + count;
      return column;
    };
    this.restructure(
      () => {
        const width = Math.max(end, destination);
        for (const cells of this.rows) {
          if (!cells) continue;
          const before = Array.from({ length: Math.max(width, cells.length) }, (_, index) => cells[index]);
          const after = [...before];
          for (let column = 1; column < width; column++) after[moved(column) - 1] = before[column - 1];
          cells.length = 0;
          cells.push(...after);
        }
      },
      (position) => ({ ...position, column: moved(position.column) }),
    );
  }

  /** Whether a change to `rect` can change where results spill: it meets a spill, or a result that could not spill. */
  spillsTouch(rect: Rect): boolean {
    for (const region of this.spillRegions.values()) if (rectsIntersect(region, rect)) return true;
    for (const [cell, position] of this.formulaCells) {
      const values = resultValues(cell);
      if (values && cell.evaluation?.spillError && rectsIntersect(spillRegion(position, values), rect)) return true;
    }
    return false;
  }

  /**
   * Spills every custom-function result again, top to bottom: a result spills right and down from its cell unless
   * it would cover a non-empty cell (or another spill), in which case the formula cell shows #REF! instead. A result
   * running past the last row or column adds rows or columns, as long as the workbook has room for them. The
   * platform re-expands a blocked result once the way is clear; so does this.
   */
  layoutSpills(): void {
    this.clearSpills();
    const anchors = [...this.formulaCells]
      .flatMap(([cell, position]) => {
        const values = resultValues(cell);
        return values && cell.evaluation ? [{ cell, evaluation: cell.evaluation, position, values }] : [];
      })
      .sort((a, b) => a.position.row - b.position.row || a.position.column - b.position.column);
    for (const { cell, evaluation, position, values } of anchors) {
      const region = spillRegion(position, values);
      evaluation.spillError = this.spillObstacle(cell, region);
      if (evaluation.spillError) continue;
      values.forEach((line, rowOffset) =>
        line.forEach((value, columnOffset) => {
          if (rowOffset > 0 || columnOffset > 0)
            this.cellForWrite(region.top + rowOffset, region.left + columnOffset).spill = { anchor: cell, value };
        }),
      );
      this.spillRegions.set(cell, region);
    }
  }

  /**
   * Range.sort: reorders the rows of `rect` (only its columns) by `keys`, stably. Whole cells move — values,
   * formulas (relative references shifted by the distance moved), formats, notes and validation rules. Returns
   * the formula cells that moved, which must run again.
   */
  sortRows(rect: Rect, keys: SortKey[]): Cell[] {
    this.clearSpills();
    const height = rect.bottom - rect.top + 1;
    const lines = Array.from({ length: height }, (_, offset) => {
      const cells = this.rows[rect.top + offset - 1];
      return Array.from({ length: rect.right - rect.left + 1 }, (__, column) => cells?.[rect.left + column - 1]);
    });
    const sortValue = (line: Array<Cell | undefined>, column: number): CellValue => line[column - rect.left]?.shownValue ?? '';
    const order = lines.map((_, index) => index);
    order.sort((a, b) => {
      for (const key of keys) {
        const compared = compareForSort(sortValue(lines[a], key.column), sortValue(lines[b], key.column), key.ascending);
        if (compared !== 0) return compared;
      }
      return 0;
    });
    const movedFormulas: Cell[] = [];
    order.forEach((source, target) => {
      const row = rect.top + target;
      const distance = target - source;
      lines[source].forEach((cell, offset) => {
        const column = rect.left + offset;
        if (!cell) {
          if (this.rows[row - 1]) this.rows[row - 1]![column - 1] = undefined;
          return;
        }
        (this.rows[row - 1] ??= [])[column - 1] = cell;
        if (cell.formula === undefined) return;
        this.formulaCells.set(cell, { row, column });
        if (distance !== 0) {
          cell.formula = offsetReferences(cell.formula, distance, 0);
          movedFormulas.push(cell);
        }
      });
    });
    this.layoutSpills();
    return movedFormulas;
  }

  /** The own parts of each cell of `rect`, with formulas as they would read moved by (rows, columns). */
  copyCells(rect: Rect, rows: number, columns: number): CellCopy[][] {
    return this.read(rect, (cell) => ({
      value: cell?.value ?? '',
      ...(cell?.formula !== undefined && { formula: offsetReferences(cell.formula, rows, columns) }),
      ...cellParts(cell),
    }));
  }

  toState(): SheetState {
    const cells: CellState[] = [];
    this.rows.forEach((line, rowIndex) =>
      line?.forEach((cell, columnIndex) => {
        if (!cell?.hasState) return;
        const outcome = cell.evaluation?.outcome;
        cells.push({
          row: rowIndex + 1,
          column: columnIndex + 1,
          ...(cell.value !== '' && { value: encodeValue(cell.value) }),
          ...(cell.formula !== undefined && { formula: cell.formula }),
          ...cellParts(cell),
          ...(outcome && {
            evaluation: {
              dependencies: cell.evaluation?.dependencies ?? [],
              ...('values' in outcome ? { values: outcome.values.map((values) => values.map(encodeValue)) } : { error: outcome.error }),
            },
          }),
        });
      }),
    );
    const { id, name, maxRows, maxColumns, frozenRows, hidden, nextChartSeq } = this;
    const charts = this.charts.length ? { charts: this.charts.map(copySpec), nextChartSeq } : {};
    return {
      id,
      name,
      maxRows,
      maxColumns,
      frozenRows,
      hidden,
      cells,
      ...charts,
      ...(this.protection && { protection: { ...this.protection } }),
    };
  }

  static fromState(state: SheetState, hasRoomFor: RoomCheck): SheetModel {
    const sheet = new SheetModel(state.id, state.name, hasRoomFor, state.maxRows, state.maxColumns);
    sheet.frozenRows = state.frozenRows;
    sheet.hidden = state.hidden;
    sheet.protection = state.protection && { ...state.protection };
    sheet.charts.push(...(state.charts ?? []).map(copySpec));
    sheet.nextChartSeq = state.nextChartSeq ?? 1;
    for (const saved of state.cells) {
      const cell = sheet.cellForWrite(saved.row, saved.column);
      if (saved.value !== undefined) cell.value = decodeValue(saved.value);
      Object.assign(cell, cellParts(saved));
      if (saved.formula === undefined) continue;
      cell.formula = saved.formula;
      sheet.formulaCells.set(cell, { row: saved.row, column: saved.column });
      const evaluation = saved.evaluation;
      if (evaluation) {
        cell.evaluation = {
          dependencies: evaluation.dependencies,
          outcome: evaluation.values
            ? { values: evaluation.values.map((values) => values.map(decodeValue)) }
            : { error: evaluation.error ?? { code: '#ERROR!', message: '' } },
        };
      }
    }
    sheet.layoutSpills();
    return sheet;
  }

  private cellForWrite(row: number, column: number): Cell {
    const cells = (this.rows[row - 1] ??= []);
    return (cells[column - 1] ??= new Cell());
  }

  private forEachExisting(rect: Rect, visit: (cell: Cell) => void): void {
    for (let row = rect.top; row <= Math.min(rect.bottom, this.rows.length); row++) {
      const cells = this.rows[row - 1];
      if (!cells) continue;
      for (let column = rect.left; column <= Math.min(rect.right, cells.length); column++) {
        const cell = cells[column - 1];
        if (cell) visit(cell);
      }
    }
  }

  private spillObstacle(anchor: Cell, region: Rect): CellError | undefined {
    for (let row = region.top; row <= Math.min(region.bottom, this.maxRows); row++) {
      for (let column = region.left; column <= Math.min(region.right, this.maxColumns); column++) {
        const cell = this.cell(row, column);
        if (cell && cell !== anchor && (cell.hasOwnContent || cell.spill)) {
          return {
            code: '#REF!',
            message: `Array result was not expanded because it would overwrite data in ${formatA1(cellRect(row, column))}.`,
          };
        }
      }
    }
    const extraRows = Math.max(0, region.bottom - this.maxRows);
    const extraColumns = Math.max(0, region.right - this.maxColumns);
    const extraCells = (this.maxRows + extraRows) * (this.maxColumns + extraColumns) - this.cellCount;
    if (extraCells > 0 && !this.hasRoomFor(extraCells)) {
      const missing = extraRows > 0 ? `rows (${extraRows})` : `columns (${extraColumns})`;
      return { code: '#REF!', message: `Result was not automatically expanded, please insert more ${missing}.` };
    }
    this.maxRows += extraRows;
    this.maxColumns += extraColumns;
    return undefined;
  }

  private clearSpills(): void {
    for (const [anchor, region] of this.spillRegions) {
      this.forEachExisting(region, (cell) => {
        if (cell.spill?.anchor === anchor) cell.spill = undefined;
      });
    }
    this.spillRegions.clear();
  }

  /** Row and column inserts and deletes: results are taken down, cells move, formula positions follow, results spill again. */
  private restructure(change: () => void, move: (position: Position) => Position | undefined): void {
    this.clearSpills();
    change();
    for (const [cell, position] of this.formulaCells) {
      const moved = move(position);
      if (moved) this.formulaCells.set(cell, moved);
      else this.formulaCells.delete(cell);
    }
    this.layoutSpills();
  }
}

export class SpreadsheetModel {
  readonly sheets: SheetModel[] = [];
  activeSheetId = 0;
  readonly ui: UiRecords = { toasts: [], alerts: [] };
  /** Formula cells whose custom function must run (again): just written, or an argument changed. */
  readonly pendingEvaluations = new Map<Cell, SheetModel>();
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly owner: string;
  private nextSheetId = 0;
  private readonly roomCheck: RoomCheck = (extraCells) =>
    this.sheets.reduce((sum, sheet) => sum + sheet.cellCount, 0) + extraCells <= SHEETS.maxCells;

  private constructor(settings: SpreadsheetSettings) {
    ({ id: this.id, name: this.name, timeZone: this.timeZone, owner: this.owner } = settings);
  }

  /** A new spreadsheet has one sheet, "Sheet1". */
  static create(settings: SpreadsheetSettings): SpreadsheetModel {
    const spreadsheet = new SpreadsheetModel(settings);
    spreadsheet.insertSheet('Sheet1');
    return spreadsheet;
  }

  static fromState(state: SpreadsheetState): SpreadsheetModel {
    const spreadsheet = new SpreadsheetModel(state);
    spreadsheet.sheets.push(...state.sheets.map((sheet) => SheetModel.fromState(sheet, spreadsheet.roomCheck)));
    spreadsheet.activeSheetId = state.activeSheetId;
    spreadsheet.nextSheetId = state.nextSheetId;
    return spreadsheet;
  }

  sheetByName(name: string): SheetModel | undefined {
    return this.sheets.find((sheet) => sheet.name === name);
  }

  requireSheet(name: string): SheetModel {
    const sheet = this.sheetByName(name);
    if (!sheet) throw new Error(`No sheet named "${name}"; sheets: ${this.sheets.map((each) => each.name).join(', ')}`);
    return sheet;
  }

  get activeSheet(): SheetModel {
    return this.sheets.find((sheet) => sheet.id === this.activeSheetId) ?? this.sheets[0];
  }

  /** Adds a sheet (at a 0-based `index`, default last) and activates it, as Spreadsheet.insertSheet does. */
  insertSheet(name?: string, index = this.sheets.length): SheetModel {
    let sheetName = name;
    for (let number = this.sheets.length + 1; sheetName === undefined; number++) {
      if (!this.nameTaken(`Sheet${number}`)) sheetName = `Sheet${number}`;
    }
    this.assertNameFree(sheetName);
    const sheet = new SheetModel(this.nextSheetId++, sheetName, this.roomCheck);
    this.assertRoomFor(sheet.cellCount);
    this.sheets.splice(Math.min(Math.max(index, 0), this.sheets.length), 0, sheet);
    this.activeSheetId = sheet.id;
    return sheet;
  }

  deleteSheet(sheet: SheetModel): void {
    if (this.sheets.length === 1) throw new ScriptException("You can't remove all the sheets in a document.");
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    for (const [cell, owner] of this.pendingEvaluations) if (owner === sheet) this.pendingEvaluations.delete(cell);
    if (this.activeSheetId === sheet.id) this.activeSheetId = this.sheets[0].id;
  }

  renameSheet(sheet: SheetModel, name: string): void {
    if (name !== sheet.name) this.assertNameFree(name);
    sheet.name = name;
  }

  /** The workbook-wide cell limit, checked before anything grows. */
  assertRoomFor(extraCells: number): void {
    if (!this.roomCheck(extraCells)) {
      throw new ScriptException(
        `This action would increase the number of cells in the workbook above the limit of ${SHEETS.maxCells} cells.`,
      );
    }
  }

  /** Writes a block of contents at (top, left). Formula cells written are queued for evaluation. */
  write(sheet: SheetModel, top: number, left: number, contents: CellContent[][]): void {
    let width = 0;
    contents.forEach((line, rowOffset) => {
      width = Math.max(width, line.length);
      line.forEach((content, columnOffset) => {
        const cell = sheet.setContent(top + rowOffset, left + columnOffset, content);
        if ('formula' in content) this.pendingEvaluations.set(cell, sheet);
      });
    });
    if (contents.length > 0 && width > 0)
      this.contentChanged(sheet, { top, left, bottom: top + contents.length - 1, right: left + width - 1 });
  }

  clear(sheet: SheetModel, rect: Rect, what: ClearWhat): void {
    sheet.clear(rect, what);
    if (what.contents) this.contentChanged(sheet, rect);
  }

  sort(sheet: SheetModel, rect: Rect, keys: SortKey[]): void {
    for (const cell of sheet.sortRows(rect, keys)) this.pendingEvaluations.set(cell, sheet);
    this.contentChanged(sheet, rect);
  }

  /** Range.copyTo: pastes `copies` at (top, left), the parts `what` names. */
  paste(
    sheet: SheetModel,
    top: number,
    left: number,
    copies: CellCopy[][],
    what: { contents: boolean; formats: boolean; notes: boolean; validations: boolean },
  ): void {
    if (what.contents)
      this.write(
        sheet,
        top,
        left,
        copies.map((row) =>
          row.map((copy): CellContent => (copy.formula !== undefined ? { formula: copy.formula } : { value: copy.value })),
        ),
      );
    const rect = { top, left, bottom: top + copies.length - 1, right: left + copies[0].length - 1 };
    sheet.format(rect, (cell, rowOffset, columnOffset) => {
      const copy = copies[rowOffset][columnOffset];
      if (what.formats) {
        cell.numberFormat = copy.numberFormat;
        cell.fontWeight = copy.fontWeight;
        cell.background = copy.background;
      }
      if (what.notes) cell.note = copy.note;
      if (what.validations) cell.validation = copy.validation && structuredClone(copy.validation);
    });
  }

  /** Records a custom function's result (or, with undefined, that the formula is not a custom function). */
  applyEvaluation(sheet: SheetModel, cell: Cell, evaluation: FormulaEvaluation | undefined): void {
    cell.evaluation = evaluation;
    sheet.layoutSpills();
  }

  /** rt.recalculate: every formula cell (of one sheet, or all) runs again. */
  queueAllFormulas(sheet?: SheetModel): void {
    for (const each of sheet ? [sheet] : this.sheets) for (const cell of each.formulaCells.keys()) this.pendingEvaluations.set(cell, each);
  }

  toState(): SpreadsheetState {
    const { id, name, timeZone, owner, activeSheetId, nextSheetId } = this;
    return { id, name, timeZone, owner, activeSheetId, nextSheetId, sheets: this.sheets.map((sheet) => sheet.toState()) };
  }

  /** After contents change: results may spill differently, and formulas reading the changed cells run again. */
  private contentChanged(sheet: SheetModel, rect: Rect): void {
    if (sheet.spillsTouch(rect)) sheet.layoutSpills();
    for (const each of this.sheets) {
      for (const cell of each.formulaCells.keys()) {
        const reads = cell.evaluation?.dependencies.some(
          (dependency) => dependency.sheetId === sheet.id && rectsIntersect(dependency.rect, rect),
        );
        if (reads) this.pendingEvaluations.set(cell, each);
      }
    }
  }

  private nameTaken(name: string): boolean {
    return this.sheets.some((sheet) => sheet.name.toLowerCase() === name.toLowerCase());
  }

  private assertNameFree(name: string): void {
    if (this.nameTaken(name)) throw new ScriptException(`A sheet with the name "${name}" already exists. Please enter another name.`);
  }
}
