/**
 * Payments for tests: a normalized one for the core and the features, every column at a plain default and the test's
 * own values on top (so a new column is added here once, not in every test's fixture), and a simulator's settled one.
 */
import type { SimPayment } from '../../dev/simulators';
import type { Payment } from '../../src/core/payment';

export function testPayment(values: Partial<Payment> & Pick<Payment, 'id'>): Payment {
  return {
    provider: 'aura',
    account: 'Aura',
    date: Date.parse('2026-03-01T10:00:00Z'),
    status: 'succeeded',
    amount: 1,
    currency: 'USD',
    customer_name: '',
    customer_email: '',
    customer_id: '',
    reference: '',
    invoice_id: '',
    method: '',
    refunded_amount: null,
    created_at: null,
    amount_exact: '1.00',
    ...values,
  };
}

/** A simulator payment made and recorded at `iso`, not refunded: a ledger line whose totals a test can work out. */
export function paidAt(
  iso: string,
  amountMinor: number,
  currency = 'USD',
  status: SimPayment['status'] = 'succeeded',
): Partial<SimPayment> {
  return { occurredAt: Date.parse(iso), createdAt: Date.parse(iso), amountMinor, currency, status, refundedMinor: 0, refundedAt: null };
}
