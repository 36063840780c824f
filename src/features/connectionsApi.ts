import { TimeBudget } from '../core/budget';
import { clearConnection, describeConnections, requireConnection, saveConnection, type ConnectionSummary } from '../core/connections';
import { UserError } from '../core/errors';
import { openWalk } from '../core/pull';
import { parseProvider } from '../core/query';
import { expectJson } from '../core/responses';
import type { Platform } from '../platform/types';
import type { Credentials, PaymentQuery } from '../core/adapter';

export interface ConnectionTest {
  ok: boolean;
  message: string;
}

function newConnectionId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

export function saveCredentials(platform: Platform, provider: unknown, credentials: Credentials | undefined): ConnectionSummary[] {
  const adapter = parseProvider(provider, platform.providers);
  if (!credentials || typeof credentials !== 'object') throw new UserError('Nothing to save: fill in the fields first.');
  saveConnection(platform.userStore, adapter, credentials, platform.clock.now(), newConnectionId);
  return describeConnections(platform.userStore, platform.providers);
}

export function clearCredentials(platform: Platform, provider: unknown): ConnectionSummary[] {
  clearConnection(platform.userStore, parseProvider(provider, platform.providers));
  return describeConnections(platform.userStore, platform.providers);
}

export function getConnections(platform: Platform): ConnectionSummary[] {
  return describeConnections(platform.userStore, platform.providers);
}

/** Asks the provider for one payment with the saved credentials and reports what it answered, in plain words. */
export function testConnection(platform: Platform, provider: unknown): ConnectionTest {
  const adapter = parseProvider(provider, platform.providers);
  const connection = requireConnection(platform.userStore, adapter);
  const query: PaymentQuery = { provider: adapter.id, statuses: null, from: null, to: null, timeZone: platform.timeZone() };
  const walk = openWalk(platform, adapter, connection, query, TimeBudget.forCustomFunction(platform.clock));
  try {
    const request =
      adapter.paging === 'cursor'
        ? adapter.pageRequest(walk.session, query, null, { pageSize: 1 })
        : adapter.pageRequest(walk.session, query, 1, { pageSize: 1 });
    const body = expectJson(walk.responses, walk.client.send(request));
    const items = adapter.paging === 'cursor' ? adapter.parseCursorPage(body).items : adapter.parseNumberedPage(body, 1).items;
    if (items.length === 0) return { ok: true, message: `Connected to ${adapter.label}. It has no payments yet.` };
    const latest = adapter.toPayment(items[0]);
    const when = latest.date === null ? '' : ` on ${new Date(latest.date).toISOString().slice(0, 10)}`;
    return {
      ok: true,
      message: `Connected to ${adapter.label}. Latest payment: ${latest.amount_exact} ${latest.currency}${when}.`,
    };
  } catch (error) {
    if (error instanceof UserError) return { ok: false, message: error.message };
    throw error;
  }
}
