import { filterWindow, MAX_DATE_SKEW_DAYS } from '../../src/core/dates';
import { fetchCoverage } from '../../src/core/incremental';
import { addSkipped, leftOutReport, MAX_SKIPPED_PAYMENTS, type SkippedPayment } from '../../src/core/leftOut';
import { walksFor } from '../../src/core/pageWalk';
import type { Payment } from '../../src/core/payment';
import { testPayment } from '../support/payments';
import { selectAndReport } from '../../src/core/query';
import { aura } from '../../src/providers/aura';
import { koteshen } from '../../src/providers/koteshen';
import { uqualify } from '../../src/providers/uqualify';
import type { PaymentQuery } from '../../src/core/adapter';

const DAY = 86_400_000;
const query = (patch: Partial<PaymentQuery> = {}): PaymentQuery => ({
  provider: 'aura',
  statuses: null,
  from: null,
  to: null,
  timeZone: 'UTC',
  ...patch,
});
const payment = (id: string, patch: Partial<Payment> = {}): Payment =>
  testPayment({
    id,
    date: Date.parse('2026-03-10T10:00:00Z'),
    created_at: Date.parse('2026-03-10T10:00:00Z'),
    amount_exact: '1',
    ...patch,
  });

describe('filterWindow', () => {
  it("widens Aura's window by the 35-day skew each side, beyond the day of time-zone slack", () => {
    expect(MAX_DATE_SKEW_DAYS).toBe(35);
    expect(filterWindow(query({ from: '2026-03-01', to: '2026-03-31' }), aura.dateFilter!)).toMatchObject({
      fromIso: '2026-01-24T00:00:00.000Z',
      toIso: '2026-05-07T00:00:00.000Z',
    });
    const since = Date.parse('2026-03-20T08:00:00Z');
    expect(filterWindow(query({ updatedSince: since }), aura.dateFilter!)).toMatchObject({ fromMs: since - 35 * DAY, toIso: null });
  });

  it('sends Uqualify no upper bound: updated_at may be any amount after created_at', () => {
    expect(filterWindow(query({ from: '2026-03-01', to: '2026-03-31' }), uqualify.dateFilter!)).toEqual({
      fromIso: '2026-02-28T00:00:00.000Z',
      toIso: null,
      fromMs: Date.parse('2026-02-28T00:00:00Z'),
      toMs: null,
    });
  });
});

describe('walksFor', () => {
  it('adds an undated walk of pending payments to a dated Aura query that asks for them', () => {
    const dated = query({ from: '2026-03-01', to: '2026-03-31' });
    expect(walksFor(aura, dated)).toEqual([dated, query({ statuses: ['pending'] })]);
    expect(walksFor(aura, { ...dated, statuses: ['succeeded'] })).toEqual([{ ...dated, statuses: ['succeeded'] }]);
    expect(walksFor(aura, { ...dated, statuses: ['pending'] })).toEqual([query({ statuses: ['pending'] })]);
    expect(walksFor(aura, query({ updatedSince: 5 }))).toEqual([query({ updatedSince: 5 }), query({ statuses: ['pending'] })]);
  });

  it('walks once for an undated query, and for providers whose filter reads a field every payment has', () => {
    expect(walksFor(aura, query())).toEqual([query()]);
    expect(walksFor(uqualify, query({ from: '2026-03-01' }))).toHaveLength(1);
    expect(walksFor(koteshen, query({ from: '2026-03-01' }))).toHaveLength(1);
  });
});

describe('fetchCoverage', () => {
  const since = Date.parse('2026-03-20T00:00:00Z');
  const incremental = query({ updatedSince: since });

  it('covers an Aura row only when its date and created_at both lie in the widened window', () => {
    const covered = fetchCoverage(aura, 'incremental', incremental, []);
    expect(covered(payment('recent', { date: since + DAY, created_at: since + DAY }))).toBe(true);
    expect(covered(payment('created a month before', { date: since + DAY, created_at: since - 30 * DAY }))).toBe(true);
    expect(covered(payment('created long before', { date: since + DAY, created_at: since - 36 * DAY }))).toBe(false);
    expect(covered(payment('older', { date: since - 36 * DAY, created_at: since - 36 * DAY }))).toBe(false);
    expect(covered(payment('no created_at', { date: since + DAY, created_at: null }))).toBe(false);
    expect(covered(payment('no date', { date: null }))).toBe(false);
  });

  it('covers a pending Aura row only when any date it may settle on lies in the window', () => {
    const covered = fetchCoverage(aura, 'incremental', incremental, []);
    expect(covered(payment('pending', { status: 'pending', date: since + DAY, created_at: since + DAY }))).toBe(true);
    expect(covered(payment('pending', { status: 'pending', date: since - DAY, created_at: since - DAY }))).toBe(false);
  });

  it('covers a Uqualify row created from the start on, and nothing of a fetch of some statuses', () => {
    expect(fetchCoverage(uqualify, 'incremental', incremental, [])(payment('u', { date: since, created_at: since }))).toBe(true);
    expect(fetchCoverage(uqualify, 'incremental', incremental, [])(payment('u', { date: since - 1, created_at: since - 1 }))).toBe(false);
    expect(fetchCoverage(aura, 'incremental', { ...incremental, statuses: ['succeeded'] }, [])(payment('x', { date: since + DAY }))).toBe(
      false,
    );
  });

  it('covers every row in a full pull but those of skipped payments', () => {
    const covered = fetchCoverage(aura, 'full', query(), ['bad']);
    expect(covered(payment('old', { date: 0, created_at: 0 }))).toBe(true);
    expect(covered(payment('bad'))).toBe(false);
    expect(fetchCoverage(aura, 'incremental', incremental, ['bad'])(payment('bad', { date: since + DAY, created_at: since + DAY }))).toBe(
      false,
    );
  });
});

describe('selectAndReport', () => {
  it('reports the payments of the statuses asked for that a dated query left out for lack of a date', () => {
    const payments = [payment('a'), payment('b', { date: null }), payment('c', { date: null, status: 'failed' })];
    const dated = selectAndReport(payments, query({ statuses: ['succeeded'], from: '2026-03-01', to: '2026-03-31' }));
    expect(dated).toEqual({ payments: [payments[0]], undatedIds: ['b'] });
    expect(selectAndReport(payments, query()).payments.map((p) => p.id)).toEqual(['a', 'c', 'b']);
    expect(selectAndReport(payments, query()).undatedIds).toEqual([]);
  });
});

describe('skipped payments', () => {
  it('lists each once, trims long reasons, and fails past the limit naming the first', () => {
    const list: SkippedPayment[] = [];
    addSkipped(list, { id: 'p1', reason: 'x'.repeat(500) }, 'Aura');
    addSkipped(list, { id: 'p1', reason: 'again' }, 'Aura');
    addSkipped(list, { id: '', reason: 'no id' }, 'Aura');
    expect(list.map((skip) => [skip.id, skip.reason.length])).toEqual([
      ['p1', 160],
      ['(no id)', 5],
    ]);
    for (let i = list.length; i < MAX_SKIPPED_PAYMENTS; i++) addSkipped(list, { id: `q${i}`, reason: 'bad' }, 'Aura');
    expect(() => addSkipped(list, { id: 'last', reason: 'bad' }, 'Aura')).toThrow(
      `Aura sent more than ${MAX_SKIPPED_PAYMENTS} payments this add-on cannot read (the first: p1:`,
    );
  });

  it('reports only what was left out, a few ids each', () => {
    expect(leftOutReport([], [])).toEqual({});
    const skipped = ['a', 'b', 'c', 'd'].map((id) => ({ id, reason: 'bad' }));
    expect(leftOutReport(['u1', 'u2', 'u3', 'u4', 'u5'], skipped)).toEqual({
      undated: { count: 5, ids: ['u1', 'u2', 'u3'] },
      skipped: { count: 4, payments: skipped.slice(0, 3) },
    });
  });
});
