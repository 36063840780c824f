import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAddOn, readBuiltAddOn } from '../../dev/addOn';

const SELF_HOSTED = 'https://invoices.example.com';

function build(env: Record<string, string>) {
  const distDir = mkdtempSync(join(tmpdir(), 'payments-sync-dist-'));
  const result = spawnSync(process.execPath, ['esbuild.config.mjs'], {
    env: { ...process.env, DIST_DIR: distDir, ...env },
    encoding: 'utf8',
  });
  return { distDir, result };
}

describe('a self-hosted Koteshen', () => {
  it('is added to urlFetchWhitelist at build time with KOTESHEN_HOSTS, and then reachable', () => {
    const { distDir, result } = build({ KOTESHEN_HOSTS: `${SELF_HOSTED}/, https://billing.example.org/` });
    expect(result.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(distDir, 'appsscript.json'), 'utf8'));
    expect(manifest.urlFetchWhitelist).toEqual([
      'https://api.aura-app.ai/',
      'https://koteshen.com/',
      'https://paylinks.uqualify.co.uk/',
      `${SELF_HOSTED}/`,
      'https://billing.example.org/',
    ]);
    const { rt, sims, connect } = loadAddOn({
      built: readBuiltAddOn(distDir),
      simulators: { koteshen: { payments: 40, origin: SELF_HOSTED } },
    });
    connect('koteshen', { apiKey: sims.koteshen.credentials.accessToken as string, baseUrl: `${SELF_HOSTED}/` });
    rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
    expect(rt.spreadsheet.cellError('Sheet1', 'A1')).toBeUndefined();
    expect(rt.spreadsheet.sheet('Sheet1').values().length).toBe(41);
  });

  it('is refused at once, with advice, by a build that does not list it', () => {
    const { rt, sims, connect } = loadAddOn({ simulators: { koteshen: { payments: 40, origin: SELF_HOSTED } } });
    connect('koteshen', { apiKey: sims.koteshen.credentials.accessToken as string, baseUrl: SELF_HOSTED });
    rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
    expect(rt.spreadsheet.cellError('Sheet1', 'A1')?.message).toBe(
      `The add-on may not reach ${SELF_HOSTED}: Apps Script only fetches the addresses listed when the add-on was built. ` +
        "Check Koteshen's base URL in Connections; a self-hosted server has to be added at build time (KOTESHEN_HOSTS, see the README).",
    );
    expect(sims.koteshen.requests).toEqual([]);
  });

  it('must be an https origin ending in /', () => {
    const { result } = build({ KOTESHEN_HOSTS: 'http://invoices.example.com' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      'KOTESHEN_HOSTS: "http://invoices.example.com" must be an https origin ending in "/", like https://invoices.example.com/',
    );
  });
});
