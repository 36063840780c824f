/**
 * google.script.run outside Apps Script, page side: each call posts {name, args} to the playground's server (see
 * bridge.ts), which runs the function in the local runtime. The sidebar gets it as google.script.run
 * (installScriptRun.ts); the playground page calls callServerFunction directly.
 */
import { SCRIPT_RUN_PATH, type ScriptAnswer } from '../protocol';

/** Runs a server function; rejects with an Error carrying the message it threw, as google.script.run's failure handler gets. */
export async function callServerFunction(name: string, args: unknown[]): Promise<unknown> {
  const response = await fetch(SCRIPT_RUN_PATH, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, args }),
  });
  if (!response.ok) throw new Error(`The playground server answered HTTP ${response.status}: ${await response.text()}`);
  const answer = (await response.json()) as ScriptAnswer;
  if (!answer.ok) throw new Error(answer.message);
  return answer.value;
}

interface Handlers {
  success?: (value: unknown, userObject: unknown) => void;
  failure?: (error: Error, userObject: unknown) => void;
  userObject?: unknown;
}

/** google.script.run: withSuccessHandler, withFailureHandler and withUserObject each give a new runner; any other name calls the server. */
export type ScriptRunner = {
  withSuccessHandler(handler: Handlers['success']): ScriptRunner;
  withFailureHandler(handler: Handlers['failure']): ScriptRunner;
  withUserObject(userObject: unknown): ScriptRunner;
} & Record<string, (...args: unknown[]) => void>;

export function scriptRunner(handlers: Handlers = {}): ScriptRunner {
  const configure: Record<string, (value: never) => ScriptRunner> = {
    withSuccessHandler: (success: Handlers['success']) => scriptRunner({ ...handlers, success }),
    withFailureHandler: (failure: Handlers['failure']) => scriptRunner({ ...handlers, failure }),
    withUserObject: (userObject: unknown) => scriptRunner({ ...handlers, userObject }),
  };
  // Apps Script adds a method per server function; a Proxy stands for all of them without knowing their names.
  return new Proxy({} as ScriptRunner, {
    get(_target, property) {
      if (typeof property !== 'string') return undefined;
      if (property in configure) return configure[property];
      return (...args: unknown[]) => {
        callServerFunction(property, args).then(
          (value) => handlers.success?.(value, handlers.userObject),
          (error: Error) => (handlers.failure ? handlers.failure(error, handlers.userObject) : console.error(error)),
        );
      };
    },
  });
}
