import auraDocs from '../fixtures/auraDocs.json';
import koteshenDocs from '../fixtures/koteshenDocs.json';
import uqualifyDocs from '../fixtures/uqualifyDocs.json';
import { aura } from '../../src/providers/aura';
import { koteshen } from '../../src/providers/koteshen';
import { uqualify } from '../../src/providers/uqualify';

// The fixtures are the example bodies of the providers' "List payments" pages (docs/providers.md), unchanged.

describe('Aura, from its docs', () => {
  it('maps the example payment', () => {
    const page = aura.parseCursorPage(auraDocs.page);
    expect(page).toEqual({ items: auraDocs.page.data, nextCursor: 'string', hasMore: true });
    expect(aura.toPayment(page.items[0])).toEqual({
      provider: 'aura',
      id: '550e8400-e29b-41d4-a716-446655440000',
      date: Date.parse('2019-08-24T14:15:22Z'),
      status: 'succeeded',
      amount: 50,
      currency: 'USD',
      customer_name: 'string',
      customer_email: 'string',
      customer_id: 'string',
      reference: 'pi_xxxxx',
      invoice_id: '',
      method: 'stripe',
      refunded_amount: 0,
      created_at: Date.parse('2019-08-24T14:15:22Z'),
      amount_exact: '50.00',
    });
  });

  it('ends on has_more false whatever next_cursor is', () => {
    for (const nextCursor of [null, undefined, '', 'leftover']) {
      const body = { data: [], pagination: { has_more: false, ...(nextCursor === undefined ? {} : { next_cursor: nextCursor }) } };
      expect(aura.parseCursorPage(body)).toEqual({ items: [], nextCursor: nextCursor === 'leftover' ? 'leftover' : null, hasMore: false });
    }
  });

  it('reads its error shape', () => {
    expect(aura.errorMessage(auraDocs.error)).toBe('Lead not found (NOT_FOUND)');
    expect(aura.errorMessage(auraDocs.page)).toBeNull();
  });

  it('maps statuses as sent and zero- and three-decimal currencies', () => {
    const base = auraDocs.page.data[0];
    expect(aura.toPayment({ ...base, status: 'refunded', currency: 'jpy', amount: 5000, refunded_amount: 5000 })).toMatchObject({
      status: 'refunded',
      currency: 'JPY',
      amount: 5000,
      refunded_amount: 5000,
      amount_exact: '5000',
    });
    expect(aura.toPayment({ ...base, currency: 'kwd', amount: 12345 })).toMatchObject({ amount: 12.345, amount_exact: '12.345' });
    expect(aura.toPayment({ ...base, status: 'disputed' }).status).toBe('unknown');
    expect(() => aura.toPayment({ ...base, amount: '50.00' })).toThrow(
      'Aura sent a payment without an id, a whole-number amount or a currency',
    );
  });
});

describe('Koteshen, from its docs', () => {
  it('maps the example page', () => {
    const page = koteshen.parseNumberedPage(koteshenDocs.page, 1);
    expect(page).toEqual({ items: koteshenDocs.page.data, totalPages: 2, totalItems: 17, hasNext: true });
    expect(page.items.map((item) => koteshen.toPayment(item))).toEqual([
      {
        provider: 'koteshen',
        id: '28',
        date: Date.parse('2025-08-28T18:47:46.394Z'),
        status: 'succeeded',
        amount: 43,
        currency: 'USD',
        customer_name: '',
        customer_email: '',
        customer_id: '',
        reference: 'PYM-7C0F-6335',
        invoice_id: '59',
        method: 'card',
        refunded_amount: null,
        created_at: Date.parse('2025-08-28T18:47:46.407Z'),
        amount_exact: '43.00',
      },
      {
        provider: 'koteshen',
        id: '22',
        date: Date.parse('2025-08-28T00:00:00.000Z'),
        status: 'succeeded',
        amount: 323,
        currency: 'USD',
        customer_name: '',
        customer_email: '',
        customer_id: '',
        reference: 'PYM-6563-2775',
        invoice_id: '63',
        method: 'cash',
        refunded_amount: null,
        created_at: Date.parse('2025-08-28T18:29:07.070Z'),
        amount_exact: '323.00',
      },
    ]);
  });

  it('ends on next_page null or links.next null', () => {
    const last = { ...koteshenDocs.page, meta: { pagination: { ...koteshenDocs.page.meta.pagination, next_page: null } } };
    expect(koteshen.parseNumberedPage(last, 2).hasNext).toBe(false);
    const noLink = { ...koteshenDocs.page, links: { ...koteshenDocs.page.links, next: null } };
    expect(koteshen.parseNumberedPage(noLink, 2).hasNext).toBe(false);
  });

  it('reads both error shapes', () => {
    expect(koteshenDocs.errors.map((body) => koteshen.errorMessage(body))).toEqual([
      'Unauthorized',
      'Forbidden',
      'page must be greater than 0',
      'Internal Server Error',
    ]);
  });
});

describe('Uqualify, from its docs', () => {
  it('maps the example payment', () => {
    const page = uqualify.parseNumberedPage(uqualifyDocs.page, 1);
    // total (10) is larger than the page: it counts every match. next (10) is past page 1.
    expect(page).toEqual({ items: uqualifyDocs.page.data.items, totalPages: null, totalItems: 10, hasNext: true });
    expect(uqualify.toPayment(page.items[0])).toEqual({
      provider: 'uqualify',
      id: 'payment123',
      date: Date.parse('2023-01-01T12:00:00Z'),
      status: 'unknown',
      amount: 100,
      currency: 'USD',
      customer_name: 'John Doe',
      customer_email: 'customer@example.com',
      customer_id: 'customer123',
      reference: 'REF-123456',
      invoice_id: 'invoice123',
      method: 'unknown',
      refunded_amount: null,
      created_at: Date.parse('2023-01-01T12:00:00Z'),
      amount_exact: '100.00',
    });
  });

  it('accepts statuses and methods as integers or names', () => {
    const item = uqualifyDocs.page.data.items[0];
    const cases: Array<[unknown, string]> = [
      [1, 'unknown'],
      [2, 'pending'],
      [3, 'pending'],
      [4, 'pending'],
      [5, 'pending'],
      [6, 'succeeded'],
      [7, 'canceled'],
      [8, 'failed'],
      ['Succeeded', 'succeeded'],
      ['RequiresAction', 'pending'],
      ['Requirespaymentmethod', 'pending'],
      ['Processing', 'pending'],
      ['Canceled', 'canceled'],
      ['Failed', 'failed'],
      ['Unknown', 'unknown'],
      ['6', 'succeeded'],
      ['Exploded', 'unknown'],
      [99, 'unknown'],
    ];
    for (const [status, expected] of cases) expect([status, uqualify.toPayment({ ...item, status }).status]).toEqual([status, expected]);
    expect(uqualify.toPayment({ ...item, payment_method: 5 }).method).toBe('card');
    expect(uqualify.toPayment({ ...item, payment_method: 'GooglePay' }).method).toBe('google_pay');
  });

  it('keeps the exact decimal text and never guesses an amount', () => {
    const item = uqualifyDocs.page.data.items[0];
    expect(uqualify.toPayment({ ...item, amount: '0.000123456789', currency: 'eth' })).toMatchObject({
      amount: 0.000123456789,
      amount_exact: '0.000123456789',
      currency: 'ETH',
    });
    expect(() => uqualify.toPayment({ ...item, amount: '1,000.00' })).toThrow(
      'Uqualify sent a payment without an id, a decimal amount or a currency',
    );
  });

  it('stops on every reading of the last page', () => {
    const page = (next: unknown, total: unknown, count = 3) => ({
      data: { items: Array(count).fill({}), ...(next === undefined ? {} : { next }), total },
      error: false,
    });
    expect(uqualify.parseNumberedPage(page(0, 3), 4).hasNext).toBe(false);
    expect(uqualify.parseNumberedPage(page(null, 3), 4).hasNext).toBe(false);
    expect(uqualify.parseNumberedPage(page(undefined, 3), 4).hasNext).toBe(false);
    expect(uqualify.parseNumberedPage(page(4, 3), 4).hasNext).toBe(false);
    expect(uqualify.parseNumberedPage(page(5, 3), 4)).toMatchObject({ hasNext: true, totalItems: null });
    expect(uqualify.parseNumberedPage(page(5, 303), 4)).toMatchObject({ hasNext: true, totalItems: 303 });
  });

  it('reads both error shapes and the docs\' success body that says "error": true', () => {
    expect(uqualify.errorMessage(uqualifyDocs.errors[0])).toBe('Insufficient quantity (InsufficientQuantity)');
    expect(uqualify.errorMessage(uqualifyDocs.errors[1])).toBe('Internal server error (Internal)');
    expect(
      uqualify.errorMessage({
        error: true,
        data: { code: 401, message: 'Invalid API key', errors: [{ domain: 'auth', reason: 'Unauthorized' }] },
      }),
    ).toBe('Invalid API key (Unauthorized)');
    expect(uqualify.errorMessage(uqualifyDocs.page)).toBeNull();
    expect(uqualify.errorMessage({ data: { items: [] }, error: false })).toBeNull();
  });
});
