/**
 * Writes a planned layout into the sheet (see core/tableLayout.ts): one sort moves every row, user cells, notes,
 * colours and checkboxes with it, to its payment's place; then our columns are written, formats before values, and
 * removed payments' rows leave the table — into "<sheet> · removed" when they hold anything of the user's.
 * Each step leaves a sheet the next run can repair: a killed switch is run again from whatever state it left.
 */
import { isDate } from '../core/dates';
import type { Column, Payment } from '../core/payment';
import { formattedRuns, numberFormatOf, paymentCells, paymentKey, PLAIN_TEXT_FORMAT, sameColumns } from '../core/table';
import type { TableLayout } from '../core/tableLayout';
import { ORDER_COLUMN_HEADER, type ExistingTable } from '../core/userColumns';
import type { SwitchJournalData as SwitchJournal } from '../core/syncStore';
import type { SheetTable, SpreadsheetPlatform } from '../platform/types';

/** Rows leaving the table, in words, for the removed sheet. */
export type RemovalReason = (payment: Payment) => string;

const WHITE = '#ffffff';
const REMOVED_SHEET_SUFFIX = ' · removed';
const SHEET_NAME_MAX = 100;

export function removedSheetName(sheetName: string): string {
  return sheetName.slice(0, SHEET_NAME_MAX - REMOVED_SHEET_SUFFIX.length) + REMOVED_SHEET_SUFFIX;
}

/** The order column a killed switch left behind: cleared before anything else, so it never becomes a user column. */
export function clearOrderColumn(sheet: SheetTable, values: unknown[][]): void {
  const column = (values[0] ?? []).indexOf(ORDER_COLUMN_HEADER);
  if (column >= 0) sheet.clearContent(1, column + 1, values.length, 1);
}

/** A row-2 array formula a killed switch lifted out is put back first. */
export function restoreFeeders(sheet: SheetTable, journal: SwitchJournal | null): void {
  if (!journal) return;
  for (const { column, formula } of journal.rowTwoFeeders) {
    if (!sheet.readFormulas(2, column, 1)[1]?.[0]) sheet.writeValues(2, column, [[formula]]);
  }
}

/** The journal of a switch to `columns`: row-2 array formulas stand after our columns once they are migrated. */
export function journalFor(existing: ExistingTable, columns: readonly Column[], removedAt: number): SwitchJournal {
  return {
    rowTwoFeeders: [...existing.rowTwoFeeders].map(([c, formula]) => ({ column: columns.length + c + 1, formula })),
    // Whole milliseconds, as a cell's date keeps them: the stamp must read back equal.
    removedAt: Math.floor(removedAt),
  };
}

/**
 * Brings our columns to `columns`, the user's columns moving with their cells as Sheets moves them: ours no longer
 * wanted are deleted (the user's move left), the missing ones are inserted right after ours (the user's move right)
 * and named at once, then ours are moved into order. Each Sheets call leaves a header that names the cells below it,
 * so a repeat after a kill starts from whatever it finds; blank columns right after ours (an insert killed before its
 * header) are taken first, so a repeat never inserts twice. True when the sheet changed, so it must be read again.
 */
export function migrateColumns(sheet: SheetTable, values: unknown[][], ours: readonly Column[], columns: readonly Column[]): boolean {
  if (values.length === 0 || sameColumns(ours, columns)) return false;
  const current = [...ours];
  for (let last = current.length - 1; last >= 0; last--) {
    if (columns.includes(current[last])) continue;
    let first = last;
    while (first > 0 && !columns.includes(current[first - 1])) first--;
    sheet.deleteColumns(first + 1, last - first + 1);
    current.splice(first, last - first + 1);
    last = first;
  }
  const missing = columns.filter((column) => !current.includes(column));
  if (missing.length > 0) {
    const isBlank = (c: number) => values.every((row) => row[c] === '' || row[c] === undefined);
    let blank = 0;
    while (blank < missing.length && ours.length + blank < values[0].length && isBlank(ours.length + blank)) blank++;
    if (missing.length > blank) sheet.insertColumns(current.length, missing.length - blank);
    current.push(...missing);
    sheet.writeValues(1, 1, [[...current]]);
  }
  columns.forEach((column, i) => {
    const at = current.indexOf(column);
    if (at === i) return;
    sheet.moveColumns(at + 1, 1, i + 1);
    current.splice(i, 0, ...current.splice(at, 1));
  });
  return true;
}

/** Switches the sheet to the layout; returns how many removed rows were kept in the removed sheet. */
export function switchTable(
  platform: SpreadsheetPlatform,
  sheet: SheetTable,
  existing: ExistingTable,
  layout: TableLayout,
  journal: SwitchJournal,
  reasonOf: RemovalReason,
): number {
  const ours = layout.columns.length;
  const width = ours + existing.userHeader.length;
  const orderColumn = width + 1;
  const rows = layout.order.length;
  if (rows > 0) {
    // Array formulas filling a column from row 2 stay at row 2: lifted out for the sort, put back after it.
    for (const { column } of journal.rowTwoFeeders) sheet.clearContent(2, column, 1, 1);
    sheet.ensureSize(rows + 1, orderColumn);
    sheet.writeValues(1, orderColumn, [[ORDER_COLUMN_HEADER], ...layout.order.map((key) => [key])]);
    sheet.sortRows(2, rows, orderColumn, orderColumn);
    restoreFeeders(sheet, journal);
  } else {
    sheet.ensureSize(1, width);
  }
  // Rows below the written ones (append mode's existing rows) keep their cells as they are.
  const written = layout.payments.slice(0, layout.written);
  const count = written.length;
  if (count > 0) {
    // Formats before values: a moment between the two never shows an amount under another currency's decimals.
    for (const [first, last] of formattedRuns(layout.columns)) {
      const columns = layout.columns.slice(first, last + 1);
      sheet.writeNumberFormats(
        2,
        first + 1,
        written.map((payment) => columns.map((column) => numberFormatOf(payment, column, platform.providers.get(payment.provider).money))),
      );
    }
    const formats = sheet.readNumberFormats(2, 1, count, ours);
    const toDate = (ms: number) => new Date(ms);
    sheet.writeValues(
      2,
      1,
      written.map((payment, i) => paymentCells(payment, layout.columns, toDate, (c) => formats[i]?.[c] === PLAIN_TEXT_FORMAT)),
    );
  }
  sheet.writeValues(1, 1, [[...layout.columns]]);
  for (const { row, column, formula } of layout.newRowFormulas) sheet.writeValues(row, column, [[formula]]);
  const removed = layout.removed.payments.length;
  const kept = removed > 0 ? keepRemovedRows(platform, sheet, existing, layout, journal.removedAt, reasonOf) : 0;
  if (removed > 0) sheet.clearRows(layout.removed.firstRow, removed, orderColumn);
  if (rows > 0) sheet.clearContent(1, orderColumn, rows + 1, 1);
  sheet.styleHeader(width);
  return kept;
}

/**
 * Copies the removed payments' rows that hold anything of the user's (a value, a note, a colour in their columns)
 * into the removed sheet, the payment's own columns beside them, with when and why it left.
 */
function keepRemovedRows(
  platform: SpreadsheetPlatform,
  sheet: SheetTable,
  existing: ExistingTable,
  layout: TableLayout,
  removedAt: number,
  reasonOf: RemovalReason,
): number {
  const userColumns = existing.userHeader.length;
  if (userColumns <= 0) return 0;
  const ours = layout.columns.length;
  const width = ours + userColumns;
  const { firstRow, payments } = layout.removed;
  const notes = sheet.readNotes(firstRow, ours + 1, payments.length, userColumns);
  const backgrounds = sheet.readBackgrounds(firstRow, ours + 1, payments.length, userColumns);
  const holdsUserCells = payments.map((payment, i) => {
    const cells = existing.userCellsByKey.get(paymentKey(payment))?.cells ?? [];
    const decorated = notes[i]?.some(Boolean) || backgrounds[i]?.some((colour) => colour && colour.toLowerCase() !== WHITE);
    return decorated || cells.some((cell, c) => cell !== '' && cell !== false && cell !== null && !existing.fedColumns.has(c));
  });
  const kept = payments.filter((_, i) => holdsUserCells[i]);
  if (kept.length === 0) return 0;
  const target = removedSheet(platform, sheet.name(), existing, layout.columns);
  const firstTargetRow = rowsOfRemoval(target, removedAt) ?? Math.max(2, target.readValues().length + 1);
  target.ensureSize(firstTargetRow + kept.length, width + 2);
  target.writeValues(
    firstTargetRow,
    1,
    kept.map((payment) => [new Date(removedAt), reasonOf(payment)]),
  );
  let written = 0;
  // One copy per run of adjacent rows to keep.
  for (let i = 0; i < payments.length; ) {
    if (!holdsUserCells[i]) {
      i++;
      continue;
    }
    let end = i;
    while (end + 1 < payments.length && holdsUserCells[end + 1]) end++;
    sheet.copyTo(firstRow + i, 1, end - i + 1, width, target, firstTargetRow + written, 3);
    written += end - i + 1;
    i = end + 1;
  }
  return kept.length;
}

function removedSheet(platform: SpreadsheetPlatform, sheetName: string, existing: ExistingTable, columns: readonly Column[]): SheetTable {
  const name = removedSheetName(sheetName);
  const sheet = platform.workbook.sheet(name) ?? platform.workbook.createSheet(name);
  // A header is written when missing: also after a kill between making the sheet and writing it.
  if (sheet.readValues().length > 0) return sheet;
  const userHeader = existing.userHeader.map((cell) => (typeof cell === 'string' && cell.startsWith('=') ? '' : cell));
  sheet.writeValues(1, 1, [['removed_at', 'removed_because', ...columns, ...userHeader]]);
  sheet.styleHeader(2 + columns.length + userHeader.length);
  return sheet;
}

/** The first row this removal already wrote (a repeat after a kill), or null. */
function rowsOfRemoval(target: SheetTable, removedAt: number): number | null {
  const values = target.readValues();
  const index = values.findIndex((row, r) => r > 0 && isDate(row[0]) && row[0].getTime() === removedAt);
  return index > 0 ? index + 1 : null;
}
