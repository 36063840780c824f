import { ScriptException } from './errors';
import { TRIGGERS } from './limits';
import { addDays, DAY_MS, fromZoned, toZoned, type CalendarDate } from './timeZone';

const HOUR_MS = 3_600_000;

export type TriggerSchedule =
  | { kind: 'everyHours'; hours: number }
  | { kind: 'everyDays'; days: number; atHour?: number; nearMinute: number; timeZone: string }
  | { kind: 'once'; at: number };

/** A time-driven trigger, installed by `user`, who it runs as. */
export interface TimeTrigger {
  id: string;
  handler: string;
  user: string;
  schedule: TriggerSchedule;
  nextRunAt: number;
}

/** What rt.triggers lists. */
export interface TriggerInfo {
  id: string;
  handler: string;
  type: 'CLOCK';
  user: string;
  everyHours?: number;
  everyDays?: number;
  atHour?: number;
  at?: number;
  nextRunAt: number;
}

export interface TriggersState {
  nextId: number;
  triggers: TimeTrigger[];
}

/** The first trigger id; real ones are long numeric strings too. */
const FIRST_TRIGGER_ID = 7_000_001;

function dailySlot(date: CalendarDate, schedule: Extract<TriggerSchedule, { kind: 'everyDays' }>): number {
  return fromZoned({ ...date, hour: schedule.atHour ?? 0, minute: schedule.nearMinute }, schedule.timeZone);
}

/** When a new trigger first runs. */
function firstRunAt(schedule: TriggerSchedule, now: number): number {
  switch (schedule.kind) {
    case 'once':
      return schedule.at;
    case 'everyHours':
      return now + schedule.hours * HOUR_MS;
    case 'everyDays': {
      if (schedule.atHour === undefined) return now + schedule.days * DAY_MS;
      let date: CalendarDate = toZoned(now, schedule.timeZone);
      while (dailySlot(date, schedule) <= now) date = addDays(date, 1);
      return dailySlot(date, schedule);
    }
  }
}

/** The first slot of a recurring schedule after `now`, counting on from the run that just happened. */
function nextRunAfter(schedule: Exclude<TriggerSchedule, { kind: 'once' }>, previousRunAt: number, now: number): number {
  if (schedule.kind === 'everyHours' || schedule.atHour === undefined) {
    const period = schedule.kind === 'everyHours' ? schedule.hours * HOUR_MS : schedule.days * DAY_MS;
    return previousRunAt + Math.max(1, Math.floor((now - previousRunAt) / period) + 1) * period;
  }
  let date: CalendarDate = toZoned(previousRunAt, schedule.timeZone);
  do date = addDays(date, schedule.days);
  while (dailySlot(date, schedule) <= now);
  return dailySlot(date, schedule);
}

export class TriggerRegistry {
  private triggers: TimeTrigger[];
  private nextId: number;

  constructor(state?: TriggersState) {
    this.triggers = state ? state.triggers.map((trigger) => ({ ...trigger })) : [];
    this.nextId = state?.nextId ?? FIRST_TRIGGER_ID;
  }

  list(): readonly TimeTrigger[] {
    return this.triggers;
  }

  ofUser(user: string): TimeTrigger[] {
    return this.triggers.filter((trigger) => trigger.user === user);
  }

  has(id: string): boolean {
    return this.triggers.some((trigger) => trigger.id === id);
  }

  /**
   * Installs a trigger for `user`. Editor add-ons may have one time-driven trigger per user per document, and the
   * platform refuses the second.
   */
  create(user: string, handler: string, schedule: TriggerSchedule, now: number): TimeTrigger {
    if (this.ofUser(user).length > 0) {
      throw new ScriptException('This add-on has created too many time-based triggers in this document for this Google user account.');
    }
    const trigger: TimeTrigger = { id: String(this.nextId++), handler, user, schedule, nextRunAt: firstRunAt(schedule, now) };
    this.triggers.push(trigger);
    return trigger;
  }

  remove(id: string): void {
    this.triggers = this.triggers.filter((trigger) => trigger.id !== id);
  }

  /** Triggers whose time has come, earliest first. */
  due(now: number): TimeTrigger[] {
    return this.triggers
      .filter((trigger) => trigger.nextRunAt <= now)
      .sort((a, b) => a.nextRunAt - b.nextRunAt || Number(a.id) - Number(b.id));
  }

  nextDueAt(): number | undefined {
    return this.triggers.length === 0 ? undefined : Math.min(...this.triggers.map((trigger) => trigger.nextRunAt));
  }

  /** After a run: a one-off trigger is gone, a recurring one moves to its next slot (unless the handler deleted it). */
  fired(trigger: TimeTrigger, now: number): void {
    if (!this.has(trigger.id)) return;
    if (trigger.schedule.kind === 'once') this.remove(trigger.id);
    else trigger.nextRunAt = nextRunAfter(trigger.schedule, trigger.nextRunAt, now);
  }

  info(): TriggerInfo[] {
    return this.triggers.map(({ id, handler, user, schedule, nextRunAt }) => ({
      id,
      handler,
      type: 'CLOCK',
      user,
      nextRunAt,
      ...(schedule.kind === 'everyHours' && { everyHours: schedule.hours }),
      ...(schedule.kind === 'everyDays' && { everyDays: schedule.days, atHour: schedule.atHour }),
      ...(schedule.kind === 'once' && { at: schedule.at }),
    }));
  }

  toState(): TriggersState {
    return { nextId: this.nextId, triggers: this.triggers.map((trigger) => ({ ...trigger })) };
  }
}

/** The event object a time-driven trigger's handler receives; calendar fields are UTC, as on the platform. */
export function clockTriggerEvent(triggerUid: string | undefined, at: number): Record<string, unknown> {
  const time = new Date(at);
  const weekday = time.getUTCDay() === 0 ? 7 : time.getUTCDay();
  const thursday = new Date(Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), time.getUTCDate() + 4 - weekday));
  const weekOfYear = Math.ceil(((thursday.getTime() - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / DAY_MS + 1) / 7);
  return {
    authMode: 'FULL',
    triggerUid,
    year: time.getUTCFullYear(),
    month: time.getUTCMonth() + 1,
    'day-of-month': time.getUTCDate(),
    'day-of-week': weekday,
    'week-of-year': weekOfYear,
    hour: time.getUTCHours(),
    minute: time.getUTCMinutes(),
    second: time.getUTCSeconds(),
    timezone: 'UTC',
  };
}

/** The earliest an add-on's one-off trigger may run: an hour after it is created (at most hourly). */
export function earliestOneOffRun(requestedAt: number, now: number): number {
  return Math.max(requestedAt, now + TRIGGERS.minIntervalMs);
}
