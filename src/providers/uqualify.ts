import { type DateFilterReadings, filterWindow, parseTimestamp } from '../core/dates';
import { ProviderError } from '../core/errors';
import { ISO_4217, parseDecimalAmount } from '../core/money';
import type { PaymentStatus, ProviderPayment } from '../core/payment';
import { field, text } from '../core/responses';
import { withQuery } from '../core/url';
import type { NumberedAdapter } from '../core/adapter';

/** The docs' integer enum, and BoomFi's names for the same values (compared without case or separators). */
const STATUS_BY_CODE: Record<number, string> = {
  1: 'unknown',
  2: 'requirespaymentmethod',
  3: 'requiresconfirmation',
  4: 'requiresaction',
  5: 'processing',
  6: 'succeeded',
  7: 'canceled',
  8: 'failed',
};
const STATUS_BY_NAME: Record<string, PaymentStatus> = {
  unknown: 'unknown',
  requirespaymentmethod: 'pending',
  requiresconfirmation: 'pending',
  requiresaction: 'pending',
  processing: 'pending',
  succeeded: 'succeeded',
  canceled: 'canceled',
  cancelled: 'canceled',
  failed: 'failed',
};
const METHOD_BY_CODE: Record<number, string> = {
  1: 'unknown',
  2: 'merchant_contract',
  3: 'proxy_wallet',
  4: 'unblock',
  5: 'card',
  6: 'google_pay',
  7: 'apple_pay',
  8: 'paypal',
  9: 'direct_debit',
  10: 'ramp',
  11: 'ramp_crypto_settlement',
};
const METHOD_BY_NAME = Object.fromEntries(Object.values(METHOD_BY_CODE).map((name) => [squash(name), name]));

function squash(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, '');
}

function enumName(value: unknown, byCode: Record<number, string>): string | null {
  if (typeof value === 'number') return byCode[value] ?? null;
  if (typeof value === 'string' && /^\d+$/.test(value)) return byCode[Number(value)] ?? null;
  return typeof value === 'string' ? squash(value) : null;
}

/** since/until may read created_at (our date) or updated_at, which is never earlier but may be any amount later. */
const UQUALIFY_DATE_FILTER: DateFilterReadings = { skewMs: 0, openEnded: true, undatedStatuses: [] };

/**
 * Uqualify paylinks (a rebranded BoomFi merchants API), GET /api/v1/payments. X-API-KEY header; numbered pages of
 * at most 100 whose `next`/`total` mean different things in different places; amounts as decimal strings in
 * major units; status, method and source as integers or names.
 */
export const uqualify: NumberedAdapter = {
  id: 'uqualify',
  label: 'Uqualify',
  credentialNoun: 'API key',
  defaultBaseUrl: 'https://paylinks.uqualify.co.uk',
  credentialFields: [
    { name: 'apiKey', label: 'API key', secret: true, group: 'key' },
    { name: 'baseUrl', label: 'Base URL (optional)', secret: false, group: 'any', placeholder: 'https://paylinks.uqualify.co.uk' },
  ],
  rateLimitPerMinute: null,
  maxPageSize: 100,
  filtersByDate: true,
  dateFilter: UQUALIFY_DATE_FILTER,
  paging: 'numbered',
  // Amounts come as decimal text; ISO 4217 only sets the fewest decimals a cell shows (USD "100" as 100.00).
  money: ISO_4217,

  authHeaders: (session) => ({ 'X-API-KEY': session.connection.apiKey ?? '' }),

  pageRequest(session, query, page, { pageSize }) {
    const window = filterWindow(query, UQUALIFY_DATE_FILTER);
    return {
      method: 'get',
      headers: { Accept: 'application/json' },
      url: withQuery(`${session.baseUrl}/api/v1/payments`, {
        page,
        limit: pageSize,
        sort: 'desc',
        since: window.fromIso,
        until: window.toIso,
      }),
    };
  },

  parseNumberedPage(body, page) {
    const data = field(body, 'data');
    const items = field(data, 'items');
    if (!Array.isArray(items)) throw new ProviderError(`Uqualify sent payments page ${page} without a "data.items" list.`, 200);
    const next = field(data, 'next');
    const total = field(data, 'total');
    return {
      items,
      totalPages: null,
      // `total` may count every match or only this page: only a count larger than the page can plan the walk.
      totalItems: typeof total === 'number' && total > items.length ? total : null,
      hasNext: typeof next === 'number' && next > page,
    };
  },

  toPayment(item): ProviderPayment {
    const id = text(field(item, 'id'));
    const amountText = text(field(item, 'amount'));
    const amount = parseDecimalAmount(amountText);
    const currency = text(
      field(item, 'currency') ||
        field(field(item, 'crypto_transaction'), 'currency') ||
        field(field(field(item, 'payment_link'), 'plan'), 'currency'),
    ).toUpperCase();
    if (!id || amount === null || !currency) {
      throw new ProviderError(`Uqualify sent a payment without an id, a decimal amount or a currency (id "${id}").`, 200);
    }
    const customer = field(item, 'customer');
    const statusName = enumName(field(item, 'status'), STATUS_BY_CODE);
    const methodName = enumName(field(item, 'payment_method') ?? field(field(item, 'payment_link'), 'payment_method'), METHOD_BY_CODE);
    return {
      provider: 'uqualify',
      id,
      date: parseTimestamp(field(item, 'created_at')),
      status: (statusName && STATUS_BY_NAME[statusName]) || 'unknown',
      amount,
      currency,
      customer_name: text(field(customer, 'name')),
      customer_email: text(field(customer, 'email')),
      customer_id: text(field(item, 'customer_id') || field(customer, 'id')),
      reference: text(field(customer, 'reference')),
      invoice_id: text(field(item, 'invoice_id')),
      method: methodName ? (METHOD_BY_NAME[methodName] ?? methodName) : '',
      refunded_amount: null,
      created_at: parseTimestamp(field(item, 'created_at')),
      amount_exact: amountText.trim(),
    };
  },

  errorMessage(body) {
    const error = field(body, 'error');
    // The docs' own success example says "error": true beside its items; a body with items is a page, not an error.
    if (Array.isArray(field(field(body, 'data'), 'items'))) return null;
    const details = error && typeof error === 'object' ? error : error === true ? field(body, 'data') : null;
    if (!details) return null;
    const message = text(field(details, 'message'));
    const reasons = field(details, 'errors');
    const reason = Array.isArray(reasons)
      ? reasons
          .map((r) => text(field(r, 'reason')))
          .filter(Boolean)
          .join(', ')
      : '';
    return [message, reason && `(${reason})`].filter(Boolean).join(' ') || 'error';
  },
};
