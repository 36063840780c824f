/** KOTESHEN_HOSTS is held to Google's urlFetchWhitelist rules at build time, so a deploy never fails on the manifest. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function build(hosts: string) {
  const distDir = mkdtempSync(join(tmpdir(), 'payments-sync-hosts-'));
  const result = spawnSync(process.execPath, ['esbuild.config.mjs'], {
    env: { ...process.env, DIST_DIR: distDir, KOTESHEN_HOSTS: hosts },
    encoding: 'utf8',
  });
  return { distDir, result };
}

describe('KOTESHEN_HOSTS', () => {
  it('takes a path on a host and a wildcard that is the whole leading subdomain', () => {
    const { distDir, result } = build('https://example.com/koteshen/,https://*.invoices.example.org/');
    expect(result.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(distDir, 'appsscript.json'), 'utf8'));
    expect(manifest.urlFetchWhitelist).toEqual(
      expect.arrayContaining(['https://example.com/koteshen/', 'https://*.invoices.example.org/']),
    );
  });

  it.each([
    ['https://invoices.example.com', 'it needs a path after the host, at least "/"'],
    ['https://inv*.example.com/', 'a wildcard may only stand for the whole leading subdomain, as in https://*.example.com/'],
    ['https://*.*.example.com/', 'it has more than one wildcard'],
    ['https://com/', '"com" is not a full host name like invoices.example.com'],
  ])('refuses %s, saying why', (host, reason) => {
    const { result } = build(host);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`KOTESHEN_HOSTS: "${host}" must be an https origin ending in "/"`);
    expect(result.stderr).toContain(`: ${reason}.`);
  });
});
