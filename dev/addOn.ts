/**
 * The built add-on (dist/) running in the local Apps Script runtime against the provider simulators: the one
 * wiring shared by the integration tests, the benchmark and the playground.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime';
import {
  AURA_DEMO_API_KEY,
  createSimulators,
  KOTESHEN_DEMO_ACCESS_TOKEN,
  KOTESHEN_DEMO_CLIENT_ID,
  KOTESHEN_DEMO_CLIENT_SECRET,
  UQUALIFY_DEMO_API_KEY,
  type Simulators,
  type SimulatorsOptions,
} from './simulators';

export type ProviderName = 'aura' | 'koteshen' | 'uqualify';

/** The credentials the simulators accept, as a user would paste them into the sidebar. */
export const DEMO_CREDENTIALS: Record<ProviderName, { apiKey?: string; clientId?: string; clientSecret?: string }> = {
  aura: { apiKey: AURA_DEMO_API_KEY },
  koteshen: { apiKey: KOTESHEN_DEMO_ACCESS_TOKEN },
  uqualify: { apiKey: UQUALIFY_DEMO_API_KEY },
};

export const KOTESHEN_DEMO_CLIENT = { clientId: KOTESHEN_DEMO_CLIENT_ID, clientSecret: KOTESHEN_DEMO_CLIENT_SECRET };

export interface BuiltAddOn {
  code: string;
  manifest: { urlFetchWhitelist?: string[] } & Record<string, unknown>;
  sidebarHtml: string;
}

export function readBuiltAddOn(distDir = join(__dirname, '..', 'dist')): BuiltAddOn {
  const read = (name: string) => readFileSync(join(distDir, name), 'utf8');
  return { code: read('Code.js'), manifest: JSON.parse(read('appsscript.json')), sidebarHtml: read('Sidebar.html') };
}

export interface LocalAddOn {
  rt: Runtime;
  sims: Simulators;
  /** Saves credentials as the sidebar would (the demo ones by default). */
  connect(provider: ProviderName, credentials?: Record<string, string>, user?: string): unknown;
}

/** A fresh runtime on a virtual clock, with the simulators answering at the providers' real addresses. */
export function loadAddOn(
  options: { simulators?: SimulatorsOptions; runtime?: Partial<RuntimeOptions>; built?: BuiltAddOn } = {},
): LocalAddOn {
  const built = options.built ?? readBuiltAddOn();
  // The simulators read the runtime's clock, and the runtime sends through the simulators: tie the knot lazily.
  let sims: Simulators | null = null;
  const rt = createRuntime({
    code: built.code,
    manifest: built.manifest,
    files: { Sidebar: built.sidebarHtml },
    transport: (request) => sims!.transport(request),
    ...options.runtime,
  });
  sims = createSimulators({ now: () => rt.clock.now(), ...options.simulators });
  return {
    rt,
    sims,
    connect: (provider, credentials = DEMO_CREDENTIALS[provider] as Record<string, string>, user) =>
      rt.run('saveCredentials', [provider, credentials], user ? { user } : undefined),
  };
}
