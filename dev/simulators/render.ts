/**
 * Rendering helpers the providers share: wire ids derived from neutral ids, timestamps, decimal amounts.
 */

/**
 * FNV-1a over the UTF-16 units, finished with murmur3's avalanche. Not cryptographic: it only has to
 * spread neutral ids into ids that look like each provider's, the same on every run, and fast enough
 * to render 100,000 payments.
 */
// Bound once: under Jest, code runs in a vm context where every global lookup (`Math`) is slow, and
// hash32 runs millions of times when a benchmark renders 100,000 payments.
const imul = Math.imul;

function hash32(input: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < input.length; i++) h = imul(h ^ input.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** `count` 32-bit words from `input`; each word is seeded with the previous one, so they are not correlated. */
function hashWords(input: string, count: number): number[] {
  const words: number[] = [];
  let seed = 0;
  for (let i = 0; i < count; i++) {
    seed = hash32(input, seed + i);
    words.push(seed);
  }
  return words;
}

/** A number in [0, modulo) derived from `input`, for per-payment choices that must not consume randomness. */
export function hashInt(input: string, modulo: number): number {
  return hash32(input, 0x5bd1e995) % modulo;
}

/** Lower-case hex of `length` (≤ 64) characters. */
export function hexFrom(input: string, length: number): string {
  return hashWords(input, Math.ceil(length / 8))
    .map((word) => word.toString(16).padStart(8, '0'))
    .join('')
    .slice(0, length);
}

/** A version-4-shaped UUID. */
export function uuidFrom(input: string): string {
  const hex = hexFrom(input, 32);
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Base62 of `length` characters, like Stripe's ids after the prefix or a KSUID (27). */
export function base62From(input: string, length: number): string {
  const codes: number[] = [];
  for (const word of hashWords(input, Math.ceil(length / 5))) {
    // Five base62 digits per 32-bit word (62^5 < 2^32), so every character is drawn from fresh bits.
    let rest = word;
    for (let i = 0; i < 5; i++) {
      codes.push(BASE62.charCodeAt(rest % 62));
      rest = (rest - (rest % 62)) / 62;
    }
  }
  return String.fromCharCode(...codes.slice(0, length));
}

/** ISO 8601 / RFC 3339 in UTC with milliseconds: 2025-08-28T18:47:46.394Z. */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/** ISO 8601 / RFC 3339 in UTC, whole seconds: 2019-08-24T14:15:22Z. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** Truncates to the second, for providers whose wire times carry whole seconds (so filters match what is shown). */
export function floorToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/**
 * Minor units → decimal string in major units without going through floating point:
 * (10000, 2) → "100.00", (5000, 0) → "5000", (12345, 3) → "12.345".
 * `trimZeros` drops trailing fraction zeros, as chains and wallets print token amounts ("0.000123456789").
 */
export function formatMajor(minor: number, exponent: number, trimZeros = false): string {
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  let fraction = digits.slice(digits.length - exponent);
  if (trimZeros) fraction = fraction.replace(/0+$/, '');
  return sign + whole + (fraction ? `.${fraction}` : '');
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * An RFC 3339 date-time (the only form the providers document) → ms since the epoch, keeping
 * sub-millisecond digits as a fraction so that strict and inclusive bounds stay exact; null if malformed
 * or not a real date (Date.parse would roll 2024-02-30 over into March).
 */
export function parseDateTime(text: string): number | null {
  const match = RFC3339.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const [fraction = '', , sign, offsetHours = '0', offsetMinutes = '0'] = match.slice(7);
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(local);
  const real =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  if (!real || Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return null;
  const offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return local - offset + (fraction ? Number(`0${fraction}`) * 1000 : 0);
}
