// Builds the sidebar as one HTML file: index.html with styles.css and the bundled main.ts inlined in place of its
// <link> and <script> tags. Apps Script serves the sidebar from a single file, and its sandbox (like the offline
// playground) loads nothing from elsewhere.
import { build, transform } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const here = (name) => fileURLToPath(new URL(name, import.meta.url));

const STYLESHEET_TAG = '<link rel="stylesheet" href="styles.css">';
const SCRIPT_TAG = '<script src="main.ts"></script>';

async function script() {
  const result = await build({
    entryPoints: [here('main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2019',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

async function stylesheet() {
  const result = await transform(await readFile(here('styles.css'), 'utf8'), { loader: 'css', minify: true });
  return result.code;
}

/** Replaces the one `tag` in `html`; a function replacement, so "$&" or "$'" in the bundle stay as they are. */
function inline(html, tag, replacement) {
  if (html.split(tag).length !== 2) throw new Error(`sidebar/index.html must contain ${tag} exactly once`);
  return html.replace(tag, () => replacement);
}

/** `</script` inside the script (or `</style` inside the styles) would end the element early. */
function assertEmbeddable(code, element) {
  if (new RegExp(`</${element}`, 'i').test(code)) throw new Error(`The sidebar's ${element} contains "</${element}" and cannot be inlined`);
}

export async function buildSidebar() {
  const [html, css, js] = await Promise.all([readFile(here('index.html'), 'utf8'), stylesheet(), script()]);
  assertEmbeddable(css, 'style');
  assertEmbeddable(js, 'script');
  const page = inline(inline(html, STYLESHEET_TAG, `<style>${css}</style>`), SCRIPT_TAG, `<script>${js}</script>`);
  if (/\b(?:src|href)\s*=|url\(|@import/i.test(page))
    throw new Error('The sidebar refers to another file or URL; it must be self-contained');
  return page;
}
