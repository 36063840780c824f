import type { SyncDefinition } from '../../sidebar/server';
import {
  buildSyncRequest,
  checkCustomDates,
  defaultSheetName,
  formValuesOf,
  isDayKey,
  type SyncFormValues,
} from '../../sidebar/syncRequest';

const STATUSES = ['succeeded', 'pending', 'failed', 'refunded', 'canceled', 'unknown'];

const form: SyncFormValues = {
  provider: 'aura',
  statuses: [],
  range: 'this_month',
  from: '',
  to: '',
  sheetName: ' Aura payments ',
  full: false,
  syncId: null,
};

describe('the sync request from the form', () => {
  it('sends every status as "" and a choice as a comma list', () => {
    expect(buildSyncRequest(form, STATUSES)).toEqual({
      ok: true,
      value: { provider: 'aura', status: '', range: 'this_month', sheetName: 'Aura payments', full: false },
    });
    const some = buildSyncRequest({ ...form, statuses: ['succeeded', 'refunded'], full: true }, STATUSES);
    expect(some).toMatchObject({ ok: true, value: { status: 'succeeded,refunded', full: true } });
    expect(buildSyncRequest({ ...form, statuses: [...STATUSES] }, STATUSES)).toMatchObject({ ok: true, value: { status: '' } });
  });

  it('sends dates only for a custom range', () => {
    expect(buildSyncRequest({ ...form, from: '2026-01-01' }, STATUSES)).toMatchObject({ ok: true, value: { range: 'this_month' } });
    expect(buildSyncRequest({ ...form, from: '2026-01-01' }, STATUSES)).not.toHaveProperty('value.from');
    expect(buildSyncRequest({ ...form, range: 'custom', from: '2026-01-01', to: '2026-03-31' }, STATUSES)).toMatchObject({
      ok: true,
      value: { range: 'custom', from: '2026-01-01', to: '2026-03-31' },
    });
    const openEnded = buildSyncRequest({ ...form, range: 'custom', from: '2026-01-01' }, STATUSES);
    expect(openEnded).toMatchObject({ ok: true, value: { from: '2026-01-01' } });
    expect(openEnded).not.toHaveProperty('value.to');
  });

  it('points at the field to fix', () => {
    expect(buildSyncRequest({ ...form, provider: '' }, STATUSES)).toMatchObject({ ok: false, field: 'provider' });
    expect(buildSyncRequest({ ...form, sheetName: '   ' }, STATUSES)).toMatchObject({ ok: false, field: 'sheetName' });
    expect(buildSyncRequest({ ...form, range: 'custom' }, STATUSES)).toMatchObject({ ok: false, field: 'from' });
  });

  it('checks custom dates', () => {
    expect(checkCustomDates('', '')).toMatchObject({ ok: false, field: 'from' });
    expect(checkCustomDates('2026-02-30', '')).toMatchObject({
      ok: false,
      field: 'from',
      error: expect.stringContaining('“2026-02-30” is not a date'),
    });
    expect(checkCustomDates('', '31/03/2026')).toMatchObject({ ok: false, field: 'to' });
    expect(checkCustomDates('2026-04-01', '2026-03-31')).toEqual({
      ok: false,
      field: 'from',
      error: 'The start date (2026-04-01) is after the end date (2026-03-31).',
    });
    expect(checkCustomDates('2026-03-31', '2026-03-31')).toEqual({ ok: true, value: { from: '2026-03-31', to: '2026-03-31' } });
    expect(checkCustomDates('', ' 2026-03-31 ')).toEqual({ ok: true, value: { to: '2026-03-31' } });
  });

  it('knows a calendar day', () => {
    expect(isDayKey('2024-02-29')).toBe(true);
    expect(isDayKey('2026-02-29')).toBe(false);
    expect(isDayKey('2026-13-01')).toBe(false);
    expect(isDayKey('2026-1-01')).toBe(false);
  });

  it('fills the form from a saved sync, which sends the same request back', () => {
    const sync: SyncDefinition = {
      id: 's1',
      sheetName: 'Refunds',
      provider: 'koteshen',
      statuses: ['refunded'],
      range: 'custom',
      from: '2026-01-01',
      to: null,
      createdAt: 0,
      owner: 'owner@example.com',
      lastPull: null,
      lastRun: null,
    };
    const values = formValuesOf(sync);
    expect(values).toEqual({
      provider: 'koteshen',
      statuses: ['refunded'],
      range: 'custom',
      from: '2026-01-01',
      to: '',
      sheetName: 'Refunds',
      full: false,
      syncId: 's1',
    });
    // The id goes along, so a new sheet name moves this sync rather than adding another.
    expect(buildSyncRequest({ ...values, sheetName: 'Refunds 2026' }, STATUSES)).toEqual({
      ok: true,
      value: {
        provider: 'koteshen',
        status: 'refunded',
        range: 'custom',
        from: '2026-01-01',
        sheetName: 'Refunds 2026',
        full: false,
        syncId: 's1',
      },
    });
  });

  it('names the sheet after the provider', () => {
    expect(defaultSheetName('Aura')).toBe('Aura payments');
  });
});
