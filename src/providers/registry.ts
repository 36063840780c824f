import { aura } from './aura';
import { koteshen } from './koteshen';
import { uqualify } from './uqualify';
import type { ProviderAdapter } from './types';

export type ProviderId = 'aura' | 'koteshen' | 'uqualify';

/** Every provider the add-on speaks to. A new provider is a new module and a line here. */
export const PROVIDERS: Record<ProviderId, ProviderAdapter> = { aura, koteshen, uqualify };

export const PROVIDER_IDS = Object.keys(PROVIDERS) as ProviderId[];

export function findProvider(name: string): ProviderAdapter | null {
  const id = name.trim().toLowerCase();
  return Object.prototype.hasOwnProperty.call(PROVIDERS, id) ? PROVIDERS[id as ProviderId] : null;
}
