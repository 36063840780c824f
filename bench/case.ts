/**
 * One benchmark case in its own process, so peak memory is this case's alone. Prints one JSON line.
 * Usage: tsx bench/case.ts <aura|koteshen|uqualify> <payments> <ours|naive|formula|normalize|resync> [two_years|last_week|bursty]
 * (the last: when Aura's payments happened; default two_years). The runtime charges the add-on's own CPU time on the
 * clock (scriptCpuFactor 1), so "elapsed" counts it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_CREDENTIALS, loadAddOn, readBuiltAddOn, type ProviderName } from '../dev/addOn';
import type { PaymentDates } from '../dev/simulators';
import { PROVIDERS } from '../src/providers/registry';
import { selectPayments } from '../src/core/query';

export const ROUND_TRIP_MS = 400;
/** A run that has not finished after this many executions is reported as not finishing. */
const MAX_EXECUTIONS = 50;

export interface CaseResult {
  provider: ProviderName;
  payments: number;
  approach: string;
  /** When the payments happened (Aura's simulator `paymentDates`). */
  dates: PaymentDates;
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
  /** The add-on's own CPU time, as the runtime charged it on the clock (counted in elapsedSeconds). */
  addOnCpuSeconds: number;
  normalizeMs: number | null;
  peakRssMb: number;
  /** resync: virtual time of the final step (read the sheet, plan, switch), and what of it was Sheets and CPU. */
  finalStep?: { seconds: number; sheetsSeconds: number; cpuSeconds: number };
  /** hourly: requests of one hourly refresh an hour after a full sync, incremental (early stop) and full. */
  hourly?: { incremental: number; incrementalKind: string; full: number };
}

const WRITE_METHODS = [
  'setValues',
  'setValue',
  'setNumberFormats',
  'setNumberFormat',
  'clearContent',
  'appendRow',
  'setFormula',
  'setFontWeight',
];

function runCase(provider: ProviderName, payments: number, approach: string, dates: PaymentDates = 'two_years'): CaseResult {
  const built = readBuiltAddOn();
  if (approach === 'naive') built.code = readFileSync(join(__dirname, 'naive.js'), 'utf8');
  const simulator = provider === 'aura' ? { payments, paymentDates: dates } : { payments };
  const addOn = loadAddOn({ built, simulators: { [provider]: simulator }, runtime: { roundTripMs: ROUND_TRIP_MS, scriptCpuFactor: 1 } });
  const { rt, sims } = addOn;
  const credential = DEMO_CREDENTIALS[provider].apiKey!;
  if (approach !== 'naive') addOn.connect(provider);
  rt.resetStats();
  const startedAt = rt.clock.now();
  const cpuBefore = process.cpuUsage();
  let outcome = 'done';
  let rows = 0;
  let normalizeMs: number | null = null;
  let finalStep: CaseResult['finalStep'];
  let hourly: CaseResult['hourly'];
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
    } else if (approach === 'hourly') {
      ({ rows, hourly } = hourlyRefresh(addOn, provider));
    } else if (approach === 'resync') {
      ({ rows, finalStep } = resyncFinalStep(addOn));
    } else {
      let result = rt.run('syncPayments', [{ provider, sheetName: 'Payments', range: 'all_time' }]) as {
        status: string;
        syncId: string;
        rows: number;
      };
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
    dates,
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
    addOnCpuSeconds: stats.scriptCpuMs / 1000,
    normalizeMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    ...(finalStep && { finalStep }),
    ...(hourly && { hourly }),
  };
}

type SyncOutcome = { status: string; syncId: string; rows: number };

function syncToEnd(
  rt: ReturnType<typeof loadAddOn>['rt'],
  provider: ProviderName = 'uqualify',
  full = true,
): SyncOutcome & { kind?: string } {
  let result = rt.run('syncPayments', [{ provider, sheetName: 'Payments', range: 'all_time', full }]) as SyncOutcome;
  while (result.status === 'continuing' && rt.stats.executions < MAX_EXECUTIONS)
    result = rt.run('continueSync', [result.syncId]) as SyncOutcome;
  if (result.status !== 'done') throw new Error(`unfinished after ${MAX_EXECUTIONS} executions`);
  return result;
}

/**
 * A full re-sync of a table already in the sheet (Uqualify: no rate limit, so the pull is quick): the final step is
 * timed from the first Sheets call on the table in the execution that finishes, to the end. The kill switch's
 * filter sees every Sheets call; it is used here only to watch them, never to kill.
 */
function resyncFinalStep(addOn: ReturnType<typeof loadAddOn>): { rows: number; finalStep: CaseResult['finalStep'] } {
  const { rt } = addOn;
  addOn.connect('uqualify');
  syncToEnd(rt);
  rt.resetStats();
  type Mark = { execution: number; at: number; sheetsMs: number; cpuMs: number };
  const marks: Mark[] = [];
  rt.killAtSheetsCall(1, (call) => {
    if (call.sheetName === 'Payments' && marks.at(-1)?.execution !== rt.stats.executions) {
      marks.push({
        execution: rt.stats.executions,
        at: rt.clock.now(),
        sheetsMs: rt.stats.sheets.simulatedMs,
        cpuMs: rt.stats.scriptCpuMs,
      });
    }
    return false;
  });
  const result = syncToEnd(rt);
  rt.cancelSheetsKill();
  const start = marks.at(-1);
  if (!start) throw new Error('the re-sync never touched the table');
  return {
    rows: result.rows,
    finalStep: {
      seconds: (rt.clock.now() - start.at) / 1000,
      sheetsSeconds: (rt.stats.sheets.simulatedMs - start.sheetsMs) / 1000,
      cpuSeconds: (rt.stats.scriptCpuMs - start.cpuMs) / 1000,
    },
  };
}

/**
 * An hourly schedule's cost in requests: a full sync, then the refresh an hour later as the schedule runs it
 * (incremental: Koteshen's walk stops at the first page older than the look-back), and the same refresh in full.
 */
function hourlyRefresh(addOn: ReturnType<typeof loadAddOn>, provider: ProviderName): { rows: number; hourly: CaseResult['hourly'] } {
  const { rt } = addOn;
  syncToEnd(rt, provider);
  const refresh = (full: boolean) => {
    rt.clock.advance(3_600_000);
    addOn.sims[provider].resetRequests();
    const result = syncToEnd(rt, provider, full);
    return { requests: addOn.sims[provider].requests.length, kind: result.kind ?? '', rows: result.rows };
  };
  const incremental = refresh(false);
  const full = refresh(true);
  return { rows: incremental.rows, hourly: { incremental: incremental.requests, incrementalKind: incremental.kind, full: full.requests } };
}

/** CPU time of the pure core turning every wire item into the normalized, filtered, sorted table. */
function measureNormalization(provider: ProviderName, sims: ReturnType<typeof loadAddOn>['sims']): number {
  const sim = sims[provider];
  const items = sim.listedPayments().map((payment) => JSON.parse(JSON.stringify(sim.renderItem(payment))) as unknown);
  const adapter = PROVIDERS.get(provider);
  const query = { provider, statuses: null, from: null, to: null, timeZone: 'Europe/London' };
  const started = process.cpuUsage();
  selectPayments(
    items.map((item) => ({ ...adapter.toPayment(item), account: adapter.label })),
    query,
  );
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

if (require.main === module) {
  const [provider, payments, approach, dates] = process.argv.slice(2);
  process.stdout.write(
    `${JSON.stringify(runCase(provider as ProviderName, Number(payments), approach, (dates ?? 'two_years') as PaymentDates))}\n`,
  );
}
