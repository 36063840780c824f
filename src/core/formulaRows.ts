/**
 * A reference to a cell or a range, maybe on a named sheet: Sheet1!E5, 'My sheet'!$E$5:F9, E5. Matched only where
 * a token can start, so a function name (LOG10) or a number (1E5) is never taken for one.
 */
const CELL_REFERENCE =
  /(?:('(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?(\$?[A-Za-z]{1,3}\$?\d+)(?::(\$?[A-Za-z]{1,3}\$?\d+))?(?![A-Za-z0-9_(!])/y;
const CELL = /^(\$?[A-Za-z]{1,3})(\$?)(\d+)$/;
const TOKEN_CHARACTER = /[A-Za-z0-9_.$'!]/;

function sheetOf(prefix: string): string {
  return prefix.startsWith("'") ? prefix.slice(1, -1).replace(/''/g, "'") : prefix;
}

/**
 * A formula moved `rowDelta` rows down its sheet, as Sheets adjusts a formula when sorting moves its row: relative
 * row numbers of references to this sheet shift, so `=E5*0.2` beside a payment still reads that payment's amount.
 * Absolute rows ($5), other sheets' cells and text in quotes stay as written.
 */
export function moveFormulaRows(formula: string, rowDelta: number, sheetName: string): string {
  if (rowDelta === 0 || !formula.startsWith('=')) return formula;
  let moved = '';
  let i = 0;
  while (i < formula.length) {
    const character = formula[i];
    if (character === '"') {
      let end = i + 1;
      while (end < formula.length && !(formula[end] === '"' && formula[end + 1] !== '"')) end += formula[end] === '"' ? 2 : 1;
      moved += formula.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    CELL_REFERENCE.lastIndex = i;
    const match = i > 0 && TOKEN_CHARACTER.test(formula[i - 1]) ? null : CELL_REFERENCE.exec(formula);
    if (!match) {
      moved += character;
      i++;
      continue;
    }
    const [text, prefix, start, end] = match;
    if (prefix !== undefined && sheetOf(prefix).toLowerCase() !== sheetName.toLowerCase()) moved += text;
    else {
      const cells = [start, end].filter((cell) => cell !== undefined).map((cell) => moveCell(cell, rowDelta));
      moved += `${prefix !== undefined ? `${prefix}!` : ''}${cells.join(':')}`;
    }
    i += text.length;
  }
  return moved;
}

function moveCell(cell: string, rowDelta: number): string {
  const [, column, absoluteRow, row] = CELL.exec(cell)!;
  if (absoluteRow) return cell;
  const newRow = Number(row) + rowDelta;
  return newRow < 1 ? '#REF!' : `${column}${newRow}`;
}

/** A range with no last row (E2:E, $E:$E): it grows with the table, as a column-filling formula's input does. */
const OPEN_ENDED_RANGE = /\$?[A-Za-z]{1,3}\$?\d*:\$?[A-Za-z]{1,3}(?![A-Za-z0-9$(])/;

/**
 * How many columns a formula at the top of a user column fills from its cell down, or 0 when it is a formula of its
 * own cell. Only an array formula over an open-ended range fills a column (=ARRAYFORMULA(E2:E*0.2)); an array
 * literal, bare or right inside ARRAYFORMULA, fills as many columns as its first row has ({"VAT","Net"; …}).
 */
export function columnsFilled(formula: string): number {
  const literal = /^=\s*(?:ARRAYFORMULA\s*\(\s*)?\{/i.exec(formula);
  if (!(literal || /\bARRAYFORMULA\s*\(/i.test(formula)) || !OPEN_ENDED_RANGE.test(withoutText(formula))) return 0;
  return literal ? firstRowWidth(formula.slice(literal[0].length)) : 1;
}

function withoutText(formula: string): string {
  return formula.replace(/"(?:[^"]|"")*"/g, '""');
}

/** Columns in an array literal's first row: commas at its own level before the first ";" or its closing "}". */
function firstRowWidth(body: string): number {
  let depth = 0;
  let width = 1;
  for (const character of withoutText(body)) {
    if (character === '(' || character === '{') depth++;
    else if (character === ')') depth--;
    else if (character === '}') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && character === ';') break;
    else if (depth === 0 && character === ',') width++;
  }
  return width;
}
