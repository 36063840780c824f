import { createRuntime, ExecutionTimeoutError } from '../../dev/runtime';
import { recordingTransport, runtimeWith, START, thrownMessage } from './helpers';

describe('executions', () => {
  it('kills a custom function at 30 s, and every later service call throws again, even when the script catches', () => {
    const rt = runtimeWith(`
      function slow(record) {
        try { Utilities.sleep(40000); } catch (e) { record('sleep: ' + e.message); }
        try { PropertiesService.getScriptProperties(); } catch (e) { record('after: ' + e.message); }
        return 'finished anyway';
      }`);
    const seen: string[] = [];
    expect(() => rt.run('slow', [(message: string) => seen.push(message)], { kind: 'customFunction' })).toThrow(ExecutionTimeoutError);
    expect(seen).toEqual(['sleep: Exceeded maximum execution time', 'after: Exceeded maximum execution time']);
    expect(rt.clock.now()).toBe(START + 30_000);
  });

  it('gives editor executions 6 minutes and simple triggers 30 s', () => {
    const rt = runtimeWith(`function work(seconds) { Utilities.sleep(seconds * 1000); return 'done'; }`);
    expect(rt.run('work', [359])).toBe('done');
    expect(() => rt.run('work', [361])).toThrow('Exceeded maximum execution time');
    expect(rt.clock.now()).toBe(START + 359_000 + 360_000);
    expect(() => rt.run('work', [31], { kind: 'simpleTrigger' })).toThrow(ExecutionTimeoutError);
    expect(rt.run('work', [29], { kind: 'trigger' })).toBe('done');
  });

  it('checks the deadline during network waits: the request is sent, the execution dies at 30 s', () => {
    const { transport, requests } = recordingTransport(() => ({ status: 200, headers: {}, body: 'ok', latencyMs: 20_000 }));
    const rt = createRuntime({
      transport,
      code: `function twoCalls() { UrlFetchApp.fetch('https://a.example/1'); UrlFetchApp.fetch('https://a.example/2'); return 'both'; }`,
    });
    expect(() => rt.run('twoCalls', [], { kind: 'customFunction' })).toThrow(ExecutionTimeoutError);
    expect(requests.map((request) => request.url)).toEqual(['https://a.example/1', 'https://a.example/2']);
    expect(rt.clock.now()).toBe(START + 30_000);
  });

  it('releases the locks of a killed execution', () => {
    const rt = runtimeWith(`
      function holdAndHang() { LockService.getDocumentLock().waitLock(1000); Utilities.sleep(400000); }
      function tryIt() { return LockService.getDocumentLock().tryLock(0); }`);
    expect(() => rt.run('holdAndHang')).toThrow(ExecutionTimeoutError);
    expect(rt.run('tryIt')).toBe(true);
  });

  it('shows the script the virtual clock through Date', () => {
    const rt = runtimeWith(
      `function now() { return [new Date().getTime(), Date.now(), new Date(0).getTime(), typeof Date(), new Date() instanceof Date]; }`,
    );
    expect(rt.run('now')).toEqual([START, START, 0, 'string', true]);
    rt.clock.advance(5_000);
    expect(rt.run('now')).toEqual([START + 5_000, START + 5_000, 0, 'string', true]);
  });

  it("hands values across in the script's own realm and back in the host's", () => {
    const rt = runtimeWith(`
      function inspect(date, list, record) {
        return { isDate: date instanceof Date, year: date.getUTCFullYear(), isArray: list instanceof Array, nested: list[1] instanceof Array,
                 sum: list[0] + list[1][0], record: Object.getPrototypeOf(record) === Object.prototype, returned: new Date(Date.UTC(2026, 0, 2)) };
      }`);
    const result = rt.run('inspect', [new Date(Date.UTC(2025, 5, 1)), [1, [2]], { a: 1 }]) as Record<string, unknown>;
    expect(result).toEqual({
      isDate: true,
      year: 2025,
      isArray: true,
      nested: true,
      sum: 3,
      record: true,
      returned: new Date(Date.UTC(2026, 0, 2)),
    });
    expect(result.returned).toBeInstanceOf(Date);
  });

  it('throws service errors into the script as its own Errors named Exception', () => {
    const rt = runtimeWith(`
      function probe() {
        try { SpreadsheetApp.getActive().getSheets()[0].getRange(0, 1); }
        catch (e) { return [e instanceof Error, e.name, String(e)]; }
      }`);
    expect(rt.run('probe')).toEqual([true, 'Exception', 'Exception: The starting row of the range is too small.']);
  });

  it('gives the caller what the script threw as a host Error', () => {
    const rt = runtimeWith(`function fail() { throw new TypeError('bad input'); } function failWithText() { throw 'plain'; }`);
    const error = (() => {
      try {
        rt.run('fail');
      } catch (thrown) {
        return thrown as Error;
      }
    })();
    expect(error).toBeInstanceOf(Error);
    expect([error?.name, error?.message]).toEqual(['TypeError', 'bad input']);
    expect(thrownMessage(() => rt.run('failWithText'))).toBe('plain');
    expect(thrownMessage(() => rt.run('missing'))).toBe('Script function not found: missing');
  });

  it('gives every execution a fresh global scope and leaves unknown services undefined', () => {
    const rt = runtimeWith(`var count = 0; function bump() { count++; return count; } function drive() { return DriveApp.getFiles(); }`);
    expect([rt.run('bump'), rt.run('bump')]).toEqual([1, 1]);
    expect(thrownMessage(() => rt.run('drive'))).toBe('DriveApp is not defined');
  });

  it('runs an esbuild-style bundle: stubs replaced by the IIFE through `this`', () => {
    const rt = runtimeWith(`
      function PAYMENTS(provider) {}
      (() => { var global = this; global.PAYMENTS = function (provider) { return 'impl:' + provider; }; })();`);
    expect(rt.run('PAYMENTS', ['aura'])).toBe('impl:aura');
    expect(rt.stats.executions).toBe(1);
  });

  it("runs on the wall clock in 'real' mode: sleeps block, advance() skips ahead", () => {
    const startTime = Date.parse('2030-01-01T00:00:00Z');
    const rt = createRuntime({
      transport: recordingTransport().transport,
      clockMode: 'real',
      startTime,
      code: 'function nap() { Utilities.sleep(50); return Date.now(); }',
    });
    const wallBefore = Date.now();
    const scriptNow = rt.run('nap') as number;
    expect(Date.now() - wallBefore).toBeGreaterThanOrEqual(49);
    expect(scriptNow - startTime).toBeGreaterThanOrEqual(49);
    expect(scriptNow - startTime).toBeLessThan(5_000);
    rt.clock.advance(3_600_000);
    expect(rt.clock.now() - startTime).toBeGreaterThanOrEqual(3_600_049);
  });

  it('requires code before running', () => {
    const rt = createRuntime({ transport: recordingTransport().transport });
    expect(() => rt.run('anything')).toThrow('No code loaded');
    rt.load('function hello() { return "hi"; }');
    expect(rt.run('hello')).toBe('hi');
  });
});
