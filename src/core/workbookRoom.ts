/**
 * Whether a sync's table fits the spreadsheet: Google counts every sheet's grid (rows × columns, empty cells too)
 * against 10 million cells and refuses any write past them. A sync checks as soon as it knows how big the table will
 * be, so a pull that cannot be written stops before it has read everything, and says what to do.
 */
import { UserError } from './errors';
import type { SheetGrid } from '../platform/types';

export const WORKBOOK_MAX_CELLS = 10_000_000;

/** A staged cell holds over a hundred payments' JSON lines: the staging sheet's share, one column wide. */
const PAYMENTS_PER_STAGED_CELL = 100;
/** Sheets makes a new sheet 1,000 rows by 26 columns, room it needs before the sync trims it to its table. */
export const NEW_SHEET_CELLS = 26_000;

/** Sheets' width for a new sheet. */
const SHEETS_NEW_SHEET_COLUMNS = 26;
/**
 * Up to this many rows a new sheet keeps Sheets' 26 columns, room for the user's own beside ours; a bigger table's
 * sheet is made as wide as the table and the switch's order column, so the workbook's cells go to rows (the user
 * adds columns as in any sheet).
 */
export const ROOMY_SHEET_MAX_ROWS = 10_000;

/** The width to make a new sheet for a table of `rows` payments in `ourColumns` columns. */
export function newSheetColumns(rows: number, ourColumns: number): number {
  return rows > ROOMY_SHEET_MAX_ROWS ? ourColumns + 1 : Math.max(SHEETS_NEW_SHEET_COLUMNS, ourColumns + 1);
}

/** The workbook as it stood when the pull started: every sheet's cells, and the target sheet's grid. */
export interface WorkbookRoom {
  workbookCells: number;
  sheet: SheetGrid | null;
}

/**
 * The grid a table of `rows` payments needs: a header and its rows; our columns, the user's (whatever the sheet
 * holds past ours) and the switch's order column. A grid never shrinks, so a bigger one stays as big.
 */
export function tableGrid(rows: number, ourColumns: number, sheet: SheetGrid | null): { rows: number; columns: number } {
  return {
    rows: Math.max(rows + 1, sheet?.rows ?? 0),
    columns: sheet ? Math.max(Math.max(ourColumns, sheet.lastColumn) + 1, sheet.columns) : newSheetColumns(rows, ourColumns),
  };
}

const count = (value: number) => value.toLocaleString('en-US');

/** Throws, saying how big the table would be and what to do, when `rows` payments cannot fit the workbook. */
export function assertTableFits(rows: number, ourColumns: number, room: WorkbookRoom, sheetName: string): void {
  const grid = tableGrid(rows, ourColumns, room.sheet);
  const others = room.workbookCells - (room.sheet ? room.sheet.rows * room.sheet.columns : 0);
  const needed = grid.rows * grid.columns + Math.ceil(rows / PAYMENTS_PER_STAGED_CELL);
  if (others + needed + NEW_SHEET_CELLS <= WORKBOOK_MAX_CELLS) return;
  const free = WORKBOOK_MAX_CELLS - others - NEW_SHEET_CELLS;
  const roomForRows = Math.max(0, Math.floor(free / (grid.columns + 1 / PAYMENTS_PER_STAGED_CELL)) - 1);
  throw new UserError(
    `The table for "${sheetName}" would be ${count(rows)} rows × ${grid.columns} columns (${count(needed)} cells with its working sheet, and room to make a sheet), ` +
      `and the spreadsheet's other sheets hold ${count(others)} cells: over the ${count(WORKBOOK_MAX_CELLS)} cells Google Sheets allows ` +
      `in one spreadsheet, where this table has room for about ${count(roomForRows)} rows. The sheet was left as it was. ` +
      'Sync a shorter date range, or sync into another spreadsheet.',
  );
}
