import { parseTimestamp } from '../core/dates';
import { ProviderError } from '../core/errors';
import { iso4217Except, isMinorUnits, minorToDecimalText, minorToMajor } from '../core/money';
import type { ProviderPayment } from '../core/payment';
import { expectJson, field, text } from '../core/responses';
import { formEncode, withQuery } from '../core/url';
import type { NumberedAdapter, ProviderSession } from '../core/adapter';

/**
 * `{cents, currency_iso}` is money-rails' serialization: `cents` counts subunits as the RubyMoney gem defines them
 * (`subunit_to_unit` in its config/currency_iso.json), which departs from ISO 4217 for HUF and MGA (1 to the unit:
 * cents 50000 is 50,000 HUF) and MRU (5: cents 51 is 10.2 MRU).
 */
const RUBY_MONEY = iso4217Except({ HUF: 1, MGA: 1, MRU: 5 });

/** Renew a granted token this long before it expires, so it cannot lapse mid-pull. */
const TOKEN_EARLY_RENEWAL_MS = 60_000;

/**
 * Koteshen (Rails invoicing app), GET /api/v1/payments. OAuth bearer token: pasted, or granted from a client id
 * and secret; numbered pages with totals; amounts {cents, currency_iso} in RubyMoney's subunits; every payment is money received.
 * Self-hostable, so the base URL is settable.
 */
export const koteshen: NumberedAdapter = {
  id: 'koteshen',
  label: 'Koteshen',
  credentialNoun: 'access token or client id and secret',
  defaultBaseUrl: 'https://koteshen.com',
  credentialFields: [
    { name: 'apiKey', label: 'Access token', secret: true, group: 'token' },
    { name: 'clientId', label: 'Client id', secret: false, group: 'client' },
    { name: 'clientSecret', label: 'Client secret', secret: true, group: 'client' },
    { name: 'baseUrl', label: 'Base URL (self-hosted Koteshen)', secret: false, group: 'any', placeholder: 'https://koteshen.com' },
  ],
  rateLimitPerMinute: 100,
  maxPageSize: 100,
  filtersByDate: false,
  paging: 'numbered',
  // Newest created_at first, as every listing seen so far: an incremental refresh stops where the look-back ends.
  newestCreatedFirst: true,
  money: RUBY_MONEY,

  authHeaders: (session) => ({ Authorization: `Bearer ${accessToken(session)}` }),

  renewAuth(session) {
    if (session.connection.apiKey) return false;
    session.token.remove();
    return true;
  },

  pageRequest(session, _query, page, { pageSize }) {
    return {
      method: 'get',
      headers: { Accept: 'application/json' },
      url: withQuery(`${session.baseUrl}/api/v1/payments`, { page, per_page: pageSize }),
    };
  },

  parseNumberedPage(body, page) {
    const items = field(body, 'data');
    if (!Array.isArray(items)) throw new ProviderError(`Koteshen sent payments page ${page} without a "data" list.`, 200);
    const pagination = field(field(body, 'meta'), 'pagination');
    const totalPages = field(pagination, 'total_pages');
    const totalCount = field(pagination, 'total_count');
    const links = field(body, 'links');
    const nextPage = field(pagination, 'next_page');
    const nextLink = field(links, 'next');
    return {
      items,
      totalPages: typeof totalPages === 'number' ? totalPages : null,
      totalItems: typeof totalCount === 'number' ? totalCount : null,
      // Either end marker ends the walk: next_page null, or links.next null.
      hasNext: nextPage !== null && nextPage !== undefined && nextLink !== null,
    };
  },

  toPayment(item): ProviderPayment {
    const id = text(field(item, 'id'));
    const money = field(item, 'amount');
    const cents = field(money, 'cents');
    const currency = text(field(money, 'currency_iso')).toUpperCase();
    if (!id || !isMinorUnits(cents) || !currency) {
      throw new ProviderError(`Koteshen sent a payment without an id, whole cents or a currency (id "${id}").`, 200);
    }
    return {
      provider: 'koteshen',
      id,
      date: parseTimestamp(field(item, 'paid_at')) ?? parseTimestamp(field(item, 'created_at')),
      status: 'succeeded',
      amount: minorToMajor(cents, currency, RUBY_MONEY),
      currency,
      customer_name: '',
      customer_email: '',
      customer_id: '',
      reference: text(field(item, 'reference')),
      invoice_id: text(field(item, 'invoice_id')),
      method: text(field(item, 'channel')),
      refunded_amount: null,
      created_at: parseTimestamp(field(item, 'created_at')),
      amount_exact: minorToDecimalText(cents, currency, RUBY_MONEY),
    };
  },

  /** Doorkeeper's {error, error_description}, Rails' {errors: {field: [...]}}, or a plain {message}. */
  errorMessage(body) {
    const error = field(body, 'error');
    const message = field(body, 'message');
    // A page that carries a message beside its data is still a page.
    const detail = typeof message === 'string' && message !== '' && field(body, 'data') === undefined ? message : null;
    if (typeof error === 'string') {
      const description = field(body, 'error_description');
      const explained = typeof description === 'string' ? description : detail;
      return explained ? `${error}: ${explained}` : error;
    }
    const errors = field(body, 'errors');
    if (errors && typeof errors === 'object') {
      return Object.entries(errors as Record<string, unknown>)
        .map(([name, messages]) => `${name} ${Array.isArray(messages) ? messages.join(', ') : text(messages)}`)
        .join('; ');
    }
    return detail;
  },
};

/** The pasted token, or a client-credentials token kept in the user's own store until shortly before it expires. */
function accessToken(session: ProviderSession): string {
  const { connection } = session;
  if (connection.apiKey) return connection.apiKey;
  const stored = session.token.get();
  if (stored) {
    const token = JSON.parse(stored) as { accessToken: string; renewAt: number };
    if (token.renewAt > session.now()) {
      session.hideSecret(token.accessToken);
      return token.accessToken;
    }
  }
  const response = session.send({
    method: 'post',
    url: `${session.baseUrl}/oauth/token`,
    headers: { Accept: 'application/json' },
    contentType: 'application/x-www-form-urlencoded',
    payload: formEncode({
      grant_type: 'client_credentials',
      client_id: connection.clientId ?? '',
      client_secret: connection.clientSecret ?? '',
      scope: 'read',
    }),
  });
  const body = expectJson(
    {
      label: 'Koteshen',
      credentialNoun: 'client id and secret',
      secrets: [connection.clientSecret],
      errorMessage: koteshen.errorMessage,
    },
    response.status === 400 ? { ...response, status: 401 } : response,
  );
  const token = field(body, 'access_token');
  if (typeof token !== 'string' || token === '') {
    throw new ProviderError('Koteshen granted no access token for the client id and secret.', response.status);
  }
  const expiresIn = Number(field(body, 'expires_in'));
  const lifetimeMs = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 3_600_000;
  // Renewed early so it cannot lapse mid-pull, but never so early that a short-lived token is fetched for every call.
  const renewAt = session.now() + lifetimeMs - Math.min(TOKEN_EARLY_RENEWAL_MS, lifetimeMs / 2);
  session.token.set(JSON.stringify({ accessToken: token, renewAt }));
  session.hideSecret(token);
  return token;
}
