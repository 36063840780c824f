import { DEMO_CREDENTIALS, loadAddOn } from '../../dev/addOn';
import { COLUMNS } from '../../src/core/payment';
import { spendKoteshenRequests } from '../support/providerLoad';

type AddOn = ReturnType<typeof loadAddOn>;

function table(addOn: AddOn, sheet: string): unknown[][] {
  return addOn.rt.spreadsheet
    .sheet(sheet)
    .values()
    .filter((row: unknown[]) => row.some((cell) => cell !== ''));
}

function sync(addOn: AddOn, request: Record<string, unknown>, user?: string) {
  return addOn.rt.run('syncPayments', [request], user ? { user } : undefined) as Record<string, unknown>;
}

describe('syncPayments', () => {
  it('writes the normalized table into a new sheet: frozen header, dates as dates, amounts formatted by currency', () => {
    const addOn = loadAddOn({ simulators: { payments: 0 } });
    addOn.sims.aura.addPayment({ amountMinor: 5000, currency: 'JPY', occurredAt: Date.parse('2026-06-01T10:00:00Z') });
    addOn.sims.aura.addPayment({ amountMinor: 12345, currency: 'KWD', occurredAt: Date.parse('2026-06-02T10:00:00Z') });
    addOn.connect('aura');
    const result = sync(addOn, { provider: 'aura', sheetName: 'Aura payments', range: 'all_time' });
    expect(result).toMatchObject({ sheetName: 'Aura payments', status: 'done', rows: 2, added: 2, updated: 0, removed: 0 });
    const sheet = addOn.rt.spreadsheet.sheet('Aura payments');
    expect(sheet.frozenRows).toBe(1);
    const rows = table(addOn, 'Aura payments');
    expect(rows[0]).toEqual([...COLUMNS]);
    expect(rows[1][3]).toBeInstanceOf(Date);
    expect(rows.slice(1).map((row) => [row[5], row[6]])).toEqual([
      [12.345, 'KWD'],
      [5000, 'JPY'],
    ]);
    expect(sheet.numberFormats()[1][5]).toBe('#,##0.000');
    expect(sheet.numberFormats()[2][5]).toBe('#,##0');
    expect(sheet.numberFormats()[1][3]).toBe('yyyy-mm-dd hh:mm');
    const saved = JSON.stringify(addOn.rt.documentProperties);
    expect(saved).toContain('Aura payments');
    expect(saved).not.toContain(DEMO_CREDENTIALS.aura.apiKey);
  });

  it('keeps provider text as text: no formula, number or date is made of it', () => {
    const addOn = loadAddOn({ simulators: { payments: 0 } });
    const names = ['=HYPERLINK("http://evil.example","x")', '+SUM(1,2)', '@x', '-1+2', "'quoted", '00123', '2026-01-01', 'TRUE'];
    names.forEach((customerName, i) => {
      const at = Date.parse(`2026-06-0${i + 1}T10:00:00Z`);
      addOn.sims.uqualify.addPayment({ customerName, occurredAt: at, createdAt: at });
    });
    addOn.connect('uqualify');
    sync(addOn, { provider: 'uqualify', sheetName: 'U', range: 'all_time' });
    const sheet = addOn.rt.spreadsheet.sheet('U');
    expect(
      table(addOn, 'U')
        .slice(1)
        .map((row) => row[7])
        .reverse(),
    ).toEqual(names);
    expect(sheet.formulas().flat().filter(Boolean)).toEqual([]);
  });

  it('changes nothing when the pull fails, and says why', () => {
    const addOn = loadAddOn({ simulators: { payments: 400 } });
    addOn.connect('aura');
    sync(addOn, { provider: 'aura', sheetName: 'Aura', range: 'all_time' });
    const before = JSON.stringify(addOn.rt.spreadsheet.sheet('Aura').values());
    addOn.sims.aura.addPayment();
    addOn.sims.aura.faults.push({ status: 500, times: Infinity, match: (req) => req.url.includes('cursor=') });
    expect(() => sync(addOn, { provider: 'aura', sheetName: 'Aura', range: 'all_time', full: true })).toThrow(
      'Aura kept answering HTTP 500',
    );
    expect(JSON.stringify(addOn.rt.spreadsheet.sheet('Aura').values())).toBe(before);
    expect(() => sync(addOn, { provider: 'aura', sheetName: 'New sheet', range: 'all_time' })).toThrow('Aura kept answering HTTP 500');
    expect(addOn.rt.spreadsheet.sheetNames()).not.toContain('New sheet');
  });

  it("upserts by id, keeps newest first, and keeps the user's own columns on the same payment", () => {
    const addOn = loadAddOn({ simulators: { payments: 30 } });
    addOn.connect('uqualify');
    sync(addOn, { provider: 'uqualify', sheetName: 'U', range: 'all_time' });
    const rows = table(addOn, 'U');
    const width = COLUMNS.length;
    const target = rows[5][2] as string; // a payment in the middle
    // The user adds a "note" column and writes a note beside one payment.
    addOn.rt.setCell('U', `${String.fromCharCode(65 + width)}1`, 'note');
    addOn.rt.setCell('U', `${String.fromCharCode(65 + width)}6`, 'chased by phone');
    // …and a formula beside it reading that payment's amount (column F).
    addOn.rt.setCell('U', `${String.fromCharCode(66 + width)}6`, '=F6*0.2');
    const [dropped, changed] = [rows[12][2] as string, rows[8][2] as string];
    const simId = (wireId: string) => addOn.sims.uqualify.payments.find((p) => String(addOn.sims.uqualify.wireId(p)) === wireId)!.id;
    addOn.sims.uqualify.deletePayment(simId(dropped));
    addOn.sims.uqualify.updatePayment(simId(changed), { status: 'failed' });
    addOn.sims.uqualify.addPayment({ occurredAt: addOn.rt.clock.now() });
    const result = sync(addOn, { provider: 'uqualify', sheetName: 'U', range: 'all_time', full: true });
    expect(result).toMatchObject({ rows: 30, added: 1, updated: 1, removed: 1 });
    const after = table(addOn, 'U');
    expect(after.length).toBe(31);
    expect(after[0][width]).toBe('note');
    const noted = after.find((row) => row[2] === target)!;
    expect(noted[width]).toBe('chased by phone');
    const notedRow = after.indexOf(noted) + 1;
    expect(notedRow).toBe(7); // one newer payment above it now
    expect(addOn.rt.spreadsheet.sheet('U').formulas()[notedRow - 1][width + 1]).toBe(`=F${notedRow}*0.2`);
    expect(after.filter((row) => row[width] === 'chased by phone').length).toBe(1);
    expect(after.find((row) => row[2] === changed)![4]).toBe('failed');
    const dates = after.slice(1).map((row) => (row[3] as Date).getTime());
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });

  it("writes 20,000 payments in a handful of range calls, in one execution, within Koteshen's rate limit", () => {
    const addOn = loadAddOn({ simulators: { koteshen: { payments: 20_000 } }, runtime: { roundTripMs: 400 } });
    addOn.connect('koteshen');
    addOn.rt.resetStats();
    const result = sync(addOn, { provider: 'koteshen', sheetName: 'K', range: 'all_time' });
    expect(result).toMatchObject({ status: 'done', rows: 20_000, added: 20_000 });
    const calls = addOn.rt.stats.range.calls;
    const writes = ['setValues', 'setValue', 'setNumberFormats', 'setNumberFormat', 'clearContent', 'appendRow'].reduce(
      (sum, m) => sum + (calls[m] ?? 0),
      0,
    );
    const reads = ['getValues', 'getFormulas', 'getDisplayValues'].reduce((sum, m) => sum + (calls[m] ?? 0), 0);
    // A new sheet: the pull staged (one write, read back once); the order column, its sort and its clearing; three
    // number-format blocks, the table's values and its header.
    expect({ writes, reads }).toEqual({ writes: 8, reads: 1 });
    expect(addOn.sims.koteshen.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(table(addOn, 'K').length).toBe(20_001);
  });

  it("waits out the provider's rate limit instead of failing", () => {
    const addOn = loadAddOn({ simulators: { koteshen: { payments: 2_000 } } });
    addOn.connect('koteshen');
    spendKoteshenRequests(addOn.sims, 95);
    const result = sync(addOn, { provider: 'koteshen', sheetName: 'K', range: 'all_time' });
    expect(result).toMatchObject({ status: 'done', rows: 2_000 });
    expect(addOn.sims.koteshen.requests.filter((r) => r.status === 429)).toEqual([]);
  });

  it("uses only the running user's own key", () => {
    const addOn = loadAddOn({ simulators: { payments: 10 } });
    addOn.connect('aura', undefined, 'owner@example.com');
    expect(() => sync(addOn, { provider: 'aura', sheetName: 'Mine', range: 'all_time' }, 'colleague@example.com')).toThrow(
      'Aura is not connected. Open Extensions → Payments Sync → Open sidebar and save your Aura API key under Connections.',
    );
    addOn.sims.aura.credentials.apiKeys = [DEMO_CREDENTIALS.aura.apiKey!, 'aura_pk_test_colleague_000000'];
    addOn.connect('aura', { apiKey: 'aura_pk_test_colleague_000000' }, 'colleague@example.com');
    addOn.sims.aura.resetRequests();
    sync(addOn, { provider: 'aura', sheetName: 'Theirs', range: 'all_time' }, 'colleague@example.com');
    expect(addOn.sims.aura.requests.map((r) => r.headers.authorization)).toEqual(
      addOn.sims.aura.requests.map(() => 'Bearer aura_pk_test_colleague_000000'),
    );
  });

  it('refuses to overwrite a sheet that holds other data', () => {
    const addOn = loadAddOn({ simulators: { payments: 10 } });
    addOn.connect('aura');
    addOn.rt.setCell('Sheet1', 'A1', 'Budget');
    expect(() => sync(addOn, { provider: 'aura', sheetName: 'Sheet1', range: 'all_time' })).toThrow(
      'Sheet "Sheet1" already holds other data',
    );
    expect(addOn.sims.aura.requests.length).toBe(0);
  });

  it('saves the sync so it can run again, and lists it for the sidebar', () => {
    const addOn = loadAddOn({ simulators: { payments: 10 } });
    addOn.connect('aura');
    const first = sync(addOn, { provider: 'aura', status: 'succeeded,refunded', sheetName: 'A', range: 'last_12_months' });
    const state = addOn.rt.run('getSidebarState') as { syncs: Array<Record<string, unknown>>; runLog: unknown[] };
    expect(state.syncs).toEqual([
      expect.objectContaining({
        id: first.syncId,
        sheetName: 'A',
        provider: 'aura',
        statuses: ['succeeded', 'refunded'],
        range: 'last_12_months',
      }),
    ]);
    expect(state.runLog.length).toBe(1);
    const again = addOn.rt.run('runSavedSync', [first.syncId, false]) as Record<string, unknown>;
    expect(again).toMatchObject({ status: 'done', added: 0, removed: 0 });
    expect(addOn.rt.run('deleteSync', [first.syncId])).toEqual([]);
  });

  it('stages a pull of long-named payments over more rows than a new sheet has, and finishes it', () => {
    // Names this long (36,000 characters) make 1,500 payments read at 20 s a round trip in the first execution take
    // more staging cells than a new sheet has rows (1,000), on a tenth of the data shorter names would need.
    const addOn = loadAddOn({ simulators: { aura: { payments: 2_000 } }, runtime: { roundTripMs: 20_000 } });
    addOn.connect('aura');
    addOn.sims.aura.options.rateLimit = false;
    const longName = 'Ünïcode Trading Company '.repeat(1_500);
    for (const listed of addOn.sims.aura.listedPayments()) addOn.sims.aura.updatePayment(listed.id, { customerName: longName });
    let result = sync(addOn, { provider: 'aura', sheetName: 'A', range: 'all_time' });
    expect(result.status).toBe('continuing');
    const staging = addOn.rt.spreadsheet.sheetNames().find((name: string) => name.startsWith('Payments Sync staging'))!;
    expect(addOn.rt.spreadsheet.sheet(staging).values().length).toBeGreaterThan(1_000);
    while (result.status === 'continuing') result = addOn.rt.run('continueSync', [result.syncId]) as Record<string, unknown>;
    expect(result).toMatchObject({ status: 'done', rows: 2_000 });
    const rows = table(addOn, 'A').slice(1);
    expect(new Set(rows.map((row) => row[2])).size).toBe(2_000);
    expect(rows.every((row) => row[7] === longName)).toBe(true);
  });

  it("keeps a run log of sheets named in any script within a property's 9 KB", () => {
    const addOn = loadAddOn({ simulators: { payments: 5 } });
    addOn.connect('aura');
    const sheetName = '支払い台帳二〇二六年度東京本社経理部';
    const first = sync(addOn, { provider: 'aura', sheetName, range: 'all_time' });
    for (let run = 0; run < 60; run++) addOn.rt.run('runSavedSync', [first.syncId, false]);
    expect(sync(addOn, { provider: 'aura', sheetName: 'Plain', range: 'all_time' })).toMatchObject({ status: 'done', rows: 5 });
    const { runLog } = addOn.rt.run('getSidebarState') as { runLog: Array<{ sheetName: string }> };
    expect(runLog[0].sheetName).toBe('Plain');
    expect(runLog.length).toBeGreaterThan(10);
  });

  it('takes a sheet name in another case for the same sheet and the same saved sync, and never hands it to another sync', () => {
    const addOn = loadAddOn({ simulators: { payments: 5 } });
    addOn.connect('aura');
    addOn.connect('koteshen');
    const first = sync(addOn, { provider: 'aura', sheetName: 'Payments', range: 'all_time' });
    const again = sync(addOn, { provider: 'aura', sheetName: 'payments', range: 'all_time' });
    expect(again).toMatchObject({ syncId: first.syncId, sheetName: 'Payments', status: 'done', rows: 5, added: 0, removed: 0 });
    expect(() => sync(addOn, { provider: 'koteshen', sheetName: 'payments', range: 'all_time' })).toThrow(
      'The sheet "Payments" belongs to the Aura · All time sync: edit that sync, or pick another sheet.',
    );
    const { syncs } = addOn.rt.run('getSidebarState') as { syncs: Array<{ sheetName: string; provider: string }> };
    expect(syncs).toEqual([expect.objectContaining({ sheetName: 'Payments', provider: 'aura' })]);
    expect(
      table(addOn, 'Payments')
        .slice(1)
        .every((row) => row[0] === 'aura'),
    ).toBe(true);
    addOn.rt.setCell('Sheet1', 'A1', 'Budget');
    expect(() => sync(addOn, { provider: 'aura', sheetName: 'SHEET1', range: 'all_time' })).toThrow(
      'Sheet "Sheet1" already holds other data',
    );
  });

  it('moves an edited sync to a new sheet instead of adding another, and keeps two syncs off one sheet', () => {
    const addOn = loadAddOn({ simulators: { payments: 5 } });
    addOn.connect('aura');
    addOn.connect('koteshen');
    const first = sync(addOn, { provider: 'aura', sheetName: 'Aura payments', range: 'all_time' });
    sync(addOn, { provider: 'koteshen', sheetName: 'K', range: 'all_time' });
    const moved = sync(addOn, { provider: 'aura', status: 'succeeded', sheetName: 'Aura 2026', range: 'all_time', syncId: first.syncId });
    expect(moved).toMatchObject({ syncId: first.syncId, sheetName: 'Aura 2026', kind: 'full' });
    const syncs = () => (addOn.rt.run('getSidebarState') as { syncs: Array<{ id: string; sheetName: string }> }).syncs;
    expect(
      syncs()
        .map((s) => s.sheetName)
        .sort(),
    ).toEqual(['Aura 2026', 'K']);
    expect(table(addOn, 'Aura payments').length).toBe(6);
    expect(() => sync(addOn, { provider: 'aura', sheetName: 'k', range: 'all_time', syncId: first.syncId })).toThrow(
      'The sheet "K" belongs to the Koteshen · All time sync: edit that sync, or pick another sheet.',
    );
    expect(
      syncs()
        .map((s) => s.sheetName)
        .sort(),
    ).toEqual(['Aura 2026', 'K']);
  });
});
