/**
 * The user's connections, in their own properties: several accounts per provider, each with a name unique for its
 * provider in any case. The default account (named after the provider's label until renamed) lives at the key the
 * single connection had before accounts, so a user who connected before keeps working unchanged; the others live
 * under slots of their own. A connection's id, not its name, is what caches, jobs and tokens are keyed by.
 */
import type { KeyValueStore } from '../platform/types';
import type { Connection, Credentials, ProviderAdapter, ProviderId, ProviderRegistry } from './adapter';
import { UserError } from './errors';
import type { ProviderExpression } from './query';
import { STORE_KEYS } from './storeKeys';
import { baseUrlProblem, normalizeBaseUrl } from './url';

/** One saved account of a provider. */
export interface Account extends Connection {
  /** Its name, as the `account` column shows it. */
  account: string;
  /** The account "aura" alone means; the one saveCredentials changes when no account is named. */
  isDefault: boolean;
  /** Where a non-default account is stored; null for the default one. */
  slot: string | null;
  /** Names it had before a rename: rows synced under them are still its own. */
  formerNames?: string[];
}

/** What a user saves: credentials, and the account they are for (none: the default one). */
export type AccountCredentials = Credentials & { account?: string };

/** One account as the sidebar sees it: secrets masked. A provider without any shows its default, unconnected. */
/** How the last test of a connection went; its message names no secret (responses are redacted before). */
export interface ConnectionTestRecord {
  ok: boolean;
  message: string;
  at: number;
}

export interface ConnectionSummary {
  provider: ProviderId;
  account: string;
  isDefault: boolean;
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

/** An account a pull reads from. */
export interface Source {
  adapter: ProviderAdapter;
  connection: Account;
}

const ACCOUNT_NAME_MAX = 50;
/** Renames remembered per account: enough for a few corrections, small enough for a property. */
const FORMER_NAMES_KEPT = 5;

type StoredAccount = Connection & { account?: string; formerNames?: string[] };

function readAccount(store: KeyValueStore, adapter: ProviderAdapter, key: string, slot: string | null): Account | null {
  const text = store.get(key);
  if (!text) return null;
  const stored = JSON.parse(text) as StoredAccount;
  // A connection saved before accounts has no name: it is the default account, named after the provider.
  return { ...stored, account: stored.account ?? adapter.label, isDefault: slot === null, slot };
}

function keyOf(account: Pick<Account, 'provider' | 'slot'>): string {
  return account.slot === null ? STORE_KEYS.connection(account.provider) : STORE_KEYS.account(account.provider, account.slot);
}

/** The provider's accounts: the default first, then the others by name. */
export function listAccounts(store: KeyValueStore, adapter: ProviderAdapter): Account[] {
  const prefix = STORE_KEYS.accountPrefix(adapter.id);
  const others = store
    .keys()
    .filter((key) => key.startsWith(prefix))
    .map((key) => readAccount(store, adapter, key, key.slice(prefix.length)))
    .filter((account): account is Account => account !== null)
    .sort((a, b) => a.account.localeCompare(b.account));
  const fallback = readAccount(store, adapter, STORE_KEYS.connection(adapter.id), null);
  return fallback ? [fallback, ...others] : others;
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function findAccount(accounts: Account[], name: string): Account | null {
  return accounts.find((account) => sameName(account.account, name)) ?? null;
}

/** The provider's default account, or null: what rate-limit waits and the like look at. */
export function loadConnection(store: KeyValueStore, provider: ProviderId): Connection | null {
  const stored = store.get(STORE_KEYS.connection(provider));
  return stored ? (JSON.parse(stored) as Connection) : null;
}

export function notConnected(adapter: ProviderAdapter): UserError {
  return new UserError(
    `${adapter.label} is not connected. Open Extensions → Payments Sync → Open sidebar and save your ${adapter.label} ${adapter.credentialNoun} under Connections.`,
  );
}

function quotedNames(accounts: Account[]): string {
  return accounts.map((account) => `"${account.account}"`).join(', ');
}

function noSuchAccount(adapter: ProviderAdapter, name: string, accounts: Account[]): UserError {
  const known = accounts.length
    ? `Your ${adapter.label} accounts: ${quotedNames(accounts)}.`
    : `You have no ${adapter.label} account yet: add one under Connections.`;
  return new UserError(`${adapter.label} has no account "${name}". ${known}`);
}

/**
 * The account a name picks, in any case; no name: the default account, or the only one. Several and no default:
 * an error listing them, so the user can say which.
 */
export function chooseAccount(store: KeyValueStore, adapter: ProviderAdapter, name: string | null): Account {
  const accounts = listAccounts(store, adapter);
  if (name !== null)
    return (
      findAccount(accounts, name) ??
      (accounts.length ? throwError(noSuchAccount(adapter, name, accounts)) : throwError(notConnected(adapter)))
    );
  if (accounts.length === 0) throw notConnected(adapter);
  const chosen = accounts.find((account) => account.isDefault) ?? (accounts.length === 1 ? accounts[0] : null);
  if (chosen) return chosen;
  const examples = accounts.map((account) => `"${adapter.id}:${account.account}"`).join(' or ');
  throw new UserError(
    `You have several ${adapter.label} accounts (${quotedNames(accounts)}) and none is the default: say which, as ${examples}.`,
  );
}

function throwError(error: Error): never {
  throw error;
}

/**
 * The accounts a provider expression names, each once, in the expression's order ("all": every connected account of
 * every provider). Every name is checked before any request.
 */
export function resolveSources(store: KeyValueStore, providers: ProviderRegistry, expression: ProviderExpression): Source[] {
  const sources: Source[] = [];
  const add = (adapter: ProviderAdapter, connection: Account) => {
    if (!sources.some((source) => source.connection.provider === connection.provider && source.connection.id === connection.id))
      sources.push({ adapter, connection });
  };
  if (expression.all) {
    for (const adapter of providers.all()) for (const connection of listAccounts(store, adapter)) add(adapter, connection);
    if (sources.length === 0) {
      throw new UserError(
        '"all" means every connected account, and none is connected yet. Open Extensions → Payments Sync → Open sidebar and connect one under Connections.',
      );
    }
    return sources;
  }
  for (const term of expression.terms) add(term.adapter, chooseAccount(store, term.adapter, term.account));
  return sources;
}

/** The expression as a sync saves it: provider ids, accounts in their saved spelling, "all" alone. */
export function canonicalExpression(store: KeyValueStore, expression: ProviderExpression): string {
  if (expression.all) return 'all';
  const terms = expression.terms.map((term) =>
    term.account === null ? term.adapter.id : `${term.adapter.id}:${chooseAccount(store, term.adapter, term.account).account}`,
  );
  return [...new Set(terms)].join(',');
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

/** An account name as typed: trimmed; a comma would split a provider list, so it is refused. */
export function cleanAccountName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (!name) throw new UserError('Give the account a name, such as "EU shop".');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what the name must not hold.
  if (name.length > ACCOUNT_NAME_MAX || /[,\u0000-\u001f]/.test(name)) {
    throw new UserError(
      `"${name.slice(0, ACCOUNT_NAME_MAX)}" cannot be an account name: use up to ${ACCOUNT_NAME_MAX} characters, without commas.`,
    );
  }
  return name;
}

function givenAccountName(input: AccountCredentials): string | null {
  return input.account === undefined || input.account === null || String(input.account).trim() === ''
    ? null
    : cleanAccountName(input.account);
}

/**
 * Saves an account's credentials in the user's own store: the named account (an existing name in any case updates
 * it), or without a name the default account. Fields left empty keep what was saved before, so the sidebar can change
 * the base URL without asking for the key again. A new secret means a new connection id.
 */
export function saveConnection(
  store: KeyValueStore,
  adapter: ProviderAdapter,
  input: AccountCredentials,
  now: number,
  newId: () => string,
): Account {
  const name = givenAccountName(input);
  const accounts = listAccounts(store, adapter);
  const previous =
    name === null ? (accounts.find((account) => account.isDefault) ?? findAccount(accounts, adapter.label)) : findAccount(accounts, name);
  const labels = Object.fromEntries(adapter.credentialFields.map((f) => [f.name, f.label])) as Record<string, string>;
  const given: Credentials = {};
  for (const field of ['apiKey', 'clientId', 'clientSecret'] as const) {
    if (!labels[field] && input[field]) throw new UserError(`${adapter.label} does not use a ${field}.`);
    const value = cleanSecret(input[field], labels[field] ?? field);
    if (value !== undefined) given[field] = value;
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
      adapter.credentialFields
        .filter((f) => f.group === group)
        .map((f) => inSentence(f.label))
        .join(' and '),
    );
    throw new UserError(
      `To connect ${name === null ? adapter.label : `the ${adapter.label} account "${name}"`}, fill in the ${groups.join(', or the ')}.`,
    );
  }
  const secretsChanged = ['apiKey', 'clientId', 'clientSecret', 'baseUrl'].some(
    (field) => merged[field as keyof Credentials] !== previous?.[field as keyof Credentials],
  );
  const id = previous && !secretsChanged ? previous.id : newId();
  const account: Account = {
    ...merged,
    provider: adapter.id,
    id,
    savedAt: now,
    account: previous?.account ?? name ?? adapter.label,
    isDefault: previous?.isDefault ?? name === null,
    // A new account's slot is its first connection id: made once, never reused.
    slot: previous ? previous.slot : name === null ? null : id,
    ...(previous?.formerNames ? { formerNames: previous.formerNames } : {}),
  };
  if (previous && secretsChanged) forgetTokens(store, previous);
  writeAccount(store, account);
  return account;
}

function writeAccount(store: KeyValueStore, account: Account): void {
  const { isDefault: _default, slot: _slot, ...stored } = account;
  store.set(keyOf(account), JSON.stringify(stripUndefined(stored)));
}

/** Removes an account (no name: the default one) and its tokens; false when there was none to remove. */
export function clearConnection(store: KeyValueStore, adapter: ProviderAdapter, name: string | null = null): boolean {
  const accounts = listAccounts(store, adapter);
  const account = name === null ? (accounts.find((candidate) => candidate.isDefault) ?? null) : findAccount(accounts, name);
  if (!account) {
    if (name !== null) throw noSuchAccount(adapter, name, accounts);
    return false;
  }
  forgetTokens(store, account);
  store.remove(keyOf(account));
  return true;
}

/**
 * Renames an account; its connection id stays, so caches and a pull part way go on. The former name is kept, so rows
 * synced under it stay the account's own.
 */
export function renameConnection(store: KeyValueStore, adapter: ProviderAdapter, name: unknown, newName: unknown): Account {
  const accounts = listAccounts(store, adapter);
  const current = typeof name === 'string' && name.trim() ? findAccount(accounts, name.trim()) : null;
  if (!current) throw noSuchAccount(adapter, String(name ?? ''), accounts);
  const renamed = cleanAccountName(newName);
  const taken = findAccount(accounts, renamed);
  if (taken && taken !== current)
    throw new UserError(`You already have a ${adapter.label} account named "${taken.account}": pick another name.`);
  const formerNames = [current.account, ...(current.formerNames ?? [])]
    .filter((former) => !sameName(former, renamed))
    .slice(0, FORMER_NAMES_KEPT);
  const account: Account = { ...current, account: renamed, formerNames: [...new Set(formerNames)] };
  writeAccount(store, account);
  return account;
}

function forgetTokens(store: KeyValueStore, connection: Connection): void {
  store.remove(STORE_KEYS.connectionTest(connection.id));
  store.remove(STORE_KEYS.token(connection.provider, connection.id));
}

/** Keeps how a test of the connection went: a new secret is a new connection id, so it starts untested. */
export function recordConnectionTest(store: KeyValueStore, connection: Connection, test: ConnectionTestRecord): void {
  store.set(STORE_KEYS.connectionTest(connection.id), JSON.stringify(test));
}

function loadConnectionTest(store: KeyValueStore, connection: Connection): ConnectionTestRecord | null {
  const stored = store.get(STORE_KEYS.connectionTest(connection.id));
  return stored ? (JSON.parse(stored) as ConnectionTestRecord) : null;
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

function summaryOf(store: KeyValueStore, adapter: ProviderAdapter, account: Account | null): ConnectionSummary {
  const fields: ConnectionSummary['fields'] = {};
  for (const f of adapter.credentialFields) {
    const value = account?.[f.name];
    if (value && f.name !== 'baseUrl') fields[f.name] = f.secret ? maskSecret(value) : value;
  }
  return {
    provider: adapter.id,
    account: account?.account ?? adapter.label,
    isDefault: account?.isDefault ?? true,
    label: adapter.label,
    connected: account !== null,
    fields,
    baseUrl: account ? baseUrlOf(adapter, account) : adapter.defaultBaseUrl,
    defaultBaseUrl: adapter.defaultBaseUrl,
    savedAt: account?.savedAt ?? null,
    credentialFields: adapter.credentialFields,
    lastTest: account ? loadConnectionTest(store, account) : null,
  };
}

/**
 * Every account, one entry each, secrets masked; a provider without a default account gets an unconnected default
 * entry first, to connect it by.
 */
export function describeConnections(store: KeyValueStore, providers: ProviderRegistry): ConnectionSummary[] {
  return providers.all().flatMap((adapter) => {
    const accounts = listAccounts(store, adapter);
    const summaries = accounts.map((account) => summaryOf(store, adapter, account));
    return accounts.some((account) => account.isDefault) ? summaries : [summaryOf(store, adapter, null), ...summaries];
  });
}

/**
 * The account a synced row belongs to, from the name its account cell shows: an empty cell (a table synced before
 * accounts) belongs to the sources' one account of its provider, and a former name to the account renamed since.
 */
export function accountOfRow(sources: Source[]): (provider: ProviderId, shown: string) => string {
  return (provider, shown) => {
    const ofProvider = sources.filter((source) => source.adapter.id === provider).map((source) => source.connection);
    if (shown === '') return ofProvider.length === 1 ? ofProvider[0].account : shown;
    if (ofProvider.some((account) => account.account === shown)) return shown;
    const renamed = ofProvider.filter((account) => account.formerNames?.some((former) => sameName(former, shown)));
    return renamed.length === 1 ? renamed[0].account : shown;
  };
}

export function secretsOf(connection: Connection): Array<string | undefined> {
  return [connection.apiKey, connection.clientSecret];
}

/** "Access token" → "access token", but "API key" stays. */
function inSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label[0].toLowerCase() + label.slice(1) : label;
}
