/** Every provider the add-on speaks to. A new provider is a new module and a line here. */
import { providerRegistry } from '../core/adapter';
import { aura } from './aura';
import { koteshen } from './koteshen';
import { uqualify } from './uqualify';

export const PROVIDERS = providerRegistry([aura, koteshen, uqualify]);
