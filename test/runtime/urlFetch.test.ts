import type { WireRequest, WireResponse } from '../../dev/transport';
import { createRuntime } from '../../dev/runtime';
import { recordingTransport, START, thrownMessage } from './helpers';

const FETCH_CODE = `
  function fetchOne(url, params) {
    var response = UrlFetchApp.fetch(url, params);
    return [response.getResponseCode(), response.getContentText()];
  }
  function fetchMany(requests) {
    return UrlFetchApp.fetchAll(requests).map(function (response) { return response.getResponseCode(); });
  }
  function fetchSequentially(urls) { return urls.map(function (url) { return UrlFetchApp.fetch(url).getContentText(); }); }`;

function latencyByPath(request: WireRequest): number {
  return Number(new URL(request.url).pathname.slice(1));
}

describe('UrlFetchApp', () => {
  it('takes the sum of latencies sequentially and the slowest one in parallel, and counts it all', () => {
    const { transport } = recordingTransport((request) => ({ status: 200, headers: {}, body: 'ok', latencyMs: latencyByPath(request) }));
    const rt = createRuntime({ transport, code: FETCH_CODE });
    rt.run('fetchSequentially', [['https://x.example/300', 'https://x.example/700']]);
    expect(rt.clock.now()).toBe(START + 1_000);
    rt.run('fetchMany', [['https://x.example/300', 'https://x.example/700', { url: 'https://x.example/200' }]]);
    expect(rt.clock.now()).toBe(START + 1_700);
    expect(rt.stats.urlFetch).toEqual({ fetch: 2, fetchAll: 1, requests: 5, rounds: 3 });
    expect(rt.stats.simulatedNetworkMs).toBe(1_700);
  });

  it('uses the round trip when the response carries no latency (default 400 ms)', () => {
    const rt = createRuntime({ transport: recordingTransport().transport, code: FETCH_CODE });
    rt.run('fetchOne', ['https://x.example/']);
    expect(rt.clock.now()).toBe(START + 400);
    const quick = createRuntime({ transport: recordingTransport().transport, code: FETCH_CODE, roundTripMs: 50 });
    quick.run('fetchOne', ['https://x.example/']);
    expect(quick.clock.now()).toBe(START + 50);
  });

  it('builds the wire request: upper-case method, lower-case header names, form-encoded object payloads', () => {
    const { transport, requests } = recordingTransport();
    const rt = createRuntime({ transport, code: FETCH_CODE });
    rt.run('fetchOne', [
      'https://x.example/form',
      { method: 'post', headers: { Authorization: 'Bearer k' }, payload: { a: '1 2', b: 'é' } },
    ]);
    rt.run('fetchOne', ['https://x.example/json', { method: 'put', contentType: 'application/json', payload: '{"x":1}' }]);
    rt.run('fetchOne', ['https://x.example/get']);
    expect(requests).toEqual([
      {
        method: 'POST',
        url: 'https://x.example/form',
        headers: { authorization: 'Bearer k', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=1%202&b=%C3%A9',
      },
      { method: 'PUT', url: 'https://x.example/json', headers: { 'content-type': 'application/json' }, body: '{"x":1}' },
      { method: 'GET', url: 'https://x.example/get', headers: {}, body: undefined },
    ]);
  });

  it('throws on 4xx/5xx unless muteHttpExceptions, quoting at most 500 characters of the body', () => {
    const { transport } = recordingTransport((request) => {
      if (request.url.endsWith('/ok')) return { status: 200, headers: {}, body: 'fine' };
      return request.url.endsWith('/long')
        ? { status: 500, headers: {}, body: 'x'.repeat(600) }
        : { status: 404, headers: {}, body: '{"error":"nope"}' };
    });
    const rt = createRuntime({ transport, code: FETCH_CODE });
    expect(thrownMessage(() => rt.run('fetchOne', ['https://api.example.com/v1/missing?key=1']))).toBe(
      'Request failed for https://api.example.com returned code 404. Truncated server response: {"error":"nope"} (use muteHttpExceptions option to examine full response)',
    );
    expect(thrownMessage(() => rt.run('fetchOne', ['https://api.example.com/long']))).toBe(
      `Request failed for https://api.example.com returned code 500. Truncated server response: ${'x'.repeat(500)}... (use muteHttpExceptions option to examine full response)`,
    );
    expect(rt.run('fetchOne', ['https://api.example.com/v1/missing', { muteHttpExceptions: true }])).toEqual([404, '{"error":"nope"}']);
    expect(thrownMessage(() => rt.run('fetchMany', [['https://api.example.com/ok', 'https://api.example.com/long']]))).toMatch(
      /^Request failed for https:\/\/api\.example\.com returned code 500/,
    );
  });

  it('turns a transport failure into "Address unavailable", failing a whole fetchAll', () => {
    const { transport, requests } = recordingTransport((request) => {
      if (request.url.includes('down')) throw new Error('ECONNREFUSED');
      return { status: 200, headers: {}, body: 'ok' };
    });
    const rt = createRuntime({ transport, code: FETCH_CODE });
    expect(thrownMessage(() => rt.run('fetchOne', ['https://down.example/x']))).toBe('Address unavailable: https://down.example/x');
    expect(thrownMessage(() => rt.run('fetchMany', [['https://up.example/', 'https://down.example/y']]))).toBe(
      'Address unavailable: https://down.example/y',
    );
    expect(requests).toHaveLength(3);
  });

  it('refuses URLs over 2 KB (2,048 bytes) and responses over 50 MB', () => {
    const { transport, requests } = recordingTransport((request) =>
      request.url.endsWith('/huge')
        ? { status: 200, headers: {}, body: 'x'.repeat(50 * 1024 * 1024 + 1) }
        : { status: 200, headers: {}, body: 'ok' },
    );
    const rt = createRuntime({ transport, code: FETCH_CODE });
    const base = 'https://x.example/?q=';
    expect(rt.run('fetchOne', [base + 'a'.repeat(2_048 - base.length)])).toEqual([200, 'ok']);
    expect(thrownMessage(() => rt.run('fetchOne', [base + 'a'.repeat(2_049 - base.length)]))).toBe('Limit Exceeded: URLFetch URL Length.');
    expect(requests).toHaveLength(1);
    expect(thrownMessage(() => rt.run('fetchOne', ['https://x.example/huge']))).toBe('Exceeded maximum response size of 50 MB.');
  });

  it('allows 20,000 requests per user per day, counting each request of a fetchAll', () => {
    const { transport, requests } = recordingTransport();
    const rt = createRuntime({ transport, code: FETCH_CODE });
    const urls = (count: number) => Array.from({ length: count }, (_, index) => `https://x.example/${index}`);
    rt.run('fetchMany', [urls(19_999)]);
    expect(thrownMessage(() => rt.run('fetchMany', [urls(2)]))).toBe('Service invoked too many times for one day: urlfetch.');
    expect(requests).toHaveLength(19_999);
    rt.run('fetchOne', ['https://x.example/last']);
    expect(thrownMessage(() => rt.run('fetchOne', ['https://x.example/over']))).toBe(
      'Service invoked too many times for one day: urlfetch.',
    );
    expect(rt.run('fetchOne', ['https://x.example/other-user'], { user: 'other@example.com' })).toEqual([200, 'ok']);
    rt.clock.advance(24 * 3_600_000);
    expect(rt.run('fetchOne', ['https://x.example/next-day'])).toEqual([200, 'ok']);
  });

  it("enforces the manifest's urlFetchWhitelist by prefix, with subdomain wildcards and the runtime's extra prefixes", () => {
    const { transport } = recordingTransport();
    const rt = createRuntime({
      transport,
      code: FETCH_CODE,
      manifest: { urlFetchWhitelist: ['https://api.aura-app.ai/', 'https://*.koteshen.com/api/'] },
      allowUrls: ['http://127.0.0.1:8787/'],
    });
    expect(rt.run('fetchOne', ['https://api.aura-app.ai/v1/payments'])).toEqual([200, 'ok']);
    expect(rt.run('fetchOne', ['https://acme.koteshen.com/api/payments'])).toEqual([200, 'ok']);
    expect(rt.run('fetchOne', ['http://127.0.0.1:8787/aura/v1/payments'])).toEqual([200, 'ok']);
    for (const url of [
      'https://evil.example/',
      'https://api.aura-app.ai.evil.example/',
      'https://koteshen.com.evil.example/api/',
      'https://acme.koteshen.com/other',
    ]) {
      expect(thrownMessage(() => rt.run('fetchOne', [url]))).toBe(
        `Requests to ${url} are not allowed: the URL matches no prefix in the manifest's urlFetchWhitelist.`,
      );
    }
    const open = createRuntime({ transport, code: FETCH_CODE });
    expect(open.run('fetchOne', ['https://anywhere.example/'])).toEqual([200, 'ok']);
  });

  it('follows redirects unless told not to, each hop taking its own time', () => {
    const { transport, requests } = recordingTransport(
      (request): WireResponse =>
        request.url.endsWith('/old')
          ? { status: 302, headers: { Location: '/new' }, body: '', latencyMs: 100 }
          : { status: 200, headers: {}, body: 'moved here', latencyMs: 100 },
    );
    const rt = createRuntime({ transport, code: FETCH_CODE });
    expect(rt.run('fetchOne', ['https://x.example/old', { method: 'post', payload: 'a=1' }])).toEqual([200, 'moved here']);
    expect(requests.map((request) => [request.method, request.url, request.body])).toEqual([
      ['POST', 'https://x.example/old', 'a=1'],
      ['GET', 'https://x.example/new', undefined],
    ]);
    expect(rt.clock.now()).toBe(START + 200);
    expect(rt.run('fetchOne', ['https://x.example/old', { followRedirects: false }])).toEqual([302, '']);
  });

  it('answers with an HTTPResponse: headers, blob and bytes', () => {
    const { transport } = recordingTransport(() => ({
      status: 201,
      headers: { 'Content-Type': 'application/json', 'X-RateLimit-Remaining': '99' },
      body: '{"é":1}',
    }));
    const rt = createRuntime({
      transport,
      code: `function read() {
        var response = UrlFetchApp.fetch('https://x.example/');
        return [response.getHeaders(), response.getAllHeaders()['X-RateLimit-Remaining'], response.getBlob().getDataAsString(),
                response.getBlob().getContentType(), response.getContent().slice(0, 3), String(response)];
      }`,
    });
    expect(rt.run('read')).toEqual([
      { 'Content-Type': 'application/json', 'X-RateLimit-Remaining': '99' },
      '99',
      '{"é":1}',
      'application/json',
      [123, 34, -61],
      'HTTPResponse',
    ]);
  });

  it('is refused without authorization and in simple triggers, allowed in custom functions', () => {
    const rt = createRuntime({ transport: recordingTransport().transport, code: FETCH_CODE });
    const denied = 'You do not have permission to call UrlFetchApp.fetch';
    expect(thrownMessage(() => rt.run('fetchOne', ['https://x.example/'], { kind: 'simpleTrigger', authMode: 'NONE' }))).toBe(denied);
    expect(thrownMessage(() => rt.run('fetchOne', ['https://x.example/'], { kind: 'simpleTrigger' }))).toBe(denied);
    expect(rt.run('fetchOne', ['https://x.example/'], { kind: 'customFunction' })).toEqual([200, 'ok']);
  });
});
