import { currencyExponent, ISO_4217, minorToDecimalText, minorToMajor, parseDecimalAmount } from '../../src/core/money';

describe('money', () => {
  it('uses ISO 4217 exponents', () => {
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('usd')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KRW')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('BHD')).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
    expect(currencyExponent('USDC')).toBe(2);
  });

  it('turns minor units into major units without drift', () => {
    expect(minorToMajor(5000, 'USD', ISO_4217)).toBe(50);
    expect(minorToMajor(5000, 'JPY', ISO_4217)).toBe(5000);
    expect(minorToMajor(12345, 'KWD', ISO_4217)).toBe(12.345);
    expect(minorToMajor(4300, 'usd', ISO_4217)).toBe(43);
    expect(minorToMajor(1, 'USD', ISO_4217)).toBe(0.01);
    expect(minorToMajor(-1999, 'EUR', ISO_4217)).toBe(-19.99);
    // Every cent value from 0.00 to 99.99 equals the double its decimal text parses to.
    for (let cents = 0; cents < 10_000; cents++)
      expect(minorToMajor(cents, 'USD', ISO_4217)).toBe(Number(minorToDecimalText(cents, 'USD', ISO_4217)));
  });

  it('writes the exact decimal text', () => {
    expect(minorToDecimalText(12345, 'KWD', ISO_4217)).toBe('12.345');
    expect(minorToDecimalText(5, 'USD', ISO_4217)).toBe('0.05');
    expect(minorToDecimalText(-5, 'USD', ISO_4217)).toBe('-0.05');
    expect(minorToDecimalText(5000, 'JPY', ISO_4217)).toBe('5000');
    expect(minorToDecimalText(0, 'USD', ISO_4217)).toBe('0.00');
  });

  it('parses decimal strings and rejects anything else', () => {
    expect(parseDecimalAmount('100.00')).toBe(100);
    expect(parseDecimalAmount('0.1')).toBe(0.1);
    expect(parseDecimalAmount('12.345')).toBe(12.345);
    expect(parseDecimalAmount('-3.50')).toBe(-3.5);
    expect(parseDecimalAmount('0.000123456789')).toBe(0.000123456789);
    expect(parseDecimalAmount('1,000.00')).toBeNull();
    expect(parseDecimalAmount('1e3')).toBeNull();
    expect(parseDecimalAmount('')).toBeNull();
    expect(parseDecimalAmount('NaN')).toBeNull();
  });
});
