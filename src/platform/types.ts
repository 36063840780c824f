/**
 * The few Apps Script services the add-on needs, as small interfaces. The core only sees these, so it runs
 * unchanged in Apps Script (platform/appsScript.ts), in tests, in the benchmark and in the playground.
 */
import type { ProviderRegistry } from '../core/adapter';

export type { Http, HttpOutcome, HttpRequest, HttpResponse, TransportFailure } from './http';
export { isTransportFailure } from './http';
import type { Http } from './http';

export interface Clock {
  now(): number;
  sleep(ms: number): void;
}

/** A string key-value store: a PropertiesService store. */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
  keys(): string[];
}

/**
 * A store that reads `store` and keeps its own writes in memory, for this execution only: a custom function may read
 * properties but never write them ("Spreadsheet editors can't set user properties in a custom function").
 */
export function withoutPersistentWrites(store: KeyValueStore): KeyValueStore {
  const written = new Map<string, string | null>();
  return {
    get: (key) => (written.has(key) ? (written.get(key) ?? null) : store.get(key)),
    set: (key, value) => void written.set(key, value),
    remove: (key) => void written.set(key, null),
    keys: () => [...new Set([...store.keys(), ...written.keys()])].filter((key) => (written.has(key) ? written.get(key) !== null : true)),
  };
}

/** A CacheService cache: values of at most 100 KB, expiring. */
export interface Cache {
  getAll(keys: string[]): Record<string, string>;
  putAll(entries: Record<string, string>, ttlSeconds: number): void;
  removeAll(keys: string[]): void;
}

export interface Platform {
  /** The providers the add-on speaks to, handed over by the edge (src/index.ts). */
  providers: ProviderRegistry;
  http: Http;
  clock: Clock;
  /** The current user's own store (in a custom function: the spreadsheet owner's). Secrets live only here. */
  userStore: KeyValueStore;
  /** This spreadsheet's store, shared by its editors: sync definitions, never secrets. */
  documentStore: KeyValueStore;
  /** This spreadsheet's cache, for payment data only. */
  documentCache: Cache;
  timeZone(): string;
  /** Gzip, as base64 (ASCII, so a cache value's 100 KB hold 100 K of it): what a big formula result is cached as. */
  compress(text: string): string;
  /** The text `compress` was given; throws for anything else. */
  decompress(packed: string): string;
}

/**
 * A sheet as the sync sees it: read in whole blocks, written in a handful of whole-range calls. Rows and columns
 * count from 1, as in Sheets.
 */
export interface SheetTable {
  name(): string;
  /** Values from A1 to the last row and column with content; [] for an empty sheet. */
  readValues(): unknown[][];
  /** Formulas ('' where none) of a block of columns, rows 1..numRows. */
  readFormulas(numRows: number, firstColumn: number, numColumns: number): string[][];
  readNumberFormats(row: number, column: number, numRows: number, numColumns: number): string[][];
  /** Cell notes ('' where none). */
  readNotes(row: number, column: number, numRows: number, numColumns: number): string[][];
  /** Background colours, as Sheets reports them ('#ffffff' where none was set). */
  readBackgrounds(row: number, column: number, numRows: number, numColumns: number): string[][];
  /** One Range.setValues from (row, column); strings starting with "=" become formulas, as in Sheets. */
  writeValues(row: number, column: number, values: unknown[][]): void;
  writeNumberFormats(row: number, column: number, formats: string[][]): void;
  clearContent(row: number, column: number, numRows: number, numColumns: number): void;
  /** Empties rows entirely: contents, formats, notes and checkboxes or dropdowns. */
  clearRows(row: number, numRows: number, numColumns: number): void;
  /**
   * One Range.sort of rows row..row+numRows−1, columns 1..numColumns, ascending by column `byColumn`: each row's
   * cells move together, values, formulas, formats, notes and data validation alike.
   */
  sortRows(row: number, numRows: number, numColumns: number, byColumn: number): void;
  /** Range.copyTo: the block with its formulas, formats, notes and validation, to (targetRow, targetColumn) of `target`. */
  copyTo(
    row: number,
    column: number,
    numRows: number,
    numColumns: number,
    target: SheetTable,
    targetRow: number,
    targetColumn: number,
  ): void;
  /** Sheet.insertColumnsAfter: columns to the right move over with their cells. */
  insertColumns(afterColumn: number, count: number): void;
  /** Sheet.deleteColumns: columns to the right move left with their cells. */
  deleteColumns(column: number, count: number): void;
  /** Sheet.moveColumns: `count` columns from `column`, with their cells, to before column `before` (counted before the move). */
  moveColumns(column: number, count: number, before: number): void;
  /** Sheet.protect().setWarningOnly(true): the whole sheet, editable by anyone after a warning. */
  protectWithWarning(description: string): void;
  /** Grows the grid to at least this size. */
  ensureSize(rows: number, columns: number): void;
  styleHeader(columns: number): void;
}

/**
 * A column chart embedded in a sheet, drawing a block of that sheet (headers in its first row, categories in its first
 * column). Its title is what finds it again.
 */
export interface ChartPlacement {
  title: string;
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
  /** The cell its top-left corner hangs from. */
  anchorRow: number;
  anchorColumn: number;
}

/** A formula and where it stands. */
export interface FormulaCell {
  sheetName: string;
  row: number;
  column: number;
  formula: string;
}

/** A sheet's grid (Sheet.getMaxRows, getMaxColumns) and its last column with content (getLastColumn). */
export interface SheetGrid {
  rows: number;
  columns: number;
  lastColumn: number;
}

export interface Workbook {
  /** The sheet of that name, in any case (Sheets allows one name per spelling, whatever its case). */
  sheet(name: string): SheetTable | null;
  /** A new sheet, last; `columns` sets its grid's width (Sheets makes 26), so it takes no cells its table will not use. */
  createSheet(name: string, options?: { hidden?: boolean; columns?: number }): SheetTable;
  /**
   * Cells in every sheet's grid, empty or not (rows × columns): what Google counts against a spreadsheet's
   * 10 million; and one sheet's grid with its last column holding anything (null when there is no such sheet).
   */
  cellCount(): number;
  gridOf(name: string): SheetGrid | null;
  /** Removes the sheet of that name; nothing when there is none. */
  deleteSheet(name: string): void;
  /** Every formula in the spreadsheet that calls `functionName`. */
  formulasCalling(functionName: string): FormulaCell[];
  /** The formula a cell holds now ('' for none; null when its sheet is gone). */
  formulaAt(cell: FormulaCell): string | null;
  /**
   * Makes Sheets recalculate a custom-function formula: Sheets runs one again only when its text or an argument
   * changes, so the cell is emptied, the change flushed, and the same formula written back.
   */
  rewriteFormula(cell: FormulaCell): void;
  /** Writes the formula into its cell (putting back one a killed rewrite left empty). */
  writeFormula(cell: FormulaCell): void;
  toast(message: string): void;
  /** Puts the chart on the sheet, or points the sheet's chart of that title at the block: never a second one. */
  placeChart(sheetName: string, chart: ChartPlacement): void;
}

export interface TimeTrigger {
  id: string;
  handler: string;
}

/** This user's time-driven triggers in this document (an add-on may have one). */
export interface Scheduler {
  timeTriggers(): TimeTrigger[];
  deleteTrigger(id: string): void;
  everyHours(handler: string, hours: number): void;
  dailyAt(handler: string, hour: number, timeZone: string): void;
  after(handler: string, ms: number): void;
}

export interface Locks {
  /** Runs `work` holding the spreadsheet's lock, waiting up to waitMs for it; null when another run kept it. */
  withDocumentLock<T>(waitMs: number, work: () => T): { acquired: true; result: T } | { acquired: false };
}

/** Everything a spreadsheet-facing feature needs: the core's platform plus the sheet, triggers, locks and mail. */
export interface SpreadsheetPlatform extends Platform {
  workbook: Workbook;
  scheduler: Scheduler;
  locks: Locks;
  userEmail(): string;
  sendMail(to: string, subject: string, body: string): void;
}

/**
 * One temporary sheet of the platform self-check (features/selfCheck.ts), with the raw Range calls it observes; cells
 * in A1 notation. Nothing else uses these: a sync goes through SheetTable.
 */
export interface ProbeSheet {
  name(): string;
  setValues(a1: string, values: unknown[][]): void;
  getValues(a1: string): unknown[][];
  getFormulas(a1: string): string[][];
  setNumberFormat(a1: string, format: string): void;
  setNumberFormats(a1: string, formats: string[][]): void;
  getNumberFormats(a1: string): string[][];
  setBackgrounds(a1: string, colours: string[][]): void;
  getBackgrounds(a1: string): string[][];
  setNotes(a1: string, notes: string[][]): void;
  getNotes(a1: string): string[][];
  insertCheckboxes(a1: string): void;
  /** Each cell's data validation criteria type, such as CHECKBOX ('' where none). */
  getValidationTypes(a1: string): string[][];
  /** Range.sort, ascending by one column of the sheet. */
  sort(a1: string, column: number): void;
  /** Range.copyTo, no options: the block lands with its top-left cell at targetA1 of `target`. */
  copyTo(a1: string, target: ProbeSheet, targetA1: string): void;
  /** Range.clear(), no options. */
  clear(a1: string): void;
  /** Deletes this sheet. */
  remove(): void;
}

/** What the platform self-check asks Google directly, beyond the Scheduler and Locks the add-on already uses. */
export interface PlatformProbe {
  /** Spreadsheet.insertSheet(name), hidden at once; the sheet the user was on stays the active one. */
  insertHiddenSheet(name: string): ProbeSheet;
  /** Spreadsheet.getSheetByName as Google answers it (no case-insensitive fallback): the found sheet's name, or null. */
  sheetNameFoundBy(name: string): string | null;
  /** An HtmlService page in the sidebar. */
  showSidebar(title: string, html: string): void;
}

/** The spreadsheet's UI as the menu sees it; in AuthMode.NONE (onOpen before the add-on is used) only this. */
export interface UserInterface {
  /** The add-on's menu under Extensions, with these items (caption, global function name). */
  addMenu(items: ReadonlyArray<readonly [caption: string, functionName: string]>): void;
  /** Shows an HTML file of the project (dist/NAME.html) in the sidebar. */
  showSidebarFile(title: string, file: string): void;
}
