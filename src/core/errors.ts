/**
 * Errors a user can act on. Their messages are shown as they are (in a cell, the sidebar or the run log), so they
 * say what went wrong and how to fix it, and never contain a secret.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** A provider answered with an error, or with something that is not its API's JSON. */
export class ProviderError extends UserError {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** The execution's time budget cannot cover the next round of requests. */
export class OutOfTimeError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'OutOfTimeError';
  }
}

/** A limit of Google's that no retry lifts: the daily UrlFetch quota, the 2 KB URL, the 50 MB response. */
export type PlatformLimit = 'urlFetchDaily' | 'urlLength' | 'responseSize';

export class PlatformLimitError extends UserError {
  constructor(
    message: string,
    readonly limit: PlatformLimit,
  ) {
    super(message);
    this.name = 'PlatformLimitError';
  }
}

/** The daily UrlFetch quota is the one limit that passes by itself: a sync keeps its progress for after the reset. */
export function isDailyQuotaError(error: unknown): error is PlatformLimitError {
  return error instanceof PlatformLimitError && error.limit === 'urlFetchDaily';
}

/** Another run holds the spreadsheet's sync lock. */
export class SyncBusyError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'SyncBusyError';
  }
}

const MASK = '••••';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A character's UTF-8 bytes as hex, by encodeURIComponent: Apps Script has no TextEncoder. */
function utf8Hex(char: string): string[] {
  const encoded = encodeURIComponent(char);
  return encoded.startsWith('%') ? encoded.slice(1).split('%') : [char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')];
}

/** "%2F" or "%2f": percent-encoding's hex digits may come in either case. */
function percentEncodedPattern(char: string): string {
  return utf8Hex(char)
    .map(
      (hex) =>
        `%${hex
          .split('')
          .map((digit) => (/[A-F]/.test(digit) ? `[${digit}${digit.toLowerCase()}]` : digit))
          .join('')}`,
    )
    .join('');
}

/**
 * One character of a secret as it may appear in text: as itself, percent-encoded (a URL, encodeURIComponent,
 * Apps Script's form encoding) or, for a space, as the "+" of application/x-www-form-urlencoded.
 */
function charPattern(char: string): string {
  const forms = [escapeRegExp(char), percentEncodedPattern(char)];
  if (char === ' ') forms.push('\\+');
  return `(?:${forms.join('|')})`;
}

/**
 * Replaces every occurrence of each secret with a mask, for text that came from elsewhere (a provider's body, an
 * error): the secret as it is and in its URL- and form-encoded forms, however a server echoed it.
 */
export function redactSecrets(text: string, secrets: Array<string | undefined>): string {
  let redacted = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    redacted = redacted.split(secret).join(MASK);
    const encoded = new RegExp(Array.from(secret, charPattern).join(''), 'g');
    redacted = redacted.replace(encoded, MASK);
  }
  return redacted;
}
