// Builds dist/ for clasp: Code.js (one IIFE plus the top-level entry functions Apps Script needs, with their JSDoc),
// Sidebar.html (sidebar/ inlined into one file) and appsscript.json (with any extra Koteshen hosts).
import { build } from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import ts from 'typescript';
import gasEntryGenerator from 'gas-entry-generator';

const ENTRY = 'src/index.ts';
/** DIST_DIR lets a test build elsewhere without touching the dist/ other tests read. */
const OUT = process.env.DIST_DIR || 'dist';

/**
 * esbuild drops comments, and Apps Script reads @customfunction from the JSDoc of a top-level function. So the entry
 * source is transpiled on its own (comments kept) and gas-entry-generator turns each `global.NAME = function (…)`
 * into `function NAME(…) {}` with its JSDoc; the bundle, run after them, replaces each with the real one.
 */
async function entryFunctions() {
  const source = await readFile(ENTRY, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext, removeComments: false },
  });
  // From the first public function's JSDoc on: the file's own header comment is not any function's documentation.
  const firstAssignment = outputText.indexOf('global.');
  const body = outputText.slice(outputText.lastIndexOf('/**', firstAssignment));
  return gasEntryGenerator.generate(body, { comment: true }).entryPointFunctions;
}

async function bundle() {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    platform: 'neutral',
    mainFields: ['main', 'module'],
    define: { global: 'globalThis' },
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

/**
 * What Google refuses in a urlFetchWhitelist entry (Google's allowlist rules: https://developers.google.com/apps-script/manifest/allowlist-url): not https, no full host, no path, or a
 * wildcard anywhere but as the whole leading subdomain. Null for an entry Google takes.
 */
function allowlistProblem(entry) {
  const parts = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(entry);
  if (!parts) return 'it is not a web address';
  const [, scheme, host, rest] = parts;
  if (scheme.toLowerCase() !== 'https') return `it is ${scheme}://, and Apps Script only fetches https:// addresses`;
  if (host.includes('@')) return 'it carries a user name or password';
  if ((entry.match(/\*/g) ?? []).length > 1) return 'it has more than one wildcard';
  const name = host.replace(/:\d+$/, '');
  const bare = name.startsWith('*.') ? name.slice(2) : name;
  if (bare.includes('*')) return 'a wildcard may only stand for the whole leading subdomain, as in https://*.example.com/';
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(bare)) return `"${host}" is not a full host name like invoices.example.com`;
  if (!rest.startsWith('/') || /[?#]/.test(rest)) return 'it needs a path after the host, at least "/"';
  return null;
}

/** KOTESHEN_HOSTS="https://invoices.example.com/,https://…" adds self-hosted Koteshen servers to urlFetchWhitelist. */
async function manifest() {
  const manifest = JSON.parse(await readFile('appsscript.json', 'utf8'));
  const extra = (process.env.KOTESHEN_HOSTS ?? '')
    .split(',')
    .map((host) => host.trim())
    .filter(Boolean);
  for (const host of extra) {
    const problem = allowlistProblem(host);
    if (problem) {
      throw new Error(
        `KOTESHEN_HOSTS: "${host}" must be an https origin ending in "/", like https://invoices.example.com/ ` +
          `(or a path on one, like https://example.com/koteshen/): ${problem}.`,
      );
    }
    if (!manifest.urlFetchWhitelist.includes(host)) manifest.urlFetchWhitelist.push(host);
  }
  return JSON.stringify(manifest, null, 2) + '\n';
}

async function sidebar() {
  const { buildSidebar } = await import('./sidebar/build.mjs');
  return buildSidebar();
}

const [stubs, code, appsscript, sidebarHtml] = await Promise.all([entryFunctions(), bundle(), manifest(), sidebar()]);
if (/^\s*(import|export)\s/m.test(code)) throw new Error('dist/Code.js would contain an import or export');
await mkdir(OUT, { recursive: true });
await Promise.all([
  writeFile(`${OUT}/Code.js`, `${stubs}\n${code}`),
  writeFile(`${OUT}/appsscript.json`, appsscript),
  writeFile(`${OUT}/Sidebar.html`, sidebarHtml),
]);
console.log(`built ${OUT}/Code.js (${(code.length / 1024).toFixed(0)} KB), ${OUT}/Sidebar.html, ${OUT}/appsscript.json`);
