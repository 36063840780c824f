/**
 * The pages' scripts (client/), bundled from TypeScript with esbuild when the server starts: nothing to build first.
 */
import { build } from 'esbuild';
import { join } from 'node:path';

export async function bundleClient(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [join(__dirname, 'client', entry)],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}
