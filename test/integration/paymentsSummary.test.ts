/**
 * =PAYMENTS_SUMMARY() in the built add-on on the local runtime: its JSDoc stub, the totals against the simulators'
 * payments, its argument checks before any request, the cache it shares with PAYMENTS, and the 30-second limit.
 */
import { readFileSync } from 'node:fs';
import { loadAddOn } from '../../dev/addOn';
import { paidAt } from '../support/payments';

type Runtime = ReturnType<typeof loadAddOn>['rt'];

const errorOf = (rt: Runtime, a1 = 'A1') => rt.spreadsheet.cellError('Sheet1', a1)?.message ?? null;
const shown = (rt: Runtime) =>
  rt.spreadsheet
    .sheet('Sheet1')
    .values()
    .filter((row: unknown[]) => row.some((cell) => cell !== ''));

const HEADER = ['period', 'currency', 'payments', 'gross', 'refunded', 'net'];

describe('the built Code.js', () => {
  it('declares PAYMENTS_SUMMARY at the top level with its JSDoc, so Sheets offers autocomplete', () => {
    const code = readFileSync('dist/Code.js', 'utf8');
    const stub = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*function PAYMENTS_SUMMARY\(provider, status, from, to, period\) \{\s*\}/.exec(code);
    expect(stub).not.toBeNull();
    const jsdoc = stub![1];
    expect(jsdoc).toContain('@customfunction');
    for (const param of ['provider', 'status', 'from', 'to', 'period']) expect(jsdoc).toMatch(new RegExp(`@param \\{[^}]+\\} ${param} `));
    expect(jsdoc).toMatch(/@return \{/);
  });
});

describe('=PAYMENTS_SUMMARY()', () => {
  /** Aura: USD in two months (one partly refunded, one wholly), JPY, and a failed payment the default leaves out. */
  function auraLedger(timeZone = 'Etc/UTC') {
    const addOn = loadAddOn({ simulators: { payments: 0 }, runtime: { timeZone } });
    const { sims } = addOn;
    const pay = (iso: string, amountMinor: number, currency?: string, status?: 'failed') =>
      sims.aura.addPayment(paidAt(iso, amountMinor, currency, status));
    const partly = pay('2026-11-03T10:00:00Z', 10_000);
    const wholly = pay('2026-11-20T10:00:00Z', 2_550);
    pay('2026-11-30T23:30:00Z', 1_000); // 1 Dec in Tokyo
    pay('2026-10-10T10:00:00Z', 1_234);
    pay('2026-11-05T10:00:00Z', 500, 'JPY');
    pay('2026-11-06T10:00:00Z', 99_999, 'USD', 'failed');
    sims.aura.refundPayment(partly.id, 2_500);
    sims.aura.refundPayment(wholly.id);
    addOn.connect('aura');
    return addOn;
  }

  it('totals each month and currency, newest first: refunds by refunded_amount, failed payments left out', () => {
    const { rt } = auraLedger();
    rt.setCell('Sheet1', 'A1', '=PAYMENTS_SUMMARY("aura")');
    expect(errorOf(rt)).toBeNull();
    expect(shown(rt)).toEqual([
      HEADER,
      ['2026-11', 'JPY', 1, 500, 0, 500],
      ['2026-11', 'USD', 3, 135.5, 50.5, 85],
      ['2026-10', 'USD', 1, 12.34, 0, 12.34],
    ]);
  });

  it('keys periods in the spreadsheet time zone and takes every period and the status argument', () => {
    const { rt } = auraLedger('Asia/Tokyo');
    rt.setCell('Sheet1', 'A1', '=PAYMENTS_SUMMARY("aura", "", "", "", "Month")');
    expect(shown(rt).map((row: unknown[]) => row.slice(0, 3))).toEqual([
      HEADER.slice(0, 3),
      ['2026-12', 'USD', 1],
      ['2026-11', 'JPY', 1],
      ['2026-11', 'USD', 2],
      ['2026-10', 'USD', 1],
    ]);
    rt.setCell('Sheet1', 'A1', '=PAYMENTS_SUMMARY("aura", "all", "2026-11-01", "2026-11-30", "all")');
    expect(shown(rt)).toEqual([HEADER, ['all', 'JPY', 1, 500, 0, 500], ['all', 'USD', 3, 1_125.49, 50.5, 1_074.99]]);
    rt.setCell('Sheet1', 'A1', '=PAYMENTS_SUMMARY("aura", "succeeded", , , "week")');
    expect(
      shown(rt)
        .slice(1)
        .map((row: unknown[]) => row.slice(0, 2)),
    ).toEqual([
      ['2026-W49', 'USD'],
      ['2026-W45', 'JPY'],
      ['2026-W45', 'USD'],
      ['2026-W41', 'USD'],
    ]);
  });

  it('counts the whole amount of a refunded payment when the provider sends no refunded amount', () => {
    const { rt, sims, connect } = loadAddOn({ simulators: { payments: 0 } });
    const pay = (iso: string, amountMinor: number) => sims.aura.addPayment(paidAt(iso, amountMinor, 'EUR'));
    pay('2026-07-01T10:00:00Z', 4_000);
    const refunded = pay('2026-08-02T10:00:00Z', 1_050);
    sims.aura.refundPayment(refunded.id);
    // Aura's docs show refunded_amount on every payment; this one leaves it out, as a manual payment's might.
    sims.aura.options.garbled[refunded.id] = { refunded_amount: null };
    connect('aura');
    rt.setCell('Sheet1', 'A1', '=PAYMENTS_SUMMARY("aura", "", "", "", "quarter")');
    expect(shown(rt)).toEqual([HEADER, ['2026-Q3', 'EUR', 2, 50.5, 10.5, 40]]);
  });

  it('rejects bad arguments before any request, naming the argument and the valid values', () => {
    const { rt, sims, connect } = loadAddOn({ simulators: { payments: 10 } });
    connect('aura');
    const cases: Array<[string, string]> = [
      [
        '=PAYMENTS_SUMMARY("aura", "", "", "", "fortnight")',
        'period "fortnight" is not a period. Use one of: day, week, month, quarter, year, all (default month).',
      ],
      ['=PAYMENTS_SUMMARY("aura", "", "", "", 3)', 'period 3 is not a period. Use one of: day, week, month, quarter, year, all'],
      ['=PAYMENTS_SUMMARY("stripe")', 'Unknown provider "stripe". Use one of: aura, koteshen, uqualify.'],
      ['=PAYMENTS_SUMMARY("aura","paid")', 'Unknown status "paid". Use one of: succeeded, pending, failed, refunded, canceled, unknown'],
      ['=PAYMENTS_SUMMARY("aura","","2026-02-30")', 'from "2026-02-30" is not a date.'],
      ['=PAYMENTS_SUMMARY("aura","","2026-04-01","2026-03-31")', 'from (2026-04-01) is after to (2026-03-31). Swap them.'],
      ['=PAYMENTS_SUMMARY("koteshen")', 'Koteshen is not connected.'],
    ];
    for (const [formula, message] of cases) {
      rt.setCell('Sheet1', 'A1', formula);
      expect(errorOf(rt)).toContain(message);
    }
    expect(sims.all.map((sim) => sim.requests.length)).toEqual([0, 0, 0]);
  });

  it('serves a recalculation from the cache for ten minutes, and shares the pull of PAYMENTS with the same query', () => {
    const { rt, sims, connect } = loadAddOn({ simulators: { payments: 300 } });
    connect('koteshen');
    rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen", "succeeded,refunded")');
    const requests = sims.koteshen.requests.length;
    expect(requests).toBeGreaterThan(0);
    rt.setCell('Sheet1', 'A1', '=PAYMENTS_SUMMARY("koteshen")');
    rt.clock.advance(9 * 60_000);
    rt.setCell('Sheet1', 'A1', '=PAYMENTS_SUMMARY("koteshen", , , , "year")');
    expect(errorOf(rt)).toBeNull();
    expect(sims.koteshen.requests.length).toBe(requests);
    const counted = shown(rt)
      .slice(1)
      .reduce((sum: number, row: unknown[]) => sum + (row[2] as number), 0);
    expect(counted).toBe(sims.koteshen.listedPayments().length);
    rt.clock.advance(2 * 60_000);
    rt.setCell('Sheet1', 'A1', '=PAYMENTS_SUMMARY("koteshen", , , , "year")');
    expect(sims.koteshen.requests.length).toBeGreaterThan(requests);
  });

  it('fails with advice, and no rows, when the pull cannot finish in 30 seconds', () => {
    const { rt, connect } = loadAddOn({ simulators: { aura: { payments: 9_000 } }, runtime: { roundTripMs: 400 } });
    connect('aura');
    const before = rt.clock.now();
    rt.setCell('Sheet1', 'A1', '=PAYMENTS_SUMMARY("aura")');
    expect(errorOf(rt)).toMatch(
      /Could not fetch every Aura payment in the time Google allows: .* A formula has 30 seconds: narrow the dates/,
    );
    expect(rt.clock.now() - before).toBeLessThan(30_000);
    expect(shown(rt)).toEqual([['#ERROR!']]);
  });
});
