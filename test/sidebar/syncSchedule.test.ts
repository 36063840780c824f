import { nextRunText, scheduleDescription, settingFrom } from '../../sidebar/sections/syncSchedule';

const form = { every: 'default', hours: '3', weekday: '5', day: '31', atHour: '18', paused: false };

describe("the schedule control's words", () => {
  it('describe each kind of schedule, paused ones as paused', () => {
    expect(scheduleDescription(undefined, 'en-US')).toBe('With the auto refresh');
    expect(scheduleDescription({ every: 'off', paused: false }, 'en-US')).toBe('Off: runs only when you run it');
    expect(scheduleDescription({ every: 'hours', hours: 1, paused: false }, 'en-US')).toBe('Every hour');
    expect(scheduleDescription({ every: 'hours', hours: 6, paused: true }, 'en-US')).toBe('Paused: every 6 hours');
    expect(scheduleDescription({ every: 'week', weekday: 7, atHour: 9, paused: false }, 'en-US')).toBe('Weekly on Sunday at 09:00');
    expect(scheduleDescription({ every: 'month', day: 28, atHour: 0, paused: false }, 'en-US')).toBe('Monthly on day 28 at 00:00');
    expect(scheduleDescription({ every: 'month', day: 30, atHour: 0, paused: false }, 'en-US')).toBe(
      "Monthly on day 30 at 00:00 (or the month's last day)",
    );
  });

  it('say when the next run is, in the zone given, or why there is none', () => {
    const now = Date.parse('2026-06-15T09:00:00Z');
    const options = { locale: 'en-US', timeZone: 'America/New_York', now };
    expect(nextRunText({ nextRunAt: Date.parse('2026-06-16T10:00:00Z') }, options)).toBe('Next run Jun 16, 06:00');
    expect(nextRunText({ schedule: { every: 'day', atHour: 6, paused: true, since: now }, nextRunAt: null }, options)).toBe(
      'No run while paused.',
    );
    expect(nextRunText({ schedule: { every: 'off', paused: false, since: now }, nextRunAt: null }, options)).toBe('Never runs on its own.');
    expect(nextRunText({ nextRunAt: null }, options)).toBe('Never runs on its own: the auto refresh is off.');
  });

  it('send only the fields each kind takes, and null to follow the auto refresh', () => {
    expect(settingFrom(form)).toBeNull();
    expect(settingFrom({ ...form, every: 'off' })).toEqual({ every: 'off', paused: false });
    expect(settingFrom({ ...form, every: 'hours', paused: true })).toEqual({ every: 'hours', hours: 3, paused: true });
    expect(settingFrom({ ...form, every: 'day' })).toEqual({ every: 'day', atHour: 18, paused: false });
    expect(settingFrom({ ...form, every: 'week' })).toEqual({ every: 'week', weekday: 5, atHour: 18, paused: false });
    expect(settingFrom({ ...form, every: 'month' })).toEqual({ every: 'month', day: 31, atHour: 18, paused: false });
  });
});
