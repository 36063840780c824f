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

/** Another run holds the spreadsheet's sync lock. */
export class SyncBusyError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'SyncBusyError';
  }
}

/** Replaces every occurrence of each secret with a mask, for text that came from elsewhere (a provider's body). */
export function redactSecrets(text: string, secrets: Array<string | undefined>): string {
  let redacted = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) redacted = redacted.split(secret).join('••••');
  }
  return redacted;
}
