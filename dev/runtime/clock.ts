/** The runtime's "now": virtual by default so tests control time; real (with an offset) for the playground. */
export interface Clock {
  now(): number;
  /** Moves time forward without anyone waiting: tests skipping ahead, the playground's fast-forward. */
  advance(ms: number): void;
}

export type ClockMode = 'virtual' | 'real';

/** What executions need on top of Clock: a way to spend time. */
export interface RuntimeClock extends Clock {
  readonly mode: ClockMode;
  /** Lets time pass until `time`: the virtual clock jumps there, the real one blocks the thread. */
  waitUntil(time: number): void;
}

/** `start` is where the clock begins; the real clock then runs at wall-clock speed from there. */
export function createClock(mode: ClockMode, start: number | undefined): RuntimeClock {
  return mode === 'real' ? new RealClock(start) : new VirtualClock(start ?? Date.now());
}

function assertForward(ms: number): void {
  if (!(ms >= 0)) throw new RangeError(`The clock only moves forward (asked to advance by ${ms} ms)`);
}

class VirtualClock implements RuntimeClock {
  readonly mode = 'virtual';
  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    assertForward(ms);
    this.current += ms;
  }

  waitUntil(time: number): void {
    this.current = Math.max(this.current, time);
  }
}

class RealClock implements RuntimeClock {
  readonly mode = 'real';
  private offset: number;
  /** Atomics.wait needs a shared cell to wait on; nobody ever notifies it, so the wait lasts its full timeout. */
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));

  constructor(start: number | undefined) {
    this.offset = start === undefined ? 0 : start - Date.now();
  }

  now(): number {
    return Date.now() + this.offset;
  }

  advance(ms: number): void {
    assertForward(ms);
    this.offset += ms;
  }

  waitUntil(time: number): void {
    const ms = time - this.now();
    if (ms > 0) Atomics.wait(this.sleeper, 0, 0, ms);
  }
}
