import { formatA1, parseA1, rectColumns, rectRows, splitSheetQualifier, type Rect } from './a1';
import { EmbeddedChartBuilderFake, EmbeddedChartFake, newChartSpec, SheetCharts, type ChartHost } from './charts';
import {
  checkboxRule,
  checkboxStates,
  DATA_VALIDATION_CRITERIA,
  DataValidationBuilderFake,
  DataValidationFake,
  type ValidationRule,
} from './dataValidation';
import { ScriptException, signatureMismatch } from './errors';
import { ACCESS, type AccessRule, type Execution } from './execution';
import { HtmlOutputFake } from './html';
import { ServiceObject } from './membrane';
import { displayValue } from './numberFormat';
import type { Platform } from './platform';
import { UserFake } from './session';
import type { Cell, ClearWhat, MenuEntry, SheetModel, SortKey, SpreadsheetModel } from './spreadsheetModel';
import { countCall } from './stats';
import { assertCellLength, DEFAULT_NUMBER_FORMAT, interpretInput, type CellContent, type CellValue } from './values';

const BUTTON_SET = Object.freeze({ OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' });
const BUTTON = Object.freeze({ CLOSE: 'CLOSE', OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO' });

const shownValue = (cell: Cell | undefined): CellValue => cell?.shownValue ?? '';
const DEFAULT_BACKGROUND = '#ffffff';
const DEFAULT_FONT_WEIGHT = 'normal';

/**
 * What clear(options) removes. Range.clear(): "contents and formats"; clear(options): what the true flags name,
 * and everything (contents, formats, validation rules, notes) when none is true ("By default all data is cleared").
 */
function clearedBy(options: unknown): ClearWhat {
  if (options === undefined) return { contents: true, formats: true };
  if (typeof options !== 'object' || options === null) throw signatureMismatch('SpreadsheetApp.Range.clear', [options]);
  const { contentsOnly, formatOnly, commentsOnly, validationsOnly } = options as Record<string, unknown>;
  const picked: ClearWhat = {
    contents: contentsOnly === true,
    formats: formatOnly === true,
    notes: commentsOnly === true,
    validations: validationsOnly === true,
  };
  return Object.values(picked).some(Boolean) ? picked : { contents: true, formats: true, notes: true, validations: true };
}

/**
 * Range.sort's argument: a column number, {column, ascending}, or an array of those (ascending unless told
 * otherwise). Columns are the sheet's, and must lie within the range.
 */
function sortKeys(spec: unknown, rect: Rect): SortKey[] {
  const api = 'SpreadsheetApp.Range.sort';
  const levels = Array.isArray(spec) ? spec : [spec];
  if (levels.length === 0) throw signatureMismatch(api, [spec]);
  return levels.map((level) => {
    const { column, ascending } =
      typeof level === 'number' ? { column: level, ascending: true } : ((level ?? {}) as { column?: unknown; ascending?: unknown });
    if (typeof column !== 'number' || !Number.isFinite(column) || (ascending !== undefined && typeof ascending !== 'boolean'))
      throw signatureMismatch(api, [spec]);
    const sheetColumn = Math.trunc(column);
    if (sheetColumn < rect.left || sheetColumn > rect.right) {
      throw new ScriptException(
        `The column to sort by (${sheetColumn}) is outside the range ${formatA1(rect)}: give a column number between ${rect.left} and ${rect.right}.`,
      );
    }
    return { column: sheetColumn, ascending: ascending ?? true };
  });
}

/** copyTo's options: {contentsOnly} (values and formulas), {formatOnly} (formats), neither (everything). */
function pastedBy(options: unknown): { contents: boolean; formats: boolean; notes: boolean; validations: boolean } {
  if (options !== undefined && (typeof options !== 'object' || options === null))
    throw signatureMismatch('SpreadsheetApp.Range.copyTo', [options]);
  const { contentsOnly, formatOnly } = (options ?? {}) as Record<string, unknown>;
  if (contentsOnly === true || formatOnly === true)
    return { contents: contentsOnly === true, formats: formatOnly === true, notes: false, validations: false };
  return { contents: true, formats: true, notes: true, validations: true };
}

/** setNote(s): a note is text; null or '' removes it. */
function noteText(note: unknown): string | undefined {
  const text = note === null || note === undefined ? '' : String(note);
  return text === '' ? undefined : text;
}

function validationRule(api: string, rule: unknown): ValidationRule | undefined {
  if (rule === null) return undefined;
  if (!(rule instanceof DataValidationFake)) throw signatureMismatch(api, [rule]);
  return rule.ruleForCell;
}

function requireNumbers(api: string, args: unknown[]): number[] {
  if (!args.every((arg) => typeof arg === 'number' && Number.isFinite(arg))) throw signatureMismatch(api, args);
  return args.map((arg) => Math.trunc(arg as number));
}

/** The rectangle getRange(row, column, numRows, numColumns) names, with the platform's complaints. */
function checkedRect(sheet: SheetModel, row: number, column: number, numRows: number, numColumns: number): Rect {
  if (row < 1) throw new ScriptException('The starting row of the range is too small.');
  if (column < 1) throw new ScriptException('The starting column of the range is too small.');
  if (numRows < 1) throw new ScriptException('The number of rows in the range must be at least 1.');
  if (numColumns < 1) throw new ScriptException('The number of columns in the range must be at least 1.');
  const rect = { top: row, left: column, bottom: row + numRows - 1, right: column + numColumns - 1 };
  if (rect.bottom > sheet.maxRows || rect.right > sheet.maxColumns) {
    throw new ScriptException('The coordinates of the range are outside the dimensions of the sheet.');
  }
  return rect;
}

function rectFromA1(sheet: SheetModel, a1: string): Rect {
  const rect = parseA1(a1, sheet.maxRows, sheet.maxColumns);
  if (!rect) throw new ScriptException('Range not found');
  return checkedRect(sheet, rect.top, rect.left, rectRows(rect), rectColumns(rect));
}

/** A 2-D array shaped like the range, or the platform's errors. */
function requireGrid(api: string, data: unknown, rect: Rect): unknown[][] {
  if (!Array.isArray(data) || !data.every((row) => Array.isArray(row))) throw signatureMismatch(api, [data]);
  const grid = data as unknown[][];
  if (grid.length !== rectRows(rect)) {
    throw new ScriptException(
      `The number of rows in the data does not match the number of rows in the range. The data has ${grid.length} but the range has ${rectRows(rect)}.`,
    );
  }
  const misfit = grid.find((row) => row.length !== rectColumns(rect));
  if (misfit) {
    throw new ScriptException(
      `The number of columns in the data does not match the number of columns in the range. The data has ${misfit.length} but the range has ${rectColumns(rect)}.`,
    );
  }
  return grid;
}

/** setFormula("=…"); the "=" may be left off; an empty formula empties the cell. */
function formulaContent(formula: unknown): CellContent {
  const text = String(formula ?? '');
  if (text === '') return { value: '' };
  assertCellLength(text);
  return { formula: text.startsWith('=') ? text : `=${text}` };
}

interface CellTouch {
  kind: 'read' | 'write';
  cells: number;
  sheet: SheetModel;
}

/** The cells of a sheet that hold anything: what clearing or restructuring the whole sheet has to visit. */
const usedCells = (sheet: SheetModel): number => sheet.lastRow * sheet.lastColumn;

/** Spreadsheet, Sheet and Range: the permission check, then the call counted in rt.stats.range by method name. */
abstract class SheetsObject extends ServiceObject {
  constructor(
    protected readonly execution: Execution,
    protected readonly platform: Platform,
  ) {
    super();
  }

  protected get spreadsheet(): SpreadsheetModel {
    return this.platform.spreadsheet;
  }

  /**
   * Denials name the bare method ("You do not have permission to call setValues"), as the platform does. A call
   * that reads or writes cells says how many (`touch`): it is charged on the clock, and may be the one the kill
   * switch ends the execution at.
   */
  protected enter(method: string, access: AccessRule, touch?: CellTouch): void {
    this.execution.checkAccess(method, access);
    countCall(this.platform.stats.range.calls, method);
    if (touch) this.charge(method, touch);
  }

  /** For calls that must check their arguments before they know how many cells they touch. */
  protected charge(method: string, { kind, cells, sheet }: CellTouch): void {
    this.platform.sheets.charge(this.execution, { method, kind, cells, sheetName: sheet.name }, this.platform.stats);
  }

  /** Writes values as typed input: each string is read according to its target cell's number format. */
  protected writeTyped(sheet: SheetModel, top: number, left: number, values: unknown[][]): void {
    const timeZone = this.spreadsheet.timeZone;
    const contents = values.map((row, rowOffset) =>
      row.map((value, columnOffset) => interpretInput(value, sheet.cell(top + rowOffset, left + columnOffset)?.numberFormat, timeZone)),
    );
    this.writeContents(sheet, top, left, contents);
  }

  protected writeContents(sheet: SheetModel, top: number, left: number, contents: CellContent[][]): void {
    this.spreadsheet.write(sheet, top, left, contents);
    this.platform.stats.range.cellsWritten += contents.reduce((sum, row) => sum + row.length, 0);
  }

  protected sheetFake(sheet: SheetModel): SheetFake {
    return new SheetFake(this.execution, this.platform, sheet);
  }
}

export class SpreadsheetAppFake extends ServiceObject {
  protected readonly typeName = 'SpreadsheetApp';

  constructor(
    private readonly execution: Execution,
    private readonly platform: Platform,
  ) {
    super();
  }

  getActive(): SpreadsheetFake {
    return new SpreadsheetFake(this.execution, this.platform);
  }

  getActiveSpreadsheet(): SpreadsheetFake {
    return new SpreadsheetFake(this.execution, this.platform);
  }

  getActiveSheet(): SheetFake {
    return new SpreadsheetFake(this.execution, this.platform).getActiveSheet();
  }

  get DataValidationCriteria(): typeof DATA_VALIDATION_CRITERIA {
    return DATA_VALIDATION_CRITERIA;
  }

  newDataValidation(): DataValidationBuilderFake {
    return new DataValidationBuilderFake();
  }

  /** Writes land at once in the local model: there is nothing to flush. */
  flush(): void {}

  getUi(): UiFake {
    this.execution.checkAccess('SpreadsheetApp.getUi', ACCESS.userInterface);
    return new UiFake(this.execution, this.platform);
  }
}

export class SpreadsheetFake extends SheetsObject {
  protected readonly typeName = 'Spreadsheet';

  getId(): string {
    this.enter('getId', ACCESS.authorized);
    return this.spreadsheet.id;
  }

  getName(): string {
    this.enter('getName', ACCESS.authorized);
    return this.spreadsheet.name;
  }

  getUrl(): string {
    this.enter('getUrl', ACCESS.authorized);
    return `https://docs.google.com/spreadsheets/d/${this.spreadsheet.id}/edit`;
  }

  getSpreadsheetTimeZone(): string {
    this.enter('getSpreadsheetTimeZone', ACCESS.authorized);
    return this.spreadsheet.timeZone;
  }

  getOwner(): UserFake {
    this.enter('getOwner', ACCESS.authorized);
    return new UserFake(this.spreadsheet.owner);
  }

  getSheetByName(name: unknown): SheetFake | null {
    this.enter('getSheetByName', ACCESS.authorized);
    const sheet = this.spreadsheet.sheetByName(String(name));
    return sheet ? this.sheetFake(sheet) : null;
  }

  getSheets(): SheetFake[] {
    this.enter('getSheets', ACCESS.authorized);
    return this.spreadsheet.sheets.map((sheet) => this.sheetFake(sheet));
  }

  getNumSheets(): number {
    this.enter('getNumSheets', ACCESS.authorized);
    return this.spreadsheet.sheets.length;
  }

  getActiveSheet(): SheetFake {
    this.enter('getActiveSheet', ACCESS.authorized);
    return this.sheetFake(this.spreadsheet.activeSheet);
  }

  setActiveSheet(sheet: unknown): SheetFake {
    this.enter('setActiveSheet', ACCESS.editing);
    if (!(sheet instanceof SheetFake)) throw signatureMismatch('SpreadsheetApp.Spreadsheet.setActiveSheet', [sheet]);
    this.spreadsheet.activeSheetId = sheet.sheet.id;
    return sheet;
  }

  /** insertSheet(), insertSheet(name), insertSheet(index), insertSheet(name, index); the index is 0-based. */
  insertSheet(nameOrIndex?: unknown, index?: unknown): SheetFake {
    this.enter('insertSheet', ACCESS.editing);
    const name = typeof nameOrIndex === 'string' ? nameOrIndex : undefined;
    const position = typeof nameOrIndex === 'number' ? nameOrIndex : typeof index === 'number' ? index : undefined;
    return this.sheetFake(this.spreadsheet.insertSheet(name, position));
  }

  deleteSheet(sheet: unknown): void {
    this.enter('deleteSheet', ACCESS.editing);
    if (!(sheet instanceof SheetFake)) throw signatureMismatch('SpreadsheetApp.Spreadsheet.deleteSheet', [sheet]);
    this.spreadsheet.deleteSheet(sheet.sheet);
  }

  /** "Sheet1!A1:B2", or A1 notation on the active sheet. */
  getRange(a1Notation: unknown): RangeFake {
    this.enter('getRange', ACCESS.authorized);
    const { sheetName, a1 } = splitSheetQualifier(String(a1Notation));
    const sheet = sheetName === undefined ? this.spreadsheet.activeSheet : this.spreadsheet.sheetByName(sheetName);
    if (!sheet) throw new ScriptException('Range not found');
    return new RangeFake(this.execution, this.platform, sheet, rectFromA1(sheet, a1));
  }

  toast(message: unknown, title?: unknown, timeoutSeconds?: unknown): void {
    this.enter('toast', ACCESS.authorized);
    this.spreadsheet.ui.toasts.push({
      message: String(message),
      title: title === undefined ? '' : String(title),
      ...(typeof timeoutSeconds === 'number' && { timeoutSeconds }),
    });
  }
}

export class SheetFake extends SheetsObject {
  protected readonly typeName = 'Sheet';

  /** Public for the other fakes (Spreadsheet.deleteSheet); the script only sees prototype members. */
  constructor(
    execution: Execution,
    platform: Platform,
    readonly sheet: SheetModel,
  ) {
    super(execution, platform);
  }

  getName(): string {
    this.enter('getName', ACCESS.authorized);
    return this.sheet.name;
  }

  setName(name: unknown): SheetFake {
    this.enter('setName', ACCESS.editing);
    this.spreadsheet.renameSheet(this.sheet, String(name));
    return this;
  }

  getSheetId(): number {
    this.enter('getSheetId', ACCESS.authorized);
    return this.sheet.id;
  }

  getIndex(): number {
    this.enter('getIndex', ACCESS.authorized);
    return this.spreadsheet.sheets.indexOf(this.sheet) + 1;
  }

  getParent(): SpreadsheetFake {
    this.enter('getParent', ACCESS.authorized);
    return new SpreadsheetFake(this.execution, this.platform);
  }

  /** getRange(a1Notation) or getRange(row, column[, numRows[, numColumns]]). */
  getRange(rowOrA1: unknown, column?: unknown, numRows?: unknown, numColumns?: unknown): RangeFake {
    this.enter('getRange', ACCESS.authorized);
    if (typeof rowOrA1 === 'string' && column === undefined) return this.range(rectFromA1(this.sheet, rowOrA1));
    const given = [rowOrA1, column, numRows, numColumns].filter((arg) => arg !== undefined);
    const [row, firstColumn, rows = 1, columns = 1] = requireNumbers(
      'SpreadsheetApp.Sheet.getRange',
      given.length < 2 ? [rowOrA1, column] : given,
    );
    return this.range(checkedRect(this.sheet, row, firstColumn, rows, columns));
  }

  /** From A1 to the last row and column with content (A1 alone on an empty sheet). */
  getDataRange(): RangeFake {
    this.enter('getDataRange', ACCESS.authorized);
    return this.range({ top: 1, left: 1, bottom: Math.max(1, this.sheet.lastRow), right: Math.max(1, this.sheet.lastColumn) });
  }

  getLastRow(): number {
    this.enter('getLastRow', ACCESS.authorized);
    return this.sheet.lastRow;
  }

  getLastColumn(): number {
    this.enter('getLastColumn', ACCESS.authorized);
    return this.sheet.lastColumn;
  }

  getMaxRows(): number {
    this.enter('getMaxRows', ACCESS.authorized);
    return this.sheet.maxRows;
  }

  getMaxColumns(): number {
    this.enter('getMaxColumns', ACCESS.authorized);
    return this.sheet.maxColumns;
  }

  insertRowsAfter(afterPosition: unknown, howMany: unknown): SheetFake {
    this.enter('insertRowsAfter', ACCESS.editing);
    const [after, count] = requireNumbers('SpreadsheetApp.Sheet.insertRowsAfter', [afterPosition, howMany]);
    if (after < 1 || after > this.sheet.maxRows || count < 1) throw new ScriptException('Those rows are out of bounds.');
    this.spreadsheet.assertRoomFor(count * this.sheet.maxColumns);
    this.charge('insertRowsAfter', this.restructuring(count * this.sheet.lastColumn));
    this.sheet.insertRows(after, count);
    return this;
  }

  insertColumnsAfter(afterPosition: unknown, howMany: unknown): SheetFake {
    this.enter('insertColumnsAfter', ACCESS.editing);
    const [after, count] = requireNumbers('SpreadsheetApp.Sheet.insertColumnsAfter', [afterPosition, howMany]);
    if (after < 1 || after > this.sheet.maxColumns || count < 1) throw new ScriptException('Those columns are out of bounds.');
    this.spreadsheet.assertRoomFor(count * this.sheet.maxRows);
    this.charge('insertColumnsAfter', this.restructuring(count * this.sheet.lastRow));
    this.sheet.insertColumns(after, count);
    return this;
  }

  deleteRows(rowPosition: unknown, howMany: unknown): void {
    this.enter('deleteRows', ACCESS.editing);
    const [start, count] = requireNumbers('SpreadsheetApp.Sheet.deleteRows', [rowPosition, howMany]);
    if (start < 1 || count < 1 || start + count - 1 > this.sheet.maxRows) throw new ScriptException('Those rows are out of bounds.');
    if (count === this.sheet.maxRows) throw new ScriptException("You can't delete all the rows on the sheet.");
    this.charge('deleteRows', this.restructuring(count * this.sheet.lastColumn));
    this.sheet.deleteRows(start, count);
  }

  deleteColumns(columnPosition: unknown, howMany: unknown): void {
    this.enter('deleteColumns', ACCESS.editing);
    const [start, count] = requireNumbers('SpreadsheetApp.Sheet.deleteColumns', [columnPosition, howMany]);
    if (start < 1 || count < 1 || start + count - 1 > this.sheet.maxColumns) throw new ScriptException('Those columns are out of bounds.');
    if (count === this.sheet.maxColumns) throw new ScriptException("You can't delete all the columns on the sheet.");
    this.charge('deleteColumns', this.restructuring(count * this.sheet.lastRow));
    this.sheet.deleteColumns(start, count);
  }

  /** moveColumns(columnSpec, destinationIndex): the range's columns, whole, to before destinationIndex (counted before the move). */
  moveColumns(columnSpec: unknown, destinationIndex: unknown): void {
    this.enter('moveColumns', ACCESS.editing);
    if (!(columnSpec instanceof RangeFake) || typeof destinationIndex !== 'number')
      throw signatureMismatch('SpreadsheetApp.Sheet.moveColumns', [columnSpec, destinationIndex]);
    const [destination] = requireNumbers('SpreadsheetApp.Sheet.moveColumns', [destinationIndex]);
    if (columnSpec.sheet !== this.sheet) throw new ScriptException('The range must be on this sheet.');
    if (destination < 1 || destination > this.sheet.maxColumns + 1) throw new ScriptException('Those columns are out of bounds.');
    const { left, right } = columnSpec.rect;
    this.charge('moveColumns', this.restructuring((right - left + 1) * this.sheet.lastRow));
    this.sheet.moveColumns(left, right - left + 1, destination);
  }

  /** protect(): the sheet's one whole-sheet protection, made on the first call (an editor-only one) and returned after. */
  protect(): ProtectionFake {
    this.enter('protect', ACCESS.editing);
    this.sheet.protection ??= { description: '', warningOnly: false };
    return new ProtectionFake(this.execution, this.platform, this.sheet);
  }

  setFrozenRows(rows: unknown): void {
    this.enter('setFrozenRows', ACCESS.editing);
    const [count] = requireNumbers('SpreadsheetApp.Sheet.setFrozenRows', [rows]);
    if (count < 0 || count > this.sheet.maxRows) throw new ScriptException(`Invalid argument: rows`);
    this.sheet.frozenRows = count;
  }

  getFrozenRows(): number {
    this.enter('getFrozenRows', ACCESS.authorized);
    return this.sheet.frozenRows;
  }

  /** clear(): content and formatting; clear({contentsOnly}) / clear({formatOnly}). */
  clear(options?: unknown): SheetFake {
    this.enter('clear', ACCESS.editing, this.restructuring(usedCells(this.sheet)));
    this.spreadsheet.clear(this.sheet, this.wholeSheet(), clearedBy(options));
    return this;
  }

  clearFormats(): SheetFake {
    this.enter('clearFormats', ACCESS.editing, this.restructuring(usedCells(this.sheet)));
    this.spreadsheet.clear(this.sheet, this.wholeSheet(), { formats: true });
    return this;
  }

  clearNotes(): SheetFake {
    this.enter('clearNotes', ACCESS.editing, this.restructuring(usedCells(this.sheet)));
    this.spreadsheet.clear(this.sheet, this.wholeSheet(), { notes: true });
    return this;
  }

  clearContents(): SheetFake {
    this.enter('clearContents', ACCESS.editing, this.restructuring(usedCells(this.sheet)));
    this.spreadsheet.clear(this.sheet, this.wholeSheet(), { contents: true });
    return this;
  }

  hideSheet(): SheetFake {
    this.enter('hideSheet', ACCESS.editing);
    if (this.spreadsheet.sheets.every((sheet) => sheet === this.sheet || sheet.hidden)) {
      throw new ScriptException("You can't hide all the sheets in a document.");
    }
    this.sheet.hidden = true;
    return this;
  }

  showSheet(): SheetFake {
    this.enter('showSheet', ACCESS.editing);
    this.sheet.hidden = false;
    return this;
  }

  isSheetHidden(): boolean {
    this.enter('isSheetHidden', ACCESS.authorized);
    return this.sheet.hidden;
  }

  activate(): SheetFake {
    this.enter('activate', ACCESS.editing);
    this.spreadsheet.activeSheetId = this.sheet.id;
    return this;
  }

  /** Column widths are not modelled: the call is only counted. */
  autoResizeColumns(): SheetFake {
    this.enter('autoResizeColumns', ACCESS.editing);
    return this;
  }

  /** A builder for a chart on this sheet; nothing is on the sheet until insertChart. */
  newChart(): EmbeddedChartBuilderFake {
    this.enter('newChart', ACCESS.authorized);
    return new EmbeddedChartBuilderFake(this.chartHost(), newChartSpec());
  }

  insertChart(chart: unknown): void {
    this.enter('insertChart', ACCESS.editing);
    this.charts().insert(chart, 'SpreadsheetApp.Sheet.insertChart');
  }

  /** Replaces the chart of the same id (one from getCharts, changed through modify()) in place. */
  updateChart(chart: unknown): void {
    this.enter('updateChart', ACCESS.editing);
    this.charts().update(chart, 'SpreadsheetApp.Sheet.updateChart');
  }

  removeChart(chart: unknown): void {
    this.enter('removeChart', ACCESS.editing);
    this.charts().remove(chart, 'SpreadsheetApp.Sheet.removeChart');
  }

  getCharts(): EmbeddedChartFake[] {
    this.enter('getCharts', ACCESS.authorized);
    const host = this.chartHost();
    return this.sheet.charts.map((chart) => new EmbeddedChartFake(host, structuredClone(chart)));
  }

  private charts(): SheetCharts {
    return new SheetCharts(this.sheet.charts, () => this.sheet.takeChartId());
  }

  private chartHost(): ChartHost {
    return {
      execution: this.execution,
      platform: this.platform,
      rangeOf: (value) => (value instanceof RangeFake ? { sheetId: value.sheet.id, ...value.rect } : null),
      rangeFake: ({ sheetId, ...rect }) => {
        const sheet = this.spreadsheet.sheets.find((candidate) => candidate.id === sheetId);
        if (!sheet) throw new ScriptException('The sheet of a chart range has been deleted.');
        return new RangeFake(this.execution, this.platform, sheet, rect);
      },
    };
  }

  /** Writes after the last row with content, as typed input, growing the sheet when the row does not fit. */
  appendRow(rowContents: unknown): SheetFake {
    this.enter('appendRow', ACCESS.editing);
    if (!Array.isArray(rowContents)) throw signatureMismatch('SpreadsheetApp.Sheet.appendRow', [rowContents]);
    this.charge('appendRow', this.restructuring(rowContents.length));
    const row = this.sheet.lastRow + 1;
    const extraRows = Math.max(0, row - this.sheet.maxRows);
    const extraColumns = Math.max(0, rowContents.length - this.sheet.maxColumns);
    const { maxRows, maxColumns } = this.sheet;
    this.spreadsheet.assertRoomFor((maxRows + extraRows) * (maxColumns + extraColumns) - maxRows * maxColumns);
    if (extraRows > 0) this.sheet.insertRows(maxRows, extraRows);
    if (extraColumns > 0) this.sheet.insertColumns(maxColumns, extraColumns);
    this.writeTyped(this.sheet, row, 1, [rowContents]);
    return this;
  }

  /** A write over `cells` cells of this sheet. */
  private restructuring(cells: number): CellTouch {
    return { kind: 'write', cells, sheet: this.sheet };
  }

  private wholeSheet(): Rect {
    return { top: 1, left: 1, bottom: this.sheet.maxRows, right: this.sheet.maxColumns };
  }

  private range(rect: Rect): RangeFake {
    return new RangeFake(this.execution, this.platform, this.sheet, rect);
  }
}

/** A whole sheet's protection; protections of ranges are not modelled. */
export class ProtectionFake extends SheetsObject {
  protected readonly typeName = 'Protection';

  constructor(
    execution: Execution,
    platform: Platform,
    private readonly sheet: SheetModel,
  ) {
    super(execution, platform);
  }

  private get state() {
    if (!this.sheet.protection) throw new ScriptException('This protection has been removed.');
    return this.sheet.protection;
  }

  setWarningOnly(warningOnly: unknown): ProtectionFake {
    this.enter('setWarningOnly', ACCESS.editing);
    if (typeof warningOnly !== 'boolean') throw signatureMismatch('SpreadsheetApp.Protection.setWarningOnly', [warningOnly]);
    this.state.warningOnly = warningOnly;
    return this;
  }

  isWarningOnly(): boolean {
    this.enter('isWarningOnly', ACCESS.authorized);
    return this.state.warningOnly;
  }

  setDescription(description: unknown): ProtectionFake {
    this.enter('setDescription', ACCESS.editing);
    this.state.description = String(description);
    return this;
  }

  getDescription(): string {
    this.enter('getDescription', ACCESS.authorized);
    return this.state.description;
  }

  remove(): void {
    this.enter('remove', ACCESS.editing);
    this.sheet.protection = undefined;
  }
}

export class RangeFake extends SheetsObject {
  protected readonly typeName = 'Range';

  constructor(
    execution: Execution,
    platform: Platform,
    readonly sheet: SheetModel,
    readonly rect: Rect,
  ) {
    super(execution, platform);
  }

  getValues(): CellValue[][] {
    this.enter('getValues', ACCESS.authorized, this.reading());
    return this.sheet.read(this.rect, shownValue);
  }

  getValue(): CellValue {
    this.enter('getValue', ACCESS.authorized, this.reading(1));
    return shownValue(this.topLeft());
  }

  getDisplayValues(): string[][] {
    this.enter('getDisplayValues', ACCESS.authorized, this.reading());
    return this.sheet.read(this.rect, (cell) => this.display(cell));
  }

  getDisplayValue(): string {
    this.enter('getDisplayValue', ACCESS.authorized, this.reading(1));
    return this.display(this.topLeft());
  }

  getFormulas(): string[][] {
    this.enter('getFormulas', ACCESS.authorized, this.reading());
    return this.sheet.read(this.rect, (cell) => cell?.formula ?? '');
  }

  getFormula(): string {
    this.enter('getFormula', ACCESS.authorized, this.reading(1));
    return this.topLeft()?.formula ?? '';
  }

  getNumberFormats(): string[][] {
    this.enter('getNumberFormats', ACCESS.authorized, this.reading());
    return this.sheet.read(this.rect, (cell) => cell?.numberFormat ?? DEFAULT_NUMBER_FORMAT);
  }

  getNumberFormat(): string {
    this.enter('getNumberFormat', ACCESS.authorized, this.reading(1));
    return this.topLeft()?.numberFormat ?? DEFAULT_NUMBER_FORMAT;
  }

  setValues(values: unknown): RangeFake {
    this.enter('setValues', ACCESS.editing, this.writing());
    this.writeTyped(this.sheet, this.rect.top, this.rect.left, requireGrid('SpreadsheetApp.Range.setValues', values, this.rect));
    return this;
  }

  /** Sets every cell of the range to the value. */
  setValue(value: unknown): RangeFake {
    this.enter('setValue', ACCESS.editing, this.writing());
    this.writeTyped(this.sheet, this.rect.top, this.rect.left, this.filled(value));
    return this;
  }

  setFormula(formula: unknown): RangeFake {
    this.enter('setFormula', ACCESS.editing, this.writing());
    this.writeContents(this.sheet, this.rect.top, this.rect.left, this.filled(formulaContent(formula)));
    return this;
  }

  setFormulas(formulas: unknown): RangeFake {
    this.enter('setFormulas', ACCESS.editing, this.writing());
    const grid = requireGrid('SpreadsheetApp.Range.setFormulas', formulas, this.rect);
    this.writeContents(
      this.sheet,
      this.rect.top,
      this.rect.left,
      grid.map((row) => row.map(formulaContent)),
    );
    return this;
  }

  setNumberFormat(numberFormat: unknown): RangeFake {
    this.enter('setNumberFormat', ACCESS.editing, this.writing());
    this.sheet.format(this.rect, (cell) => (cell.numberFormat = String(numberFormat)));
    return this;
  }

  setNumberFormats(numberFormats: unknown): RangeFake {
    this.enter('setNumberFormats', ACCESS.editing, this.writing());
    const grid = requireGrid('SpreadsheetApp.Range.setNumberFormats', numberFormats, this.rect);
    this.sheet.format(this.rect, (cell, rowOffset, columnOffset) => (cell.numberFormat = String(grid[rowOffset][columnOffset])));
    return this;
  }

  setFontWeight(fontWeight: unknown): RangeFake {
    this.enter('setFontWeight', ACCESS.editing, this.writing());
    this.sheet.format(this.rect, (cell) => (cell.fontWeight = String(fontWeight)));
    return this;
  }

  setBackground(color: unknown): RangeFake {
    this.enter('setBackground', ACCESS.editing, this.writing());
    this.sheet.format(this.rect, (cell) => (cell.background = String(color)));
    return this;
  }

  /** Values and formulas only: formats, notes and validation rules stay. */
  clearContent(): RangeFake {
    this.enter('clearContent', ACCESS.editing, this.writing());
    this.spreadsheet.clear(this.sheet, this.rect, { contents: true });
    return this;
  }

  /** clear(): contents and formats; clear({contentsOnly, formatOnly, commentsOnly, validationsOnly}). */
  clear(options?: unknown): RangeFake {
    this.enter('clear', ACCESS.editing, this.writing());
    this.spreadsheet.clear(this.sheet, this.rect, clearedBy(options));
    return this;
  }

  /** Number formats, font weights and backgrounds. */
  clearFormat(): RangeFake {
    this.enter('clearFormat', ACCESS.editing, this.writing());
    this.spreadsheet.clear(this.sheet, this.rect, { formats: true });
    return this;
  }

  clearNote(): RangeFake {
    this.enter('clearNote', ACCESS.editing, this.writing());
    this.spreadsheet.clear(this.sheet, this.rect, { notes: true });
    return this;
  }

  clearDataValidations(): RangeFake {
    this.enter('clearDataValidations', ACCESS.editing, this.writing());
    this.spreadsheet.clear(this.sheet, this.rect, { validations: true });
    return this;
  }

  getNote(): string {
    this.enter('getNote', ACCESS.authorized, this.reading(1));
    return this.topLeft()?.note ?? '';
  }

  getNotes(): string[][] {
    this.enter('getNotes', ACCESS.authorized, this.reading());
    return this.sheet.read(this.rect, (cell) => cell?.note ?? '');
  }

  /** Sets every cell's note; null or '' removes them. */
  setNote(note: unknown): RangeFake {
    this.enter('setNote', ACCESS.editing, this.writing());
    const text = noteText(note);
    if (text !== undefined) assertCellLength(text);
    this.sheet.format(this.rect, (cell) => (cell.note = text));
    return this;
  }

  setNotes(notes: unknown): RangeFake {
    this.enter('setNotes', ACCESS.editing, this.writing());
    const grid = requireGrid('SpreadsheetApp.Range.setNotes', notes, this.rect).map((row) => row.map(noteText));
    for (const text of grid.flat()) if (text !== undefined) assertCellLength(text);
    this.sheet.format(this.rect, (cell, rowOffset, columnOffset) => (cell.note = grid[rowOffset][columnOffset]));
    return this;
  }

  /** The top-left cell's rule, or null. */
  getDataValidation(): DataValidationFake | null {
    this.enter('getDataValidation', ACCESS.authorized, this.reading(1));
    const rule = this.topLeft()?.validation;
    return rule ? new DataValidationFake(structuredClone(rule)) : null;
  }

  getDataValidations(): Array<Array<DataValidationFake | null>> {
    this.enter('getDataValidations', ACCESS.authorized, this.reading());
    return this.sheet.read(this.rect, (cell) => (cell?.validation ? new DataValidationFake(structuredClone(cell.validation)) : null));
  }

  /** Sets the rule on every cell; null removes it. */
  setDataValidation(rule: unknown): RangeFake {
    this.enter('setDataValidation', ACCESS.editing, this.writing());
    const validation = validationRule('SpreadsheetApp.Range.setDataValidation', rule);
    this.sheet.format(this.rect, (cell) => (cell.validation = validation && structuredClone(validation)));
    return this;
  }

  setDataValidations(rules: unknown): RangeFake {
    this.enter('setDataValidations', ACCESS.editing, this.writing());
    const grid = requireGrid('SpreadsheetApp.Range.setDataValidations', rules, this.rect).map((row) =>
      row.map((rule) => validationRule('SpreadsheetApp.Range.setDataValidations', rule)),
    );
    this.sheet.format(this.rect, (cell, rowOffset, columnOffset) => (cell.validation = grid[rowOffset][columnOffset]));
    return this;
  }

  /**
   * insertCheckboxes(), (checkedValue) or (checkedValue, uncheckedValue): a checkbox rule on every cell, and every
   * cell set to its unchecked value (false; '' when only a checked value is given).
   */
  insertCheckboxes(checkedValue?: unknown, uncheckedValue?: unknown): RangeFake {
    this.enter('insertCheckboxes', ACCESS.editing, this.writing());
    const rule = checkboxRule([checkedValue, uncheckedValue]);
    const unchecked = checkboxStates(rule).unchecked as CellValue;
    this.sheet.format(this.rect, (cell) => (cell.validation = structuredClone(rule)));
    this.writeContents(this.sheet, this.rect.top, this.rect.left, this.filled({ value: unchecked }));
    return this;
  }

  /** Removes checkbox rules, and the values of cells that held the checked or unchecked value. */
  removeCheckboxes(): RangeFake {
    this.enter('removeCheckboxes', ACCESS.editing, this.writing());
    const emptied: Array<{ row: number; column: number }> = [];
    this.sheet.format(this.rect, (cell, rowOffset, columnOffset) => {
      if (cell.validation?.criteria !== 'CHECKBOX') return;
      const { checked, unchecked } = checkboxStates(cell.validation);
      cell.validation = undefined;
      if (cell.formula === undefined && (cell.value === checked || cell.value === unchecked))
        emptied.push({ row: this.rect.top + rowOffset, column: this.rect.left + columnOffset });
    });
    for (const { row, column } of emptied) this.writeContents(this.sheet, row, column, [[{ value: '' }]]);
    return this;
  }

  getBackground(): string {
    this.enter('getBackground', ACCESS.authorized, this.reading(1));
    return this.topLeft()?.background ?? DEFAULT_BACKGROUND;
  }

  getBackgrounds(): string[][] {
    this.enter('getBackgrounds', ACCESS.authorized, this.reading());
    return this.sheet.read(this.rect, (cell) => cell?.background ?? DEFAULT_BACKGROUND);
  }

  /** A grid of colours; null resets a cell to the default. */
  setBackgrounds(colors: unknown): RangeFake {
    this.enter('setBackgrounds', ACCESS.editing, this.writing());
    const grid = requireGrid('SpreadsheetApp.Range.setBackgrounds', colors, this.rect);
    this.sheet.format(this.rect, (cell, rowOffset, columnOffset) => {
      const color = grid[rowOffset][columnOffset];
      cell.background = color === null || color === undefined ? undefined : String(color);
    });
    return this;
  }

  getFontWeight(): string {
    this.enter('getFontWeight', ACCESS.authorized, this.reading(1));
    return this.topLeft()?.fontWeight ?? DEFAULT_FONT_WEIGHT;
  }

  getFontWeights(): string[][] {
    this.enter('getFontWeights', ACCESS.authorized, this.reading());
    return this.sheet.read(this.rect, (cell) => cell?.fontWeight ?? DEFAULT_FONT_WEIGHT);
  }

  /** sort(column), sort({column, ascending}) or sort([...]): reorders the range's rows, moving whole cells. */
  sort(sortSpecObj: unknown): RangeFake {
    this.enter('sort', ACCESS.editing, this.writing());
    this.spreadsheet.sort(this.sheet, this.rect, sortKeys(sortSpecObj, this.rect));
    return this;
  }

  /**
   * copyTo(destination[, {contentsOnly} | {formatOnly}]): the range lands at the destination's top-left cell, its
   * formulas' relative references shifted by the distance.
   */
  copyTo(destination: unknown, options?: unknown): void {
    this.enter('copyTo', ACCESS.editing, this.writing());
    if (!(destination instanceof RangeFake)) throw signatureMismatch('SpreadsheetApp.Range.copyTo', [destination, options]);
    const what = pastedBy(options);
    const { sheet: target, rect: at } = destination;
    checkedRect(target, at.top, at.left, rectRows(this.rect), rectColumns(this.rect));
    const copies = this.sheet.copyCells(this.rect, at.top - this.rect.top, at.left - this.rect.left);
    this.spreadsheet.paste(target, at.top, at.left, copies, what);
  }

  getRow(): number {
    this.enter('getRow', ACCESS.authorized);
    return this.rect.top;
  }

  getColumn(): number {
    this.enter('getColumn', ACCESS.authorized);
    return this.rect.left;
  }

  getNumRows(): number {
    this.enter('getNumRows', ACCESS.authorized);
    return rectRows(this.rect);
  }

  getNumColumns(): number {
    this.enter('getNumColumns', ACCESS.authorized);
    return rectColumns(this.rect);
  }

  getLastRow(): number {
    this.enter('getLastRow', ACCESS.authorized);
    return this.rect.bottom;
  }

  getLastColumn(): number {
    this.enter('getLastColumn', ACCESS.authorized);
    return this.rect.right;
  }

  getA1Notation(): string {
    this.enter('getA1Notation', ACCESS.authorized);
    return formatA1(this.rect);
  }

  getSheet(): SheetFake {
    this.enter('getSheet', ACCESS.authorized);
    return this.sheetFake(this.sheet);
  }

  offset(rowOffset: unknown, columnOffset: unknown, numRows?: unknown, numColumns?: unknown): RangeFake {
    this.enter('offset', ACCESS.authorized);
    const [rows, columns] = requireNumbers('SpreadsheetApp.Range.offset', [rowOffset, columnOffset]);
    const [height, width] = requireNumbers('SpreadsheetApp.Range.offset', [
      numRows ?? rectRows(this.rect),
      numColumns ?? rectColumns(this.rect),
    ]);
    const rect = checkedRect(this.sheet, this.rect.top + rows, this.rect.left + columns, height, width);
    return new RangeFake(this.execution, this.platform, this.sheet, rect);
  }

  private reading(cells = rectRows(this.rect) * rectColumns(this.rect)): CellTouch {
    return { kind: 'read', cells, sheet: this.sheet };
  }

  private writing(): CellTouch {
    return { kind: 'write', cells: rectRows(this.rect) * rectColumns(this.rect), sheet: this.sheet };
  }

  private topLeft(): Cell | undefined {
    return this.sheet.cell(this.rect.top, this.rect.left);
  }

  private display(cell: Cell | undefined): string {
    return displayValue(shownValue(cell), cell?.numberFormat, this.spreadsheet.timeZone);
  }

  private filled<T>(item: T): T[][] {
    return Array.from({ length: rectRows(this.rect) }, () => Array.from({ length: rectColumns(this.rect) }, () => item));
  }
}

export class UiFake extends ServiceObject {
  protected readonly typeName = 'Ui';

  constructor(
    private readonly execution: Execution,
    private readonly platform: Platform,
  ) {
    super();
  }

  get ButtonSet(): typeof BUTTON_SET {
    return BUTTON_SET;
  }

  get Button(): typeof BUTTON {
    return BUTTON;
  }

  /** The add-on's menu (under Extensions, named after the add-on). */
  createAddonMenu(): MenuFake {
    return new MenuFake(this.platform, true, '');
  }

  createMenu(caption: unknown): MenuFake {
    return new MenuFake(this.platform, false, String(caption));
  }

  showSidebar(userInterface: unknown): void {
    this.execution.checkAccess('Ui.showSidebar', ACCESS.authorized);
    if (!(userInterface instanceof HtmlOutputFake)) throw signatureMismatch('SpreadsheetApp.Ui.showSidebar', [userInterface]);
    this.platform.spreadsheet.ui.sidebar = { title: userInterface.getTitle(), html: userInterface.getContent() };
  }

  /**
   * alert(prompt[, buttons]) or alert(title, prompt, buttons). Nobody is there to click: the answer is the
   * affirmative button (YES when offered, else OK).
   */
  alert(...args: unknown[]): string {
    this.execution.checkAccess('Ui.alert', ACCESS.authorized);
    const [title, prompt, buttons] =
      args.length >= 3 ? args.map(String) : [undefined, String(args[0]), args[1] === undefined ? undefined : String(args[1])];
    this.platform.spreadsheet.ui.alerts.push({ ...(title !== undefined && { title }), prompt, ...(buttons !== undefined && { buttons }) });
    return buttons?.includes('YES') ? BUTTON.YES : BUTTON.OK;
  }
}

export class MenuFake extends ServiceObject {
  protected readonly typeName = 'Menu';
  private readonly items: MenuEntry[] = [];

  constructor(
    private readonly platform: Platform,
    private readonly addon: boolean,
    private readonly title: string,
  ) {
    super();
  }

  addItem(caption: unknown, functionName: unknown): MenuFake {
    this.items.push({ caption: String(caption), functionName: String(functionName) });
    return this;
  }

  addSeparator(): MenuFake {
    this.items.push({ separator: true });
    return this;
  }

  addSubMenu(menu: unknown): MenuFake {
    if (!(menu instanceof MenuFake)) throw signatureMismatch('SpreadsheetApp.Menu.addSubMenu', [menu]);
    this.items.push({ caption: menu.title, submenu: [...menu.items] });
    return this;
  }

  /** Records the menu in rt.spreadsheet.menu. */
  addToUi(): void {
    this.platform.spreadsheet.ui.menu = { addon: this.addon, title: this.title, items: [...this.items] };
  }
}
