import { dayFromArgument, type DayKey } from './dates';
import { UserError } from './errors';
import { PAYMENT_STATUSES, type Payment, type PaymentStatus, compareNewestFirst } from './payment';
import { dayInZone } from './dates';
import { paymentKey } from './table';
import type { PaymentQuery, ProviderAdapter, ProviderRegistry } from './adapter';

const STATUS_ALIASES: Record<string, PaymentStatus> = { cancelled: 'canceled' };

export function parseProvider(value: unknown, providers: ProviderRegistry): ProviderAdapter {
  const name = typeof value === 'string' ? value : '';
  const adapter = name ? providers.find(name) : null;
  if (!adapter) {
    const given = value === undefined || value === '' ? 'No provider was given' : `Unknown provider "${String(value)}"`;
    throw new UserError(
      `${given}. Use one of: ${providers
        .all()
        .map((known) => known.id)
        .join(', ')}.`,
    );
  }
  return adapter;
}

/** One part of a provider expression: a provider, and the account named after its colon (null: its default). */
export interface ProviderTerm {
  adapter: ProviderAdapter;
  account: string | null;
}

/** Which accounts to read: every connected one ("all"), or the terms of a comma list. */
export interface ProviderExpression {
  all: boolean;
  terms: ProviderTerm[];
}

function expressionHelp(providers: ProviderRegistry): string {
  const example = providers.all()[0]?.id ?? 'aura';
  return `Or "all" (every connected account), "${example}:<account name>", or a comma list like "${providers
    .all()
    .slice(0, 2)
    .map((known) => known.id)
    .join(',')}".`;
}

/**
 * "aura", "aura:EU shop", "all", or a comma list of them ("aura:EU shop,koteshen"), providers in any case. Only the
 * words are checked here: which accounts exist is the connections' to say (connections.ts resolveSources).
 */
export function parseProviderExpression(value: unknown, providers: ProviderRegistry): ProviderExpression {
  const parts = (typeof value === 'string' ? value : '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const ids = providers
    .all()
    .map((known) => known.id)
    .join(', ');
  if (parts.length === 0) {
    const given =
      value === undefined || value === null || value === '' || typeof value === 'string'
        ? 'No provider was given'
        : `Unknown provider "${String(value)}"`;
    throw new UserError(`${given}. Use one of: ${ids}. ${expressionHelp(providers)}`);
  }
  const expression: ProviderExpression = { all: false, terms: [] };
  for (const part of parts) {
    const colon = part.indexOf(':');
    const name = (colon < 0 ? part : part.slice(0, colon)).trim();
    if (colon < 0 && name.toLowerCase() === 'all') {
      expression.all = true;
      continue;
    }
    const adapter = providers.find(name);
    if (!adapter) throw new UserError(`Unknown provider "${name}". Use one of: ${ids}. ${expressionHelp(providers)}`);
    const account = colon < 0 ? null : part.slice(colon + 1).trim();
    if (account === '') {
      throw new UserError(
        `"${part}" names no account after the colon: write "${adapter.id}:<account name>", or "${adapter.id}" for your default ${adapter.label} account.`,
      );
    }
    expression.terms.push({ adapter, account });
  }
  return expression;
}

/** How a sync or message names an expression: "Aura:EU shop, Koteshen", "All accounts". */
export function describeExpression(expression: ProviderExpression): string {
  if (expression.all) return 'All accounts';
  return expression.terms.map((term) => (term.account === null ? term.adapter.label : `${term.adapter.label}:${term.account}`)).join(', ');
}

/** "" or "all" → every status; "succeeded" or "succeeded, refunded" → those. */
export function parseStatuses(value: unknown): PaymentStatus[] | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new UserError(`status must be text like "succeeded", not ${JSON.stringify(value)}.`);
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0 || (names.length === 1 && names[0] === 'all')) return null;
  const statuses = names.map((name) => {
    const status = STATUS_ALIASES[name] ?? name;
    if (!(PAYMENT_STATUSES as readonly string[]).includes(status)) {
      throw new UserError(
        `Unknown status "${name}". Use one of: ${PAYMENT_STATUSES.join(', ')}; "all"; or a list like "succeeded,refunded".`,
      );
    }
    return status as PaymentStatus;
  });
  return [...new Set(statuses)];
}

/** What to list of each account: a query but for its provider. */
export type QueryFilters = Omit<PaymentQuery, 'provider'>;

/** Checks every argument but the provider before any request is made. */
function parseQueryFilters(status: unknown, from: unknown, to: unknown, timeZone: string): QueryFilters {
  const statuses = parseStatuses(status);
  const fromDay: DayKey | null = dayFromArgument(from, timeZone, 'from');
  const toDay: DayKey | null = dayFromArgument(to, timeZone, 'to');
  if (fromDay && toDay && fromDay > toDay) {
    throw new UserError(`from (${fromDay}) is after to (${toDay}). Swap them.`);
  }
  return { statuses, from: fromDay, to: toDay, timeZone };
}

/** Checks every argument before any request is made: a provider expression ("all", "aura:EU shop,koteshen"). */
export function buildLedgerQuery(
  providers: ProviderRegistry,
  provider: unknown,
  status: unknown,
  from: unknown,
  to: unknown,
  timeZone: string,
): { expression: ProviderExpression; filters: QueryFilters } {
  const expression = parseProviderExpression(provider, providers);
  return { expression, filters: parseQueryFilters(status, from, to, timeZone) };
}

/**
 * The query's payments from what the provider sent: the statuses and whole days asked for (in the spreadsheet's
 * zone, inclusive), each payment once (pages shift while payments arrive; the last copy seen wins), newest first.
 */
export function selectPayments(payments: Iterable<Payment>, query: QueryFilters): Payment[] {
  return selectAndReport(payments, query).payments;
}

/** A sync's filters beyond status and dates; each absent one lets every payment through. */
export interface PaymentFilters {
  /** Upper case, as the currency column shows them. */
  currencies?: string[];
  /** As the method column shows them. */
  methods?: string[];
  /** Major units, inclusive. */
  minAmount?: number;
  /** Lower case, matched within the customer's name or email. */
  customer?: string;
}

/** The columns a filter reads: a table that lacks one cannot be filtered again from its own rows. */
export const FILTER_COLUMNS = ['currency', 'method', 'amount', 'customer_name', 'customer_email'] as const;

const CURRENCY_CODE = /^[A-Za-z0-9]{3,10}$/;

function textList(value: unknown, argument: string, example: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : null;
  if (!list || list.some((item) => typeof item !== 'string' || item.trim() === '')) {
    throw new UserError(`${argument} must be a list of ${example}, not ${JSON.stringify(value)}.`);
  }
  return list.length === 0 ? undefined : [...new Set((list as string[]).map((item) => item.trim()))];
}

/** Checks a sync request's filters, before any request; every error names the argument and what it takes. */
export function parseFilters(request: {
  currencies?: unknown;
  methods?: unknown;
  minAmount?: unknown;
  customer?: unknown;
}): PaymentFilters {
  const currencies = textList(request.currencies, 'currencies', 'currency codes such as ["EUR", "usd"] (any case)')?.map((code) =>
    code.toUpperCase(),
  );
  const badCode = currencies?.find((code) => !CURRENCY_CODE.test(code));
  if (badCode) throw new UserError(`currencies: "${badCode}" is not a currency code. Use codes such as ["EUR", "usd"] (any case).`);
  const methods = textList(request.methods, 'methods', 'payment methods as the method column shows them, such as ["card"]');
  const { minAmount, customer } = request;
  if (minAmount !== undefined && minAmount !== null && (typeof minAmount !== 'number' || !Number.isFinite(minAmount))) {
    throw new UserError(`minAmount must be a number in major units (12.5 for 12.50), not ${JSON.stringify(minAmount)}.`);
  }
  if (customer !== undefined && customer !== null && typeof customer !== 'string') {
    throw new UserError(`customer must be text found in the customer's name or email, such as "acme", not ${JSON.stringify(customer)}.`);
  }
  const customerText = typeof customer === 'string' ? customer.trim().toLowerCase() : '';
  return {
    ...(currencies && { currencies }),
    ...(methods && { methods }),
    ...(typeof minAmount === 'number' && { minAmount }),
    ...(customerText && { customer: customerText }),
  };
}

export function hasFilters(filters: PaymentFilters): boolean {
  return Object.keys(filters).length > 0;
}

export function matchesFilters(payment: Payment, filters: PaymentFilters): boolean {
  if (filters.currencies && !filters.currencies.includes(payment.currency.toUpperCase())) return false;
  if (filters.methods && !filters.methods.includes(payment.method)) return false;
  if (filters.minAmount !== undefined && !(payment.amount >= filters.minAmount)) return false;
  const customer = filters.customer;
  if (customer && !payment.customer_name.toLowerCase().includes(customer) && !payment.customer_email.toLowerCase().includes(customer))
    return false;
  return true;
}

/**
 * selectPayments, and the ids of the payments of the statuses asked for that a dated query left out because their
 * date could not be read: nobody can tell whether they fall in the days asked for, so the caller reports them.
 */
export function selectAndReport(
  payments: Iterable<Payment>,
  query: QueryFilters,
  filters: PaymentFilters = {},
): { payments: Payment[]; undatedIds: string[] } {
  // By account as well as id: two accounts may hold equal ids.
  const byId = new Map<string, Payment>();
  for (const payment of payments) byId.set(paymentKey(payment), payment);
  const statuses = query.statuses ? new Set(query.statuses) : null;
  const selected: Payment[] = [];
  const undatedIds: string[] = [];
  for (const payment of byId.values()) {
    if ((statuses && !statuses.has(payment.status)) || !matchesFilters(payment, filters)) continue;
    if (query.from || query.to) {
      if (payment.date === null) {
        undatedIds.push(payment.id);
        continue;
      }
      const day = dayInZone(payment.date, query.timeZone);
      if ((query.from && day < query.from) || (query.to && day > query.to)) continue;
    }
    selected.push(payment);
  }
  return { payments: selected.sort(compareNewestFirst), undatedIds };
}
