import { isScheduleDue, nextRunAt, parseSyncSchedule, type ScheduleRule } from '../../src/core/syncSchedule';

const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';
const at = (iso: string) => Date.parse(iso);
/** The next run after `since`, as an ISO instant, for readable expectations. */
function next(rule: ScheduleRule & { paused?: boolean }, since: string, timeZone = LONDON): string | null {
  const ms = nextRunAt(rule, at(since), timeZone);
  return ms === null ? null : new Date(ms).toISOString();
}
/** Several runs in a row, each counted from the one before. */
function runs(rule: ScheduleRule, since: string, count: number, timeZone = LONDON): string[] {
  const out: string[] = [];
  let from = at(since);
  for (let i = 0; i < count; i++) {
    from = nextRunAt(rule, from, timeZone)!;
    out.push(new Date(from).toISOString());
  }
  return out;
}

describe('hourly schedules', () => {
  it('run at the whole hours from midnight that are multiples of the interval, strictly after the last run', () => {
    expect(next({ every: 'hours', hours: 3 }, '2026-01-10T10:20:00Z')).toBe('2026-01-10T12:00:00.000Z');
    expect(next({ every: 'hours', hours: 1 }, '2026-01-10T10:00:00Z')).toBe('2026-01-10T11:00:00.000Z');
    // 5 does not divide 24: 20:00 is the day's last slot, then midnight.
    expect(runs({ every: 'hours', hours: 5 }, '2026-01-10T19:00:00Z', 3)).toEqual([
      '2026-01-10T20:00:00.000Z',
      '2026-01-11T00:00:00.000Z',
      '2026-01-11T05:00:00.000Z',
    ]);
    expect(next({ every: 'hours', hours: 12 }, '2026-01-10T12:00:00Z')).toBe('2026-01-11T00:00:00.000Z');
  });

  it("count the hours in the spreadsheet's zone, half-hour offsets included", () => {
    expect(next({ every: 'hours', hours: 2 }, '2026-01-10T15:30:00Z', NEW_YORK)).toBe('2026-01-10T17:00:00.000Z'); // 12:00 EST
    expect(next({ every: 'hours', hours: 1 }, '2026-01-10T00:00:00Z', 'Asia/Kolkata')).toBe('2026-01-10T00:30:00.000Z'); // 06:00 IST
  });

  it("skip the hour London's clocks skip in spring and run both times of the hour they repeat in autumn", () => {
    // 29 March 2026: 01:00 GMT becomes 02:00 BST.
    expect(runs({ every: 'hours', hours: 1 }, '2026-03-28T23:30:00Z', 3)).toEqual([
      '2026-03-29T00:00:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T02:00:00.000Z', // 00:00 GMT, 02:00 BST, 03:00 BST
    ]);
    expect(runs({ every: 'hours', hours: 2 }, '2026-03-28T23:30:00Z', 2)).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z']);
    // 25 October 2026: 02:00 BST becomes 01:00 GMT, so 01:00 happens twice.
    expect(runs({ every: 'hours', hours: 1 }, '2026-10-24T23:30:00Z', 3)).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T02:00:00.000Z', // 01:00 BST, 01:00 GMT, 02:00 GMT
    ]);
    expect(runs({ every: 'hours', hours: 2 }, '2026-10-24T22:30:00Z', 2)).toEqual(['2026-10-24T23:00:00.000Z', '2026-10-25T02:00:00.000Z']);
  });

  it("skip New York's missing 2:00 in spring", () => {
    // 8 March 2026: 2:00 EST becomes 3:00 EDT.
    expect(runs({ every: 'hours', hours: 2 }, '2026-03-08T04:30:00Z', 2, NEW_YORK)).toEqual([
      '2026-03-08T05:00:00.000Z',
      '2026-03-08T08:00:00.000Z', // 00:00 EST, 04:00 EDT
    ]);
  });
});

describe('daily schedules', () => {
  it('stay at their hour on the wall clock across DST changes', () => {
    expect(runs({ every: 'day', atHour: 6 }, '2026-03-27T12:00:00Z', 3)).toEqual([
      '2026-03-28T06:00:00.000Z',
      '2026-03-29T05:00:00.000Z',
      '2026-03-30T05:00:00.000Z',
    ]);
    expect(runs({ every: 'day', atHour: 6 }, '2026-10-31T12:00:00Z', 2, NEW_YORK)).toEqual([
      '2026-11-01T11:00:00.000Z',
      '2026-11-02T11:00:00.000Z', // 06:00 EST, the day the clocks go back
    ]);
    expect(next({ every: 'day', atHour: 6 }, '2026-03-28T06:00:00Z')).toBe('2026-03-29T05:00:00.000Z');
  });

  it('run an hour the clocks skip when they resume, and a repeated hour once, on its first occurrence', () => {
    expect(next({ every: 'day', atHour: 1 }, '2026-03-28T12:00:00Z')).toBe('2026-03-29T01:00:00.000Z'); // 02:00 BST
    expect(next({ every: 'day', atHour: 2 }, '2026-03-07T12:00:00Z', NEW_YORK)).toBe('2026-03-08T07:00:00.000Z'); // 03:00 EDT
    expect(runs({ every: 'day', atHour: 1 }, '2026-10-24T12:00:00Z', 2)).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-26T01:00:00.000Z', // 01:00 BST, then not 01:00 GMT the same day
    ]);
    expect(runs({ every: 'day', atHour: 1 }, '2026-10-31T12:00:00Z', 2, NEW_YORK)).toEqual([
      '2026-11-01T05:00:00.000Z',
      '2026-11-02T06:00:00.000Z',
    ]);
  });

  it('cross the year', () => {
    expect(next({ every: 'day', atHour: 23 }, '2026-12-31T23:30:00Z')).toBe('2027-01-01T23:00:00.000Z');
  });
});

describe('weekly schedules', () => {
  it('run on their weekday (1 = Monday … 7 = Sunday) at their hour', () => {
    // Wednesday 14 January 2026 → Monday the 19th, 09:00 EST.
    expect(next({ every: 'week', weekday: 1, atHour: 9 }, '2026-01-14T12:00:00Z', NEW_YORK)).toBe('2026-01-19T14:00:00.000Z');
    expect(next({ every: 'week', weekday: 1, atHour: 9 }, '2026-01-19T14:00:00Z', NEW_YORK)).toBe('2026-01-26T14:00:00.000Z');
    // Sunday 29 March 2026, the day BST begins: the same day's 06:00 BST is still ahead at 05:00 BST.
    expect(next({ every: 'week', weekday: 7, atHour: 6 }, '2026-03-29T04:00:00Z')).toBe('2026-03-29T05:00:00.000Z');
    expect(next({ every: 'week', weekday: 7, atHour: 6 }, '2026-03-29T05:00:00Z')).toBe('2026-04-05T05:00:00.000Z');
  });
});

describe('monthly schedules', () => {
  it("run a day past a month's end on its last day", () => {
    expect(runs({ every: 'month', day: 31, atHour: 0 }, '2026-01-30T12:00:00Z', 4)).toEqual([
      '2026-01-31T00:00:00.000Z',
      '2026-02-28T00:00:00.000Z',
      '2026-03-30T23:00:00.000Z',
      '2026-04-29T23:00:00.000Z', // 31 March and 30 April at 00:00 BST
    ]);
  });

  it('know 29 February', () => {
    expect(next({ every: 'month', day: 29, atHour: 6 }, '2027-02-01T00:00:00Z')).toBe('2027-02-28T06:00:00.000Z');
    expect(next({ every: 'month', day: 29, atHour: 6 }, '2028-02-01T00:00:00Z')).toBe('2028-02-29T06:00:00.000Z');
    expect(runs({ every: 'month', day: 30, atHour: 6 }, '2028-02-01T00:00:00Z', 2)).toEqual([
      '2028-02-29T06:00:00.000Z',
      '2028-03-30T05:00:00.000Z',
    ]);
  });

  it('run later the same day when the hour is still ahead', () => {
    expect(next({ every: 'month', day: 15, atHour: 18 }, '2026-06-15T12:00:00Z', NEW_YORK)).toBe('2026-06-15T22:00:00.000Z');
  });
});

describe('off and paused', () => {
  it('never run', () => {
    expect(next({ every: 'off' }, '2026-01-10T10:00:00Z')).toBeNull();
    expect(next({ every: 'day', atHour: 6, paused: true }, '2026-01-10T10:00:00Z')).toBeNull();
    expect(next({ every: 'hours', hours: 1, paused: false }, '2026-01-10T10:00:00Z')).toBe('2026-01-10T11:00:00.000Z');
  });

  it('are never due, while an active schedule is due once its next run has come', () => {
    const since = at('2026-01-10T10:00:00Z');
    const now = at('2026-01-11T07:00:00Z');
    expect(isScheduleDue({ every: 'day', atHour: 6, paused: false, since }, now, LONDON)).toBe(true);
    expect(isScheduleDue({ every: 'day', atHour: 7, paused: false, since }, now, LONDON)).toBe(true);
    expect(isScheduleDue({ every: 'day', atHour: 8, paused: false, since }, now, LONDON)).toBe(false);
    expect(isScheduleDue({ every: 'day', atHour: 6, paused: true, since }, now, LONDON)).toBe(false);
    expect(isScheduleDue({ every: 'off', paused: false, since }, now, LONDON)).toBe(false);
  });
});

describe('parseSyncSchedule', () => {
  it('takes each kind, paused false unless given', () => {
    expect(parseSyncSchedule({ every: 'off' })).toEqual({ every: 'off', paused: false });
    expect(parseSyncSchedule({ every: 'hours', hours: 12, paused: true })).toEqual({ every: 'hours', hours: 12, paused: true });
    expect(parseSyncSchedule({ every: 'day', atHour: 0 })).toEqual({ every: 'day', atHour: 0, paused: false });
    expect(parseSyncSchedule({ every: 'week', weekday: 7, atHour: 23 })).toEqual({ every: 'week', weekday: 7, atHour: 23, paused: false });
    expect(parseSyncSchedule({ every: 'month', day: 31, atHour: 6 })).toEqual({ every: 'month', day: 31, atHour: 6, paused: false });
  });

  it.each([
    ['daily', /^schedule must be an object, one of \{every: 'off'\}, .* with paused true or false; not "daily"\.$/],
    [{ every: 'daily' }, 'schedule.every must be one of "off", "hours", "day", "week", "month"; not "daily".'],
    [{ hours: 2 }, 'schedule.every must be one of "off", "hours", "day", "week", "month"; not missing.'],
    [{ every: 'hours', hours: 13 }, 'schedule.hours must be a whole number of hours from 1 to 12; not 13.'],
    [{ every: 'hours', hours: 0 }, 'schedule.hours must be a whole number of hours from 1 to 12; not 0.'],
    [{ every: 'hours', hours: 1.5 }, 'schedule.hours must be a whole number of hours from 1 to 12; not 1.5.'],
    [{ every: 'hours' }, 'schedule.hours must be a whole number of hours from 1 to 12; not missing.'],
    [{ every: 'day', atHour: 24 }, "schedule.atHour must be a whole hour from 0 to 23, in the spreadsheet's time zone; not 24."],
    [{ every: 'day', atHour: '6' }, 'schedule.atHour must be a whole hour from 0 to 23, in the spreadsheet\'s time zone; not "6".'],
    [{ every: 'week', weekday: 0, atHour: 6 }, 'schedule.weekday must be a whole number from 1 (Monday) to 7 (Sunday); not 0.'],
    [
      { every: 'month', day: 32, atHour: 6 },
      "schedule.day must be a day of the month from 1 to 31 (past a month's end it runs on the month's last day); not 32.",
    ],
    [{ every: 'day', atHour: 6, paused: 'yes' }, 'schedule.paused must be true or false; not "yes".'],
    [{ every: 'hours', hours: 2, atHour: 6 }, 'schedule.atHour does not apply to every: "hours": give only every, paused, hours.'],
    [{ every: 'day', hour: 6 }, 'schedule.hour does not apply to every: "day": give only every, paused, atHour.'],
  ])('refuses %j, naming the field and its valid values', (input, message) => {
    expect(() => parseSyncSchedule(input)).toThrow(message);
  });
});
