import { ScriptException, signatureMismatch } from './errors';
import { ACCESS, type Execution } from './execution';
import { TRIGGERS } from './limits';
import { ServiceObject } from './membrane';
import type { Platform } from './platform';
import { resolveTimeZone } from './timeZone';
import { earliestOneOffRun, type TimeTrigger, type TriggerSchedule } from './triggers';

const AUTH_MODE = Object.freeze({ NONE: 'NONE', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION', LIMITED: 'LIMITED', FULL: 'FULL' });
const AUTHORIZATION_STATUS = Object.freeze({ REQUIRED: 'REQUIRED', NOT_REQUIRED: 'NOT_REQUIRED' });
const EVENT_TYPE = Object.freeze({
  CLOCK: 'CLOCK',
  ON_OPEN: 'ON_OPEN',
  ON_EDIT: 'ON_EDIT',
  ON_FORM_SUBMIT: 'ON_FORM_SUBMIT',
  ON_CHANGE: 'ON_CHANGE',
});
const TRIGGER_SOURCE = Object.freeze({
  SPREADSHEETS: 'SPREADSHEETS',
  CLOCK: 'CLOCK',
  FORMS: 'FORMS',
  DOCUMENTS: 'DOCUMENTS',
  CALENDAR: 'CALENDAR',
});

export class ScriptAppFake extends ServiceObject {
  protected readonly typeName = 'ScriptApp';

  constructor(
    private readonly execution: Execution,
    private readonly platform: Platform,
  ) {
    super();
  }

  get AuthMode(): typeof AUTH_MODE {
    return AUTH_MODE;
  }

  get AuthorizationStatus(): typeof AUTHORIZATION_STATUS {
    return AUTHORIZATION_STATUS;
  }

  get EventType(): typeof EVENT_TYPE {
    return EVENT_TYPE;
  }

  get TriggerSource(): typeof TRIGGER_SOURCE {
    return TRIGGER_SOURCE;
  }

  /** Every local user has granted the add-on its scopes. */
  getAuthorizationInfo(): AuthorizationInfoFake {
    return new AuthorizationInfoFake();
  }

  newTrigger(functionName: unknown): TriggerBuilderFake {
    this.execution.checkAccess('ScriptApp.newTrigger', ACCESS.privileged);
    if (typeof functionName !== 'string') throw signatureMismatch('ScriptApp.newTrigger', [functionName]);
    return new TriggerBuilderFake(this.execution, this.platform, functionName);
  }

  getProjectTriggers(): TriggerFake[] {
    this.execution.checkAccess('ScriptApp.getProjectTriggers', ACCESS.privileged);
    return this.platform.triggers.ofUser(this.execution.user).map((trigger) => new TriggerFake(trigger));
  }

  /** There is one document, so the user's triggers for it are the user's triggers. */
  getUserTriggers(): TriggerFake[] {
    this.execution.checkAccess('ScriptApp.getUserTriggers', ACCESS.privileged);
    return this.platform.triggers.ofUser(this.execution.user).map((trigger) => new TriggerFake(trigger));
  }

  deleteTrigger(trigger: unknown): void {
    this.execution.checkAccess('ScriptApp.deleteTrigger', ACCESS.privileged);
    if (!(trigger instanceof TriggerFake)) throw signatureMismatch('ScriptApp.deleteTrigger', [trigger]);
    this.platform.triggers.remove(trigger.getUniqueId());
  }
}

export class AuthorizationInfoFake extends ServiceObject {
  protected readonly typeName = 'AuthorizationInfo';

  getAuthorizationStatus(): string {
    return AUTHORIZATION_STATUS.NOT_REQUIRED;
  }

  getAuthorizationUrl(): null {
    return null;
  }
}

export class TriggerFake extends ServiceObject {
  protected readonly typeName = 'Trigger';

  constructor(private readonly trigger: TimeTrigger) {
    super();
  }

  getUniqueId(): string {
    return this.trigger.id;
  }

  getHandlerFunction(): string {
    return this.trigger.handler;
  }

  getEventType(): string {
    return EVENT_TYPE.CLOCK;
  }

  getTriggerSource(): string {
    return TRIGGER_SOURCE.CLOCK;
  }

  getTriggerSourceId(): null {
    return null;
  }
}

export class TriggerBuilderFake extends ServiceObject {
  protected readonly typeName = 'TriggerBuilder';

  constructor(
    private readonly execution: Execution,
    private readonly platform: Platform,
    private readonly handler: string,
  ) {
    super();
  }

  timeBased(): ClockTriggerBuilderFake {
    return new ClockTriggerBuilderFake(this.execution, this.platform, this.handler);
  }
}

export class ClockTriggerBuilderFake extends ServiceObject {
  protected readonly typeName = 'ClockTriggerBuilder';
  private hours?: number;
  private days?: number;
  private atHourValue?: number;
  private minute = 0;
  private timeZone: string;
  private runAt?: number;

  constructor(
    private readonly execution: Execution,
    private readonly platform: Platform,
    private readonly handler: string,
  ) {
    super();
    this.timeZone = platform.scriptTimeZone;
  }

  everyMinutes(): ClockTriggerBuilderFake {
    throw new ScriptException('Add-on time-driven triggers cannot run more frequently than once per hour.');
  }

  everyHours(hours: unknown): ClockTriggerBuilderFake {
    if (!TRIGGERS.allowedEveryHours.some((allowed) => allowed === hours)) {
      throw new ScriptException(`Invalid argument: everyHours(${String(hours)}). Hourly triggers may run every 1, 2, 4, 6, 8 or 12 hours.`);
    }
    this.hours = hours as number;
    return this;
  }

  everyDays(days: unknown): ClockTriggerBuilderFake {
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1)
      throw new ScriptException(`Invalid argument: everyDays(${String(days)})`);
    this.days = days;
    return this;
  }

  atHour(hour: unknown): ClockTriggerBuilderFake {
    if (typeof hour !== 'number' || !Number.isInteger(hour) || hour < 0 || hour > 23)
      throw new ScriptException(`Invalid argument: atHour(${String(hour)})`);
    this.atHourValue = hour;
    return this;
  }

  /** The platform picks a time around this minute; the local runtime uses it exactly (for daily triggers). */
  nearMinute(minute: unknown): ClockTriggerBuilderFake {
    if (typeof minute !== 'number' || minute < 0 || minute > 59)
      throw new ScriptException(`Invalid argument: nearMinute(${String(minute)})`);
    this.minute = minute;
    return this;
  }

  inTimezone(timeZone: unknown): ClockTriggerBuilderFake {
    this.timeZone = resolveTimeZone(String(timeZone));
    return this;
  }

  /**
   * One-off triggers are allowed to ask for less than an hour, but add-on time-driven triggers run at most once an
   * hour, so the local runtime fires them an hour after creation at the earliest (likewise for at()).
   */
  after(durationMilliseconds: unknown): ClockTriggerBuilderFake {
    if (typeof durationMilliseconds !== 'number') throw signatureMismatch('ClockTriggerBuilder.after', [durationMilliseconds]);
    this.runAt = earliestOneOffRun(this.execution.now() + durationMilliseconds, this.execution.now());
    return this;
  }

  at(date: unknown): ClockTriggerBuilderFake {
    if (!(date instanceof Date)) throw signatureMismatch('ClockTriggerBuilder.at', [date]);
    this.runAt = earliestOneOffRun(date.getTime(), this.execution.now());
    return this;
  }

  create(): TriggerFake {
    this.execution.checkAccess('ClockTriggerBuilder.create', ACCESS.privileged);
    const now = this.execution.now();
    return new TriggerFake(this.platform.triggers.create(this.execution.user, this.handler, this.schedule(), now));
  }

  private schedule(): TriggerSchedule {
    if (this.runAt !== undefined) return { kind: 'once', at: this.runAt };
    if (this.hours !== undefined) return { kind: 'everyHours', hours: this.hours };
    if (this.days !== undefined) {
      return { kind: 'everyDays', days: this.days, atHour: this.atHourValue, nearMinute: this.minute, timeZone: this.timeZone };
    }
    throw new ScriptException('The trigger has no schedule: call everyHours, everyDays, after or at before create.');
  }
}
