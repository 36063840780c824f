/**
 * Ordinary formulas in the local runtime show their values as Sheets would: DATE in the spreadsheet's zone,
 * arithmetic on references, SUM and IF, text joined with &, errors as #ERROR!/#DIV/0!/#NAME? with their message,
 * changes passed on to the formulas (and custom functions) that read them.
 */
import { runtimeWith } from './helpers';

const CODE = `
  function DESCRIBE(value) { return value instanceof Date ? 'date ' + value.toISOString() : typeof value + ' ' + String(value); }`;

const values = (rt: ReturnType<typeof runtimeWith>) => rt.spreadsheet.sheet('Sheet1').values();

test('DATE, arithmetic on references, SUM, IF and text concatenation', () => {
  const rt = runtimeWith(CODE);
  rt.setCell('Sheet1', 'A1', '=DATE(2026,11,1)');
  rt.setCell('Sheet1', 'E5', '250');
  rt.setCell('Sheet1', 'F5', '=E5*0.2');
  rt.setCell('Sheet1', 'G5', '=SUM(E5:F5, 10)');
  rt.setCell('Sheet1', 'H5', '=IF(G5>300,"big","small")');
  rt.setCell('Sheet1', 'I5', '="Total: "&G5&" EUR"');
  rt.setCell('Sheet1', 'J5', '=(1+2)*3^2-4/2');
  rt.setCell('Sheet1', 'K5', '=ROUND(E5/3, 2)');
  const grid = values(rt);
  expect(grid[0][0]).toEqual(new Date(Date.UTC(2026, 10, 1)));
  expect(grid[4].slice(4, 11)).toEqual([250, 50, 310, 'big', 'Total: 310 EUR', 25, 83.33]);
});

test('a change reaches every formula that reads it, through chains, and a custom function reading a formula cell', () => {
  const rt = runtimeWith(CODE);
  rt.setCell('Sheet1', 'A1', '=DATE(2026,1,1)+30');
  rt.setCell('Sheet1', 'B1', '=DESCRIBE(A1)');
  rt.setCell('Sheet1', 'E5', '100');
  rt.setCell('Sheet1', 'F5', '=E5*0.2');
  rt.setCell('Sheet1', 'G5', '=F5+1');
  expect(values(rt)[0][1]).toBe('date 2026-01-31T00:00:00.000Z');
  expect(values(rt)[4].slice(5, 7)).toEqual([20, 21]);
  rt.setCell('Sheet1', 'E5', '200');
  expect(values(rt)[4].slice(5, 7)).toEqual([40, 41]);
  rt.setCell('Sheet1', 'A1', '=DATE(2026,3,1)');
  expect(values(rt)[0][1]).toBe('date 2026-03-01T00:00:00.000Z');
});

test('errors show their code, with a message saying what went wrong', () => {
  const rt = runtimeWith(CODE);
  rt.setCell('Sheet1', 'A1', '=1/0');
  rt.setCell('Sheet1', 'A2', '=NOSUCH(1)');
  rt.setCell('Sheet1', 'A3', '="a"*2');
  rt.setCell('Sheet1', 'A4', '=SUM(1,');
  rt.setCell('Sheet1', 'A5', '=A1+1');
  rt.setCell('Sheet1', 'A6', '=IFERROR(A1, "none")');
  expect(
    values(rt)
      .slice(0, 6)
      .map((row) => row[0]),
  ).toEqual(['#DIV/0!', '#NAME?', '#VALUE!', '#ERROR!', '#DIV/0!', 'none']);
  expect(rt.spreadsheet.cellError('Sheet1', 'A1')?.message).toBe('Function DIVIDE parameter 2 cannot be zero.');
  expect(rt.spreadsheet.cellError('Sheet1', 'A2')?.message).toBe("Unknown function: 'NOSUCH'.");
  expect(rt.spreadsheet.cellError('Sheet1', 'A3')?.message).toBe("'a' is a text and cannot be coerced to a number.");
  expect(rt.spreadsheet.cellError('Sheet1', 'A4')?.message).toBe('Formula parse error.');
});

test('formulas that read each other stop instead of running forever', () => {
  const rt = runtimeWith(CODE);
  rt.setCell('Sheet1', 'A1', '=B1+1');
  rt.setCell('Sheet1', 'B1', '=A1+1');
  expect(typeof values(rt)[0][0]).toBe('number');
});
