/**
 * What a connection card shows and sends, as plain values. No DOM here.
 */
import { formatDay, type LocaleOptions } from './format';
import type { ConnectionSummary, Credentials } from './server';

export type CredentialField = ConnectionSummary['credentialFields'][number];
export type CredentialName = CredentialField['name'];

export interface CredentialAlternative {
  legend: string;
  fields: CredentialField[];
}

/** The group of fields every provider may have, none of them needed to connect. */
const OPTIONAL_GROUP = 'any';

/** "Client id" + "Client secret" → "Client id + secret": the shared first word once. */
export function joinLabels(labels: string[]): string {
  const [first, ...rest] = labels;
  const lead = first.split(' ')[0];
  return [first, ...rest.map((label) => (label.startsWith(`${lead} `) ? label.slice(lead.length + 1) : label))].join(' + ');
}

/**
 * A provider's fields in the groups that can each connect it (Koteshen: an access token, or a client id + secret),
 * then the optional ones (the base URL).
 */
export function credentialLayout(fields: readonly CredentialField[]): {
  alternatives: CredentialAlternative[];
  optional: CredentialField[];
} {
  const groups = new Map<string, CredentialField[]>();
  for (const field of fields) {
    if (field.group === OPTIONAL_GROUP) continue;
    groups.set(field.group, [...(groups.get(field.group) ?? []), field]);
  }
  return {
    alternatives: [...groups.values()].map((group) => ({ legend: joinLabels(group.map((field) => field.label)), fields: group })),
    optional: fields.filter((field) => field.group === OPTIONAL_GROUP),
  };
}

/**
 * What saveCredentials() gets from the card: only the fields typed into, since an empty field keeps what was saved.
 * The base URL is always sent, so emptying it goes back to the provider's default.
 */
export function credentialsToSave(entered: Partial<Record<CredentialName, string>>): Credentials {
  const credentials: Credentials = { baseUrl: (entered.baseUrl ?? '').trim() };
  for (const name of ['apiKey', 'clientId', 'clientSecret'] as const) {
    const value = (entered[name] ?? '').trim();
    if (value) credentials[name] = value;
  }
  return credentials;
}

/** Inputs stay empty after saving; the placeholder tells what is saved ("Saved: ••••1a2b"). */
export function fieldPlaceholder(field: CredentialField, summary: ConnectionSummary): string {
  if (field.name === 'baseUrl') return summary.defaultBaseUrl;
  const saved = summary.fields[field.name];
  return saved ? `Saved: ${saved}` : (field.placeholder ?? '');
}

/** The base URL input shows a custom address; the default one is only its placeholder. */
export function baseUrlValue(summary: ConnectionSummary): string {
  return summary.baseUrl === summary.defaultBaseUrl ? '' : summary.baseUrl;
}

/**
 * Honest state: "Connected" only once the provider accepted these credentials in a test ("Connected · tested 3 Jun");
 * saved but untested, or refused at the last test, says so.
 */
export function connectionStatus(summary: ConnectionSummary, options?: LocaleOptions): string {
  if (!summary.connected) return 'Not connected';
  const test = summary.lastTest;
  if (!test) return 'Saved, not tested';
  return test.ok ? `Connected · tested ${formatDay(test.at, options)}` : 'Saved · the last test failed';
}

/** Connected means tested and accepted: what the sync form offers and the status dot shows as green. */
export function isVerified(summary: ConnectionSummary): boolean {
  return summary.connected && summary.lastTest?.ok === true;
}

/**
 * What a connection's one line shows of its credentials: the first saved secret, masked as the server sent it
 * ("••••1a2b"), or a saved client id when that is all there is; "" when nothing is saved.
 */
export function savedCredentialHint(summary: ConnectionSummary): string {
  if (!summary.connected) return '';
  const saved = summary.credentialFields.filter((field) => field.group !== OPTIONAL_GROUP && summary.fields[field.name]);
  const shown = saved.find((field) => field.secret) ?? saved[0];
  return shown ? summary.fields[shown.name]! : '';
}

/** The status's colour: green once a test passed, red when the last one failed, grey otherwise. */
export function connectionTone(summary: ConnectionSummary): 'connected' | 'failed' | 'untested' {
  if (isVerified(summary)) return 'connected';
  return summary.connected && summary.lastTest?.ok === false ? 'failed' : 'untested';
}

/** Whether any provider is connected at all, tested or not: a first-time user has none. */
export function anyConnection(connections: readonly ConnectionSummary[]): boolean {
  return connections.some((connection) => connection.connected);
}
