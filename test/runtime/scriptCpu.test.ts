import { ExecutionTimeoutError } from '../../dev/runtime';
import { runtimeWith } from './helpers';

/** The scriptCpuFactor option: the script's own CPU time passes on the clock, so deadlines and "elapsed" count it. */

const CODE = `
  function spin() { var x = 0; for (var i = 0; i < 3e6; i++) x += Math.sqrt(i); return x; }
  function spinThenCall() { spin(); return Utilities.getUuid().length; }
  function callsOnly() { for (var i = 0; i < 20; i++) Utilities.getUuid(); }`;

describe("The script's CPU time on the clock", () => {
  it('is free by default, so virtual times do not depend on the machine', () => {
    const rt = runtimeWith(CODE);
    const before = rt.clock.now();
    rt.run('spinThenCall');
    expect(rt.clock.now()).toBe(before);
    expect(rt.stats.scriptCpuMs).toBe(0);
  });

  it('passes on the clock, times the factor, with scriptCpuFactor', () => {
    const rt = runtimeWith(CODE, { scriptCpuFactor: 100 });
    const before = rt.clock.now();
    rt.run('spinThenCall');
    // Three million square roots take milliseconds of CPU at least: a tenth of a second or more at a hundred times.
    expect(rt.clock.now() - before).toBeGreaterThan(100);
    expect(rt.stats.scriptCpuMs).toBeCloseTo(rt.clock.now() - before, 1);
  });

  it('kills an execution whose CPU time runs past the deadline', () => {
    const rt = runtimeWith(CODE, { scriptCpuFactor: 1e6 });
    expect(() => rt.run('spinThenCall')).toThrow(ExecutionTimeoutError);
  });

  it('does not charge the time the service calls themselves take', () => {
    const rt = runtimeWith(CODE, { scriptCpuFactor: 1 });
    const before = rt.clock.now();
    rt.run('callsOnly');
    expect(rt.clock.now() - before).toBeLessThan(50);
  });

  it('refuses a factor that is not a positive number', () => {
    expect(() => runtimeWith(CODE, { scriptCpuFactor: 0 })).toThrow('scriptCpuFactor must be a number > 0 (got 0)');
  });
});
