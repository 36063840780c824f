import { formatDatePattern } from './dateFormat';
import { fromSheetsSerial, startOfDay } from './timeZone';
import { DEFAULT_NUMBER_FORMAT, PLAIN_TEXT_FORMAT, type CellValue } from './values';

/**
 * getDisplayValues: a cell's value rendered through its number format. Covers the formats an add-on sets —
 * decimals, grouping, percent, literal prefixes/suffixes, currency "[$€]", sections "pos;neg", and date/time
 * formats — not the whole Sheets format language.
 */
export function displayValue(value: CellValue, numberFormat: string | undefined, timeZone: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  const format = numberFormat ?? DEFAULT_NUMBER_FORMAT;
  if (value instanceof Date) {
    const pattern = isDateFormat(format) ? toDatePattern(format) : defaultDatePattern(value.getTime(), timeZone);
    return formatDatePattern(value.getTime(), timeZone, pattern);
  }
  if (format === DEFAULT_NUMBER_FORMAT || format === PLAIN_TEXT_FORMAT || /^general$/i.test(format)) return generalNumber(value);
  if (isDateFormat(format)) return formatDatePattern(fromSheetsSerial(value, timeZone), timeZone, toDatePattern(format));
  return formatNumber(value, format);
}

function generalNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
}

function defaultDatePattern(epochMs: number, timeZone: string): string {
  return startOfDay(epochMs, timeZone) === epochMs ? 'yyyy-MM-dd' : 'yyyy-MM-dd HH:mm:ss';
}

const LITERALS = /"[^"]*"|\\.|\[[^\]]*\]/g;

function isDateFormat(format: string): boolean {
  const bare = format.replace(LITERALS, '');
  return /[ydhs]/i.test(bare) || (/m/i.test(bare) && !/[0#]/.test(bare));
}

type DateToken = { literal: string } | { letter: string; width: number };

/** Sheets date format → SimpleDateFormat pattern. "m" means minutes next to hours or seconds, months otherwise. */
function toDatePattern(format: string): string {
  const tokens: DateToken[] = [];
  const hasAmPm = /am\/pm|a\/p/i.test(format);
  for (let i = 0; i < format.length; ) {
    const rest = format.slice(i);
    const quoted = /^"([^"]*)"/.exec(rest) ?? /^\\(.)/.exec(rest);
    const amPm = /^(am\/pm|a\/p)/i.exec(rest);
    const letters = /^([ymdhs])\1*/i.exec(rest);
    if (quoted) {
      tokens.push({ literal: quoted[1] });
      i += quoted[0].length;
    } else if (amPm) {
      tokens.push({ letter: 'a', width: 1 });
      i += amPm[0].length;
    } else if (letters) {
      tokens.push({ letter: letters[1].toLowerCase(), width: letters[0].length });
      i += letters[0].length;
    } else {
      tokens.push({ literal: format[i] });
      i++;
    }
  }
  const fields = tokens.filter((token): token is { letter: string; width: number } => 'letter' in token);
  return tokens
    .map((token) => {
      if ('literal' in token) return token.literal ? `'${token.literal.replace(/'/g, "''")}'` : '';
      const index = fields.indexOf(token);
      const isMinute = token.letter === 'm' && (fields[index - 1]?.letter === 'h' || fields[index + 1]?.letter === 's');
      return javaField(token.letter, token.width, isMinute, hasAmPm);
    })
    .join('');
}

function javaField(letter: string, width: number, isMinute: boolean, hasAmPm: boolean): string {
  switch (letter) {
    case 'y':
      return width <= 2 ? 'yy' : 'yyyy';
    case 'm':
      return isMinute ? 'm'.repeat(Math.min(width, 2)) : 'M'.repeat(Math.min(width, 4));
    case 'd':
      return width <= 2 ? 'd'.repeat(width) : 'E'.repeat(Math.min(width + 1, 4));
    case 'h':
      return (hasAmPm ? 'h' : 'H').repeat(Math.min(width, 2));
    case 's':
      return 's'.repeat(Math.min(width, 2));
    default:
      return 'a';
  }
}

function splitSections(format: string): string[] {
  const sections: string[] = [];
  let current = '';
  for (const piece of format.split(/("[^"]*"|\\.)/)) {
    if (piece.startsWith('"') || piece.startsWith('\\')) {
      current += piece;
      continue;
    }
    const parts = piece.split(';');
    current += parts[0];
    for (const part of parts.slice(1)) {
      sections.push(current);
      current = part;
    }
  }
  sections.push(current);
  return sections;
}

function formatNumber(value: number, format: string): string {
  const sections = splitSections(format);
  const negativeSection = value < 0 && sections.length > 1;
  const section = negativeSection ? sections[1] : sections[0];
  let prefix = '';
  let suffix = '';
  let core = '';
  let percent = false;
  for (const piece of section.match(/"[^"]*"|\\.|\[[^\]]*\]|[0#?,.]+|./g) ?? []) {
    let literal: string;
    if (/^[0#?,.]+$/.test(piece) && core === '') {
      core = piece;
      continue;
    }
    if (piece.startsWith('"')) literal = piece.slice(1, -1);
    else if (piece.startsWith('\\')) literal = piece.slice(1);
    else if (piece.startsWith('[$')) literal = piece.slice(2, -1).split('-')[0];
    else if (piece.startsWith('['))
      literal = ''; // colours and conditions
    else literal = piece;
    if (piece === '%') percent = true;
    if (core === '') prefix += literal;
    else suffix += literal;
  }
  const magnitude = Math.abs(value) * (percent ? 100 : 1);
  const [integerPattern, fractionPattern = ''] = core.split('.');
  const minDecimals = (fractionPattern.match(/0/g) ?? []).length;
  const maxDecimals = (fractionPattern.match(/[0#?]/g) ?? []).length;
  let [integerPart, fractionPart = ''] = magnitude.toFixed(maxDecimals).split('.');
  while (fractionPart.length > minDecimals && fractionPart.endsWith('0')) fractionPart = fractionPart.slice(0, -1);
  const minIntegerDigits = (integerPattern.match(/0/g) ?? []).length;
  if (integerPart === '0' && minIntegerDigits === 0) integerPart = '';
  integerPart = integerPart.padStart(minIntegerDigits, '0');
  if (integerPattern.includes(',')) integerPart = integerPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = value < 0 && !negativeSection ? '-' : '';
  return `${sign}${prefix}${integerPart}${fractionPart ? `.${fractionPart}` : ''}${suffix}`;
}
