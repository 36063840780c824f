/**
 * The playground as a user starts it: `dev/playground/server.ts` in a process of its own, found by what it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const STARTUP_TIMEOUT_MS = 30_000;

export interface PlaygroundProcess {
  child: ChildProcess;
  /** The page, e.g. http://localhost:40123 */
  url: string;
  /** Sandbox base URLs by provider label (Aura, Koteshen, Uqualify). */
  sandboxes: Record<string, string>;
  output(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startPlayground(
  statePath: string,
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<PlaygroundProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'dev/playground/server.ts', '--port', '0', '--state', statePath, ...extraArgs],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return new Promise((resolve, reject) => {
    let ready = false;
    const fail = (error: Error) => {
      if (ready) return;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new Error(`The playground did not start in ${STARTUP_TIMEOUT_MS} ms:\n${output}`)),
      STARTUP_TIMEOUT_MS,
    );
    void exited.then((code) => fail(new Error(`The playground exited with code ${code} before it was ready:\n${output}`)));
    child.stdout!.on('data', () => {
      const url = /^Payments Sync playground: (\S+)$/m.exec(output)?.[1];
      const sandboxLine = /^Sandboxes: (.+)$/m.exec(output)?.[1];
      if (ready || !url || !sandboxLine) return;
      ready = true;
      clearTimeout(timer);
      const sandboxes = Object.fromEntries([...sandboxLine.matchAll(/(\w+) (http:\/\/\S+?)(?:,|$)/g)].map((match) => [match[1], match[2]]));
      resolve({
        child,
        url,
        sandboxes,
        output: () => output,
        stop(signal = 'SIGINT') {
          child.kill(signal);
          return exited;
        },
      });
    });
  });
}

/** Whether anything accepts connections on the port (of a URL). */
export function isListening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname === 'localhost' ? '127.0.0.1' : hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
