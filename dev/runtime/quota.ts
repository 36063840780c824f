import { ScriptException } from './errors';

export interface QuotaState {
  day: string;
  used: Record<string, number>;
}

/** A per-user daily allowance (UrlFetch calls, email recipients). It resets when the virtual UTC day changes. */
export class DailyQuota {
  private day = '';
  private used = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly exceededMessage: string,
    state?: QuotaState,
  ) {
    if (state) {
      this.day = state.day;
      this.used = new Map(Object.entries(state.used));
    }
  }

  remaining(user: string, now: number): number {
    this.rollOver(now);
    return this.limit - (this.used.get(user) ?? 0);
  }

  /** Takes `count` from the user's allowance, or throws the platform's "too many times" error taking nothing. */
  consume(user: string, count: number, now: number): void {
    if (count > this.remaining(user, now)) throw new ScriptException(this.exceededMessage);
    this.used.set(user, (this.used.get(user) ?? 0) + count);
  }

  toState(): QuotaState {
    return { day: this.day, used: Object.fromEntries(this.used) };
  }

  private rollOver(now: number): void {
    const day = new Date(now).toISOString().slice(0, 10);
    if (day !== this.day) {
      this.day = day;
      this.used.clear();
    }
  }
}
