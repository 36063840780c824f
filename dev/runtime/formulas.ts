import * as formulajs from '@formulajs/formulajs';
import { parseA1 } from './a1';
import type { CellError, CellErrorCode, FormulaEvaluation, SheetModel, SheetRect, SpreadsheetModel } from './spreadsheetModel';
import { fromSheetsSerial, fromZoned, startOfDay, toSheetsSerial } from './timeZone';
import type { CellValue } from './values';

/**
 * Formulas as the local runtime evaluates them: the arguments Sheets hands a custom function
 * ("=PAYMENTS("aura", "succeeded", A1, DATE(2026,1,31))") and ordinary formulas ("=E5*0.2", "=SUM(B2:B9)",
 * "=IF(A1>0,"yes","no")", "="Total: "&A1"). The parser and operators are ours, small and Sheets-shaped (date
 * arithmetic in the spreadsheet's zone, text vs number comparisons, error codes); the function library is
 * formulajs, a maintained implementation of the spreadsheet functions, so none is hand-written here except the
 * few whose meaning depends on the spreadsheet (DATE, TODAY, NOW: its time zone), on lazy evaluation (IF, IFERROR) or on
 * Sheets alone (HYPERLINK).
 */
type BinaryOperator = '+' | '-' | '*' | '/' | '^' | '&' | '=' | '<>' | '<' | '>' | '<=' | '>=';

type Expression =
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'empty' }
  | { kind: 'reference'; sheetName?: string; a1: string }
  | { kind: 'call'; name: string; args: Expression[] }
  | { kind: 'negate'; operand: Expression }
  | { kind: 'binary'; operator: BinaryOperator; left: Expression; right: Expression };

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

/** Binary operators from the loosest to the tightest binding, as Sheets ranks them. */
const PRECEDENCE: ReadonlyArray<readonly BinaryOperator[]> = [['=', '<>', '<=', '>=', '<', '>'], ['&'], ['+', '-'], ['*', '/'], ['^']];

class FormulaParser {
  private position = 0;

  constructor(private readonly text: string) {}

  /** "=expression", all of it. */
  parseFormula(): Expression {
    this.expect('=');
    const expression = this.parseExpression();
    this.skipSpace();
    if (this.position < this.text.length) throw parseError();
    return expression;
  }

  /** The whole formula must be one call: "=NAME(arguments)". */
  parseTopLevelCall(): { name: string; args: Expression[] } {
    const expression = this.parseFormula();
    if (expression.kind !== 'call') throw parseError();
    return expression;
  }

  private parseExpression(level = 0): Expression {
    if (level === PRECEDENCE.length) return this.parseUnary();
    let left = this.parseExpression(level + 1);
    for (let operator = this.peekOperator(PRECEDENCE[level]); operator; operator = this.peekOperator(PRECEDENCE[level])) {
      this.position += operator.length;
      left = { kind: 'binary', operator, left, right: this.parseExpression(level + 1) };
    }
    return left;
  }

  /** The longest of `operators` at the current position ("<=" before "<"). */
  private peekOperator<T extends string>(operators: readonly T[]): T | undefined {
    this.skipSpace();
    return operators.find((operator) => this.text.startsWith(operator, this.position));
  }

  private parseUnary(): Expression {
    const operator = this.peekOperator(['+', '-'] as const);
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

/** formulajs's functions by name; it answers a bad argument with an Error whose message is the code ("#VALUE!"). */
const LIBRARY = formulajs as unknown as Record<string, ((...args: unknown[]) => unknown) | undefined>;
const ERROR_CODES = new Set<string>(['#ERROR!', '#REF!', '#VALUE!', '#NAME?', '#DIV/0!', '#N/A', '#NUM!']);

/** What Sheets says for each code a library function answers with, since formulajs gives the code alone. */
function libraryError(name: string, error: Error): CellError {
  const code = (ERROR_CODES.has(error.message) ? error.message : '#ERROR!') as CellErrorCode;
  const messages: Partial<Record<CellErrorCode, string>> = {
    '#VALUE!': `${name} got an argument of the wrong kind (text where a number belongs, say).`,
    '#DIV/0!': `${name} divided by zero.`,
    '#N/A': `${name} found no match.`,
    '#NUM!': `${name} got a number out of its range.`,
  };
  return { code, message: messages[code] ?? (code === '#ERROR!' ? error.message : `${name}: ${code}`) };
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
        return this.call(expression.name, expression.args);
      case 'negate':
        return -this.toNumber(this.evaluate(expression.operand));
      case 'binary':
        return this.binary(expression.operator, this.evaluate(expression.left), this.evaluate(expression.right));
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

  private call(name: string, args: Expression[]): ArgumentValue {
    switch (name) {
      case 'DATE': {
        if (args.length !== 3) {
          throw new FormulaError({
            code: '#ERROR!',
            message: `Wrong number of arguments to DATE. Expected 3 arguments, but got ${args.length} arguments.`,
          });
        }
        const [year, month, day] = args.map((arg) => this.toNumber(this.evaluate(arg)));
        return new Date(fromZoned({ year: Math.trunc(year), month: Math.trunc(month), day: Math.trunc(day) }, this.timeZone));
      }
      case 'TODAY':
        return new Date(startOfDay(this.context.now, this.timeZone));
      case 'NOW':
        return new Date(this.context.now);
      case 'HYPERLINK': {
        // A link shows its label (or its address); the runtime has nowhere to follow it to.
        const [url, label] = args.map((arg) => this.toText(this.evaluate(arg)));
        return label || url || '';
      }
      case 'IF': {
        // Only the branch taken is evaluated: the other may be an error that does not matter.
        if (args.length < 2 || args.length > 3) {
          throw new FormulaError({
            code: '#ERROR!',
            message: `Wrong number of arguments to IF. Expected between 2 and 3 arguments, but got ${args.length} arguments.`,
          });
        }
        const branch = this.toBoolean(this.evaluate(args[0])) ? args[1] : args[2];
        return branch ? this.evaluate(branch) : false;
      }
      case 'IFERROR': {
        try {
          return this.evaluate(args[0] ?? { kind: 'empty' });
        } catch (error) {
          if (!(error instanceof FormulaError)) throw error;
          return args[1] ? this.evaluate(args[1]) : '';
        }
      }
      default:
        return this.library(
          name,
          args.map((arg) => this.evaluate(arg)),
        );
    }
  }

  /** A formulajs function, given dates as Sheets' day numbers (which is what they are to every function). */
  private library(name: string, args: ArgumentValue[]): ArgumentValue {
    const fn = LIBRARY[name];
    if (typeof fn !== 'function' || !/^[A-Z][A-Z0-9.]*$/.test(name))
      throw new FormulaError({ code: '#NAME?', message: `Unknown function: '${name}'.` });
    const serial = (value: CellValue) => (value instanceof Date ? toSheetsSerial(value.getTime(), this.timeZone) : value);
    const result = fn(...args.map((arg) => (Array.isArray(arg) ? arg.map((row) => row.map(serial)) : serial(arg))));
    if (result instanceof Error) throw new FormulaError(libraryError(name, result));
    if (typeof result === 'number' && !Number.isFinite(result))
      throw new FormulaError({ code: '#NUM!', message: `${name} gave a number too large to show.` });
    return toArgumentValue(result);
  }

  private binary(operator: BinaryOperator, left: ArgumentValue, right: ArgumentValue): ArgumentValue {
    switch (operator) {
      case '+':
      case '-':
        return this.addition(operator, left, right);
      case '*':
        return this.toNumber(left) * this.toNumber(right);
      case '/': {
        const divisor = this.toNumber(right);
        if (divisor === 0) throw new FormulaError({ code: '#DIV/0!', message: 'Function DIVIDE parameter 2 cannot be zero.' });
        return this.toNumber(left) / divisor;
      }
      case '^':
        return this.toNumber(left) ** this.toNumber(right);
      case '&':
        return this.toText(left) + this.toText(right);
      default:
        return compare(operator, this.comparable(left), this.comparable(right));
    }
  }

  /** Dates are day numbers to Sheets: date ± days is a date, date − date a number of days. */
  private addition(operator: '+' | '-', left: ArgumentValue, right: ArgumentValue): ArgumentValue {
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

  private toBoolean(value: ArgumentValue): boolean {
    if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toUpperCase() === 'TRUE';
    return this.toNumber(value) !== 0;
  }

  /** "&" joins numbers as their plain digits and dates as their day numbers, as Sheets does. */
  private toText(value: ArgumentValue): string {
    if (Array.isArray(value)) return this.toText(value[0]?.[0] ?? '');
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    if (value instanceof Date) return String(this.toNumber(value));
    return String(value);
  }

  private comparable(value: ArgumentValue): number | string | boolean {
    if (Array.isArray(value)) return this.comparable(value[0]?.[0] ?? '');
    return value instanceof Date ? this.toNumber(value) : value;
  }
}

/** Sheets orders numbers before text before booleans, and compares text ignoring case. */
function compare(operator: BinaryOperator, left: number | string | boolean, right: number | string | boolean): boolean {
  const rank = (value: number | string | boolean) => (typeof value === 'number' ? 0 : typeof value === 'string' ? 1 : 2);
  const key = (value: number | string | boolean) => (typeof value === 'string' ? value.toLowerCase() : Number(value));
  // An empty cell is 0 next to a number and "" next to a text.
  const [a, b] = [left === '' && typeof right === 'number' ? 0 : left, right === '' && typeof left === 'number' ? 0 : right];
  const order = rank(a) !== rank(b) ? rank(a) - rank(b) : key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  switch (operator) {
    case '=':
      return order === 0;
    case '<>':
      return order !== 0;
    case '<':
      return order < 0;
    case '>':
      return order > 0;
    case '<=':
      return order <= 0;
    default:
      return order >= 0;
  }
}

function toArgumentValue(result: unknown): ArgumentValue {
  if (Array.isArray(result)) return toCellGrid(result);
  return toCellValue(result);
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

/**
 * An ordinary formula ("=E5*0.2", "=SUM(B2:B9)") evaluated as Sheets would: its value, a range's values spilled, or
 * its error, with the cells it read so it runs again when they change.
 */
export function evaluateBuiltIn(formula: string, context: ArgumentContext): FormulaEvaluation {
  const dependencies: SheetRect[] = [];
  try {
    const value = new ArgumentEvaluator(context, dependencies).evaluate(new FormulaParser(formula).parseFormula());
    return { outcome: { values: Array.isArray(value) ? toCellGrid(value) : [[value]] }, dependencies };
  } catch (error) {
    if (error instanceof FormulaError) return { outcome: { error: error.cellError }, dependencies };
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
