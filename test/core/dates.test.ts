import { addDays, dayFromArgument, dayInZone, parseDayKey, serverWindow } from '../../src/core/dates';

describe('dates', () => {
  it('validates days', () => {
    expect(parseDayKey('2026-03-31')).toBe('2026-03-31');
    expect(parseDayKey('2024-02-29')).toBe('2024-02-29');
    expect(parseDayKey('2026-02-30')).toBeNull();
    expect(parseDayKey('2026-13-01')).toBeNull();
    expect(parseDayKey('31/03/2026')).toBeNull();
  });

  it('finds the day of an instant in a time zone', () => {
    const instant = Date.parse('2026-03-31T23:30:00Z');
    expect(dayInZone(instant, 'Etc/UTC')).toBe('2026-03-31');
    expect(dayInZone(instant, 'Europe/London')).toBe('2026-04-01'); // BST
    expect(dayInZone(instant, 'America/New_York')).toBe('2026-03-31');
    expect(dayInZone(Date.parse('2026-01-01T10:00:00Z'), 'Pacific/Kiritimati')).toBe('2026-01-02');
  });

  it('reads a date cell as the day it shows in the spreadsheet zone', () => {
    // A date cell holds midnight in the spreadsheet's zone: 2026-03-31 00:00 in Tokyo is 2026-03-30T15:00Z.
    expect(dayFromArgument(new Date('2026-03-30T15:00:00Z'), 'Asia/Tokyo', 'from')).toBe('2026-03-31');
    expect(dayFromArgument(new Date('2026-03-31T04:00:00Z'), 'America/New_York', 'from')).toBe('2026-03-31');
    expect(dayFromArgument('2026-03-31', 'Asia/Tokyo', 'from')).toBe('2026-03-31');
    expect(dayFromArgument('', 'Asia/Tokyo', 'from')).toBeNull();
    expect(dayFromArgument(undefined, 'Asia/Tokyo', 'from')).toBeNull();
  });

  it('explains a bad date argument', () => {
    expect(() => dayFromArgument('2026-02-30', 'Etc/UTC', 'from')).toThrow(
      'from "2026-02-30" is not a date. Use a date cell or text like 2026-03-31',
    );
    expect(() => dayFromArgument('March', 'Etc/UTC', 'to')).toThrow('to "March" is not a date');
    expect(() => dayFromArgument(45000, 'Etc/UTC', 'to')).toThrow('to must be a date cell or text like 2026-03-31, not 45000.');
    expect(() => dayFromArgument(new Date(NaN), 'Etc/UTC', 'to')).toThrow('to is not a valid date.');
  });

  it('widens the server-side window by a day each side', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(serverWindow('2026-03-01', '2026-03-31')).toEqual({
      fromIso: '2026-02-28T00:00:00.000Z',
      toIso: '2026-04-02T00:00:00.000Z',
    });
    expect(serverWindow(null, null)).toEqual({ fromIso: null, toIso: null });
    const since = Date.parse('2026-03-20T08:00:00Z');
    expect(serverWindow('2026-03-01', null, since).fromIso).toBe('2026-03-20T08:00:00.000Z');
  });
});
