/**
 * One benchmark case in its own process, so peak memory is this case's alone. Prints one JSON line.
 * Usage: tsx bench/case.ts <aura|koteshen|uqualify> <payments> <ours|naive|formula|normalize>
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_CREDENTIALS, loadAddOn, readBuiltAddOn, type ProviderName } from '../dev/addOn';
import { PROVIDERS } from '../src/providers/registry';
import { selectPayments } from '../src/core/query';

export const ROUND_TRIP_MS = 400;
/** A run that has not finished after this many executions is reported as not finishing. */
const MAX_EXECUTIONS = 50;

export interface CaseResult {
  provider: ProviderName;
  payments: number;
  approach: string;
  outcome: string;
  rows: number;
  executions: number;
  requests: number;
  rounds: number;
  networkSeconds: number;
  /** Virtual time from start to finish: network, rate-limit waits and backoff. */
  elapsedSeconds: number;
  rangeWriteCalls: number;
  cellsWritten: number;
  cpuSeconds: number;
  normalizeMs: number | null;
  peakRssMb: number;
}

const WRITE_METHODS = ['setValues', 'setValue', 'setNumberFormats', 'setNumberFormat', 'clearContent', 'appendRow', 'setFormula', 'setFontWeight'];

function runCase(provider: ProviderName, payments: number, approach: string): CaseResult {
  const built = readBuiltAddOn();
  if (approach === 'naive') built.code = readFileSync(join(__dirname, 'naive.js'), 'utf8');
  const addOn = loadAddOn({ built, simulators: { [provider]: { payments } }, runtime: { roundTripMs: ROUND_TRIP_MS } });
  const { rt, sims } = addOn;
  const credential = DEMO_CREDENTIALS[provider].apiKey!;
  if (approach !== 'naive') addOn.connect(provider);
  rt.resetStats();
  const startedAt = rt.clock.now();
  const cpuBefore = process.cpuUsage();
  let outcome = 'done';
  let rows = 0;
  let normalizeMs: number | null = null;
  try {
    if (approach === 'naive') {
      rt.run('naiveSync', [provider, credential, sims[provider].origin]);
      rows = rt.spreadsheet.sheet('Naive').values().length - 1;
    } else if (approach === 'formula') {
      const table = rt.run('PAYMENTS', [provider], { kind: 'customFunction' }) as unknown[][];
      rows = table.length - 1;
    } else if (approach === 'normalize') {
      normalizeMs = measureNormalization(provider, sims);
      rows = payments;
    } else {
      let result = rt.run('syncPayments', [{ provider, sheetName: 'Payments', range: 'all_time' }]) as { status: string; syncId: string; rows: number };
      while (result.status === 'continuing' && rt.stats.executions < MAX_EXECUTIONS) {
        result = rt.run('continueSync', [result.syncId]) as typeof result;
      }
      if (result.status !== 'done') outcome = `unfinished after ${MAX_EXECUTIONS} executions`;
      rows = result.rows;
    }
  } catch (error) {
    outcome = `failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 90)}`;
    if (approach === 'naive' && rt.spreadsheet.sheetNames().includes('Naive')) rows = rt.spreadsheet.sheet('Naive').values().length - 1;
  }
  const cpu = process.cpuUsage(cpuBefore);
  const stats = rt.stats;
  return {
    provider,
    payments,
    approach,
    outcome,
    rows,
    executions: stats.executions,
    requests: stats.urlFetch.requests,
    rounds: stats.urlFetch.rounds,
    networkSeconds: stats.simulatedNetworkMs / 1000,
    elapsedSeconds: (rt.clock.now() - startedAt) / 1000,
    rangeWriteCalls: WRITE_METHODS.reduce((sum, method) => sum + (stats.range.calls[method] ?? 0), 0),
    cellsWritten: stats.range.cellsWritten,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    normalizeMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** CPU time of the pure core turning every wire item into the normalized, filtered, sorted table. */
function measureNormalization(provider: ProviderName, sims: ReturnType<typeof loadAddOn>['sims']): number {
  const sim = sims[provider];
  const items = sim.listedPayments().map((payment) => JSON.parse(JSON.stringify(sim.renderItem(payment))) as unknown);
  const adapter = PROVIDERS.get(provider);
  const query = { provider, statuses: null, from: null, to: null, timeZone: 'Europe/London' };
  const started = process.cpuUsage();
  selectPayments(items.map((item) => ({ ...adapter.toPayment(item), account: adapter.label })), query);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

if (require.main === module) {
  const [provider, payments, approach] = process.argv.slice(2);
  process.stdout.write(`${JSON.stringify(runCase(provider as ProviderName, Number(payments), approach))}\n`);
}
