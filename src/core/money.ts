import currencyCodes from 'currency-codes';

/**
 * Money in the table's terms. Providers count integer amounts by their own tables (Stripe's, RubyMoney's), which
 * mostly but not always follow ISO 4217, so every conversion here takes the provider's convention; none is assumed.
 */

/** How a provider counts a currency's integer amounts. */
export interface MoneyConvention {
  /** Subunits in one unit of the currency: USD 100, JPY 1, KWD 1000; Koteshen's MRU 5. */
  subunitsPerUnit(currency: string): number;
}

/** ISO 4217 minor-unit exponent: USD 2, JPY 0, KWD 3. Codes ISO does not list (crypto, say) count as 2, as Stripe does. */
export function currencyExponent(currency: string): number {
  const digits = currencyCodes.code(currency.toUpperCase())?.digits;
  return typeof digits === 'number' && Number.isInteger(digits) ? digits : 2;
}

/**
 * ISO 4217, except the currencies a provider's table counts otherwise (code → subunits per unit). Looked up once
 * per currency: every amount of every page asks.
 */
export function iso4217Except(exceptions: Readonly<Record<string, number>>): MoneyConvention {
  const subunits = new Map(Object.entries(exceptions).map(([code, perUnit]) => [code.toUpperCase(), perUnit]));
  return {
    subunitsPerUnit(currency) {
      const code = currency.toUpperCase();
      let perUnit = subunits.get(code);
      if (perUnit === undefined) {
        perUnit = 10 ** currencyExponent(code);
        subunits.set(code, perUnit);
      }
      return perUnit;
    },
  };
}

export const ISO_4217: MoneyConvention = iso4217Except({});

/** 10^15 is the largest power of ten below 2^53: past it, the arithmetic below would no longer be exact. */
const MAX_DECIMALS = 15;
const decimalsByPerUnit = new Map<number, number>();

/**
 * Decimals that write any amount counted in `perUnit` subunits exactly: 100 → 2, 1 → 0, 5 → 1 (fifths are 0.2s).
 * Only a product of 2s and 5s divides a power of ten; any other table entry is a mistake in the table.
 */
export function decimalsOf(perUnit: number): number {
  let decimals = decimalsByPerUnit.get(perUnit);
  if (decimals !== undefined) return decimals;
  decimals = 0;
  const whole = Number.isSafeInteger(perUnit) && perUnit >= 1;
  while (whole && decimals <= MAX_DECIMALS && 10 ** decimals % perUnit !== 0) decimals++;
  if (!whole || decimals > MAX_DECIMALS) {
    throw new Error(`A currency of ${perUnit} subunits to the unit cannot be written exactly in decimals.`);
  }
  decimalsByPerUnit.set(perUnit, decimals);
  return decimals;
}

/** Decimals an amount in this currency shows by the provider's convention: Stripe's ISK 2, RubyMoney's HUF 0. */
export function currencyDecimals(currency: string, money: MoneyConvention): number {
  return decimalsOf(money.subunitsPerUnit(currency));
}

/**
 * Minor units to major: 5000 USD → 50, 5000 JPY → 5000, 12345 KWD → 12.345, 51 fifths of an MRU → 10.2. IEEE division
 * is correctly rounded, so this is the same double as parsing the exact decimal text: no drift.
 */
export function minorToMajor(minor: number, currency: string, money: MoneyConvention): number {
  return minor / money.subunitsPerUnit(currency);
}

/** The exact decimal text of a minor-unit amount: 12345 KWD → "12.345", -5 USD → "-0.05", 51 fifths of an MRU → "10.2". */
export function minorToDecimalText(minor: number, currency: string, money: MoneyConvention): string {
  const perUnit = money.subunitsPerUnit(currency);
  const decimals = decimalsOf(perUnit);
  // Counted in 10^decimals per unit (fifths become tenths), in BigInt so even the largest safe amount stays exact.
  const scaled = BigInt(Math.abs(minor)) * BigInt(10 ** decimals / perUnit);
  const digits = scaled.toString().padStart(decimals + 1, '0');
  const sign = minor < 0 ? '-' : '';
  if (decimals === 0) return sign + digits;
  return `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
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
