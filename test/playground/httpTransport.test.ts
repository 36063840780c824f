/**
 * The playground's Transport: real, synchronous HTTP to the sandboxes (served from their own thread, as in the
 * playground), with failures thrown as Errors for the runtime to turn into UrlFetchApp exceptions.
 */
import { createServer } from 'node:net';
import { types } from 'node:util';
import { DEMO_CREDENTIALS, KOTESHEN_DEMO_CLIENT } from '../../dev/addOn';
import { createHttpTransport } from '../../dev/playground/httpTransport';
import { SANDBOX_PAYMENTS, startSandboxes, type Sandboxes } from '../../dev/playground/sandboxes';
import type { Transport } from '../../dev/transport';

let sandboxes: Sandboxes;
let transport: Transport;

beforeAll(async () => {
  sandboxes = await startSandboxes({ epoch: Date.now(), clockOffset: 0 });
  transport = createHttpTransport();
});

afterAll(() => sandboxes?.close());

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('GET: the status, headers and body as the server sent them, and the time it took', () => {
  const response = transport({
    method: 'GET',
    url: `${sandboxes.origins.aura}/v1/payments?limit=2`,
    headers: { authorization: `Bearer ${DEMO_CREDENTIALS.aura.apiKey}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers['x-ratelimit-limit']).toBe('100');
  const body = JSON.parse(response.body) as { data: unknown[]; pagination: { has_more: boolean } };
  expect(body.data).toHaveLength(2);
  expect(body.pagination.has_more).toBe(true);
  expect(response.latencyMs).toBeGreaterThanOrEqual(0);
  expect(response.latencyMs).toBeLessThan(5_000);
});

test('an HTTP error status is an answer, not an exception', () => {
  const response = transport({ method: 'GET', url: `${sandboxes.origins.aura}/v1/payments`, headers: {} });
  expect(response.status).toBe(401);
});

test('POST sends its body: a Koteshen token for the demo client', () => {
  const response = transport({
    method: 'POST',
    url: `${sandboxes.origins.koteshen}/oauth/token`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: KOTESHEN_DEMO_CLIENT.clientId,
      client_secret: KOTESHEN_DEMO_CLIENT.clientSecret,
    }).toString(),
  });
  expect(response.status).toBe(200);
  expect(JSON.parse(response.body)).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });
});

test('every sandbox serves its own payments', () => {
  const uqualify = transport({
    method: 'GET',
    url: `${sandboxes.origins.uqualify}/api/v1/payments?limit=1`,
    headers: { 'x-api-key': DEMO_CREDENTIALS.uqualify.apiKey! },
  });
  expect(uqualify.status).toBe(200);
  expect((JSON.parse(uqualify.body) as { data: { total: number } }).data.total).toBe(SANDBOX_PAYMENTS.uqualify);
});

test('a refused connection or an unknown host throws an Error saying so', async () => {
  const port = await closedPort();
  expect(() => transport({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {} })).toThrow(
    new Error(`connect ECONNREFUSED 127.0.0.1:${port}`),
  );
  let thrown: unknown;
  try {
    transport({ method: 'GET', url: 'http://payments-sync.invalid/', headers: {} });
  } catch (error) {
    thrown = error;
  }
  // From the worker's realm, as far as jest's sandbox is concerned: a real Error all the same.
  expect(types.isNativeError(thrown)).toBe(true);
  expect((thrown as Error).message).toMatch(/^getaddrinfo (ENOTFOUND|EAI_AGAIN) payments-sync\.invalid$/);
});
