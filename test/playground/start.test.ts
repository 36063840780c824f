/**
 * `npm start` as a newcomer runs it: the page's address is the last line printed (the one a terminal leaves in
 * view), and --open hands it to the desktop's "open" command (a stand-in xdg-open here, which records it).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { startPlayground, type PlaygroundProcess } from './playgroundProcess';

let dir: string;
let running: PlaygroundProcess | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'playground-start-'));
});

afterAll(async () => {
  if (running?.child.exitCode === null) await running.stop('SIGINT');
  rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  for (const started = Date.now(); !check(); ) {
    if (Date.now() - started > timeoutMs) throw new Error('Timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('prints the address last and opens it with --open', async () => {
  const opened = join(dir, 'opened.txt');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > ${JSON.stringify(opened)}\n`);
  chmodSync(join(bin, 'xdg-open'), 0o755);
  const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}` };

  running = await startPlayground(join(dir, 'state.json'), ['--open'], env);
  const lines = running.output().trimEnd().split('\n');
  expect(lines[lines.length - 1]).toBe(`Payments Sync playground: ${running.url}`);
  await until(() => existsSync(opened) && readFileSync(opened, 'utf8') !== '');
  expect(readFileSync(opened, 'utf8')).toBe(running.url);
});
