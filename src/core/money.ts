import currencyCodes from 'currency-codes';

/** ISO 4217 minor-unit exponent: USD 2, JPY 0, KWD 3. Codes ISO does not list (crypto, say) count as 2, as Stripe does. */
export function currencyExponent(currency: string): number {
  const digits = currencyCodes.code(currency.toUpperCase())?.digits;
  return typeof digits === 'number' && Number.isInteger(digits) ? digits : 2;
}

/**
 * Minor units to major: 5000 USD → 50, 5000 JPY → 5000, 12345 KWD → 12.345. An integer divided by a power of ten
 * is correctly rounded in IEEE arithmetic, so this is the same double as parsing the decimal text: no drift.
 */
export function minorToMajor(minor: number, currency: string): number {
  return minor / 10 ** currencyExponent(currency);
}

/** The exact decimal text of a minor-unit amount: 12345 KWD → "12.345", -5 USD → "-0.05". */
export function minorToDecimalText(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const digits = Math.abs(minor).toString().padStart(exponent + 1, '0');
  const sign = minor < 0 ? '-' : '';
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Parses a decimal string in major units ("100.00") to the nearest double; anything else is rejected, not guessed. */
export function parseDecimalAmount(text: string): number | null {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : null;
}

/** True for an integer amount of minor units, as Aura and Koteshen send them. */
export function isMinorUnits(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}
