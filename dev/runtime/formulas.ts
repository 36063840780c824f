import { parseA1 } from './a1';
import type { CellError, SheetModel, SheetRect, SpreadsheetModel } from './spreadsheet-model';
import { fromSheetsSerial, fromZoned, startOfDay, toSheetsSerial } from './time-zone';
import type { CellValue } from './values';

/**
 * Custom-function formulas: "=PAYMENTS("aura", "succeeded", A1, DATE(2026,1,31))". The local runtime evaluates
 * the arguments Sheets would hand the function — literals, cell and range references (also on other sheets),
 * DATE/TODAY/NOW and +/- on numbers and dates — not Sheets' whole formula language.
 */

type Expression =
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'empty' }
  | { kind: 'reference'; sheetName?: string; a1: string }
  | { kind: 'call'; name: string; args: Expression[] }
  | { kind: 'negate'; operand: Expression }
  | { kind: 'arithmetic'; operator: '+' | '-'; left: Expression; right: Expression };

type ArgumentValue = CellValue | CellValue[][];

export type ArgumentResolution = { dependencies: SheetRect[] } & ({ args: ArgumentValue[] } | { error: CellError });

export interface ArgumentContext {
  spreadsheet: SpreadsheetModel;
  /** The sheet holding the formula: where unqualified references point. */
  sheet: SheetModel;
  now: number;
}

/** "=PAYMENTS(…)" → "PAYMENTS": the function a formula calls at its top, when its top is a call. */
export function topLevelFunctionName(formula: string): string | undefined {
  return /^=\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\(/.exec(formula)?.[1];
}

class FormulaError extends Error {
  constructor(readonly cellError: CellError) {
    super(cellError.message);
  }
}

const parseError = (): FormulaError => new FormulaError({ code: '#ERROR!', message: 'Formula parse error.' });

const CELL_REFERENCE = /^\$?[A-Za-z]{1,3}\$?\d+$/;
const RANGE_ENDPOINT = /^\$?[A-Za-z]{0,3}\$?\d*$/;

class FormulaParser {
  private position = 0;

  constructor(private readonly text: string) {}

  /** The whole formula must be one call: "=NAME(arguments)". */
  parseTopLevelCall(): { name: string; args: Expression[] } {
    this.expect('=');
    const expression = this.parseExpression();
    this.skipSpace();
    if (expression.kind !== 'call' || this.position < this.text.length) throw parseError();
    return expression;
  }

  private parseExpression(): Expression {
    let left = this.parseUnary();
    for (let operator = this.peekOperator(); operator; operator = this.peekOperator()) {
      this.position++;
      left = { kind: 'arithmetic', operator, left, right: this.parseUnary() };
    }
    return left;
  }

  private peekOperator(): '+' | '-' | undefined {
    this.skipSpace();
    const char = this.text[this.position];
    return char === '+' || char === '-' ? char : undefined;
  }

  private parseUnary(): Expression {
    const operator = this.peekOperator();
    if (!operator) return this.parsePrimary();
    this.position++;
    const operand = this.parseUnary();
    return operator === '-' ? { kind: 'negate', operand } : operand;
  }

  private parsePrimary(): Expression {
    this.skipSpace();
    const number = this.match(/(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/iy);
    if (number) return { kind: 'literal', value: Number(number[0]) };
    const text = this.match(/"((?:[^"]|"")*)"/y);
    if (text) return { kind: 'literal', value: text[1].replace(/""/g, '"') };
    const quotedSheet = this.match(/'((?:[^']|'')*)'!/y);
    if (quotedSheet) return this.parseReference(quotedSheet[1].replace(/''/g, "'"));
    if (this.match(/\(/y)) {
      const inner = this.parseExpression();
      this.expect(')');
      return inner;
    }
    const name = this.match(/[A-Za-z_$][A-Za-z0-9_.$]*/y)?.[0];
    if (name === undefined) throw parseError();
    if (this.match(/\s*\(/y)) return { kind: 'call', name: name.toUpperCase(), args: this.parseArguments() };
    if (this.match(/!/y)) return this.parseReference(name);
    if (/^(true|false)$/i.test(name)) return { kind: 'literal', value: name.toUpperCase() === 'TRUE' };
    return this.continueReference(undefined, name);
  }

  private parseReference(sheetName: string): Expression {
    const start = this.match(/[A-Za-z0-9$]+/y)?.[0];
    if (start === undefined) throw parseError();
    return this.continueReference(sheetName, start);
  }

  private continueReference(sheetName: string | undefined, start: string): Expression {
    const end = this.match(/:([A-Za-z0-9$]+)/y)?.[1];
    if (end === undefined) return { kind: 'reference', sheetName, a1: start };
    if (!RANGE_ENDPOINT.test(start) || !RANGE_ENDPOINT.test(end)) throw parseError();
    return { kind: 'reference', sheetName, a1: `${start}:${end}` };
  }

  /** After "(": arguments up to ")"; an argument left empty ("F(1,,3)") is an empty value. */
  private parseArguments(): Expression[] {
    const args: Expression[] = [];
    this.skipSpace();
    if (this.match(/\)/y)) return args;
    for (;;) {
      this.skipSpace();
      const char = this.text[this.position];
      args.push(char === ',' || char === ')' ? { kind: 'empty' } : this.parseExpression());
      this.skipSpace();
      if (this.match(/\)/y)) return args;
      this.expect(',');
    }
  }

  private match(pattern: RegExp): RegExpExecArray | null {
    pattern.lastIndex = this.position;
    const match = pattern.exec(this.text);
    if (match) this.position = pattern.lastIndex;
    return match;
  }

  private expect(char: string): void {
    this.skipSpace();
    if (this.text[this.position] !== char) throw parseError();
    this.position++;
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.position] ?? '')) this.position++;
  }
}

class ArgumentEvaluator {
  constructor(
    private readonly context: ArgumentContext,
    private readonly dependencies: SheetRect[],
  ) {}

  private get timeZone(): string {
    return this.context.spreadsheet.timeZone;
  }

  evaluate(expression: Expression): ArgumentValue {
    switch (expression.kind) {
      case 'literal':
        return expression.value;
      case 'empty':
        return '';
      case 'reference':
        return this.reference(expression.sheetName, expression.a1);
      case 'call':
        return this.call(expression.name, expression.args.map((arg) => this.evaluate(arg)));
      case 'negate':
        return -this.toNumber(this.evaluate(expression.operand));
      case 'arithmetic':
        return this.arithmetic(expression.operator, this.evaluate(expression.left), this.evaluate(expression.right));
    }
  }

  /** A single cell gives its value ('' when empty; a Date cell its Date); a range gives rows of values. */
  private reference(sheetName: string | undefined, a1: string): ArgumentValue {
    const sheet = sheetName === undefined ? this.context.sheet : this.context.spreadsheet.sheetByName(sheetName);
    if (!sheet) throw new FormulaError({ code: '#REF!', message: `Unresolved sheet name '${sheetName}'.` });
    const isRange = a1.includes(':');
    const rect = isRange || CELL_REFERENCE.test(a1) ? parseA1(a1, sheet.maxRows, sheet.maxColumns) : undefined;
    if (!rect) throw new FormulaError({ code: '#NAME?', message: `Unknown range name: '${a1}'.` });
    this.dependencies.push({ sheetId: sheet.id, rect });
    if (isRange) return sheet.read(rect, (cell) => cell?.shownValue ?? '');
    const cell = sheet.cell(rect.top, rect.left);
    // An argument that is an error makes the formula that error: the function is not called.
    const error = cell?.error;
    if (error) throw new FormulaError(error);
    return cell?.shownValue ?? '';
  }

  private call(name: string, args: ArgumentValue[]): ArgumentValue {
    switch (name) {
      case 'DATE': {
        if (args.length !== 3) {
          throw new FormulaError({ code: '#ERROR!', message: `Wrong number of arguments to DATE. Expected 3 arguments, but got ${args.length} arguments.` });
        }
        const [year, month, day] = args.map((arg) => this.toNumber(arg));
        return new Date(fromZoned({ year: Math.trunc(year), month: Math.trunc(month), day: Math.trunc(day) }, this.timeZone));
      }
      case 'TODAY':
        return new Date(startOfDay(this.context.now, this.timeZone));
      case 'NOW':
        return new Date(this.context.now);
      default:
        throw new FormulaError({ code: '#ERROR!', message: `The local runtime does not evaluate ${name}() in custom-function arguments.` });
    }
  }

  /** Dates are day numbers to Sheets: date ± days is a date, date − date a number of days. */
  private arithmetic(operator: '+' | '-', left: ArgumentValue, right: ArgumentValue): ArgumentValue {
    const sign = operator === '+' ? 1 : -1;
    const result = this.toNumber(left) + sign * this.toNumber(right);
    const datePlusDays = left instanceof Date && !(right instanceof Date);
    const daysPlusDate = operator === '+' && right instanceof Date && !(left instanceof Date);
    return datePlusDays || daysPlusDate ? new Date(fromSheetsSerial(result, this.timeZone)) : result;
  }

  private toNumber(value: ArgumentValue): number {
    if (typeof value === 'number') return value;
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (value instanceof Date) return toSheetsSerial(value.getTime(), this.timeZone);
    if (value === '') return 0;
    if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
    const text = Array.isArray(value) ? 'a range' : `'${value}'`;
    throw new FormulaError({ code: '#VALUE!', message: `${text} is a text and cannot be coerced to a number.` });
  }
}

/** Parses the formula's call and evaluates its arguments against the spreadsheet as it is now. */
export function resolveArguments(formula: string, context: ArgumentContext): ArgumentResolution {
  const dependencies: SheetRect[] = [];
  try {
    const call = new FormulaParser(formula).parseTopLevelCall();
    const evaluator = new ArgumentEvaluator(context, dependencies);
    return { dependencies, args: call.args.map((arg) => evaluator.evaluate(arg)) };
  } catch (error) {
    if (error instanceof FormulaError) return { dependencies, error: error.cellError };
    throw error;
  }
}

/** A custom function's return value as the grid of cells it fills: a 1-D array fills a column. */
export function toCellGrid(result: unknown): CellValue[][] {
  const rows = Array.isArray(result) ? result.map((row: unknown) => (Array.isArray(row) ? row : [row])) : [[result]];
  if (rows.length === 0) return [['']];
  const width = rows.reduce((widest, row) => Math.max(widest, row.length), 1);
  return rows.map((row) => Array.from({ length: width }, (_, index) => toCellValue(row[index])));
}

function toCellValue(value: unknown): CellValue {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  return String(value);
}
