/** A1 notation: cells, ranges and sheet-qualified references. Rows and columns are 1-based and inclusive. */

export interface Rect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export function cellRect(row: number, column: number): Rect {
  return { top: row, left: column, bottom: row, right: column };
}

export function rectRows(rect: Rect): number {
  return rect.bottom - rect.top + 1;
}

export function rectColumns(rect: Rect): number {
  return rect.right - rect.left + 1;
}

export function rectsIntersect(a: Rect, b: Rect): boolean {
  return a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right;
}

function columnLetters(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

function columnNumber(letters: string): number {
  let column = 0;
  for (const letter of letters.toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 64);
  return column;
}

export function formatA1(rect: Rect): string {
  const start = `${columnLetters(rect.left)}${rect.top}`;
  return rect.top === rect.bottom && rect.left === rect.right ? start : `${start}:${columnLetters(rect.right)}${rect.bottom}`;
}

interface Endpoint {
  column?: number;
  row?: number;
}

function parseEndpoint(text: string): Endpoint | undefined {
  const match = /^\$?([A-Za-z]{0,3})\$?(\d*)$/.exec(text.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  return {
    column: match[1] ? columnNumber(match[1]) : undefined,
    row: match[2] ? Number(match[2]) : undefined,
  };
}

/**
 * Parses "B2", "A1:C3", "$A$1", whole columns "A:C", whole rows "2:4" and open-ended "A2:C" (to the last row).
 * Returns undefined for anything else, or for row/column 0.
 */
export function parseA1(a1: string, maxRows: number, maxColumns: number): Rect | undefined {
  const [first, second, extra] = a1.split(':');
  if (extra !== undefined) return undefined;
  const start = parseEndpoint(first);
  const end = second === undefined ? start : parseEndpoint(second);
  if (!start || !end) return undefined;
  if (second === undefined && (start.column === undefined || start.row === undefined)) return undefined;
  const top = Math.min(start.row ?? 1, end.row ?? 1);
  const bottom = start.row === undefined || end.row === undefined ? maxRows : Math.max(start.row, end.row);
  const left = Math.min(start.column ?? 1, end.column ?? 1);
  const right = start.column === undefined || end.column === undefined ? maxColumns : Math.max(start.column, end.column);
  if (top < 1 || left < 1) return undefined;
  return { top, left, bottom, right };
}

/** Splits "Sheet1!A1" or "'My sheet'!B2" (quotes doubled inside) into the sheet name and the A1 part. */
export function splitSheetQualifier(reference: string): { sheetName?: string; a1: string } {
  const bang = reference.lastIndexOf('!');
  if (bang < 0) return { a1: reference };
  const qualifier = reference.slice(0, bang);
  const sheetName = /^'.*'$/.test(qualifier) ? qualifier.slice(1, -1).replace(/''/g, "'") : qualifier;
  return { sheetName, a1: reference.slice(bang + 1) };
}
