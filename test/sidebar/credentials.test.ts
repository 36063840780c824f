import {
  baseUrlValue,
  connectionStatus,
  credentialLayout,
  credentialsToSave,
  fieldPlaceholder,
  joinLabels,
  type CredentialField,
} from '../../sidebar/credentials';
import type { ConnectionSummary } from '../../sidebar/server';

const koteshenFields: CredentialField[] = [
  { name: 'apiKey', label: 'Access token', secret: true, group: 'token' },
  { name: 'clientId', label: 'Client id', secret: false, group: 'client' },
  { name: 'clientSecret', label: 'Client secret', secret: true, group: 'client' },
  { name: 'baseUrl', label: 'Base URL (self-hosted Koteshen)', secret: false, group: 'any', placeholder: 'https://koteshen.com' },
];

const aura: ConnectionSummary = {
  provider: 'aura',
  account: 'Aura',
  isDefault: true,
  label: 'Aura',
  connected: true,
  fields: { apiKey: '••••1a2b' },
  baseUrl: 'https://api.aura-app.ai',
  defaultBaseUrl: 'https://api.aura-app.ai',
  savedAt: Date.parse('2026-06-03T10:00:00Z'),
  lastTest: null,
  credentialFields: [
    { name: 'apiKey', label: 'API key', secret: true, group: 'key', placeholder: 'aura_pk_live_…' },
    { name: 'baseUrl', label: 'Base URL (optional)', secret: false, group: 'any', placeholder: 'https://api.aura-app.ai' },
  ],
};

describe('connection cards', () => {
  it('lays Koteshen out as two ways to connect and an optional base URL', () => {
    const { alternatives, optional } = credentialLayout(koteshenFields);
    expect(alternatives.map((a) => [a.legend, a.fields.map((f) => f.name)])).toEqual([
      ['Access token', ['apiKey']],
      ['Client id + secret', ['clientId', 'clientSecret']],
    ]);
    expect(optional.map((f) => f.name)).toEqual(['baseUrl']);
    expect(credentialLayout(aura.credentialFields).alternatives).toHaveLength(1);
  });

  it('joins labels without repeating their first word', () => {
    expect(joinLabels(['Client id', 'Client secret'])).toBe('Client id + secret');
    expect(joinLabels(['Username', 'Password'])).toBe('Username + Password');
  });

  it('sends only what was typed, and always the base URL', () => {
    expect(credentialsToSave({ apiKey: ' key_123 ', clientId: '', baseUrl: '' })).toEqual({ apiKey: 'key_123', baseUrl: '' });
    expect(credentialsToSave({ clientId: 'id', clientSecret: 'secret', baseUrl: ' https://invoices.example.com ' })).toEqual({
      clientId: 'id',
      clientSecret: 'secret',
      baseUrl: 'https://invoices.example.com',
    });
  });

  it('shows what is saved as placeholders, never as values', () => {
    expect(fieldPlaceholder(aura.credentialFields[0], aura)).toBe('Saved: ••••1a2b');
    expect(fieldPlaceholder(aura.credentialFields[0], { ...aura, fields: {} })).toBe('aura_pk_live_…');
    expect(fieldPlaceholder(aura.credentialFields[1], aura)).toBe('https://api.aura-app.ai');
    expect(baseUrlValue(aura)).toBe('');
    expect(baseUrlValue({ ...aura, baseUrl: 'https://eu.aura-app.ai' })).toBe('https://eu.aura-app.ai');
  });

  it('says whether a provider is connected, and since when', () => {
    const options = { locale: 'en-GB', timeZone: 'UTC', now: Date.parse('2026-06-10T10:00:00Z') };
    expect(connectionStatus(aura, options)).toBe('Saved, not tested');
    expect(
      connectionStatus({ ...aura, lastTest: { ok: true, message: 'Connected to Aura.', at: Date.parse('2026-06-04T10:00:00Z') } }, options),
    ).toBe('Connected · tested 4 Jun');
    expect(connectionStatus({ ...aura, lastTest: { ok: false, message: 'Aura rejected the API key.', at: 0 } }, options)).toBe(
      'Saved · the last test failed',
    );
    expect(connectionStatus({ ...aura, connected: false, savedAt: null }, options)).toBe('Not connected');
  });
});
