/**
 * A normalized payment for tests of the core and the features: every column at a plain default, the test's own
 * values on top, so a new column is added here once rather than in every test's fixture.
 */
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
