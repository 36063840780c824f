import type { Transport, WireRequest, WireResponse } from '../../dev/transport';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../dev/runtime';

/** The runtime's default virtual start: 2026-06-15T09:00:00Z (10:00 in London, on summer time). */
export const START = Date.parse('2026-06-15T09:00:00Z');
export const OWNER = 'owner@example.com';

/** A transport that answers with `respond` (default: 200 "ok") and remembers every request it saw. */
export function recordingTransport(respond: (request: WireRequest) => WireResponse = () => ({ status: 200, headers: {}, body: 'ok' })): {
  transport: Transport;
  requests: WireRequest[];
} {
  const requests: WireRequest[] = [];
  return {
    requests,
    transport: (request) => {
      requests.push(request);
      return respond(request);
    },
  };
}

/** A runtime over `code` whose network answers 200 "ok" unless the test says otherwise. */
export function runtimeWith(code: string, options: Partial<RuntimeOptions> = {}): Runtime {
  return createRuntime({ transport: recordingTransport().transport, ...options, code });
}

/** Runs `name` and returns the message it threw (failing the test if it did not throw). */
export function thrownMessage(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the call to throw');
}
