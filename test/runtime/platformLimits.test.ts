/**
 * The platform limits the runtime plays as Google does: urlFetchWhitelist path boundaries, the 2 KB URL, the daily
 * UrlFetch quota per account type, read-only user properties in a custom function, and a null document lock.
 */
import { createRuntime } from '../../dev/runtime';
import { recordingTransport, runtimeWith, thrownMessage } from './helpers';

const FETCH_CODE = `
  function fetchOne(url, params) {
    var response = UrlFetchApp.fetch(url, params);
    return [response.getResponseCode(), response.getContentText()];
  }`;

describe('urlFetchWhitelist', () => {
  const rt = createRuntime({
    transport: recordingTransport().transport,
    code: FETCH_CODE,
    manifest: { urlFetchWhitelist: ['https://api.example.com/v1', 'https://*.example.org/', 'https://no-path.example.net'] },
  });
  const refused = (url: string) => `Requests to ${url} are not allowed: the URL matches no prefix in the manifest's urlFetchWhitelist.`;

  it('allows the entry itself and what lies under its path, at a "/" boundary', () => {
    expect(rt.run('fetchOne', ['https://api.example.com/v1'])).toEqual([200, 'ok']);
    expect(rt.run('fetchOne', ['https://api.example.com/v1/payments?page=2'])).toEqual([200, 'ok']);
    expect(rt.run('fetchOne', ['https://eu.example.org/anything'])).toEqual([200, 'ok']);
    for (const url of ['https://api.example.com/v10', 'https://api.example.com/v1beta/payments', 'https://api.example.com/']) {
      expect(thrownMessage(() => rt.run('fetchOne', [url]))).toBe(refused(url));
    }
  });

  it('wants a subdomain for a wildcard, and matches nothing for an entry without a path (Google refuses one)', () => {
    expect(thrownMessage(() => rt.run('fetchOne', ['https://example.org/']))).toBe(refused('https://example.org/'));
    expect(thrownMessage(() => rt.run('fetchOne', ['https://no-path.example.net/']))).toBe(refused('https://no-path.example.net/'));
  });
});

describe('UrlFetch limits', () => {
  it('refuses a URL over 2 KB (2,048 bytes) before sending it', () => {
    const { transport, requests } = recordingTransport();
    const rt = createRuntime({ transport, code: FETCH_CODE });
    const base = 'https://x.example/?q=';
    expect(rt.run('fetchOne', [base + 'a'.repeat(2_048 - base.length)])).toEqual([200, 'ok']);
    expect(thrownMessage(() => rt.run('fetchOne', [base + 'a'.repeat(2_049 - base.length)]))).toBe('Limit Exceeded: URLFetch URL Length.');
    expect(requests).toHaveLength(1);
  });

  it('counts a daily quota of the size the account has (urlFetchCallsPerDay: a Workspace account)', () => {
    const rt = createRuntime({ transport: recordingTransport().transport, code: FETCH_CODE, urlFetchCallsPerDay: 2 });
    rt.run('fetchOne', ['https://x.example/1']);
    rt.run('fetchOne', ['https://x.example/2']);
    expect(thrownMessage(() => rt.run('fetchOne', ['https://x.example/3']))).toBe('Service invoked too many times for one day: urlfetch.');
  });
});

describe('a custom function and properties', () => {
  const CODE = `
    function READ_KEY() { return PropertiesService.getUserProperties().getProperty('k'); }
    function WRITE_KEY() { PropertiesService.getUserProperties().setProperty('k', 'changed'); return 'written'; }
    function DELETE_KEY() { PropertiesService.getUserProperties().deleteProperty('k'); return 'deleted'; }`;

  it("reads the owner's user properties but may not set or delete them", () => {
    const rt = runtimeWith(CODE);
    rt.userProperties('owner@example.com').k = 'saved';
    rt.setCell('Sheet1', 'A1', '=READ_KEY()');
    rt.setCell('Sheet1', 'A2', '=WRITE_KEY()');
    rt.setCell('Sheet1', 'A3', '=DELETE_KEY()');
    expect(rt.spreadsheet.sheet('Sheet1').values()[0][0]).toBe('saved');
    expect(rt.spreadsheet.cellError('Sheet1', 'A2')?.message).toBe(
      'You do not have permission to call Properties.setProperty in a custom function.',
    );
    expect(rt.spreadsheet.cellError('Sheet1', 'A3')?.message).toBe(
      'You do not have permission to call Properties.deleteProperty in a custom function.',
    );
    expect(rt.userProperties('owner@example.com').k).toBe('saved');
    expect(rt.run('WRITE_KEY')).toBe('written');
  });
});

describe('LockService.getDocumentLock()', () => {
  it('returns null once the runtime withholds it, as Google documents outside a containing document', () => {
    const rt = runtimeWith(
      'function lockKind() { var lock = LockService.getDocumentLock(); return lock === null ? "null" : String(lock.tryLock(10)); }',
    );
    expect(rt.run('lockKind')).toBe('true');
    rt.withholdDocumentLock();
    expect(rt.run('lockKind')).toBe('null');
  });
});
