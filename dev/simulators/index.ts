/**
 * Provider simulators: in-memory fakes of the Aura, Koteshen and Uqualify "List payments" APIs,
 * following their docs (docs/providers.md), with the docs' open points as switches, rate limits and
 * fault injection. Shared by the tests, the benchmark and the playground. See README.md.
 *
 * They play the providers, so they import nothing from src/.
 */
import type { Transport } from '../transport';
import { createAuraSimulator, type AuraSimulator, type AuraSimulatorOptions } from './aura';
import type { CommonSimulatorOptions, ProviderSimulator } from './common';
import { createKoteshenSimulator, type KoteshenSimulator, type KoteshenSimulatorOptions } from './koteshen';
import { createUqualifySimulator, type UqualifySimulator, type UqualifySimulatorOptions } from './uqualify';

export * from './aura';
export * from './koteshen';
export * from './uqualify';
export {
  FaultQueue,
  FixedWindowRateLimiter,
  type CommonSimulatorOptions,
  type CommonSwitches,
  type Fault,
  type LoggedRequest,
  type ProviderName,
  type ProviderSimulator,
  type RateLimit,
  type RateLimitVerdict,
  type RequestTarget,
} from './common';
export {
  CONVENTION_CURRENCIES,
  CRYPTO_CURRENCIES,
  currencyExponent,
  DEFAULT_METHOD_WEIGHTS,
  DEFAULT_STATUS_WEIGHTS,
  FIAT_CURRENCIES,
  generatePayments,
  HOSTILE_CUSTOMER_NAMES,
  isCryptoCurrency,
  PaymentGenerator,
  UNICODE_CUSTOMER_NAMES,
  type GeneratePaymentsOptions,
  type PaymentProfile,
  type SimMethod,
  type SimPayment,
  type SimStatus,
} from './payments';
export { formatMajor } from './render';
export { serveSimulator, type ServedSimulator, type ServeOptions } from './serve';

export interface SimulatorsOptions extends Omit<CommonSimulatorOptions, 'origin'> {
  /** Per-provider options, over the common ones. */
  aura?: AuraSimulatorOptions;
  koteshen?: KoteshenSimulatorOptions;
  uqualify?: UqualifySimulatorOptions;
}

export interface Simulators {
  aura: AuraSimulator;
  koteshen: KoteshenSimulator;
  uqualify: UqualifySimulator;
  /** Routes each request to the simulator whose origin matches; any other host fails like DNS does. */
  transport: Transport;
  all: ProviderSimulator[];
}

/** The three simulators on one clock, behind one transport. */
export function createSimulators(options: SimulatorsOptions = {}): Simulators {
  const { aura: auraOptions, koteshen: koteshenOptions, uqualify: uqualifyOptions, ...common } = options;
  const aura = createAuraSimulator({ ...common, ...auraOptions });
  const koteshen = createKoteshenSimulator({ ...common, ...koteshenOptions });
  const uqualify = createUqualifySimulator({ ...common, ...uqualifyOptions });
  const all: ProviderSimulator[] = [aura, koteshen, uqualify];
  const transport: Transport = (request) => {
    const url = new URL(request.url);
    // Looked up per request because a simulator's origin may be changed at any time.
    const sim = all.find((candidate) => candidate.origin === url.origin);
    if (!sim) throw new Error(`getaddrinfo ENOTFOUND ${url.hostname}`);
    return sim.handle(request);
  };
  return { aura, koteshen, uqualify, transport, all };
}
