/**
 * Aura's from_date/to_date and Uqualify's since/until leave open which field they filter (docs/providers.md).
 * Under every reading the simulators can play, =PAYMENTS with dates, a ranged sync and an incremental refresh must
 * give the table the exact filter on our side gives: no payment missed, none deleted on the evidence of a window that
 * did not cover it.
 */
import { loadAddOn } from '../../dev/addOn';
import type { AuraSwitches, SimPayment, UqualifySwitches } from '../../dev/simulators';

type AddOn = ReturnType<typeof loadAddOn>;

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** The runtime's virtual clock starts at 2026-06-15T09:00Z; the range asked for is well before it. */
const FROM = '2026-04-10';
const TO = '2026-04-20';
const IN_RANGE = Date.parse('2026-04-15T12:00:00Z');

const AURA_READINGS: Array<AuraSwitches['dateFilterField']> = ['payment_date', 'created_at', 'payment_date_pending_null'];
const UQUALIFY_READINGS: Array<UqualifySwitches['dateFilterField']> = ['created_at', 'updated_at'];

function ids(addOn: AddOn, sheet: string): string[] {
  return addOn.rt.spreadsheet
    .sheet(sheet)
    .values()
    .slice(1)
    .filter((row: unknown[]) => row[2] !== '')
    .map((row: unknown[]) => String(row[2]))
    .sort();
}

function rowOf(addOn: AddOn, sheet: string, id: string): unknown[] | undefined {
  return addOn.rt.spreadsheet
    .sheet(sheet)
    .values()
    .find((row: unknown[]) => row[2] === id);
}

function sync(addOn: AddOn, request: Record<string, unknown>) {
  return addOn.rt.run('syncPayments', [request]) as Record<string, unknown> & { syncId: string };
}

/**
 * Aura payments around the range, created_at and payment_date up to 35 days apart both ways. `wanted` are the ones
 * whose date (payment_date, or created_at for a pending one without it) lies in the range.
 */
function seedAuraAroundRange(addOn: AddOn): { wanted: string[] } {
  const aura = addOn.sims.aura;
  const add = (occurredAt: number, createdAt: number, status: SimPayment['status'] = 'succeeded') =>
    String(aura.wireId(aura.addPayment({ occurredAt, createdAt, updatedAt: createdAt, status })));
  const wanted = [
    add(IN_RANGE, IN_RANGE + 30 * DAY), // recorded 30 days after it happened
    add(IN_RANGE, IN_RANGE - 34 * DAY), // created 34 days before it settled
    add(IN_RANGE, IN_RANGE, 'pending'), // pending: under one reading it has no payment_date
    add(IN_RANGE + 2 * HOUR, IN_RANGE + 2 * HOUR), // an ordinary one
  ];
  add(IN_RANGE + 30 * DAY, IN_RANGE); // created in the range, but it settled after it: out
  add(IN_RANGE - 30 * DAY, IN_RANGE + 3 * DAY); // recorded in the range, but it happened before it: out
  add(Date.parse('2026-06-10T12:00:00Z'), Date.parse('2026-06-10T12:00:00Z'), 'pending'); // pending, after the range: out
  return { wanted: wanted.sort() };
}

describe.each(AURA_READINGS)('Aura filtering from_date/to_date on %s', (reading) => {
  const load = () => {
    const addOn = loadAddOn({ simulators: { payments: 0, aura: { dateFilterField: reading } } });
    addOn.connect('aura');
    return addOn;
  };

  it('=PAYMENTS with dates lists exactly the payments dated in the range', () => {
    const addOn = load();
    const { wanted } = seedAuraAroundRange(addOn);
    addOn.rt.setCell('Sheet1', 'A1', `=PAYMENTS("aura", "all", "${FROM}", "${TO}")`);
    expect(addOn.rt.spreadsheet.cellError('Sheet1', 'A1')?.message ?? null).toBeNull();
    expect(ids(addOn, 'Sheet1')).toEqual(wanted);
  });

  it('a ranged sync writes exactly the payments dated in the range', () => {
    const addOn = load();
    const { wanted } = seedAuraAroundRange(addOn);
    const result = sync(addOn, { provider: 'aura', sheetName: 'A', range: 'custom', from: FROM, to: TO });
    expect(result).toMatchObject({ status: 'done', rows: wanted.length });
    expect(ids(addOn, 'A')).toEqual(wanted);
  });

  it('an incremental refresh finds late and settled payments, and removes only rows its window covered', () => {
    const addOn = load();
    const aura = addOn.sims.aura;
    const now = addOn.rt.clock.now();
    const add = (occurredAt: number, createdAt: number, status: SimPayment['status'] = 'succeeded') =>
      aura.addPayment({ occurredAt, createdAt, updatedAt: createdAt, status });
    const wire = (payment: SimPayment) => String(aura.wireId(payment));
    for (let i = 0; i < 20; i++) add(now - (10 + i) * DAY, now - (10 + i) * DAY); // older history, untouched
    const settling = add(now - 30 * DAY, now - 30 * DAY, 'pending'); // created a month ago, settles now
    const deletedRecent = add(now - 2 * DAY, now - 2 * DAY);
    const deletedSettledLate = add(now - 2 * DAY, now - 30 * DAY);
    const createdLongBefore = add(now - 3 * DAY, now - 34 * DAY); // still there: must stay
    const stillPending = add(now - 2 * DAY, now - 2 * DAY, 'pending'); // still there: must stay
    const first = sync(addOn, { provider: 'aura', sheetName: 'A', range: 'all_time' });
    expect(first).toMatchObject({ kind: 'full', rows: 25 });

    addOn.rt.clock.advance(HOUR);
    const later = addOn.rt.clock.now();
    const recordedLate = add(later - 20 * DAY, later); // happened 20 days ago, before the look-back
    aura.updatePayment(settling.id, { status: 'succeeded', occurredAt: later });
    aura.deletePayment(deletedRecent.id);
    aura.deletePayment(deletedSettledLate.id);
    const second = addOn.rt.run('runSavedSync', [first.syncId, false]) as Record<string, unknown>;
    expect(second).toMatchObject({ status: 'done', kind: 'incremental', rows: 24, added: 1, removed: 2 });
    expect(aura.requests.some((request) => request.url.includes('from_date='))).toBe(true);
    expect(rowOf(addOn, 'A', wire(recordedLate))).toBeDefined();
    expect(rowOf(addOn, 'A', wire(settling))?.[4]).toBe('succeeded');
    expect(rowOf(addOn, 'A', wire(createdLongBefore))).toBeDefined();
    expect(rowOf(addOn, 'A', wire(stillPending))).toBeDefined();
    expect(rowOf(addOn, 'A', wire(deletedRecent))).toBeUndefined();
    expect(rowOf(addOn, 'A', wire(deletedSettledLate))).toBeUndefined();
    // The refreshed sheet is the table a full pull gives.
    const full = addOn.rt.run('runSavedSync', [first.syncId, true]) as Record<string, unknown>;
    expect(full).toMatchObject({ kind: 'full', rows: 24, added: 0, updated: 0, removed: 0 });
  });
});

describe.each(UQUALIFY_READINGS)('Uqualify filtering since/until on %s', (reading) => {
  const load = () => {
    const addOn = loadAddOn({ simulators: { payments: 0, uqualify: { dateFilterField: reading } } });
    addOn.connect('uqualify');
    return addOn;
  };

  /** Created in the range or around it; updated up to 50 days later (a refund, a status change). */
  function seedUqualify(addOn: AddOn): string[] {
    const uqualify = addOn.sims.uqualify;
    const add = (createdAt: number, updatedAt: number) =>
      String(uqualify.wireId(uqualify.addPayment({ occurredAt: createdAt, createdAt, updatedAt })));
    const wanted = [add(IN_RANGE, IN_RANGE + 50 * DAY), add(IN_RANGE, IN_RANGE + 60_000), add(IN_RANGE + DAY, IN_RANGE + 3 * DAY)];
    add(IN_RANGE - 20 * DAY, IN_RANGE); // updated in the range, created before it: out
    add(IN_RANGE + 20 * DAY, IN_RANGE + 20 * DAY); // after it: out
    return wanted.sort();
  }

  it('=PAYMENTS with dates lists exactly the payments created in the range', () => {
    const addOn = load();
    const wanted = seedUqualify(addOn);
    addOn.rt.setCell('Sheet1', 'A1', `=PAYMENTS("uqualify", "all", "${FROM}", "${TO}")`);
    expect(addOn.rt.spreadsheet.cellError('Sheet1', 'A1')?.message ?? null).toBeNull();
    expect(ids(addOn, 'Sheet1')).toEqual(wanted);
  });

  it('a ranged sync writes exactly the payments created in the range', () => {
    const addOn = load();
    const wanted = seedUqualify(addOn);
    sync(addOn, { provider: 'uqualify', sheetName: 'U', range: 'custom', from: FROM, to: TO });
    expect(ids(addOn, 'U')).toEqual(wanted);
  });

  it('an incremental refresh updates recent payments and removes only those deleted', () => {
    const addOn = load();
    const uqualify = addOn.sims.uqualify;
    const now = addOn.rt.clock.now();
    const add = (createdAt: number, updatedAt = createdAt) => uqualify.addPayment({ occurredAt: createdAt, createdAt, updatedAt });
    for (let i = 0; i < 20; i++) add(now - (10 + i) * DAY);
    const changed = add(now - 3 * DAY);
    const deleted = add(now - 2 * DAY);
    const first = sync(addOn, { provider: 'uqualify', sheetName: 'U', range: 'all_time' });
    addOn.rt.clock.advance(HOUR);
    uqualify.updatePayment(changed.id, { status: 'failed' });
    uqualify.deletePayment(deleted.id);
    const arrived = add(addOn.rt.clock.now());
    const second = addOn.rt.run('runSavedSync', [first.syncId, false]) as Record<string, unknown>;
    expect(second).toMatchObject({ kind: 'incremental', rows: 22, added: 1, updated: 1, removed: 1 });
    expect(rowOf(addOn, 'U', String(uqualify.wireId(changed)))?.[4]).toBe('failed');
    expect(rowOf(addOn, 'U', String(uqualify.wireId(arrived)))).toBeDefined();
    expect(rowOf(addOn, 'U', String(uqualify.wireId(deleted)))).toBeUndefined();
    expect(uqualify.requests.filter((request) => request.query.page === '1').every((request) => request.query.until === undefined)).toBe(
      true,
    );
  });
});

describe('a long sync of two walks', () => {
  it('resumes in the walk it stopped in: dated pages, then the undated pending ones, across executions', () => {
    const addOn = loadAddOn({ simulators: { payments: 0, aura: { dateFilterField: 'payment_date_pending_null' } } });
    const aura = addOn.sims.aura;
    const wanted: string[] = [];
    for (let i = 0; i < 200; i++) {
      const at = IN_RANGE - 4 * DAY + i * 3_600_000;
      const payment = aura.addPayment({ occurredAt: at, createdAt: at, status: i % 2 ? 'pending' : 'succeeded' });
      wanted.push(String(aura.wireId(payment)));
    }
    aura.addPayment({ occurredAt: IN_RANGE + 30 * DAY, createdAt: IN_RANGE + 30 * DAY, status: 'pending' }); // out
    addOn.connect('aura');
    aura.options.latencyMs = 100_000; // a few requests an execution
    let result = sync(addOn, { provider: 'aura', sheetName: 'A', range: 'custom', from: FROM, to: TO });
    let executions = 1;
    while (result.status === 'continuing') {
      result = addOn.rt.run('continueSync', [result.syncId]) as typeof result;
      executions++;
    }
    expect(executions).toBeGreaterThan(1);
    expect(aura.requests.some((request) => request.query.status === 'pending' && request.query.from_date === undefined)).toBe(true);
    expect(result).toMatchObject({ status: 'done', rows: wanted.length });
    expect(ids(addOn, 'A')).toEqual(wanted.sort());
  });
});
