/**
 * npm start: the playground. Options: --port N (or PORT; default 8080, 0 for any free port), --reset (start clean),
 * --state FILE (default .playground/state.json), --speed N (the clock runs N times faster than yours; default 60),
 * --open (opens the page in the default browser). The page's address is the last line printed, so it is the line a
 * terminal leaves in view. Ctrl-C stops it and saves the state.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hourLasts } from './clockSpeed';
import { DEFAULT_CLOCK_SPEED, startPlayground } from './playground';

const DEFAULT_PORT = 8080;
const DEFAULT_STATE_PATH = join(__dirname, '..', '..', '.playground', 'state.json');

const USAGE = 'Usage: npm start -- [--port N] [--reset] [--state FILE] [--speed N] [--open]';

/** The desktop's own "open this address" command. */
function openCommand(): string {
  if (process.platform === 'darwin') return 'open';
  if (process.platform === 'win32') return 'explorer';
  return 'xdg-open';
}

/** Opens the page in the default browser; without one (a server, a container) the printed address is still there. */
function openInBrowser(url: string): void {
  const child = spawn(openCommand(), [url], { stdio: 'ignore', detached: true });
  child.once('error', () => process.stderr.write(`Could not open a browser; open ${url} yourself.\n`));
  child.unref();
}

/** A mistake on the command line: said in a line, with the usage, not as a stack trace. */
class UsageError extends Error {}

function parsePort(text: string): number {
  const port = Number(text);
  if (text.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`Not a port: "${text}"`);
  return port;
}

function parseSpeed(text: string): number {
  const speed = Number(text);
  if (text.trim() === '' || !Number.isFinite(speed) || speed < 1) throw new UsageError(`--speed takes a number from 1 up, not "${text}"`);
  return speed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      reset: { type: 'boolean', default: false },
      state: { type: 'string' },
      speed: { type: 'string' },
      open: { type: 'boolean', default: false },
    },
  });
  const speed = parseSpeed(values.speed ?? String(DEFAULT_CLOCK_SPEED));
  const playground = await startPlayground({
    port: parsePort(values.port ?? process.env.PORT ?? String(DEFAULT_PORT)),
    statePath: values.state ?? DEFAULT_STATE_PATH,
    reset: values.reset,
    clockSpeed: speed,
  });

  const lines = [
    `Sandboxes: ${playground.sandboxes.map((sandbox) => `${sandbox.label} ${sandbox.baseUrl}`).join(', ')}`,
    `The spreadsheet's clock runs ${speed}× fast: an hour lasts ${hourLasts(speed)}. Ctrl-C stops.`,
    `Payments Sync playground: ${playground.url}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (values.open) openInBrowser(playground.url);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    playground.close().then(
      // exit() also ends the HTTP transport's worker thread, which synckit offers no other way to stop.
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`Could not stop cleanly: ${error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function failureMessage(error: Error & { code?: string }): string {
  if (error instanceof UsageError || error.code?.startsWith('ERR_PARSE_ARGS')) return `${error.message}\n${USAGE}`;
  if (error.code === 'EADDRINUSE') return `That port is in use; try another, or --port 0 for any free one. (${error.message})`;
  return error.stack ?? error.message;
}

main().catch((error: Error & { code?: string }) => {
  process.stderr.write(`${failureMessage(error)}\n`);
  process.exit(1);
});
