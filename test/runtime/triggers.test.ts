import { createRuntime } from '../../dev/runtime';
import { OWNER, recordingTransport, START, thrownMessage } from './helpers';

const HOUR = 3_600_000;

const CODE = `
  function installHourly(hours) { return ScriptApp.newTrigger('tick').timeBased().everyHours(hours).create().getUniqueId(); }
  function installDaily(hour, zone) { ScriptApp.newTrigger('tick').timeBased().everyDays(1).atHour(hour).inTimezone(zone).create(); }
  function installAfter(ms) { ScriptApp.newTrigger('tick').timeBased().after(ms).create(); }
  function installAt(date) { ScriptApp.newTrigger('tick').timeBased().at(date).create(); }
  function installEveryMinutes() { ScriptApp.newTrigger('tick').timeBased().everyMinutes(5).create(); }
  function removeAll() { ScriptApp.getProjectTriggers().forEach(function (t) { ScriptApp.deleteTrigger(t); }); }
  function list() {
    return ScriptApp.getProjectTriggers().map(function (t) { return [t.getHandlerFunction(), t.getEventType(), t.getTriggerSource()]; });
  }
  function tick(e) {
    var props = PropertiesService.getScriptProperties();
    var runs = JSON.parse(props.getProperty('runs') || '[]');
    runs.push({ uid: e.triggerUid, authMode: e.authMode, hour: e.hour, user: Session.getEffectiveUser().getEmail(), at: new Date().toISOString() });
    props.setProperty('runs', JSON.stringify(runs));
  }
  function broken() { throw new Error('handler failed'); }
  function installBroken() { ScriptApp.newTrigger('broken').timeBased().everyHours(1).create(); }`;

function runtime() {
  return createRuntime({ transport: recordingTransport().transport, code: CODE });
}

function runs(rt: ReturnType<typeof runtime>): Array<Record<string, unknown>> {
  return JSON.parse(rt.scriptProperties.runs ?? '[]');
}

describe('time-driven triggers', () => {
  it('allows one time-driven trigger per user per document', () => {
    const rt = runtime();
    rt.run('installHourly', [1]);
    expect(thrownMessage(() => rt.run('installAfter', [HOUR]))).toBe(
      'This add-on has created too many time-based triggers in this document for this Google user account.',
    );
    rt.run('installHourly', [2], { user: 'colleague@example.com' });
    expect(rt.triggers.map((trigger) => [trigger.user, trigger.everyHours])).toEqual([
      [OWNER, 1],
      ['colleague@example.com', 2],
    ]);
    expect(rt.run('list')).toEqual([['tick', 'CLOCK', 'CLOCK']]);
    rt.run('removeAll');
    rt.run('installHourly', [4]);
    expect(rt.triggers.map((trigger) => [trigger.user, trigger.everyHours])).toEqual([
      ['colleague@example.com', 2],
      [OWNER, 4],
    ]);
  });

  it('runs hourly triggers every 1, 2, 4, 6, 8 or 12 hours, never more often than hourly', () => {
    for (const hours of [1, 2, 4, 6, 8, 12]) {
      const rt = runtime();
      rt.run('installHourly', [hours]);
      expect(rt.triggers[0].nextRunAt).toBe(START + hours * HOUR);
    }
    const rt = runtime();
    expect(thrownMessage(() => rt.run('installHourly', [3]))).toBe(
      'Invalid argument: everyHours(3). Hourly triggers may run every 1, 2, 4, 6, 8 or 12 hours.',
    );
    expect(thrownMessage(() => rt.run('installEveryMinutes'))).toBe(
      'Add-on time-driven triggers cannot run more frequently than once per hour.',
    );
    expect(rt.triggers).toEqual([]);
  });

  it('fires a one-off trigger no sooner than an hour after it was made, then deletes it', () => {
    const rt = runtime();
    rt.run('installAfter', [10 * 60_000]);
    expect(rt.triggers[0]).toMatchObject({ handler: 'tick', at: START + HOUR, nextRunAt: START + HOUR });
    rt.clock.advance(HOUR - 1);
    expect(rt.fireDueTriggers()).toEqual([]);
    rt.clock.advance(1);
    const [run] = rt.fireDueTriggers();
    expect(run).toEqual({ triggerId: '7000001', handler: 'tick', user: OWNER, startedAt: START + HOUR, finishedAt: START + HOUR });
    expect(rt.triggers).toEqual([]);

    rt.run('installAt', [new Date(rt.clock.now() + 5 * 60_000)]);
    expect(rt.triggers[0].at).toBe(START + 2 * HOUR);
    rt.run('removeAll');
    rt.run('installAt', [new Date(rt.clock.now() + 3 * HOUR)]);
    expect(rt.triggers[0].at).toBe(START + 4 * HOUR);
  });

  it('runs the handler as the user who made the trigger, with a clock event object', () => {
    const rt = runtime();
    const id = rt.run('installHourly', [1], { user: 'colleague@example.com' });
    rt.clock.advance(HOUR);
    rt.fireDueTriggers();
    expect(runs(rt)).toEqual([{ uid: id, authMode: 'FULL', hour: 10, user: 'colleague@example.com', at: '2026-06-15T10:00:00.000Z' }]);
  });

  it('keeps a recurring schedule: runUntilIdle walks the clock from one run to the next', () => {
    const rt = runtime();
    rt.run('installHourly', [2]);
    const log = rt.runUntilIdle({ maxVirtualMs: 9 * HOUR });
    expect(log.map((run) => run.startedAt - START)).toEqual([2, 4, 6, 8].map((hours) => hours * HOUR));
    expect(rt.clock.now()).toBe(START + 8 * HOUR);
    expect(rt.triggers[0].nextRunAt).toBe(START + 10 * HOUR);
    rt.clock.advance(5 * HOUR);
    expect(rt.fireDueTriggers()).toHaveLength(1);
    expect(rt.triggers[0].nextRunAt).toBe(START + 14 * HOUR);
  });

  it('runs daily triggers at the given hour in the given time zone', () => {
    const rt = runtime();
    rt.run('installDaily', [6, 'Europe/London']);
    // 10:00 BST on 15 June: the next 06:00 BST is the 16th at 05:00 UTC.
    expect(rt.triggers[0]).toMatchObject({ everyDays: 1, atHour: 6, nextRunAt: Date.parse('2026-06-16T05:00:00Z') });
    rt.runUntilIdle({ maxVirtualMs: 48 * HOUR });
    expect(runs(rt).map((run) => run.at)).toEqual(['2026-06-16T05:00:00.000Z', '2026-06-17T05:00:00.000Z']);
  });

  it('records a failing handler and keeps the trigger', () => {
    const rt = runtime();
    rt.run('installBroken');
    rt.clock.advance(HOUR);
    expect(rt.fireDueTriggers().map((run) => run.error)).toEqual(['handler failed']);
    expect(rt.triggers).toHaveLength(1);
  });

  it('cannot be managed without authorization, in simple triggers or in custom functions', () => {
    const rt = runtime();
    for (const options of [{ kind: 'simpleTrigger', authMode: 'NONE' }, { kind: 'simpleTrigger' }, { kind: 'customFunction' }] as const) {
      expect(thrownMessage(() => rt.run('installHourly', [1], options))).toBe('You do not have permission to call ScriptApp.newTrigger');
      expect(thrownMessage(() => rt.run('list', [], options))).toBe('You do not have permission to call ScriptApp.getProjectTriggers');
    }
  });
});
