/**
 * The sidebar's pure pieces of the tabbed layout: which tab a key leads to, what a connection's one line shows, who
 * counts as a first-time user, and a continuing sync's progress with and without a known total.
 */
import { anyConnection, connectionTone, savedCredentialHint } from '../../sidebar/credentials';
import { progressMessage, progressShare } from '../../sidebar/format';
import { isFirstTime } from '../../sidebar/sections/getStarted';
import type { ConnectionSummary } from '../../sidebar/server';
import { tabAfterKey } from '../../sidebar/tabs';

const koteshen: ConnectionSummary = {
  provider: 'koteshen',
  account: 'Koteshen',
  isDefault: true,
  label: 'Koteshen',
  connected: true,
  fields: { clientId: 'client-42', clientSecret: '••••9f9f' },
  baseUrl: 'https://koteshen.com',
  defaultBaseUrl: 'https://koteshen.com',
  savedAt: 1,
  lastTest: null,
  credentialFields: [
    { name: 'apiKey', label: 'Access token', secret: true, group: 'token' },
    { name: 'clientId', label: 'Client id', secret: false, group: 'client' },
    { name: 'clientSecret', label: 'Client secret', secret: true, group: 'client' },
    { name: 'baseUrl', label: 'Base URL', secret: false, group: 'any' },
  ],
};

describe('tabs', () => {
  it('walks with the arrow keys, wrapping at both ends, and jumps with Home and End', () => {
    expect(tabAfterKey('ArrowRight', 0)).toBe(1);
    expect(tabAfterKey('ArrowRight', 3)).toBe(0);
    expect(tabAfterKey('ArrowLeft', 0)).toBe(3);
    expect(tabAfterKey('ArrowDown', 1)).toBe(2);
    expect(tabAfterKey('ArrowUp', 2)).toBe(1);
    expect(tabAfterKey('Home', 2)).toBe(0);
    expect(tabAfterKey('End', 0)).toBe(3);
    expect(tabAfterKey('a', 0)).toBeNull();
  });
});

describe("a connection's line", () => {
  it('shows the saved secret masked, never the plain client id when a secret is saved', () => {
    expect(savedCredentialHint(koteshen)).toBe('••••9f9f');
    expect(savedCredentialHint({ ...koteshen, fields: { clientId: 'client-42' } })).toBe('client-42');
    expect(savedCredentialHint({ ...koteshen, connected: false, fields: {} })).toBe('');
  });

  it('is green only after a passing test, red after a failed one', () => {
    expect(connectionTone(koteshen)).toBe('untested');
    expect(connectionTone({ ...koteshen, lastTest: { ok: true, message: '', at: 1 } })).toBe('connected');
    expect(connectionTone({ ...koteshen, lastTest: { ok: false, message: '', at: 1 } })).toBe('failed');
    expect(connectionTone({ ...koteshen, connected: false, lastTest: { ok: false, message: '', at: 1 } })).toBe('untested');
  });

  it('counts a first-time user as one with no connection and no saved sync', () => {
    const none = { ...koteshen, connected: false };
    expect(anyConnection([none])).toBe(false);
    expect(isFirstTime({ connections: [none], syncs: [] })).toBe(true);
    expect(isFirstTime({ connections: [koteshen], syncs: [] })).toBe(false);
    expect(isFirstTime({ connections: [none], syncs: [{} as never] })).toBe(false);
  });
});

describe('progress', () => {
  it('has no end without a total, and says what was fetched and read', () => {
    expect(progressShare({ fetched: 1200 })).toBeNull();
    expect(progressShare({ fetched: 1200, total: 0 })).toBeNull();
    expect(progressMessage({ fetched: 1200, pages: 12 }, 'en-US')).toBe('1,200 payments fetched · 12 pages read…');
  });

  it('ends at the total when the server knows it', () => {
    expect(progressShare({ fetched: 1200, total: 4800 })).toBe(0.25);
    expect(progressShare({ fetched: 5000, total: 4800 })).toBe(1);
    expect(progressMessage({ fetched: 1200, pages: 12, total: 4800 }, 'en-US')).toBe('1,200 of 4,800 payments fetched · 12 pages read…');
  });
});
