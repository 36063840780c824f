/**
 * Honest connection state, server side (the built add-on on the local runtime): each test's outcome is kept with the
 * connection and returned by getConnections and getSidebarState, without a secret; new credentials start untested;
 * and a key saved without a base URL whose default host never answers is told to check the base URL.
 */
import { DEMO_CREDENTIALS, loadAddOn, type LocalAddOn } from '../../dev/addOn';
import type { ConnectionSummary, ConnectionTest, SidebarState } from '../../sidebar/server';

let addOn: LocalAddOn;
const userProperties = () => addOn.rt.toJSON().properties.user[addOn.rt.toJSON().spreadsheet.owner] as Record<string, string>;
const connection = (provider: string) =>
  (addOn.rt.run('getConnections') as ConnectionSummary[]).find((each) => each.provider === provider)!;

beforeEach(() => {
  addOn = loadAddOn({ simulators: { payments: 5 } });
});

test('a test that passed is kept with the connection; a new key starts untested again', () => {
  addOn.connect('aura');
  expect(connection('aura').lastTest).toBeNull();
  const test = addOn.rt.run('testConnection', ['aura']) as ConnectionTest;
  expect(test).toMatchObject({ ok: true, message: expect.stringMatching(/^Connected to Aura\. Latest payment: /) });
  expect(connection('aura').lastTest).toEqual(test);
  expect((addOn.rt.run('getSidebarState') as SidebarState).connections[0].lastTest).toEqual(test);

  addOn.connect('aura', { apiKey: `${DEMO_CREDENTIALS.aura.apiKey}x` });
  expect(connection('aura').lastTest).toBeNull();
});

test('a failed test is kept too, naming no secret; removing the connection forgets it', () => {
  const wrongKey = 'aura_pk_test_wrong_key_1234567890';
  addOn.connect('aura', { apiKey: wrongKey });
  const test = addOn.rt.run('testConnection', ['aura']) as ConnectionTest;
  expect(test.ok).toBe(false);
  expect(test.message).toMatch(/^Aura rejected the API key/);
  const { apiKey, ...withoutTheKey } = JSON.parse(Object.values(userProperties()).find((value) => value.includes(wrongKey))!) as {
    apiKey: string;
  };
  expect(apiKey).toBe(wrongKey); // the key itself is where it belongs, and nowhere else
  expect(JSON.stringify(withoutTheKey)).not.toContain(wrongKey);
  expect(Object.values(userProperties()).filter((value) => value.includes(wrongKey.slice(-8)))).toHaveLength(1);
  expect(connection('aura').lastTest).toEqual(test);

  addOn.rt.run('clearCredentials', ['aura']);
  expect(Object.keys(userProperties()).filter((key) => key.includes('connectionTest'))).toEqual([]);
});

test('a key saved without a base URL that cannot reach the default host suggests the base URL, not waiting', () => {
  // A self-hosted Koteshen: its server answers elsewhere, and koteshen.com is not there for this account.
  addOn.sims.koteshen.origin = 'https://koteshen.example.org';
  addOn.connect('koteshen');
  const test = addOn.rt.run('testConnection', ['koteshen']) as ConnectionTest;
  expect(test.ok).toBe(false);
  expect(test.message).toMatch(
    /^Koteshen could not be reached at https:\/\/koteshen\.com \(.+\)\. If your Koteshen account is on another address/,
  );
  expect(test.message).toContain('enter that address as the base URL');
  expect(test.message).not.toContain('few minutes');
});
