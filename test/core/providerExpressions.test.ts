/**
 * Provider expressions ("aura", "aura:EU shop", "all", comma lists), checked before any request: every error names
 * the valid providers or accounts, and names match in any case.
 */
import { resolveSources, saveConnection } from '../../src/core/connections';
import { describeExpression, parseProviderExpression } from '../../src/core/query';
import { PROVIDERS } from '../../src/providers/registry';
import type { KeyValueStore } from '../../src/platform/types';
import { memoryStore } from '../support/simulatedPlatform';

let ids = 0;
function connect(store: KeyValueStore, provider: string, account?: string) {
  saveConnection(
    store,
    PROVIDERS.get(provider),
    { apiKey: `key_${provider}_${(account ?? 'default').replace(/\s/g, '_')}_0123456789`, ...(account ? { account } : {}) },
    0,
    () => `c${++ids}`,
  );
}

function sources(store: KeyValueStore, expression: string) {
  return resolveSources(store, PROVIDERS, parseProviderExpression(expression, PROVIDERS)).map(
    (s) => `${s.adapter.id}:${s.connection.account}`,
  );
}

describe('parseProviderExpression', () => {
  it('reads providers in any case, accounts after a colon, "all" and comma lists', () => {
    const parsed = parseProviderExpression(' AURA:EU shop , koteshen,Uqualify ', PROVIDERS);
    expect(parsed.all).toBe(false);
    expect(parsed.terms.map((term) => [term.adapter.id, term.account])).toEqual([
      ['aura', 'EU shop'],
      ['koteshen', null],
      ['uqualify', null],
    ]);
    expect(parseProviderExpression('ALL', PROVIDERS)).toEqual({ all: true, terms: [] });
    expect(describeExpression(parsed)).toBe('Aura:EU shop, Koteshen, Uqualify');
    expect(describeExpression(parseProviderExpression('all', PROVIDERS))).toBe('All accounts');
  });

  it('names the valid providers for an unknown or missing one, and asks for the account after a bare colon', () => {
    expect(() => parseProviderExpression('aura,stripe', PROVIDERS)).toThrow(
      'Unknown provider "stripe". Use one of: aura, koteshen, uqualify. Or "all"',
    );
    expect(() => parseProviderExpression(' , ', PROVIDERS)).toThrow('No provider was given. Use one of: aura, koteshen, uqualify.');
    expect(() => parseProviderExpression(42, PROVIDERS)).toThrow('Unknown provider "42". Use one of: aura, koteshen, uqualify.');
    expect(() => parseProviderExpression('aura:', PROVIDERS)).toThrow(
      '"aura:" names no account after the colon: write "aura:<account name>", or "aura" for your default Aura account.',
    );
  });
});

describe('resolveSources', () => {
  it('picks accounts by name in any case, each once, and "all" is every connected account', () => {
    const store = memoryStore();
    connect(store, 'aura');
    connect(store, 'aura', 'EU shop');
    connect(store, 'uqualify');
    expect(sources(store, 'aura:eu SHOP,aura,aura:Aura')).toEqual(['aura:EU shop', 'aura:Aura']);
    expect(sources(store, 'all')).toEqual(['aura:Aura', 'aura:EU shop', 'uqualify:Uqualify']);
    expect(sources(store, 'all,aura')).toEqual(['aura:Aura', 'aura:EU shop', 'uqualify:Uqualify']);
  });

  it('lists the valid accounts for an unknown one, and says which provider is not connected', () => {
    const store = memoryStore();
    connect(store, 'aura', 'EU shop');
    connect(store, 'aura', 'US shop');
    expect(() => sources(store, 'aura:asia')).toThrow('Aura has no account "asia". Your Aura accounts: "EU shop", "US shop".');
    expect(() => sources(store, 'aura')).toThrow(
      'You have several Aura accounts ("EU shop", "US shop") and none is the default: say which, as "aura:EU shop" or "aura:US shop".',
    );
    expect(() => sources(store, 'koteshen:Main')).toThrow('Koteshen is not connected.');
    expect(() => sources(memoryStore(), 'all')).toThrow('"all" means every connected account, and none is connected yet.');
  });
});
