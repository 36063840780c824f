/**
 * The sandboxes' worker thread (started by sandboxes.ts): builds the simulators from the fixed seed, serves each on
 * loopback, keeps their clock with the runtime's and lets new payments arrive on schedule.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ProviderName } from '../addOn';
import { createSimulators, serveSimulator, type ProviderSimulator, type ServedSimulator } from '../simulators';
import {
  ARRIVAL_INTERVAL_MS,
  SANDBOX_PAYMENTS,
  SANDBOX_SEED,
  type SandboxCommand,
  type SandboxesOptions,
  type SandboxesReady,
} from './sandboxes';

const { epoch, clockOffset, ports = {} } = workerData as SandboxesOptions;
let offset = clockOffset;
/**
 * The simulators stamp what they make with their clock's time. Pinned while the history is generated (at the epoch)
 * and while a scheduled arrival is added (at its slot), so the data depends on the epoch and the seed only.
 */
let pinnedTime: number | undefined = epoch;
const now = () => pinnedTime ?? Date.now() + offset;

const sims = createSimulators({
  now,
  seed: SANDBOX_SEED,
  aura: { payments: SANDBOX_PAYMENTS.aura },
  koteshen: { payments: SANDBOX_PAYMENTS.koteshen },
  uqualify: { payments: SANDBOX_PAYMENTS.uqualify },
});
pinnedTime = undefined;
let arrivalsDone = 0;

/** Adds every arrival whose slot has come, each sandbox one per slot. */
function addDueArrivals(): void {
  const due = Math.floor((now() - epoch) / ARRIVAL_INTERVAL_MS);
  for (; arrivalsDone < due; arrivalsDone++) {
    pinnedTime = epoch + (arrivalsDone + 1) * ARRIVAL_INTERVAL_MS;
    for (const sim of sims.all) sim.addPayment();
  }
  pinnedTime = undefined;
}

/** Listens on the port it had before if that is free, else on any free one. */
async function serve(sim: ProviderSimulator): Promise<ServedSimulator> {
  const port = ports[sim.provider];
  if (port) {
    try {
      return await serveSimulator(sim, { port });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
  return serveSimulator(sim);
}

async function start(): Promise<void> {
  addDueArrivals();
  const served = await Promise.all(sims.all.map(serve));
  const origins = {} as Record<ProviderName, string>;
  sims.all.forEach((sim, index) => {
    origins[sim.provider] = served[index].url;
    // Payment links and self-references then point at the sandbox rather than the real provider.
    sim.origin = served[index].url;
  });
  parentPort!.on('message', (command: SandboxCommand) => {
    if ('close' in command) {
      void Promise.all(served.map((server) => server.close())).then(() => parentPort!.close());
      return;
    }
    offset = command.clockOffset;
    addDueArrivals();
  });
  parentPort!.postMessage({ origins } satisfies SandboxesReady);
}

void start();
