import { ScriptException } from './errors';
import { SHEETS } from './limits';
import { fromZoned } from './timeZone';

/** What a cell can hold, as getValues returns it. */
export type CellValue = string | number | boolean | Date;

/** What a write puts in a cell: a value (with the number format Sheets infers from typed text), or a formula. */
export type CellContent = { value: CellValue; impliedFormat?: string } | { formula: string };

/** What getNumberFormat reports for a cell nobody formatted. */
export const DEFAULT_NUMBER_FORMAT = '0.###############';
/** "Plain text": Sheets stores typed strings as they are. */
export const PLAIN_TEXT_FORMAT = '@';

const TYPED_DATE_FORMAT = 'yyyy-mm-dd';
const TYPED_DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';

export function assertCellLength(text: string): void {
  if (text.length > SHEETS.maxCellChars) {
    throw new ScriptException(`Your input contains more than the maximum of ${SHEETS.maxCellChars} characters in a single cell.`);
  }
}

/**
 * What Sheets stores when a script writes `input` with setValue(s) or appendRow: strings are read as if a user
 * typed them (formulas, numbers, dates, booleans), unless the cell is formatted as plain text. Numbers, booleans
 * and Dates are stored as they are; null and undefined empty the cell.
 */
export function interpretInput(input: unknown, numberFormat: string | undefined, timeZone: string): CellContent {
  if (input === null || input === undefined) return { value: '' };
  if (typeof input === 'number' || typeof input === 'boolean') return { value: input };
  if (input instanceof Date) return { value: new Date(input.getTime()) };
  const text = String(input);
  assertCellLength(text);
  return numberFormat === PLAIN_TEXT_FORMAT ? { value: text } : interpretTypedText(text, timeZone);
}

function interpretTypedText(text: string, timeZone: string): CellContent {
  if (text.startsWith("'")) return { value: text.slice(1) };
  if (text.startsWith('=') && text.length > 1) return { formula: text };
  const trimmed = text.trim();
  const number = parseTypedNumber(trimmed);
  if (number !== undefined) return { value: number };
  // Sheets also takes "+SUM(1,2)" or "-A1" as a formula. Erring on the side of "formula" for anything else
  // starting with + or - makes the add-on escape such text, which is what keeps it safe on the real thing.
  if (/^[+-]./.test(trimmed)) return { formula: `=${trimmed}` };
  const date = parseTypedDate(trimmed, timeZone);
  if (date) return date;
  if (/^(true|false)$/i.test(trimmed)) return { value: trimmed.toUpperCase() === 'TRUE' };
  return { value: text };
}

/** "00123", "12.5", "1e3", "-4", "1,234.5", "15%". */
function parseTypedNumber(text: string): number | undefined {
  const percent = text.endsWith('%');
  const body = percent ? text.slice(0, -1) : text;
  const plain = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(body);
  const grouped = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(body);
  if (!plain && !grouped) return undefined;
  const number = Number(body.replace(/,/g, ''));
  return percent ? number / 100 : number;
}

/** "2026-01-31" or "2026-01-31 14:05[:09]" (also with slashes): a Date in the spreadsheet's time zone. */
function parseTypedDate(text: string, timeZone: string): CellContent | undefined {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((field) => Number(field ?? 0));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return undefined;
  return {
    value: new Date(fromZoned({ year, month, day, hour, minute, second }, timeZone)),
    impliedFormat: match[4] === undefined ? TYPED_DATE_FORMAT : TYPED_DATE_TIME_FORMAT,
  };
}
