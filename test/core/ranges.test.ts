import { parseRangePreset, resolveRange } from '../../src/core/ranges';

describe('date range presets', () => {
  const none = { from: null, to: null };
  it.each([
    ['this_month', '2026-02-14', '2026-02-01', '2026-02-28'],
    ['last_month', '2026-01-14', '2025-12-01', '2025-12-31'],
    ['this_quarter', '2026-05-20', '2026-04-01', '2026-06-30'],
    ['this_quarter', '2026-12-31', '2026-10-01', '2026-12-31'],
    ['year_to_date', '2026-05-20', '2026-01-01', '2026-05-20'],
    ['last_12_months', '2026-05-20', '2025-05-21', '2026-05-20'],
    ['last_12_months', '2028-02-29', '2027-03-01', '2028-02-29'],
    ['last_12_months', '2027-03-01', '2026-03-02', '2027-03-01'],
  ] as const)('%s on %s covers %s to %s', (preset, today, from, to) => {
    expect(resolveRange(preset, today, none)).toEqual({ from, to });
  });

  it('keeps custom days and all time open', () => {
    expect(resolveRange('all_time', '2026-05-20', none)).toEqual(none);
    expect(resolveRange('custom', '2026-05-20', { from: '2026-01-01', to: null })).toEqual({ from: '2026-01-01', to: null });
    expect(parseRangePreset(undefined)).toBe('custom');
    expect(() => parseRangePreset('yesterday')).toThrow('Unknown date range "yesterday". Use one of: this_month, last_month');
  });
});
