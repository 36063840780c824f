/**
 * In the playground the providers' real hosts lead to the sandboxes: a request for https://api.aura-app.ai reaches
 * the Aura sandbox on loopback, path and query kept, and other hosts go out as they are.
 */
import { DEMO_CREDENTIALS } from '../../dev/addOn';
import { createHttpTransport, routeOrigins } from '../../dev/playground/httpTransport';
import { startSandboxes, type Sandboxes } from '../../dev/playground/sandboxes';
import { AURA_ORIGIN, KOTESHEN_ORIGIN } from '../../dev/simulators';
import type { Transport, WireRequest } from '../../dev/transport';

let sandboxes: Sandboxes;

beforeAll(async () => {
  sandboxes = await startSandboxes({ epoch: Date.now(), clockOffset: 0 });
});

afterAll(() => sandboxes?.close());

test('a real provider host is answered by its sandbox, over real HTTP', () => {
  const transport = routeOrigins(createHttpTransport(), { [AURA_ORIGIN]: sandboxes.origins.aura });
  const response = transport({
    method: 'GET',
    url: `${AURA_ORIGIN}/v1/payments?limit=2`,
    headers: { authorization: `Bearer ${DEMO_CREDENTIALS.aura.apiKey}` },
  });
  expect(response.status).toBe(200);
  expect((JSON.parse(response.body) as { data: unknown[] }).data).toHaveLength(2);
});

test('the path, query, method, headers and body are kept; an unrouted origin goes out unchanged', () => {
  const sent: WireRequest[] = [];
  const record: Transport = (request) => (sent.push(request), { status: 204, headers: {}, body: '' });
  const transport = routeOrigins(record, { [`${KOTESHEN_ORIGIN}/`]: 'http://127.0.0.1:4010/ignored/path' });
  transport({ method: 'POST', url: `${KOTESHEN_ORIGIN}/oauth/token?x=1`, headers: { a: 'b' }, body: 'grant_type=client_credentials' });
  transport({ method: 'GET', url: 'https://example.com/v1/x', headers: {} });
  expect(sent).toEqual([
    { method: 'POST', url: 'http://127.0.0.1:4010/oauth/token?x=1', headers: { a: 'b' }, body: 'grant_type=client_credentials' },
    { method: 'GET', url: 'https://example.com/v1/x', headers: {} },
  ]);
});
