import type { KeyValueStore } from '../platform/types';
import type { Connection, Credentials, ProviderAdapter, ProviderId, ProviderRegistry } from './adapter';
import { UserError } from './errors';
import { STORE_KEYS } from './storeKeys';
import { baseUrlProblem, normalizeBaseUrl } from './url';

/** How the last test of a connection went; its message names no secret (responses are redacted before). */
export interface ConnectionTestRecord {
  ok: boolean;
  message: string;
  at: number;
}

export interface ConnectionSummary {
  provider: ProviderId;
  label: string;
  connected: boolean;
  /** Field name → masked value ("••••1a2b") for secrets, the value itself otherwise. */
  fields: Partial<Record<keyof Credentials, string>>;
  baseUrl: string;
  defaultBaseUrl: string;
  savedAt: number | null;
  credentialFields: ProviderAdapter['credentialFields'];
  /** The last test of these credentials; null until one ran. "Connected" means a test passed. */
  lastTest: ConnectionTestRecord | null;
}

export function loadConnection(store: KeyValueStore, provider: ProviderId): Connection | null {
  const stored = store.get(STORE_KEYS.connection(provider));
  return stored ? (JSON.parse(stored) as Connection) : null;
}

export function requireConnection(store: KeyValueStore, adapter: ProviderAdapter): Connection {
  const connection = loadConnection(store, adapter.id);
  if (!connection) throw notConnected(adapter);
  return connection;
}

export function notConnected(adapter: ProviderAdapter): UserError {
  return new UserError(
    `${adapter.label} is not connected. Open Extensions → Payments Sync → Open sidebar and save your ${adapter.label} ${adapter.credentialNoun} under Connections.`,
  );
}

export function baseUrlOf(adapter: ProviderAdapter, connection: Credentials): string {
  return connection.baseUrl || adapter.defaultBaseUrl;
}

function cleanSecret(value: string | undefined, label: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const trimmed = String(value).trim();
  if (trimmed === '') return undefined;
  if (/\s/.test(trimmed)) throw new UserError(`The ${label} contains spaces or line breaks; paste it again without them.`);
  return trimmed;
}

/**
 * Saves a connection in the user's own store. Fields left empty keep what was saved before, so the sidebar can
 * change the base URL without asking for the key again. A new secret means a new connection id.
 */
export function saveConnection(
  store: KeyValueStore,
  adapter: ProviderAdapter,
  input: Credentials,
  now: number,
  newId: () => string,
): Connection {
  const previous = loadConnection(store, adapter.id);
  const labels = Object.fromEntries(adapter.credentialFields.map((f) => [f.name, f.label])) as Record<string, string>;
  const given: Credentials = {};
  for (const name of ['apiKey', 'clientId', 'clientSecret'] as const) {
    if (!labels[name] && input[name]) throw new UserError(`${adapter.label} does not use a ${name}.`);
    const value = cleanSecret(input[name], labels[name] ?? name);
    if (value !== undefined) given[name] = value;
  }
  let baseUrl = previous?.baseUrl;
  if (input.baseUrl !== undefined) {
    const trimmed = String(input.baseUrl).trim();
    const problem = trimmed === '' ? null : baseUrlProblem(trimmed);
    if (problem) throw new UserError(`The base URL "${redactUserInfo(trimmed)}" cannot be saved: ${problem}.`);
    const normalized = trimmed === '' ? '' : normalizeBaseUrl(trimmed);
    if (normalized === null) {
      throw new UserError(`The base URL "${trimmed}" is not a web address like ${adapter.defaultBaseUrl}.`);
    }
    baseUrl = normalized === '' || normalized === adapter.defaultBaseUrl ? undefined : normalized;
  }
  const merged: Credentials = { ...pickCredentials(previous), ...given, baseUrl };
  // Credential groups are alternatives (Koteshen: a pasted token, or a client id + secret): a field given in one
  // group replaces whatever another group held.
  const givenGroups = new Set(adapter.credentialFields.filter((f) => f.group !== 'any' && given[f.name]).map((f) => f.group));
  for (const f of adapter.credentialFields) {
    if (f.group !== 'any' && givenGroups.size > 0 && !givenGroups.has(f.group)) delete merged[f.name];
  }
  const complete = adapter.credentialFields
    .filter((f) => f.group !== 'any')
    .reduce<Record<string, boolean>>((groups, f) => {
      groups[f.group] = (groups[f.group] ?? true) && Boolean(merged[f.name]);
      return groups;
    }, {});
  if (!Object.values(complete).some(Boolean)) {
    // "the access token, or the client id and client secret": each group whole, any one group enough.
    const groups = Object.keys(complete).map((group) =>
      adapter.credentialFields.filter((f) => f.group === group).map((f) => inSentence(f.label)).join(' and '),
    );
    throw new UserError(`To connect ${adapter.label}, fill in the ${groups.join(', or the ')}.`);
  }
  const secretsChanged = ['apiKey', 'clientId', 'clientSecret', 'baseUrl'].some(
    (name) => merged[name as keyof Credentials] !== previous?.[name as keyof Credentials],
  );
  const connection: Connection = {
    ...merged,
    provider: adapter.id,
    id: previous && !secretsChanged ? previous.id : newId(),
    savedAt: now,
  };
  if (previous && secretsChanged) forgetTokens(store, previous);
  store.set(STORE_KEYS.connection(adapter.id), JSON.stringify(stripUndefined(connection)));
  return connection;
}

export function clearConnection(store: KeyValueStore, adapter: ProviderAdapter): boolean {
  const previous = loadConnection(store, adapter.id);
  if (!previous) return false;
  forgetTokens(store, previous);
  store.remove(STORE_KEYS.connection(adapter.id));
  return true;
}

export function recordConnectionTest(store: KeyValueStore, connection: Connection, test: ConnectionTestRecord): void {
  store.set(STORE_KEYS.connectionTest(connection.id), JSON.stringify(test));
}

function loadConnectionTest(store: KeyValueStore, connection: Connection): ConnectionTestRecord | null {
  const stored = store.get(STORE_KEYS.connectionTest(connection.id));
  return stored ? (JSON.parse(stored) as ConnectionTestRecord) : null;
}

function forgetTokens(store: KeyValueStore, connection: Connection): void {
  store.remove(STORE_KEYS.connectionTest(connection.id));
  store.remove(STORE_KEYS.token(connection.provider, connection.id));
}

/** A password typed into an address is still a password: never repeat it in a message. */
function redactUserInfo(url: string): string {
  return url.replace(/^([a-z]+:\/\/)[^/?#]*@/i, '$1••••@');
}

function pickCredentials(connection: Connection | null): Credentials {
  if (!connection) return {};
  const { apiKey, clientId, clientSecret, baseUrl } = connection;
  return { apiKey, clientId, clientSecret, baseUrl };
}

function stripUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Enough of a secret to recognise it, never enough to use it. */
export function maskSecret(secret: string): string {
  return secret.length >= 12 ? `••••${secret.slice(-4)}` : '••••';
}

export function describeConnections(store: KeyValueStore, providers: ProviderRegistry): ConnectionSummary[] {
  return providers.all().map((adapter) => {
    const connection = loadConnection(store, adapter.id);
    const fields: ConnectionSummary['fields'] = {};
    for (const f of adapter.credentialFields) {
      const value = connection?.[f.name];
      if (value && f.name !== 'baseUrl') fields[f.name] = f.secret ? maskSecret(value) : value;
    }
    return {
      provider: adapter.id,
      label: adapter.label,
      connected: connection !== null,
      fields,
      baseUrl: connection ? baseUrlOf(adapter, connection) : adapter.defaultBaseUrl,
      defaultBaseUrl: adapter.defaultBaseUrl,
      savedAt: connection?.savedAt ?? null,
      credentialFields: adapter.credentialFields,
      lastTest: connection ? loadConnectionTest(store, connection) : null,
    };
  });
}

export function secretsOf(connection: Connection): Array<string | undefined> {
  return [connection.apiKey, connection.clientSecret];
}

/** "Access token" → "access token", but "API key" stays. */
function inSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label[0].toLowerCase() + label.slice(1) : label;
}
