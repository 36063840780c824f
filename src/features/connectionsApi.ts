/**
 * The sidebar's connection functions: save, rename, test and remove a provider's accounts. Every answer that changes
 * them returns the whole list again, secrets masked, so the sidebar shows what the server holds.
 */
import { TimeBudget } from '../core/budget';
import {
  chooseAccount,
  clearConnection,
  describeConnections,
  recordConnectionTest,
  renameConnection,
  saveConnection,
  secretsOf,
  type Account,
  type AccountCredentials,
  type ConnectionSummary,
} from '../core/connections';
import { ProviderError, redactSecrets, UserError } from '../core/errors';
import { openWalk } from '../core/pull';
import { parseProvider } from '../core/query';
import { expectJson } from '../core/responses';
import type { Platform } from '../platform/types';
import type { PaymentQuery, ProviderAdapter } from '../core/adapter';

export interface ConnectionTest {
  ok: boolean;
  message: string;
  /** When it ran (the platform's clock), as kept in the connection's lastTest. */
  at: number;
}

/** providerClient's words for a host that never answered (DNS, refused, timeout), as opposed to an HTTP error. */
const UNREACHABLE = / could not be reached \((.*)\) after \d+ tries/;

function newConnectionId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

/** An optional account argument: absent or blank is the provider's default account. */
function accountArgument(account: unknown): string | null {
  if (account === undefined || account === null || account === '') return null;
  if (typeof account !== 'string')
    throw new UserError(`account must be an account's name, like "EU shop", not ${JSON.stringify(account)}.`);
  return account.trim() || null;
}

/** Saves credentials: `credentials.account` names the account (an existing name, in any case, updates it); none: the default one. */
export function saveCredentials(platform: Platform, provider: unknown, credentials: AccountCredentials | undefined): ConnectionSummary[] {
  const adapter = parseProvider(provider, platform.providers);
  if (!credentials || typeof credentials !== 'object') throw new UserError('Nothing to save: fill in the fields first.');
  saveConnection(platform.userStore, adapter, credentials, platform.clock.now(), newConnectionId);
  return describeConnections(platform.userStore, platform.providers);
}

/** Removes an account and its tokens; without an account, the default one. */
export function clearCredentials(platform: Platform, provider: unknown, account?: unknown): ConnectionSummary[] {
  clearConnection(platform.userStore, parseProvider(provider, platform.providers), accountArgument(account));
  return describeConnections(platform.userStore, platform.providers);
}

export function renameAccount(platform: Platform, provider: unknown, account: unknown, newName: unknown): ConnectionSummary[] {
  renameConnection(platform.userStore, parseProvider(provider, platform.providers), account, newName);
  return describeConnections(platform.userStore, platform.providers);
}

export function getConnections(platform: Platform): ConnectionSummary[] {
  return describeConnections(platform.userStore, platform.providers);
}

/**
 * Asks the provider for one payment with an account's saved credentials, reports what it answered in plain words,
 * and keeps that with the connection (getConnections' lastTest).
 */
export function testConnection(platform: Platform, provider: unknown, account?: unknown): ConnectionTest {
  const adapter = parseProvider(provider, platform.providers);
  const connection = chooseAccount(platform.userStore, adapter, accountArgument(account));
  const { ok, message } = askProvider(platform, adapter, connection);
  const test = { ok, message: redactSecrets(message, secretsOf(connection)), at: platform.clock.now() };
  recordConnectionTest(platform.userStore, connection, test);
  return test;
}

function askProvider(platform: Platform, adapter: ProviderAdapter, connection: Account): { ok: boolean; message: string } {
  const named = connection.account === adapter.label ? adapter.label : `${adapter.label} (${connection.account})`;
  const query: PaymentQuery = { provider: adapter.id, statuses: null, from: null, to: null, timeZone: platform.timeZone() };
  const walk = openWalk(platform, adapter, connection, query, TimeBudget.forCustomFunction(platform.clock));
  try {
    const request =
      adapter.paging === 'cursor'
        ? adapter.pageRequest(walk.session, query, null, { pageSize: 1 })
        : adapter.pageRequest(walk.session, query, 1, { pageSize: 1 });
    const body = expectJson(walk.responses, walk.client.send(request));
    const items = adapter.paging === 'cursor' ? adapter.parseCursorPage(body).items : adapter.parseNumberedPage(body, 1).items;
    if (items.length === 0) return { ok: true, message: `Connected to ${named}. It has no payments yet.` };
    const latest = adapter.toPayment(items[0]);
    const when = latest.date === null ? '' : ` on ${new Date(latest.date).toISOString().slice(0, 10)}`;
    return {
      ok: true,
      message: `Connected to ${named}. Latest payment: ${latest.amount_exact} ${latest.currency}${when}.`,
    };
  } catch (error) {
    if (error instanceof UserError) return { ok: false, message: unreachableDefaultHost(adapter, connection, error) ?? error.message };
    throw error;
  }
}

/**
 * Credentials saved without a base URL whose default host never answered: waiting will not help if the account
 * lives elsewhere (a self-hosted Koteshen, a sandbox), so say where it looked and what to enter.
 */
function unreachableDefaultHost(adapter: ProviderAdapter, connection: Account, error: UserError): string | null {
  const cause = error instanceof ProviderError && error.status === null ? UNREACHABLE.exec(error.message)?.[1] : undefined;
  if (cause === undefined || connection.baseUrl) return null;
  return (
    `${adapter.label} could not be reached at ${adapter.defaultBaseUrl} (${cause}). If your ${adapter.label} account is on ` +
    `another address (a self-hosted server, a sandbox), enter that address as the base URL and save again.`
  );
}
