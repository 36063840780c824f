import { types } from 'node:util';

/** The message of the platform's kill at the execution time limit. */
export const TIMEOUT_MESSAGE = 'Exceeded maximum execution time';

/**
 * An Apps Script service exception raised by the fakes in host code. The membrane hands it to the script as an
 * Error of the script's own realm named "Exception", so `String(e)` reads "Exception: <message>" as on the platform.
 */
export class ScriptException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Exception';
  }
}

/** What rt.run throws when the execution was killed at its deadline, whether or not the script caught the kill. */
export class ExecutionTimeoutError extends Error {
  constructor() {
    super(TIMEOUT_MESSAGE);
    this.name = 'ExecutionTimeoutError';
  }
}

/** The platform's complaint when a service method is called with arguments of the wrong types. */
export function signatureMismatch(api: string, args: readonly unknown[]): ScriptException {
  return new ScriptException(`The parameters (${args.map(javaTypeName).join(',')}) don't match the method signature for ${api}.`);
}

function javaTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'Object[]';
  if (value instanceof Date) return 'Date';
  switch (typeof value) {
    case 'string':
      return 'String';
    case 'number':
      return 'number';
    case 'boolean':
      return 'Boolean';
    case 'undefined':
      return 'undefined';
    default:
      return 'Object';
  }
}

/**
 * Hands whatever a script threw to host code as a host Error (same name, message and stack), so callers can use
 * `instanceof Error` and jest's matchers on it. Script errors come from the script's realm, or are not errors at all.
 */
export function toHostError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (types.isNativeError(thrown)) {
    const error = new Error(thrown.message, { cause: thrown });
    error.name = thrown.name;
    error.stack = thrown.stack;
    return error;
  }
  return new Error(String(thrown), { cause: thrown });
}
