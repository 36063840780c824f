import { PROVIDERS } from '../../src/providers/registry';
import { buildLedgerQuery, parseProvider, parseStatuses, selectPayments } from '../../src/core/query';
import type { Payment } from '../../src/core/payment';
import { testPayment } from '../support/payments';

function payment(id: string, date: string, status: Payment['status'] = 'succeeded'): Payment {
  return testPayment({ id, date: Date.parse(date), status });
}

describe('buildLedgerQuery and parseProvider', () => {
  it('accepts any case and optional arguments', () => {
    const { expression, filters } = buildLedgerQuery(PROVIDERS, ' AURA ', '', undefined, undefined, 'Europe/London');
    expect(expression.terms.map((term) => [term.adapter.id, term.account])).toEqual([['aura', null]]);
    expect(filters).toEqual({ statuses: null, from: null, to: null, timeZone: 'Europe/London' });
    expect(parseProvider(' Koteshen ', PROVIDERS).id).toBe('koteshen');
  });

  it('names the valid choices when the provider or status is wrong', () => {
    expect(() => parseProvider('stripe', PROVIDERS)).toThrow('Unknown provider "stripe". Use one of: aura, koteshen, uqualify.');
    expect(() => parseProvider('', PROVIDERS)).toThrow('No provider was given. Use one of: aura, koteshen, uqualify.');
    expect(() => buildLedgerQuery(PROVIDERS, 'stripe', '', '', '', 'Etc/UTC')).toThrow('Unknown provider "stripe"');
    expect(() => buildLedgerQuery(PROVIDERS, 'aura', 'paid', '', '', 'Etc/UTC')).toThrow(
      'Unknown status "paid". Use one of: succeeded, pending, failed, refunded, canceled, unknown; "all"; or a list like "succeeded,refunded".',
    );
  });

  it('parses status lists', () => {
    expect(parseStatuses('all')).toBeNull();
    expect(parseStatuses('ALL')).toBeNull();
    expect(parseStatuses('Succeeded')).toEqual(['succeeded']);
    expect(parseStatuses('succeeded, refunded,succeeded')).toEqual(['succeeded', 'refunded']);
    expect(parseStatuses('cancelled')).toEqual(['canceled']);
    expect(() => parseStatuses(5)).toThrow('status must be text like "succeeded", not 5.');
  });

  it('rejects from after to', () => {
    expect(() => buildLedgerQuery(PROVIDERS, 'aura', '', '2026-04-01', '2026-03-31', 'Etc/UTC')).toThrow(
      'from (2026-04-01) is after to (2026-03-31). Swap them.',
    );
    expect(() => buildLedgerQuery(PROVIDERS, 'aura', '', '2026-02-30', '', 'Etc/UTC')).toThrow('from "2026-02-30" is not a date.');
  });
});

describe('selectPayments', () => {
  const zone = 'America/New_York';
  it('keeps whole days inclusive in the spreadsheet zone, dedupes by id and sorts newest first', () => {
    const payments = [
      payment('a', '2026-03-01T04:59:00Z'), // Feb 28, 23:59 in New York: out
      payment('b', '2026-03-01T05:00:00Z'), // Mar 1, 00:00: in
      payment('c', '2026-04-01T03:59:00Z'), // Mar 31, 23:59: in
      payment('d', '2026-04-01T04:00:00Z'), // Apr 1: out
      payment('b', '2026-03-01T05:00:00Z', 'refunded'), // a later copy of b wins
      payment('e', '2026-03-15T12:00:00Z', 'failed'),
    ];
    const query = { provider: 'aura' as const, statuses: null, from: '2026-03-01', to: '2026-03-31', timeZone: zone };
    expect(selectPayments(payments, query).map((p) => [p.id, p.status])).toEqual([
      ['c', 'succeeded'],
      ['e', 'failed'],
      ['b', 'refunded'],
    ]);
    expect(selectPayments(payments, { ...query, statuses: ['failed', 'refunded'] }).map((p) => p.id)).toEqual(['e', 'b']);
  });
});
