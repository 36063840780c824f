/**
 * A sync's pull job (features/syncJob.ts) on an in-memory spreadsheet: how a job starts (full or incremental), how a
 * round queues it, how its payments stage in a hidden sheet and come back, and when a job part way may go on.
 */
import { paymentToCompact, type Payment } from '../../src/core/payment';
import { loadJob, saveJob, saveSync, type SyncDefinition, type SyncJob } from '../../src/core/syncStore';
import { defineSync, setLookbackDays, STAGING_SHEET_PREFIX, type SyncRequest } from '../../src/features/syncDefinition';
import { accountsRead, canResume, discardJob, queueSync, readStaged, stage, startJob, syncSources } from '../../src/features/syncJob';
import { MemorySheet } from '../support/memorySheet';
import { memoryDocument, type MemoryDocument } from '../support/memoryPlatform';
import { testPayment } from '../support/payments';

const DAY_MS = 86_400_000;
const BOB = 'bob@example.com';

function payment(id: string, overrides: Partial<Payment> = {}): Payment {
  return testPayment({
    provider: 'uqualify',
    account: 'Uqualify',
    id,
    date: Date.parse('2026-06-01T10:00:00Z'),
    amount: 12.5,
    currency: 'EUR',
    customer_name: 'Ada',
    customer_email: 'ada@example.com',
    customer_id: 'c1',
    method: 'card',
    created_at: Date.parse('2026-06-01T09:59:00Z'),
    amount_exact: '12.50',
    ...overrides,
  });
}

function defined(doc: MemoryDocument, request: Partial<SyncRequest> = {}): SyncDefinition {
  const sync = defineSync(doc.platform, { provider: 'uqualify', range: 'all_time', sheetName: 'Payments', ...request });
  saveSync(doc.platform.documentStore, sync);
  return sync;
}

/** The sync as a complete pull left it a day ago, over the accounts it reads now, with its sheet in place. */
function pulledYesterday(
  doc: MemoryDocument,
  sync: SyncDefinition,
  accounts = accountsRead(syncSources(doc.platform, sync)),
): SyncDefinition {
  if (!doc.workbook.sheet(sync.sheetName)) doc.workbook.add(new MemorySheet(sync.sheetName));
  const pulled = { ...sync, lastPull: { startedAt: doc.now() - DAY_MS, from: null, to: null, rows: 0, accounts } };
  saveSync(doc.platform.documentStore, pulled);
  return pulled;
}

const stagingName = (sync: SyncDefinition) => `${STAGING_SHEET_PREFIX} ${sync.id}`;

let doc: MemoryDocument;
beforeEach(() => {
  doc = memoryDocument();
  doc.connect('uqualify');
});

describe('startJob', () => {
  it('starts a full pull of the window the range covers today, by this user', () => {
    const sync = defined(doc, { range: 'this_month' });
    expect(startJob(doc.platform, sync, 'scheduled', { full: false })).toEqual({
      syncId: sync.id,
      signature: expect.any(String),
      runBy: 'ada@example.com',
      connectionId: null,
      from: '2026-06-01',
      to: '2026-06-30',
      kind: 'full',
      updatedSince: null,
      position: null,
      stagedRows: 0,
      stagedPayments: 0,
      stagingColumns: expect.stringMatching(/^provider,account,id,/),
      fetched: 0,
      startedAt: doc.now(),
      executions: 0,
      stalledExecutions: 0,
      origin: 'scheduled',
      phase: 'pull',
    });
  });

  it('builds on the last pull from its start less the look-back window', () => {
    const sync = pulledYesterday(doc, defined(doc));
    expect(startJob(doc.platform, sync, 'manual', { full: false })).toMatchObject({
      kind: 'incremental',
      updatedSince: sync.lastPull!.startedAt - 7 * DAY_MS,
    });
    setLookbackDays(doc.platform, 0);
    expect(startJob(doc.platform, sync, 'manual', { full: false }).updatedSince).toBe(sync.lastPull!.startedAt);
  });

  it('pulls everything when asked to, when there is no last pull, or when the sheet is gone', () => {
    const sync = pulledYesterday(doc, defined(doc));
    expect(startJob(doc.platform, sync, 'manual', { full: true })).toMatchObject({ kind: 'full', updatedSince: null });
    expect(startJob(doc.platform, { ...sync, lastPull: null }, 'manual', { full: false }).kind).toBe('full');
    doc.workbook.deleteSheet('Payments');
    expect(startJob(doc.platform, sync, 'manual', { full: false }).kind).toBe('full');
  });

  it('pulls everything when the accounts are not those the last pull read', () => {
    const all = pulledYesterday(doc, defined(doc, { provider: 'all' }));
    expect(startJob(doc.platform, all, 'manual', { full: false }).kind).toBe('incremental');
    // An account connected since has none of its older payments in the sheet.
    doc.connect('aura');
    expect(startJob(doc.platform, all, 'manual', { full: false }).kind).toBe('full');
    // A new key for the same account is another connection.
    const uqualifyOnly = pulledYesterday(doc, defined(doc, { sheetName: 'Uqualify' }), ['uqualify.some-older-connection']);
    expect(startJob(doc.platform, uqualifyOnly, 'manual', { full: false }).kind).toBe('full');
  });

  it('builds on a pull made before accounts only for one default account', () => {
    const sync = pulledYesterday(doc, defined(doc));
    const beforeAccounts = { ...sync, lastPull: { ...sync.lastPull!, accounts: undefined } };
    expect(startJob(doc.platform, beforeAccounts, 'manual', { full: false }).kind).toBe('incremental');
    doc.connect('aura');
    const all = pulledYesterday(doc, defined(doc, { provider: 'all', sheetName: 'All' }));
    expect(startJob(doc.platform, { ...all, lastPull: { ...all.lastPull!, accounts: undefined } }, 'manual', { full: false }).kind).toBe(
      'full',
    );
  });

  it('pulls everything from a provider whose API cannot filter by date, and from an account that cannot be read now', () => {
    doc.connect('koteshen');
    const koteshen = pulledYesterday(doc, defined(doc, { provider: 'koteshen', sheetName: 'Koteshen' }));
    expect(startJob(doc.platform, koteshen, 'manual', { full: false }).kind).toBe('incremental');
    const uqualify = pulledYesterday(doc, defined(doc));
    doc.platform.userStore
      .keys()
      .filter((key) => /uqualify/i.test(key))
      .forEach((key) => doc.platform.userStore.remove(key));
    expect(startJob(doc.platform, uqualify, 'manual', { full: false }).kind).toBe('full');
  });
});

describe('queueSync', () => {
  it('queues a new job for the round', () => {
    const sync = defined(doc);
    queueSync(doc.platform, sync, 'scheduled');
    expect(loadJob(doc.platform.documentStore, sync.id)).toMatchObject({ runBy: 'ada@example.com', origin: 'scheduled', kind: 'full' });
  });

  it("keeps this user's pull part way, with what it staged", () => {
    const sync = defined(doc);
    const job = startJob(doc.platform, sync, 'manual', { full: false });
    stage(doc.platform, sync, job, [payment('p1')]);
    saveJob(doc.platform.documentStore, { ...job, fetched: 1 });
    doc.advance(60_000);
    queueSync(doc.platform, sync, 'scheduled');
    expect(loadJob(doc.platform.documentStore, sync.id)).toEqual({ ...job, fetched: 1 });
    expect(doc.workbook.sheet(stagingName(sync))).not.toBeNull();
  });

  it("replaces someone else's pull of the sync, and its staged rows", () => {
    const sync = defined(doc);
    doc.connect('uqualify', BOB);
    const theirs = startJob(doc.as(BOB), sync, 'manual', { full: false });
    stage(doc.as(BOB), sync, theirs, [payment('p1')]);
    saveJob(doc.platform.documentStore, theirs);
    queueSync(doc.platform, sync, 'scheduled');
    expect(loadJob(doc.platform.documentStore, sync.id)).toMatchObject({ runBy: 'ada@example.com', stagedRows: 0, origin: 'scheduled' });
    expect(doc.workbook.sheet(stagingName(sync))).toBeNull();
  });
});

describe('staging', () => {
  let sync: SyncDefinition;
  let job: SyncJob;
  beforeEach(() => {
    sync = defined(doc);
    job = startJob(doc.platform, sync, 'manual', { full: false });
  });

  it('brings back what it staged, batch after batch, in a hidden sheet of its own', () => {
    const first = [payment('p1'), payment('p2', { status: 'refunded', refunded_amount: 12.5, customer_name: '=HYPERLINK("x")' })];
    const second = [payment('p3', { date: null, amount_exact: '0.000123456789', currency: 'ETH', amount: 0.000123456789 })];
    stage(doc.platform, sync, job, first);
    stage(doc.platform, sync, job, second);
    stage(doc.platform, sync, job, []);
    expect(job).toMatchObject({ stagedRows: 2, stagedPayments: 3 });
    expect(readStaged(doc.platform, sync, job)).toEqual([...first, ...second]);
    expect(doc.workbook.hidden.has(stagingName(sync))).toBe(true);
  });

  it('stages a payment of any size across cells, each under what a cell holds', () => {
    const huge = payment('huge', { reference: 'r'.repeat(120_000) });
    stage(doc.platform, sync, job, [payment('small'), huge]);
    const cells = doc.workbook
      .sheet(stagingName(sync))!
      .readValues()
      .map(([cell]) => String(cell));
    expect(cells.length).toBe(3);
    expect(Math.max(...cells.map((cell) => cell.length))).toBeLessThan(50_000);
    expect(readStaged(doc.platform, sync, job)).toEqual([payment('small'), huge]);
  });

  it('keeps a cell that starts like a formula as text', () => {
    // Pad the reference so that the second cell starts at its "=".
    const at = JSON.stringify(paymentToCompact(payment('p1', { reference: 'MARK' }))).indexOf('MARK');
    const padding = 45_000 - at;
    const tricky = payment('p1', { reference: `${'x'.repeat(padding)}=SUM(A1:A9)` });
    stage(doc.platform, sync, job, [tricky]);
    expect(String(doc.workbook.sheet(stagingName(sync))!.readValues()[1][0])).toMatch(/^=SUM/);
    expect(readStaged(doc.platform, sync, job)).toEqual([tricky]);
  });

  it('overwrites rows an execution killed before its checkpoint left behind', () => {
    stage(doc.platform, sync, job, [payment('p1')]);
    const checkpoint = { ...job };
    stage(doc.platform, sync, { ...checkpoint }, [payment('lost'), payment('lost too', { reference: 'z'.repeat(50_000) })]);
    stage(doc.platform, sync, checkpoint, [payment('p2')]);
    expect(readStaged(doc.platform, sync, checkpoint)).toEqual([payment('p1'), payment('p2')]);
  });

  it('says the working sheet was deleted when it is gone, or was made again part way', () => {
    const lost = `The working sheet of the sync into "Payments" was deleted while it ran. Run the sync again.`;
    expect(readStaged(doc.platform, sync, job)).toEqual([]);
    stage(doc.platform, sync, job, [payment('p1'), payment('p2')]);
    doc.workbook.deleteSheet(stagingName(sync));
    expect(() => readStaged(doc.platform, sync, job)).toThrow(lost);
    stage(doc.platform, sync, job, [payment('p3')]);
    expect(() => readStaged(doc.platform, sync, job)).toThrow(lost);
  });

  it('says so too when the sheet holds what is not staged payments', () => {
    stage(doc.platform, sync, job, [payment('p1')]);
    doc.workbook.sheet(stagingName(sync))!.writeValues(1, 1, [['not json\n']]);
    expect(() => readStaged(doc.platform, sync, job)).toThrow(/The working sheet of the sync into "Payments" was deleted/);
  });

  it('discardJob forgets the job and deletes its staging sheet, and no other', () => {
    const other = defined(doc, { sheetName: 'Other' });
    const otherJob = startJob(doc.platform, other, 'manual', { full: false });
    stage(doc.platform, other, otherJob, [payment('o1')]);
    saveJob(doc.platform.documentStore, otherJob);
    stage(doc.platform, sync, job, [payment('p1')]);
    saveJob(doc.platform.documentStore, job);
    discardJob(doc.platform, sync);
    expect(loadJob(doc.platform.documentStore, sync.id)).toBeNull();
    expect(doc.workbook.sheet(stagingName(sync))).toBeNull();
    expect(loadJob(doc.platform.documentStore, other.id)).not.toBeNull();
    expect(readStaged(doc.platform, other, otherJob)).toEqual([payment('o1')]);
  });
});

describe('canResume', () => {
  let sync: SyncDefinition;
  let job: SyncJob;
  beforeEach(() => {
    sync = defined(doc);
    job = { ...startJob(doc.platform, sync, 'manual', { full: false }), connectionId: 'c1' };
  });

  it('goes on for the same query, person, connections and staging columns', () => {
    expect(canResume(doc.platform, sync, job, false, 'c1')).toBe(true);
    expect(canResume(doc.platform, sync, { ...job, connectionId: null }, false, 'c2')).toBe(true);
  });

  it('starts again for an edited query', () => {
    expect(canResume(doc.platform, { ...sync, statuses: ['succeeded'] }, job, false, 'c1')).toBe(false);
    expect(canResume(doc.platform, { ...sync, sheetName: 'Moved' }, job, false, 'c1')).toBe(false);
  });

  it("never goes on with another person's pull or another connection's staged rows", () => {
    doc.connect('uqualify', BOB);
    expect(canResume(doc.as(BOB), sync, job, false, 'c1')).toBe(false);
    expect(canResume(doc.platform, sync, job, false, 'c2')).toBe(false);
    expect(canResume(doc.platform, sync, job, false, null)).toBe(false);
  });

  it('starts again when the staged columns are in another order', () => {
    expect(canResume(doc.platform, sync, { ...job, stagingColumns: 'provider,id,date' }, false, 'c1')).toBe(false);
  });

  it('lets a full refresh replace an incremental pull, but not the switch of one already pulled', () => {
    const incremental: SyncJob = { ...job, kind: 'incremental', updatedSince: 1 };
    expect(canResume(doc.platform, sync, incremental, true, 'c1')).toBe(false);
    expect(canResume(doc.platform, sync, incremental, false, 'c1')).toBe(true);
    expect(canResume(doc.platform, sync, { ...incremental, phase: 'switch' }, true, 'c1')).toBe(true);
    expect(canResume(doc.platform, sync, job, true, 'c1')).toBe(true);
  });
});
