/**
 * Several accounts per provider, and one ledger from several: accounts saved, renamed, tested and removed (a
 * connection saved before accounts is the default one), PAYMENTS and syncs over "all", "aura:EU shop" and comma
 * lists, rows of two accounts kept apart even with equal ids, and a failing account failing the whole pull.
 */
import { AURA_DEMO_API_KEY } from '../../dev/simulators';
import { loadAddOn, readBuiltAddOn } from '../../dev/addOn';
import { ExecutionTimeoutError } from '../../dev/runtime';
import { COLUMNS } from '../../src/core/payment';

const OWNER = 'owner@example.com';
/** A second Aura organisation's key: the simulator serves it the same payments, so both accounts hold equal ids. */
const SECOND_AURA_KEY = 'aura_pk_test_second_org_5Tg8Rk2Wm4Qp';
const USER_ACTIONS = `
function userSheet() { return SpreadsheetApp.getActive().getSheetByName('A'); }
function userDeleteColumn(column) { userSheet().deleteColumns(column, 1); }
function userSet(a1, method, args) { var r = userSheet().getRange(a1); r[method].apply(r, args); }
`;
const at = (column: string) => COLUMNS.indexOf(column as (typeof COLUMNS)[number]);

type AddOn = ReturnType<typeof loadAddOn>;
type Summary = { provider: string; account: string; isDefault: boolean; connected: boolean; fields: Record<string, string> };

function twoAuraAccounts(options: Parameters<typeof loadAddOn>[0] = {}): AddOn {
  const addOn = loadAddOn({
    ...options,
    simulators: {
      payments: 0,
      ...options.simulators,
      aura: { credentials: { apiKeys: [AURA_DEMO_API_KEY, SECOND_AURA_KEY] }, ...options.simulators?.aura },
    },
  });
  addOn.connect('aura');
  addOn.connect('aura', { account: 'EU shop', apiKey: SECOND_AURA_KEY });
  return addOn;
}

function connections(addOn: AddOn): Summary[] {
  return addOn.rt.run('getConnections') as Summary[];
}

function rows(addOn: AddOn, sheet: string): unknown[][] {
  return addOn.rt.spreadsheet
    .sheet(sheet)
    .values()
    .filter((row: unknown[]) => row.some((cell) => cell !== ''));
}

function errorOf(addOn: AddOn, a1 = 'A1'): string | null {
  return addOn.rt.spreadsheet.cellError('Sheet1', a1)?.message ?? null;
}

describe('accounts', () => {
  it('adds, updates, renames and removes accounts, each name unique per provider in any case, secrets masked', () => {
    const addOn = twoAuraAccounts();
    expect(connections(addOn).filter((c) => c.provider === 'aura')).toEqual([
      expect.objectContaining({ account: 'Aura', isDefault: true, connected: true }),
      expect.objectContaining({ account: 'EU shop', isDefault: false, connected: true }),
    ]);
    // A provider without an account still has one entry to connect it by.
    expect(connections(addOn).filter((c) => c.provider === 'koteshen')).toEqual([
      expect.objectContaining({ account: 'Koteshen', isDefault: true, connected: false }),
    ]);
    expect(JSON.stringify(connections(addOn))).not.toContain(SECOND_AURA_KEY);
    expect(connections(addOn)[1].fields.apiKey).toBe(`••••${SECOND_AURA_KEY.slice(-4)}`);

    // The same name in another case updates that account.
    addOn.connect('aura', { account: 'eu SHOP', apiKey: AURA_DEMO_API_KEY });
    const aura = connections(addOn).filter((c) => c.provider === 'aura');
    expect(aura.map((c) => c.account)).toEqual(['Aura', 'EU shop']);
    expect(aura[1].fields.apiKey).toBe(`••••${AURA_DEMO_API_KEY.slice(-4)}`);

    addOn.rt.run('renameAccount', ['aura', 'eu shop', 'Europe']);
    expect(
      connections(addOn)
        .filter((c) => c.provider === 'aura')
        .map((c) => c.account),
    ).toEqual(['Aura', 'Europe']);
    expect(() => addOn.rt.run('renameAccount', ['aura', 'Europe', 'AURA'])).toThrow(
      'You already have a Aura account named "Aura": pick another name.',
    );
    expect(() => addOn.rt.run('renameAccount', ['aura', 'Asia', 'X'])).toThrow(
      'Aura has no account "Asia". Your Aura accounts: "Aura", "Europe".',
    );
    expect(() => addOn.connect('aura', { account: 'a,b', apiKey: SECOND_AURA_KEY })).toThrow('"a,b" cannot be an account name');

    expect(addOn.rt.run('testConnection', ['aura', 'EUROPE'])).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^Connected to Aura \(Europe\)\. /),
    });

    // Without an account, clearCredentials removes the default one.
    addOn.rt.run('clearCredentials', ['aura']);
    expect(
      connections(addOn)
        .filter((c) => c.provider === 'aura')
        .map((c) => [c.account, c.isDefault, c.connected]),
    ).toEqual([
      ['Aura', true, false],
      ['Europe', false, true],
    ]);
    addOn.rt.run('clearCredentials', ['aura', 'Europe']);
    expect(connections(addOn).filter((c) => c.provider === 'aura')).toEqual([
      expect.objectContaining({ account: 'Aura', connected: false }),
    ]);
    expect(Object.keys(addOn.rt.userProperties(OWNER)).filter((key) => key.startsWith('payments.connection.aura'))).toEqual([]);
  });

  it('keeps a connection saved before accounts working: it is the default account, named after the provider', () => {
    const addOn = loadAddOn({ simulators: { payments: 3 } });
    // As the previous version stored it: one connection per provider, no account name.
    addOn.rt.userProperties(OWNER)['payments.connection.aura'] = JSON.stringify({
      apiKey: AURA_DEMO_API_KEY,
      provider: 'aura',
      id: 'old1',
      savedAt: 1,
    });
    expect(connections(addOn)[0]).toMatchObject({ provider: 'aura', account: 'Aura', isDefault: true, connected: true });
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("aura")');
    expect(errorOf(addOn)).toBeNull();
    expect(
      rows(addOn, 'Sheet1')
        .slice(1)
        .map((row) => row[at('account')]),
    ).toEqual(['Aura', 'Aura', 'Aura']);
    // Saving again without an account updates that very connection (same key, same id).
    addOn.connect('aura', { baseUrl: '' });
    expect(JSON.parse(addOn.rt.userProperties(OWNER)['payments.connection.aura'])).toMatchObject({ id: 'old1', account: 'Aura' });
  });

  it('"aura" is the only account, and with several and none the default an error lists them', () => {
    const addOn = loadAddOn({ simulators: { payments: 2 } });
    addOn.connect('aura', { account: 'EU shop', apiKey: AURA_DEMO_API_KEY });
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("aura")');
    expect(errorOf(addOn)).toBeNull();
    expect(rows(addOn, 'Sheet1')[1][at('account')]).toBe('EU shop');
    const requested = addOn.sims.aura.requests.length;
    addOn.connect('aura', { account: 'US shop', apiKey: AURA_DEMO_API_KEY });
    expect(
      connections(addOn)
        .filter((c) => c.provider === 'aura')
        .map((c) => [c.account, c.connected]),
    ).toEqual([
      ['Aura', false],
      ['EU shop', true],
      ['US shop', true],
    ]);
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("Aura")');
    expect(errorOf(addOn)).toContain(
      'You have several Aura accounts ("EU shop", "US shop") and none is the default: say which, as "aura:EU shop" or "aura:US shop".',
    );
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("aura:asia")');
    expect(errorOf(addOn)).toContain('Aura has no account "asia". Your Aura accounts: "EU shop", "US shop".');
    // Only the first formula reached Aura: the others failed before any request.
    expect(addOn.sims.aura.requests.length).toBe(requested);
  });
});

describe('one ledger from several providers', () => {
  it('=PAYMENTS("all") and a comma list give one table, newest first, provider and account on every row, within 30 s', () => {
    const addOn = loadAddOn({
      simulators: { aura: { payments: 2_000 }, koteshen: { payments: 2_000 }, uqualify: { payments: 2_000 } },
      runtime: { roundTripMs: 400 },
    });
    for (const provider of ['aura', 'koteshen', 'uqualify'] as const) addOn.connect(provider);
    const before = addOn.rt.clock.now();
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("all")');
    expect(errorOf(addOn)).toBeNull();
    expect(addOn.rt.clock.now() - before).toBeLessThan(30_000);
    const table = rows(addOn, 'Sheet1');
    expect(table[0]).toEqual([...COLUMNS]);
    const listed = addOn.sims.all.reduce((sum, sim) => sum + sim.listedPayments().length, 0);
    expect(table.length - 1).toBe(listed);
    const labels: Record<string, string> = { aura: 'Aura', koteshen: 'Koteshen', uqualify: 'Uqualify' };
    expect(table.slice(1).every((row) => labels[row[at('provider')] as string] === row[at('account')])).toBe(true);
    const dates = table.slice(1).map((row) => (row[at('date')] as Date).getTime());
    expect(dates).toEqual([...dates].sort((a, b) => b - a));

    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("aura, UQUALIFY", "succeeded", "2025-01-01", "2026-12-31")');
    const listedBoth = rows(addOn, 'Sheet1').slice(1);
    expect(listedBoth.length).toBeGreaterThan(0);
    expect(new Set(listedBoth.map((row) => row[at('provider')]))).toEqual(new Set(['aura', 'uqualify']));
    expect(listedBoth.every((row) => row[at('status')] === 'succeeded')).toBe(true);
  });

  it('keeps equal ids of two accounts as two rows, in a formula and in a sync', () => {
    const addOn = twoAuraAccounts({ simulators: { payments: 5 } });
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("aura,aura:EU shop")');
    const listed = rows(addOn, 'Sheet1').slice(1);
    expect(listed.length).toBe(10);
    expect(new Set(listed.map((row) => row[at('id')])).size).toBe(5);
    expect(listed.filter((row) => row[at('account')] === 'EU shop').length).toBe(5);

    const result = addOn.rt.run('syncPayments', [{ provider: 'aura:eu shop, aura', sheetName: 'Both', range: 'all_time' }]) as Record<
      string,
      unknown
    >;
    expect(result).toMatchObject({ status: 'done', rows: 10, added: 10 });
    expect(rows(addOn, 'Both').length).toBe(11);
    const again = addOn.rt.run('syncPayments', [
      { provider: 'aura:EU shop,aura', sheetName: 'Both', range: 'all_time', full: true },
    ]) as Record<string, unknown>;
    expect(again).toMatchObject({ status: 'done', rows: 10, added: 0, updated: 0, removed: 0 });
    const state = addOn.rt.run('getSidebarState') as { syncs: Array<{ provider: string }> };
    expect(state.syncs[0].provider).toBe('aura:EU shop,aura');
  });

  it('fails the whole pull when one account fails, naming it, and the sheet keeps its data', () => {
    const addOn = twoAuraAccounts({ simulators: { payments: 4 } });
    addOn.connect('uqualify');
    const request = { provider: 'all', sheetName: 'Ledger', range: 'all_time' };
    addOn.rt.run('syncPayments', [request]);
    const before = JSON.stringify(addOn.rt.spreadsheet.sheet('Ledger').values());
    expect(rows(addOn, 'Ledger').length).toBe(1 + 4 + 4 + addOn.sims.uqualify.listedPayments().length);
    addOn.sims.aura.addPayment();
    addOn.sims.aura.faults.push({ status: 500, times: Infinity, match: (req) => JSON.stringify(req.headers).includes(SECOND_AURA_KEY) });
    expect(() => addOn.rt.run('syncPayments', [{ ...request, full: true }])).toThrow(
      'Aura account “EU shop”: Aura kept answering HTTP 500',
    );
    expect(JSON.stringify(addOn.rt.spreadsheet.sheet('Ledger').values())).toBe(before);
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("all")');
    expect(errorOf(addOn)).toContain('Aura account “EU shop”: Aura kept answering HTTP 500');
  });

  it("a sync of several accounts checkpoints each account's walk and resumes across executions", () => {
    // 1,000 payments an account at a minute a round trip: more than one execution's six minutes for each account.
    const addOn = twoAuraAccounts({ simulators: { aura: { payments: 1_000 } }, runtime: { roundTripMs: 60_000 } });
    addOn.connect('uqualify');
    addOn.sims.aura.options.rateLimit = false;
    let result = addOn.rt.run('syncPayments', [{ provider: 'aura,aura:EU shop,uqualify', sheetName: 'L', range: 'all_time' }]) as Record<
      string,
      unknown
    >;
    expect(result.status).toBe('continuing');
    let executions = 1;
    const sourcesSeen = new Set<number>();
    while (result.status === 'continuing') {
      const job = JSON.parse(addOn.rt.documentProperties[`payments.job.${result.syncId}`]) as { source?: number; connectionId: string };
      sourcesSeen.add(job.source ?? 0);
      expect(job.connectionId.split(',').length).toBe(3);
      result = addOn.rt.run('continueSync', [result.syncId]) as Record<string, unknown>;
      executions++;
    }
    expect(executions).toBeGreaterThan(2);
    expect([...sourcesSeen]).toEqual(expect.arrayContaining([0, 1]));
    const uqualify = addOn.sims.uqualify.listedPayments().length;
    expect(result).toMatchObject({ status: 'done', rows: 2_000 + uqualify, added: 2_000 + uqualify });
    const table = rows(addOn, 'L').slice(1);
    const keys = table.map((row) => `${row[at('provider')]}|${row[at('account')]}|${row[at('id')]}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(table.filter((row) => row[at('account')] === 'EU shop').length).toBe(1_000);
  });
});

describe('a table synced before accounts', () => {
  /** A sheet as the previous version wrote it: no account column; the user's note beside each payment. */
  function preAccountTable() {
    const built = readBuiltAddOn();
    const addOn = loadAddOn({ simulators: { payments: 0 }, built: { ...built, code: built.code + USER_ACTIONS } });
    addOn.connect('aura');
    for (let i = 0; i < 3; i++) addOn.sims.aura.addPayment({ occurredAt: addOn.rt.clock.now() - (i + 1) * 86_400_000 });
    const sync = () => addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'A', range: 'all_time' }]) as Record<string, unknown>;
    sync();
    addOn.rt.run('userDeleteColumn', [at('account') + 1]);
    const letter = String.fromCharCode(64 + COLUMNS.length);
    addOn.rt.run('userSet', [`${letter}1:${letter}4`, 'setValues', [[['note'], ['first'], ['second'], ['third']]]]);
    // The connection as the previous version saved it: no account name.
    const key = 'payments.connection.aura';
    const { account: _account, ...legacy } = JSON.parse(addOn.rt.userProperties(OWNER)[key]);
    addOn.rt.userProperties(OWNER)[key] = JSON.stringify(legacy);
    const sheet = () => addOn.rt.spreadsheet.sheet('A');
    return { addOn, sync, sheet };
  }

  it("gains the account column after provider on its next sync, the user's cells beside their payments, nothing removed", () => {
    const { sync, sheet } = preAccountTable();
    expect(sheet().values()[0]).toEqual([...COLUMNS.filter((column) => column !== 'account'), 'note']);
    const before = sheet()
      .values()
      .slice(1)
      .map((row: unknown[]) => [row[1], row[row.length - 1]]);
    expect(sync()).toMatchObject({ status: 'done', rows: 3, added: 0, removed: 0 });
    expect(sheet().values()[0]).toEqual([...COLUMNS, 'note']);
    expect(
      sheet()
        .values()
        .slice(1)
        .map((row: unknown[]) => [row[at('id')], row[row.length - 1]]),
    ).toEqual(before);
    expect(
      sheet()
        .values()
        .slice(1)
        .every((row: unknown[]) => row[at('account')] === 'Aura'),
    ).toBe(true);
  });

  it('is migrated right when the migration is killed part way', () => {
    const reference = preAccountTable();
    reference.sync();
    const expected = reference.sheet().values();
    for (let n = 1; n <= 6; n++) {
      const killed = preAccountTable();
      killed.addOn.rt.killAtSheetsCall(n);
      try {
        killed.sync();
      } catch (error) {
        expect(error).toBeInstanceOf(ExecutionTimeoutError);
      }
      killed.sync();
      expect(killed.sheet().values()).toEqual(expected);
    }
  });
});

describe('a renamed account', () => {
  it('shows its new name in a formula at once, not the name cached under the old one', () => {
    const addOn = loadAddOn({ simulators: { payments: 2 } });
    addOn.connect('aura');
    addOn.connect('aura', { account: 'EU shop', apiKey: AURA_DEMO_API_KEY });
    const accounts = () =>
      [
        ...new Set(
          rows(addOn, 'Sheet1')
            .slice(1)
            .map((row) => row[at('account')]),
        ),
      ].sort();
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("all")');
    expect(accounts()).toEqual(['Aura', 'EU shop']);
    addOn.rt.run('renameAccount', ['aura', 'EU shop', 'Europe']);
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("all")');
    expect(accounts()).toEqual(['Aura', 'Europe']);
  });
});
