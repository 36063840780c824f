import { type DateFilterReadings, filterWindow, MAX_DATE_SKEW_MS, parseTimestamp } from '../core/dates';
import { ProviderError } from '../core/errors';
import { iso4217Except, isMinorUnits, minorToDecimalText, minorToMajor } from '../core/money';
import { PAYMENT_STATUSES, type PaymentStatus, type ProviderPayment } from '../core/payment';
import { field, text } from '../core/responses';
import { withQuery } from '../core/url';
import type { CursorAdapter } from '../core/adapter';

/** from_date/to_date may read payment_date or created_at, and pending payments may carry payment_date: null. */
const AURA_DATE_FILTER: DateFilterReadings = { skewMs: MAX_DATE_SKEW_MS, openEnded: false, undatedStatuses: ['pending'] };

/**
 * Aura mirrors Stripe's API amounts, and Stripe's table departs from ISO 4217 in a few places (docs.stripe.com/currencies,
 * "Special cases"): ISK and UGX are two-decimal in the API (50000 is 500 ISK), MGA zero-decimal (50000 is 50,000 MGA),
 * HUF and TWD two-decimal for charges (as ISO: listed so a change to ISO's table cannot move them).
 */
const STRIPE_MONEY = iso4217Except({ ISK: 100, UGX: 100, MGA: 1, HUF: 100, TWD: 100 });

/**
 * Aura Partner API, GET /v1/payments. Bearer key; opaque cursor pages of at most 100 ("limit" is a string);
 * amounts in Stripe's minor units with lower-case currency; 100 requests a minute per key with X-RateLimit-* headers.
 */
export const aura: CursorAdapter = {
  id: 'aura',
  label: 'Aura',
  credentialNoun: 'API key',
  defaultBaseUrl: 'https://api.aura-app.ai',
  credentialFields: [
    { name: 'apiKey', label: 'API key', secret: true, group: 'key', placeholder: 'aura_pk_live_…' },
    { name: 'baseUrl', label: 'Base URL (optional)', secret: false, group: 'any', placeholder: 'https://api.aura-app.ai' },
  ],
  rateLimitPerMinute: 100,
  maxPageSize: 100,
  filtersByDate: true,
  dateFilter: AURA_DATE_FILTER,
  paging: 'cursor',
  money: STRIPE_MONEY,
  serverStatusFilter: ['succeeded', 'pending', 'failed', 'refunded'],

  authHeaders: (session) => ({ Authorization: `Bearer ${session.connection.apiKey ?? ''}` }),

  pageRequest(session, query, cursor, { pageSize, window: slice }) {
    const window = slice ?? filterWindow(query, AURA_DATE_FILTER);
    const single = query.statuses?.length === 1 ? query.statuses[0] : null;
    const status = single && this.serverStatusFilter?.includes(single) ? single : null;
    return {
      method: 'get',
      headers: { Accept: 'application/json' },
      url: withQuery(`${session.baseUrl}/v1/payments`, {
        limit: pageSize === null ? null : String(pageSize),
        cursor,
        status,
        from_date: isoOrNull(window.fromMs),
        to_date: isoOrNull(window.toMs),
      }),
    };
  },

  parseCursorPage(body) {
    const items = field(body, 'data');
    const pagination = field(body, 'pagination');
    if (!Array.isArray(items)) throw new ProviderError('Aura sent a payments page without a "data" list.', 200);
    const nextCursor = field(pagination, 'next_cursor');
    return {
      items,
      nextCursor: typeof nextCursor === 'string' && nextCursor !== '' ? nextCursor : null,
      hasMore: field(pagination, 'has_more') === true,
    };
  },

  toPayment(item): ProviderPayment {
    const id = text(field(item, 'id'));
    const amount = field(item, 'amount');
    const currency = text(field(item, 'currency')).toUpperCase();
    if (!id || !isMinorUnits(amount) || !currency) {
      throw new ProviderError(`Aura sent a payment without an id, a whole-number amount or a currency (id "${id}").`, 200);
    }
    const refunded = field(item, 'refunded_amount');
    return {
      provider: 'aura',
      id,
      date: parseTimestamp(field(item, 'payment_date')) ?? parseTimestamp(field(item, 'created_at')),
      status: auraStatus(field(item, 'status')),
      amount: minorToMajor(amount, currency, STRIPE_MONEY),
      currency,
      customer_name: text(field(item, 'customer_name')),
      customer_email: text(field(item, 'customer_email')),
      customer_id: text(field(item, 'stripe_customer_id')),
      reference: text(field(item, 'provider_payment_id')),
      invoice_id: '',
      method: text(field(item, 'provider')),
      refunded_amount: isMinorUnits(refunded) ? minorToMajor(refunded, currency, STRIPE_MONEY) : null,
      created_at: parseTimestamp(field(item, 'created_at')),
      amount_exact: minorToDecimalText(amount, currency, STRIPE_MONEY),
    };
  },

  errorMessage(body) {
    const error = field(body, 'error');
    if (field(body, 'success') !== false || typeof error !== 'string') return null;
    const code = field(body, 'code');
    return typeof code === 'string' ? `${error} (${code})` : error;
  },
};

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function auraStatus(value: unknown): PaymentStatus {
  const status = text(value).toLowerCase();
  if (status === 'cancelled') return 'canceled';
  return (PAYMENT_STATUSES as readonly string[]).includes(status) ? (status as PaymentStatus) : 'unknown';
}
