/**
 * Moving a formula's references when its cell is copied (Range.copyTo) or moved by a sort (Range.sort): relative
 * rows and columns shift with the cell, "$"-anchored ones stay, and a reference pushed above row 1 or left of
 * column A becomes #REF!, as in Sheets when a formula is pasted. Text in "quotes" and 'quoted sheet names' is left
 * alone. Sources: https://support.google.com/docs/answer/46977 (absolute and relative references) for copying; for
 * sorting, that Sheets adjusts relative references as it does for a copy is assumed (see dev/runtime/README.md).
 */

const QUOTED = /"(?:[^"]|"")*"|'(?:[^']|'')*'/g;
/** A1, $A$1, A$1: not part of a longer name, a sheet name ("Q1!A1") or a function call ("LOG10("). */
const CELL = /(?<![A-Za-z0-9_.$])(\$?)([A-Za-z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_!(])/g;
/** Whole rows "2:5", "$2:$5". */
const ROWS = /(?<![A-Za-z0-9_.$:])(\$?)(\d+):(\$?)(\d+)(?![A-Za-z0-9_.(:])/g;
/** Whole columns "B:D", "$B:$D". */
const COLUMNS = /(?<![A-Za-z0-9_.$:])(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})(?![A-Za-z0-9_.(:!])/g;

const REF_ERROR = '#REF!';

function columnNumber(letters: string): number {
  let column = 0;
  for (const letter of letters.toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 64);
  return column;
}

function columnLetters(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** A row or column index moved by `delta` unless anchored; undefined when it falls off the grid. */
function moved(index: number, anchored: string, delta: number): number | undefined {
  const result = anchored ? index : index + delta;
  return result >= 1 ? result : undefined;
}

function shiftPlainText(text: string, rows: number, columns: number): string {
  return text
    .replace(ROWS, (_match, anchorA: string, rowA: string, anchorB: string, rowB: string) => {
      const [a, b] = [moved(Number(rowA), anchorA, rows), moved(Number(rowB), anchorB, rows)];
      return a === undefined || b === undefined ? REF_ERROR : `${anchorA}${a}:${anchorB}${b}`;
    })
    .replace(COLUMNS, (_match, anchorA: string, columnA: string, anchorB: string, columnB: string) => {
      const [a, b] = [moved(columnNumber(columnA), anchorA, columns), moved(columnNumber(columnB), anchorB, columns)];
      return a === undefined || b === undefined ? REF_ERROR : `${anchorA}${columnLetters(a)}:${anchorB}${columnLetters(b)}`;
    })
    .replace(CELL, (_match, columnAnchor: string, letters: string, rowAnchor: string, digits: string) => {
      const column = moved(columnNumber(letters), columnAnchor, columns);
      const row = moved(Number(digits), rowAnchor, rows);
      return column === undefined || row === undefined ? REF_ERROR : `${columnAnchor}${columnLetters(column)}${rowAnchor}${row}`;
    });
}

/** `formula` as it reads after its cell moved `rows` down and `columns` right (negative: up, left). */
export function offsetReferences(formula: string, rows: number, columns: number): string {
  if (rows === 0 && columns === 0) return formula;
  let result = '';
  let last = 0;
  for (const quoted of formula.matchAll(QUOTED)) {
    result += shiftPlainText(formula.slice(last, quoted.index), rows, columns) + quoted[0];
    last = quoted.index + quoted[0].length;
  }
  return result + shiftPlainText(formula.slice(last), rows, columns);
}
