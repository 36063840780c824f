import { incrementalSince } from '../../src/core/incremental';
import type { CompletePull } from '../../src/core/syncStore';

const DAY = 86_400_000;
const at = (day: string) => Date.parse(`${day}T12:00:00Z`);
const pull = (startedAt: string, from: string | null, to: string | null): CompletePull => ({
  startedAt: at(startedAt),
  from,
  to,
  rows: 10,
});

describe('incrementalSince', () => {
  it('fetches from the last pull minus the look-back when the sheet holds the rest of the window', () => {
    expect(incrementalSince(pull('2026-06-10', null, null), { from: null, to: null }, 7, 'UTC')).toBe(at('2026-06-10') - 7 * DAY);
    expect(incrementalSince(pull('2026-06-10', '2026-01-01', '2026-06-10'), { from: '2026-01-01', to: '2026-06-15' }, 7, 'UTC')).toBe(
      at('2026-06-10') - 7 * DAY,
    );
    // A window that starts later than before ("last 12 months" a day on) still finds its early days in the sheet.
    expect(
      incrementalSince(pull('2026-06-10', '2025-06-11', '2026-06-10'), { from: '2025-06-12', to: '2026-06-11' }, 7, 'UTC'),
    ).not.toBeNull();
  });

  it('pulls in full when there is no complete pull to build on', () => {
    expect(incrementalSince(null, { from: null, to: null }, 7, 'UTC')).toBeNull();
  });

  it('pulls in full when the window starts before what the last pull covered', () => {
    expect(incrementalSince(pull('2026-06-10', '2026-06-01', '2026-06-30'), { from: null, to: null }, 7, 'UTC')).toBeNull();
    expect(incrementalSince(pull('2026-06-10', '2026-06-01', '2026-06-30'), { from: '2026-05-01', to: '2026-06-30' }, 7, 'UTC')).toBeNull();
  });

  it('pulls in full when the last pull stopped short of the look-back: "last month" after the month turns', () => {
    expect(incrementalSince(pull('2026-06-29', '2026-05-01', '2026-05-31'), { from: '2026-06-01', to: '2026-06-30' }, 7, 'UTC')).toBeNull();
  });

  it("pulls in full when the window starts on the look-back day itself: that day's early hours are in neither", () => {
    const last: CompletePull = { startedAt: Date.parse('2026-07-08T09:00:00Z'), from: '2026-06-01', to: '2026-06-30', rows: 1 };
    expect(incrementalSince(last, { from: '2026-07-01', to: '2026-07-31' }, 7, 'UTC')).toBeNull();
  });

  it('pulls in full a window that ended before the look-back, so late refunds in it are seen', () => {
    expect(incrementalSince(pull('2026-06-10', '2025-01-01', '2025-12-31'), { from: '2025-01-01', to: '2025-12-31' }, 7, 'UTC')).toBeNull();
  });

  it('fetches the whole window through the incremental path when it lies inside the look-back', () => {
    expect(incrementalSince(pull('2026-06-10', '2026-05-01', '2026-05-31'), { from: '2026-06-05', to: '2026-06-30' }, 7, 'UTC')).toBe(
      at('2026-06-10') - 7 * DAY,
    );
  });

  it("reads the look-back day in the spreadsheet's time zone", () => {
    // 20:00 UTC on the 2nd is already the 3rd in Tokyo: past the last day the last pull covered.
    const last: CompletePull = { startedAt: Date.parse('2026-06-02T20:00:00Z'), from: null, to: '2026-06-02', rows: 1 };
    expect(incrementalSince(last, { from: null, to: null }, 0, 'UTC')).not.toBeNull();
    expect(incrementalSince(last, { from: null, to: null }, 0, 'Asia/Tokyo')).toBeNull();
  });
});
