/**
 * A sync's summary sheet, "<sheet> · summary": the table's totals by month and currency (PAYMENTS_SUMMARY's), a grid
 * of net per month with a column per currency beside them, and a column chart of that grid. Rewritten whole after
 * every switch, so it always matches the table; the chart is found again by its title and repointed, never doubled.
 */
import { DEFAULT_SUMMARY_STATUSES, netByPeriod, summarize, summaryTable, SUMMARY_HEADER } from '../core/summary';
import { asTextCell } from '../core/table';
import type { Payment } from '../core/payment';
import type { SpreadsheetPlatform } from '../platform/types';

const SUMMARY_SHEET_SUFFIX = ' · summary';
const SHEET_NAME_MAX = 100;
/** The net grid starts a column after the totals, so the two read as separate blocks. */
const NET_COLUMN = SUMMARY_HEADER.length + 2;

export function summarySheetName(sheetName: string): string {
  return sheetName.slice(0, SHEET_NAME_MAX - SUMMARY_SHEET_SUFFIX.length) + SUMMARY_SHEET_SUFFIX;
}

/** The chart's title, by which a later run finds it again. */
export function summaryChartTitle(sheetName: string): string {
  return `Net per month · ${sheetName}`;
}

/** Keys as text: typed into a cell, "2026-11" would become a date and "2026" a number. */
const asText = (row: Array<string | number>, textColumns: number) =>
  row.map((cell, i) => (i < textColumns && typeof cell === 'string' ? asTextCell(cell) : cell));

/** Writes the summary of the table's payments; only money that came in counts (the summary's default statuses). */
export function writeSummarySheet(platform: SpreadsheetPlatform, sheetName: string, payments: Payment[]): void {
  const counted = payments.filter((payment) => DEFAULT_SUMMARY_STATUSES.includes(payment.status));
  const rows = summarize(counted, 'month', platform.timeZone());
  const totals = summaryTable(rows).map((row, i) => (i === 0 ? row : asText(row, 2)));
  const net = netByPeriod(rows).map((row, i) => (i === 0 ? row : asText(row, 1)));
  const name = summarySheetName(sheetName);
  const sheet = platform.workbook.sheet(name) ?? platform.workbook.createSheet(name);
  const old = sheet.readValues();
  if (old.length) sheet.clearContent(1, 1, old.length, old[0].length);
  const width = NET_COLUMN + net[0].length - 1;
  sheet.ensureSize(Math.max(totals.length, net.length), width);
  sheet.writeValues(1, 1, totals);
  sheet.writeValues(1, NET_COLUMN, net);
  sheet.styleHeader(width);
  platform.workbook.placeChart(name, {
    title: summaryChartTitle(sheetName),
    row: 1,
    column: NET_COLUMN,
    numRows: net.length,
    numColumns: net[0].length,
    anchorRow: 1,
    anchorColumn: width + 2,
  });
}
