/**
 * The PAYMENTS formula's cache holds big tables (issue 13, point 3): gzipped, as base64 in chunks of a cache value's
 * 100 KB. 40,000 payments are about 8 million characters of JSON, past the 250 chunks of 30,000 a value may take
 * uncompressed; gzipped they fit in a few dozen.
 */
import { gzipSync } from 'node:zlib';
import { loadAddOn } from '../../dev/addOn';
import { runtimeWith } from '../runtime/helpers';

describe('the PAYMENTS cache', () => {
  it('serves a recalculation of a 40,000-payment formula without a request', () => {
    const addOn = loadAddOn({ simulators: { payments: 40_000 } });
    addOn.connect('uqualify');
    const formula = () => addOn.rt.run('PAYMENTS', ['uqualify'], { kind: 'customFunction' }) as unknown[][];
    const table = formula();
    expect(table).toHaveLength(40_001);
    const requests = addOn.sims.uqualify.requests.length;
    addOn.rt.clock.advance(60_000);
    expect(JSON.stringify(formula())).toBe(JSON.stringify(table));
    expect(addOn.sims.uqualify.requests.length).toBe(requests);
  });
});

describe("the runtime's Utilities.gzip and ungzip", () => {
  const CODE = `
    function roundTrip(text) { return Utilities.ungzip(Utilities.gzip(Utilities.newBlob(text))).getDataAsString(); }
    function gzipBase64(text) { return Utilities.base64Encode(Utilities.gzip(Utilities.newBlob(text, 'text/plain', 'a.json')).getBytes()); }
    function gzipName(text) { var b = Utilities.gzip(Utilities.newBlob(text, 'text/plain', 'a.json')); return [b.getName(), b.getContentType()]; }
    function ungzipText(text) { return Utilities.ungzip(Utilities.newBlob(text)).getDataAsString(); }`;

  it('round-trips any text, and writes real gzip', () => {
    const rt = runtimeWith(CODE);
    const text = 'Zoë paid €12.50 — 日本 🎉'.repeat(50);
    expect(rt.run('roundTrip', [text])).toBe(text);
    const packed = rt.run('gzipBase64', [text]) as string;
    expect(Buffer.from(packed, 'base64').subarray(0, 2)).toEqual(gzipSync('').subarray(0, 2));
    expect(rt.run('gzipName', [text])).toEqual(['a.json.gz', 'application/x-gzip']);
  });

  it('refuses data that is not gzip', () => {
    const rt = runtimeWith(CODE);
    expect(() => rt.run('ungzipText', ['plain text'])).toThrow('Could not decompress gzip.');
  });
});
