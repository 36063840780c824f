import type { Clock } from '../platform/types';

/** Apps Script kills a custom function at 30 s and anything else at 6 min; we stop short of that on purpose. */
export const CUSTOM_FUNCTION_LIMIT_MS = 30_000;
export const EXECUTION_LIMIT_MS = 6 * 60_000;
/** Time kept back to turn rows into cells, write caches and return, after the last request. */
export const CUSTOM_FUNCTION_RESERVE_MS = 3_000;
export const EXECUTION_RESERVE_MS = 45_000;

/** The wall-clock deadline of the running execution, and what is left of it. */
export class TimeBudget {
  constructor(
    readonly clock: Clock,
    readonly deadline: number,
  ) {}

  static forCustomFunction(clock: Clock, startedAt = clock.now()): TimeBudget {
    return new TimeBudget(clock, startedAt + CUSTOM_FUNCTION_LIMIT_MS - CUSTOM_FUNCTION_RESERVE_MS);
  }

  static forExecution(clock: Clock, startedAt = clock.now()): TimeBudget {
    return new TimeBudget(clock, startedAt + EXECUTION_LIMIT_MS - EXECUTION_RESERVE_MS);
  }

  remainingMs(): number {
    return this.deadline - this.clock.now();
  }
}
