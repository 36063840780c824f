import { columnsFilled, moveFormulaRows } from '../../src/core/formulaRows';

describe('moveFormulaRows', () => {
  it('shifts relative rows of references to this sheet, as sorting a row does', () => {
    expect(moveFormulaRows('=E5*0.2', 3, 'Aura')).toBe('=E8*0.2');
    expect(moveFormulaRows('=IF($E5>100,B5&" big","")', -2, 'Aura')).toBe('=IF($E3>100,B3&" big","")');
    expect(moveFormulaRows('=SUM(E5:G5)+H4', 1, 'Aura')).toBe('=SUM(E6:G6)+H5');
    expect(moveFormulaRows("=Aura!E5+'Aura'!F5", 2, 'Aura')).toBe("=Aura!E7+'Aura'!F7");
  });

  it('leaves absolute rows, other sheets, text in quotes, functions and numbers as written', () => {
    expect(moveFormulaRows('=E$5*Rates!B2', 4, 'Aura')).toBe('=E$5*Rates!B2');
    expect(moveFormulaRows("=VLOOKUP(B5,'FX rates'!A2:B99,2)", 1, 'Aura')).toBe("=VLOOKUP(B6,'FX rates'!A2:B99,2)");
    expect(moveFormulaRows('="A5 ""B5"" "&LOG10(A5)*1E5', 1, 'Aura')).toBe('="A5 ""B5"" "&LOG10(A6)*1E5');
    expect(moveFormulaRows('=E5', 0, 'Aura')).toBe('=E5');
  });

  it("matches this sheet's name in any case, as Sheets does", () => {
    expect(moveFormulaRows("='aura'!E5", 1, 'Aura')).toBe("='aura'!E6");
  });

  it('makes a reference moved above the first row #REF!, as Sheets would', () => {
    expect(moveFormulaRows('=E3-E2', -1, 'Aura')).toBe('=E2-E1');
    expect(moveFormulaRows('=E3-E1', -1, 'Aura')).toBe('=E2-#REF!');
  });
});

describe('columnsFilled', () => {
  it('counts the columns an array formula over an open-ended range fills', () => {
    expect(columnsFilled('=ARRAYFORMULA(E2:E*0.2)')).toBe(1);
    expect(columnsFilled('=ARRAYFORMULA(IF($E$2:$E="","",$E$2:$E*0.2))')).toBe(1);
    expect(columnsFilled('={"VAT";ARRAYFORMULA(E2:E*0.2)}')).toBe(1);
    expect(columnsFilled('={"VAT","Net";ARRAYFORMULA(E2:E*0.2),ARRAYFORMULA(IF(E2:E,E2:E*0.8,""))}')).toBe(2);
    expect(columnsFilled('=ARRAYFORMULA({"VAT","Net"; E2:E*0.2, E2:E*0.8})')).toBe(2);
  });

  it('takes a formula of one cell, even an array one over a closed range, for its own cell', () => {
    expect(columnsFilled('=E2*0.2')).toBe(0);
    expect(columnsFilled('=ARRAYFORMULA(SUM(E2:E6*0.2))')).toBe(0);
    expect(columnsFilled('=ARRAYFORMULA("E2:E")')).toBe(0);
    expect(columnsFilled('')).toBe(0);
  });
});
