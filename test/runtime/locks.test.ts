import { runtimeWith, START, thrownMessage } from './helpers';

const CODE = `
  function lock(scope) { return scope === 'user' ? LockService.getUserLock() : scope === 'script' ? LockService.getScriptLock() : LockService.getDocumentLock(); }
  function tryFor(scope, ms) { return lock(scope).tryLock(ms); }
  function waitFor(scope, ms) { lock(scope).waitLock(ms); return 'acquired'; }
  function holdAndReport() {
    var l = lock('document');
    var before = l.hasLock();
    l.waitLock(0);
    var during = [l.hasLock(), lock('document').tryLock(0)];
    l.releaseLock();
    return [before, during, l.hasLock()];
  }
  function takeAndKeep() { lock('script').waitLock(0); return 'kept'; }`;

describe('LockService', () => {
  it('waits on the virtual clock for a lock held elsewhere, and gives up at the timeout', () => {
    const rt = runtimeWith(CODE);
    rt.holdLock('document', START + 10_000);
    expect(rt.run('tryFor', ['document', 5_000])).toBe(false);
    expect(rt.clock.now()).toBe(START + 5_000);
    expect(rt.run('tryFor', ['document', 20_000])).toBe(true);
    expect(rt.clock.now()).toBe(START + 10_000);
  });

  it("throws waitLock's timeout error", () => {
    const rt = runtimeWith(CODE);
    rt.holdLock('script', START + 60_000);
    expect(thrownMessage(() => rt.run('waitFor', ['script', 30_000]))).toBe(
      'Lock timeout: another process was holding the lock for too long.',
    );
    expect(rt.clock.now()).toBe(START + 30_000);
    expect(rt.run('waitFor', ['script', 30_000])).toBe('acquired');
  });

  it('keeps user locks per user', () => {
    const rt = runtimeWith(CODE);
    rt.holdLock('user', START + 60_000, 'a@example.com');
    expect(rt.run('tryFor', ['user', 0], { user: 'a@example.com' })).toBe(false);
    expect(rt.run('tryFor', ['user', 0], { user: 'b@example.com' })).toBe(true);
  });

  it('reports hasLock, is re-entrant within an execution, and releases at the end of the execution', () => {
    const rt = runtimeWith(CODE);
    expect(rt.run('holdAndReport')).toEqual([false, [true, true], false]);
    expect(rt.run('takeAndKeep')).toBe('kept');
    expect(rt.run('tryFor', ['script', 0])).toBe(true);
  });

  it('counts waiting against the deadline', () => {
    const rt = runtimeWith(CODE);
    rt.holdLock('document', START + 600_000);
    expect(thrownMessage(() => rt.run('tryFor', ['document', 500_000]))).toBe('Exceeded maximum execution time');
    expect(rt.clock.now()).toBe(START + 360_000);
  });
});
