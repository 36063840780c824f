/**
 * The sandboxes: the three provider simulators served over real HTTP on loopback, in a worker thread of their own.
 * They cannot answer from the runtime's thread: the runtime blocks that thread while its UrlFetchApp waits for them.
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { ProviderName } from '../addOn';

/** How many payments each sandbox starts with, over its two years of history. */
export const SANDBOX_PAYMENTS: Readonly<Record<ProviderName, number>> = { aura: 2400, koteshen: 3100, uqualify: 3600 };
/** Same seed, same payments: the sandboxes' data is the same on every machine and after every restart. */
export const SANDBOX_SEED = 2026;
/** A new payment arrives at each sandbox every 20 minutes of the runtime's clock, so an auto refresh has news. */
export const ARRIVAL_INTERVAL_MS = 20 * 60_000;

export interface SandboxesOptions {
  /** The runtime time the sandboxes' history ends at; their arrivals count from it. Keep it to keep the data. */
  epoch: number;
  /** Runtime clock minus wall clock: the sandboxes' clock follows the runtime's, fast-forwards included. */
  clockOffset: number;
  /** Ports to listen on, if free (so saved base URLs keep working after a restart); any free port otherwise. */
  ports?: Partial<Record<ProviderName, number>>;
}

export interface Sandboxes {
  /** Base URL of each sandbox, e.g. http://127.0.0.1:41234 */
  origins: Record<ProviderName, string>;
  ports: Record<ProviderName, number>;
  setClockOffset(offset: number): void;
  close(): Promise<void>;
}

/** What the worker sends back once it listens. */
export interface SandboxesReady {
  origins: Record<ProviderName, string>;
}

/** What the worker takes. */
export type SandboxCommand = { clockOffset: number } | { close: true };

export function startSandboxes(options: SandboxesOptions): Promise<Sandboxes> {
  // Worker threads do not inherit tsx's TypeScript hooks, so the worker registers them before loading its module.
  const entry = join(__dirname, 'sandboxWorker.ts');
  const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, { eval: true, workerData: options });
  const send = (command: SandboxCommand) => worker.postMessage(command);
  return new Promise((resolve, reject) => {
    let ready = false;
    worker.on('error', (error) => {
      if (ready) process.stderr.write(`The sandboxes failed: ${error.stack ?? error.message}\n`);
      else reject(error);
    });
    worker.once('exit', (code) => {
      if (!ready) reject(new Error(`The sandboxes stopped before they were ready (exit code ${code})`));
    });
    worker.once('message', ({ origins }: SandboxesReady) => {
      ready = true;
      const ports = Object.fromEntries(Object.entries(origins).map(([name, origin]) => [name, Number(new URL(origin).port)]));
      resolve({
        origins,
        ports: ports as Record<ProviderName, number>,
        setClockOffset: (clockOffset) => send({ clockOffset }),
        close: () =>
          new Promise((done) => {
            worker.once('exit', () => done());
            send({ close: true });
          }),
      });
    });
  });
}
