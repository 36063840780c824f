/**
 * `npm start`'s server as a process: it starts, says where, answers, and on Ctrl-C closes its ports, saves its state
 * and exits 0; the next start picks the state up, and --reset starts clean.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_PAYMENTS } from '../../dev/playground/sandboxes';
import type { PlaygroundStatus, GridWindow } from '../../dev/playground/protocol';
import type { PlaygroundState } from '../../dev/playground/stateFile';
import { isListening, startPlayground, type PlaygroundProcess } from './playgroundProcess';

let dir: string;
let statePath: string;
let running: PlaygroundProcess | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'playground-server-'));
  statePath = join(dir, 'state.json');
});

afterEach(async () => {
  if (running?.child.exitCode === null) await running.stop('SIGKILL');
  running = undefined;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

async function postJson(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return response.json();
}

interface AuraPayment {
  id: string;
  amount: number;
  currency: string;
  customer_name: string;
  payment_date: string;
}

/** Every payment of the Aura sandbox, oldest first (payments arriving while the playground runs come last). */
async function auraPayments(playground: PlaygroundProcess): Promise<AuraPayment[]> {
  const key = (await getJson<PlaygroundStatus>(`${playground.url}/api/status`)).sandboxes[0].credentials[0].value;
  const payments: AuraPayment[] = [];
  for (let cursor: string | null | undefined = ''; cursor !== null && cursor !== undefined; ) {
    const page = await fetch(`${playground.sandboxes.Aura}/v1/payments?limit=100${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(page.status).toBe(200);
    const body = (await page.json()) as { data: AuraPayment[]; pagination: { next_cursor?: string | null } };
    payments.push(...body.data);
    cursor = body.pagination.next_cursor;
  }
  return payments.reverse();
}

/**
 * What the payments are, whenever the sandbox's history was generated: Aura orders by the second a payment occurred,
 * so two payments less than a second apart can swap places when the history ends at another millisecond.
 */
const identities = (payments: AuraPayment[]) =>
  payments
    .map(({ id, amount, currency, customer_name }) => ({ id, amount, currency, customer_name }))
    .sort((a, b) => a.id.localeCompare(b.id));

const cellA1 = async (playground: PlaygroundProcess) =>
  (await getJson<GridWindow>(`${playground.url}/api/cells?sheet=Sheet1&top=1&bottom=1`)).rows[0]?.[0]?.text;

test('starts, answers, and on SIGINT closes its ports, saves its state and exits 0; a restart keeps the state, --reset drops it', async () => {
  running = await startPlayground(statePath);
  const first = running;
  expect(first.output()).toMatch(/^Payments Sync playground: http:\/\/localhost:\d+$/m);
  expect(Object.keys(first.sandboxes)).toEqual(['Aura', 'Koteshen', 'Uqualify']);

  const page = await fetch(first.url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<title>Payments Sync playground</title>');
  const status = await getJson<PlaygroundStatus>(`${first.url}/api/status`);
  expect(status.sheets.map((sheet) => sheet.name)).toEqual(['Sheet1']);
  expect(status.menu?.items.map((item) => ('caption' in item ? item.caption : '-'))).toEqual([
    'Open sidebar',
    'Sync all now',
    'Refresh PAYMENTS formulas',
    "Check this spreadsheet's platform",
  ]);
  expect(status.sandboxes.map((sandbox) => sandbox.baseUrl)).toEqual(Object.values(first.sandboxes));
  // The sandboxes are real HTTP servers: Aura wants its key, and has its payments for the key.
  expect((await fetch(`${first.sandboxes.Aura}/v1/payments`)).status).toBe(401);
  const generated = (await auraPayments(first)).slice(0, SANDBOX_PAYMENTS.aura);
  expect(generated).toHaveLength(SANDBOX_PAYMENTS.aura);

  expect(await postJson(`${first.url}/api/cell`, { sheet: 'Sheet1', a1: 'A1', input: 'kept across restarts' })).toEqual({ ok: true });
  expect(await cellA1(first)).toBe('kept across restarts');

  const ports = [first.url, ...Object.values(first.sandboxes)];
  expect(await first.stop('SIGINT')).toBe(0);
  expect(first.output()).toContain('SIGINT: stopping…');
  for (const url of ports) expect(await isListening(url)).toBe(false);
  const saved = JSON.parse(readFileSync(statePath, 'utf8')) as PlaygroundState;
  expect(saved.version).toBe(1);
  expect(saved.runtime.spreadsheet.sheets[0].cells).toEqual([{ row: 1, column: 1, value: 'kept across restarts' }]);
  expect(saved.sandboxPorts).toEqual({
    aura: Number(new URL(first.sandboxes.Aura).port),
    koteshen: Number(new URL(first.sandboxes.Koteshen).port),
    uqualify: Number(new URL(first.sandboxes.Uqualify).port),
  });

  // A restart picks up the sheets and the sandboxes' ports (saved base URLs keep working).
  running = await startPlayground(statePath);
  expect(await cellA1(running)).toBe('kept across restarts');
  expect(running.sandboxes).toEqual(first.sandboxes);
  expect((await auraPayments(running)).slice(0, SANDBOX_PAYMENTS.aura)).toEqual(generated);
  expect(await running.stop('SIGTERM')).toBe(0);

  // --reset: a clean spreadsheet, saved as such on exit.
  running = await startPlayground(statePath, ['--reset']);
  expect(await cellA1(running)).toBeUndefined();
  expect((await getJson<PlaygroundStatus>(`${running.url}/api/status`)).sheets[0].lastRow).toBe(0);
  // New history, ending now rather than at the first start, but the same payments: the seed is fixed.
  expect(identities((await auraPayments(running)).slice(0, SANDBOX_PAYMENTS.aura))).toEqual(identities(generated));
  expect(await running.stop('SIGINT')).toBe(0);
  expect(existsSync(statePath)).toBe(true);
  expect(JSON.stringify((JSON.parse(readFileSync(statePath, 'utf8')) as PlaygroundState).runtime.spreadsheet)).not.toContain(
    'kept across restarts',
  );
});

test('the clock runs fast: an hourly auto refresh runs within seconds, and shows in the status with what it synced', async () => {
  // 3600×: an hour a second.
  running = await startPlayground(join(dir, 'fast.json'), ['--speed', '3600']);
  const { url, sandboxes } = running;
  const run = async (name: string, ...args: unknown[]) => {
    const answer = (await postJson(`${url}/script-run`, { name, args })) as { ok: boolean; value?: unknown; message?: string };
    expect(answer).toMatchObject({ ok: true });
    return answer.value as Record<string, unknown>;
  };
  const status = await getJson<PlaygroundStatus>(`${url}/api/status`);
  expect(status.clock.speed).toBe(3600);
  await run('saveCredentials', 'aura', { apiKey: status.sandboxes[0].credentials[0].value, baseUrl: sandboxes.Aura });
  const first = await run('syncPayments', { provider: 'aura', range: 'all_time', sheetName: 'Aura payments' });
  await run('setAutoRefresh', 1, null, false);

  let runs: PlaygroundStatus['triggerRuns'] = [];
  for (const started = Date.now(); runs.length === 0 && Date.now() - started < 10_000; ) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    runs = (await getJson<PlaygroundStatus>(`${url}/api/status`)).triggerRuns;
  }
  expect(runs[0]).toMatchObject({ handler: 'runScheduledRefresh', user: 'owner@example.com' });
  expect(runs[0].error).toBeUndefined();

  // New payments reached the sandbox meanwhile (one every 20 minutes of the fast clock), and the run brought them in.
  const state = await run('getSidebarState');
  const scheduled = (state.runLog as Array<{ trigger: string; outcome: string; rows: number; added: number }>).find(
    (entry) => entry.trigger === 'scheduled',
  );
  expect(scheduled).toMatchObject({ outcome: 'ok' });
  expect(scheduled!.added).toBeGreaterThanOrEqual(3);
  expect(scheduled!.rows).toBe((first.rows as number) + scheduled!.added);
  const sheet = (await getJson<PlaygroundStatus>(`${url}/api/status`)).sheets.find((each) => each.name === 'Aura payments');
  expect(sheet?.lastRow).toBeGreaterThanOrEqual(scheduled!.rows + 1);
  expect(await running.stop('SIGINT')).toBe(0);
});
