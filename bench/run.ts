/**
 * npm run bench: for 1,000, 10,000 and 100,000 payments per provider, the add-on's sync and PAYMENTS formula against
 * a naive baseline, on the local runtime with a 400 ms round trip and the providers' rate limits. Prints a table and
 * writes bench/results.md and bench/results.svg; then Aura's =PAYMENTS in date windows beside the one cursor walk a
 * sync makes, on each date distribution, into bench/results.md's second table and bench/auraWindows.svg.
 * `tsx bench/run.ts --aura-windows` runs (and prints) that part alone, writing nothing.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUND_TRIP_MS, type CaseResult as Result } from './case';
import { barChartSvg } from './chart';

const PROVIDERS = ['aura', 'koteshen', 'uqualify'] as const;
const SIZES = [1_000, 10_000, 100_000];
const APPROACHES = ['ours', 'naive', 'formula', 'normalize'] as const;

const APPROACH_LABELS: Record<string, string> = {
  ours: 'sync (add-on)',
  naive: 'naive script',
  formula: '=PAYMENTS',
  normalize: 'normalize only',
};

function runCase(provider: string, payments: number, approach: string, dates = 'two_years'): Result {
  const output = execFileSync(
    process.execPath,
    [...process.execArgv, join(__dirname, 'case.ts'), provider, String(payments), approach, dates],
    {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return JSON.parse(output.trim().split('\n').pop()!) as Result;
}

const number = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function row(result: Result): string[] {
  const label = APPROACH_LABELS[result.approach] ?? result.approach;
  return [
    result.provider,
    number(result.payments),
    label,
    result.outcome,
    number(result.rows),
    number(result.requests),
    number(result.rounds),
    number(result.networkSeconds, 1),
    number(result.elapsedSeconds, 1),
    number(result.executions),
    number(result.rangeWriteCalls),
    number(result.cellsWritten),
    number(result.cpuSeconds, 2),
    result.normalizeMs === null ? '' : number(result.normalizeMs, 1),
    number(result.peakRssMb),
  ];
}

const HEADER = [
  'provider',
  'payments',
  'approach',
  'outcome',
  'rows',
  'requests',
  'sequential rounds',
  'simulated network (s)',
  'elapsed (s)',
  'executions',
  'Range write calls',
  'cells written',
  'CPU (s)',
  'normalize CPU (ms)',
  'peak RSS (MB)',
];

function markdownTable(rows: string[][]): string {
  return table(HEADER, rows);
}

function consoleTable(rows: string[][]): string {
  const all = [HEADER, ...rows];
  const widths = HEADER.map((_, i) => Math.max(...all.map((cells) => cells[i].length)));
  return all.map((cells) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ')).join('\n');
}

/** Aura's formula in date windows, and the single cursor walk (a sync's, the formula's before windows) beside it. */
const AURA_DATES = ['two_years', 'last_week', 'bursty'] as const;
const AURA_WINDOW_SIZES = [5_000, 8_000, 10_000];
const WINDOW_HEADER = ['payments', 'dates', 'approach', 'outcome', 'rows', 'requests', 'sequential rounds', 'elapsed (s)'];

function auraWindowCases(): Result[] {
  const cases: Result[] = [];
  for (const dates of AURA_DATES) {
    for (const size of AURA_WINDOW_SIZES) {
      for (const approach of ['ours', 'formula']) {
        const result = runCase('aura', size, approach, dates);
        cases.push(result);
        process.stderr.write(`aura ${size} ${dates} ${approach}: ${result.outcome}\n`);
      }
    }
  }
  return cases;
}

function windowRow(result: Result): string[] {
  const label = result.approach === 'ours' ? 'one cursor walk (sync)' : '=PAYMENTS, date windows';
  return [
    number(result.payments),
    result.dates,
    label,
    result.outcome,
    number(result.rows),
    number(result.requests),
    number(result.rounds),
    number(result.elapsedSeconds, 1),
  ];
}

function table(header: string[], rows: string[][]): string {
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

if (process.argv.includes('--aura-windows')) {
  console.log(table(WINDOW_HEADER, auraWindowCases().map(windowRow)));
  process.exit(0);
}

const results: Result[] = [];
for (const provider of PROVIDERS) {
  for (const size of SIZES) {
    for (const approach of APPROACHES) {
      const result = runCase(provider, size, approach);
      results.push(result);
      process.stderr.write(`${provider} ${size} ${approach}: ${result.outcome}\n`);
    }
  }
}

const rows = results.map(row);
console.log(consoleTable(rows));

const pairs = PROVIDERS.flatMap((provider) =>
  SIZES.map((size) => {
    const find = (approach: string) => results.find((r) => r.provider === provider && r.payments === size && r.approach === approach)!;
    return { label: `${provider} ${number(size / 1000)}k`, ours: find('ours'), naive: find('naive') };
  }),
);
writeFileSync(
  join(__dirname, 'results.svg'),
  barChartSvg({
    title: `How long a sync takes (virtual seconds, log scale: ${ROUND_TRIP_MS} ms a round trip, rate-limit waits, backoff)`,
    groups: pairs.map((pair) => ({ label: pair.label, values: [pair.ours.elapsedSeconds, pair.naive.elapsedSeconds] })),
    series: ['Payments Sync', 'naive script (✗ = failed or killed at that point)'],
    failed: pairs.map((pair) => [pair.ours.outcome !== 'done', pair.naive.outcome !== 'done']),
  }),
);

/** Issue 13, point 2: the final step of a full re-sync (read the sheet, plan, switch) as the table grows. */
const FINAL_STEP_SIZES = [10_000, 100_000, 300_000];
const finalSteps = FINAL_STEP_SIZES.map((size) => {
  const result = runCase('uqualify', size, 'resync');
  process.stderr.write(`final step ${size}: ${result.outcome}\n`);
  return result;
});
const FINAL_STEP_HEADER = [
  'rows',
  'outcome',
  'executions',
  'final step (s)',
  'of it Sheets (s)',
  'of it CPU (s)',
  'ms per 1,000 rows',
  'growth vs 10,000',
];
const finalStepRows = finalSteps.map((result) => {
  const step = result.finalStep;
  const base = finalSteps[0].finalStep;
  if (!step || !base) return [number(result.payments), result.outcome, number(result.executions), '', '', '', '', ''];
  return [
    number(result.rows),
    result.outcome,
    number(result.executions),
    number(step.seconds, 1),
    number(step.sheetsSeconds, 1),
    number(step.cpuSeconds, 1),
    number((step.seconds * 1e6) / result.rows),
    `${number(step.seconds / base.seconds, 1)}× for ${number(result.rows / finalSteps[0].rows, 0)}× the rows`,
  ];
});
const finalStepTable = [FINAL_STEP_HEADER, FINAL_STEP_HEADER.map(() => '---'), ...finalStepRows]
  .map((cells) => `| ${cells.join(' | ')} |`)
  .join('\n');
console.log(`\nFinal step of a full re-sync (Uqualify)\n${finalStepTable}`);

/** Issue 13, point 3: an hourly schedule of a 100,000-payment Koteshen sync, in requests a day, with and without the early stop. */
const HOURLY_PAYMENTS = 100_000;
/** A consumer account's UrlFetch calls a day. */
const URLFETCH_DAILY = 20_000;
const hourly = runCase('koteshen', HOURLY_PAYMENTS, 'hourly');
process.stderr.write(`koteshen hourly ${HOURLY_PAYMENTS}: ${hourly.outcome}\n`);
const HOURLY_HEADER = [
  'hourly refresh of 100,000 Koteshen payments',
  'requests a refresh',
  'requests a day (24 runs)',
  `of a consumer account's ${number(URLFETCH_DAILY)}`,
];
const hourlyRows = hourly.hourly
  ? [
      ['incremental, stops at the first page older than the 7-day look-back', hourly.hourly.incremental],
      ['full pull (today; also the fall-back when the order does not hold)', hourly.hourly.full],
    ].map(([label, requests]) => [
      String(label),
      number(Number(requests)),
      number(Number(requests) * 24),
      `${number((Number(requests) * 24 * 100) / URLFETCH_DAILY, 1)} %`,
    ])
  : [[hourly.outcome, '', '', '']];
const hourlyTable = table(HOURLY_HEADER, hourlyRows);
console.log(`\nKoteshen on an hourly schedule\n${hourlyTable}`);

const windowCases = auraWindowCases();
const fiveThousand = windowCases.filter((result) => result.payments === 5_000);
writeFileSync(
  join(__dirname, 'auraWindows.svg'),
  barChartSvg({
    title: `Aura, 5,000 payments: sequential rounds of requests (log scale; ${ROUND_TRIP_MS} ms each)`,
    groups: AURA_DATES.map((dates) => ({
      label: dates.replace('_', ' '),
      values: ['ours', 'formula'].map((approach) => fiveThousand.find((r) => r.dates === dates && r.approach === approach)!.rounds),
    })),
    series: ['one cursor walk', '=PAYMENTS in date windows side by side'],
    failed: AURA_DATES.map((dates) =>
      ['ours', 'formula'].map((approach) => fiveThousand.find((r) => r.dates === dates && r.approach === approach)!.outcome !== 'done'),
    ),
  }),
);

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`;
writeFileSync(
  join(__dirname, 'results.md'),
  `# Benchmark results

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (${machine}). Every case runs the built
\`dist/Code.js\` (or, for the baseline, \`bench/naive.js\`) in the local Apps Script runtime against the provider
simulators, in a process of its own, with a fixed simulated round trip of ${ROUND_TRIP_MS} ms and the providers' rate
limits (Aura and Koteshen: 100 requests a minute). Network time is simulated (virtual clock); CPU time and memory are
real, measured on this machine. "elapsed" is virtual time from start to finish: the network plus rate-limit waits
and backoff (a 6-minute execution stops at 5 min 15 s to checkpoint; the continuation's start is not counted).

- **sync (add-on)**: \`syncPayments\` into a new sheet, and \`continueSync\` while it reports "continuing" (each call is
  one Apps Script execution of at most 6 minutes).
- **naive script**: an ImportJSON-style script — pages one after another at the API's default page size, one
  \`appendRow\` per payment, no retries or rate-limit handling — in one execution.
- **=PAYMENTS**: the custom function (30-second limit); it fails on purpose, with advice, when a pull cannot fit.
- **normalize only**: CPU time of the pure core mapping, filtering, deduplicating and sorting every payment.

![How long a sync takes](results.svg)

${markdownTable(rows)}

## The final step of a re-sync

A full re-sync of a Uqualify table already in the sheet; the final step — reading the sheet, planning the switch and
writing it — timed on the virtual clock from its first call on the table in the execution that finishes it, with the
runtime's default Sheets costs (read 0.004 ms, write 0.0125 ms a cell) and the add-on's CPU time.

${finalStepTable}

## Koteshen on an hourly schedule

A 100,000-payment Koteshen sync, then its refresh an hour later, as the schedule runs it and in full: Koteshen cannot
filter by date, but lists newest created first, so the incremental refresh reads pages only down to the first one
older than the look-back (checking the order on every page; a listing out of order is read whole, as in full).

${hourlyTable}

## Aura's formula in date windows

Aura pages by opaque cursor: one walk is one request after another. \`=PAYMENTS("aura")\` cuts the pull into windows
of the filtered date and walks their cursors side by side (src/core/dateWindows.ts); a sync keeps the one cursor walk,
shown beside it. Dates: \`two_years\` uniform over two years, \`last_week\` all in the last seven days, \`bursty\` four
in five in five six-hour bursts. The rate limit (100 requests a minute) caps what a 30-second formula can fetch.

![Aura's rounds with and without date windows](auraWindows.svg)

${table(WINDOW_HEADER, windowCases.map(windowRow))}
`,
);
console.log('\nwrote bench/results.md and bench/results.svg');
