/**
 * How a run of a sync ends (features/sync.ts runSync), on an in-memory spreadsheet over the provider simulators:
 * done, continuing (a checkpoint saved), an incremental pull rebuilt as a full one, a failure, the daily quota, a
 * switch left for a fresh execution and one killed every time. Every outcome is the one SyncResult shape.
 */
import { findSync, loadJob, readRunLog, saveSync, type SyncDefinition } from '../../src/core/syncStore';
import { COLUMNS } from '../../src/core/payment';
import { EXECUTION_LIMIT_MS, EXECUTION_RESERVE_MS } from '../../src/core/budget';
import { continueSync, runSync, type SyncResult } from '../../src/features/sync';
import { defineSync, STAGING_SHEET_PREFIX, type SyncRequest } from '../../src/features/syncDefinition';
import { KILLED_MESSAGE, memoryDocument, type MemoryDocument, type MemoryDocumentOptions } from '../support/memoryPlatform';

/** Every SyncResult has these; keptSheetName only when removed rows were kept, the left-out fields only when some were. */
const RESULT_KEYS = [
  'syncId',
  'sheetName',
  'status',
  'kind',
  'rows',
  'added',
  'updated',
  'removed',
  'keptRemoved',
  'cut',
  'durationMs',
  'fetched',
  'pages',
  'columns',
].sort();
const QUOTA_TRANSPORT_ERROR = 'Service invoked too many times for one day: urlfetch.';
/** A slow Aura: a page a minute, so 500 payments (five pages of 100) take two executions. */
const SLOW_AURA: MemoryDocumentOptions = { simulators: { payments: 500, latencyMs: 60_000 } };

function auraDocument(options: MemoryDocumentOptions = {}): MemoryDocument {
  const doc = memoryDocument(options);
  doc.connect('aura');
  return doc;
}

function saved(doc: MemoryDocument, request: Partial<SyncRequest> = {}): SyncDefinition {
  const sync = defineSync(doc.platform, { provider: 'aura', range: 'all_time', sheetName: 'Payments', ...request });
  saveSync(doc.platform.documentStore, sync);
  return sync;
}

/** One execution of the sync as it is saved now (a run updates the saved definition: its last pull, its last run). */
function run(doc: MemoryDocument, sync: SyncDefinition, options: { full?: boolean; executionStart?: number } = {}): SyncResult {
  return runSync(doc.platform, findSync(doc.platform.documentStore, sync.id)!, 'manual', options);
}

/** An execution that started long enough ago to have only `ms` of its budget left. */
const leaving = (doc: MemoryDocument, ms: number) => ({ executionStart: doc.now() - (EXECUTION_LIMIT_MS - EXECUTION_RESERVE_MS) + ms });

const sheetValues = (doc: MemoryDocument) => doc.workbook.sheet('Payments')!.readValues();
const idColumn = COLUMNS.indexOf('id');
const lastRun = (doc: MemoryDocument, sync: SyncDefinition) => findSync(doc.platform.documentStore, sync.id)!.lastRun;
const stagingSheets = (doc: MemoryDocument) => doc.workbook.names().filter((name) => name.startsWith(STAGING_SHEET_PREFIX));

describe('a run that finishes', () => {
  it('reports its counts, and a second run builds on the first', () => {
    const doc = auraDocument();
    const sync = saved(doc);
    const first = run(doc, sync);
    expect(first).toEqual({
      syncId: sync.id,
      sheetName: 'Payments',
      status: 'done',
      kind: 'full',
      rows: 20,
      added: 20,
      updated: 0,
      removed: 0,
      keptRemoved: 0,
      cut: [],
      durationMs: expect.any(Number),
      fetched: 20,
      pages: 1,
      columns: [...COLUMNS],
    });
    expect(sheetValues(doc)).toHaveLength(21);
    expect(findSync(doc.platform.documentStore, sync.id)!.lastPull).toMatchObject({
      rows: 20,
      accounts: [expect.stringMatching(/^aura\./)],
    });
    expect(readRunLog(doc.platform.documentStore)[0]).toMatchObject({ syncId: sync.id, outcome: 'ok', kind: 'full', rows: 20 });
    expect(loadJob(doc.platform.documentStore, sync.id)).toBeNull();
    expect(stagingSheets(doc)).toEqual([]);
    doc.sims.aura.addPayment();
    expect(run(doc, sync)).toMatchObject({ status: 'done', kind: 'incremental', rows: 21, added: 1, updated: 0, removed: 0 });
  });

  it("counts updated and removed rows, keeps removed rows holding the user's cells, and names texts it cut", () => {
    const doc = auraDocument();
    const sync = saved(doc);
    run(doc, sync);
    const [changed, deleted] = doc.sims.aura.listedPayments();
    const rowOf = (wireId: unknown) => sheetValues(doc).findIndex((row) => row[idColumn] === wireId) + 1;
    const sheet = doc.workbook.sheet('Payments')!;
    sheet.writeValues(1, COLUMNS.length + 1, [['Notes']]);
    sheet.writeValues(rowOf(doc.sims.aura.wireId(deleted)), COLUMNS.length + 1, [['call them']]);
    doc.sims.aura.updatePayment(changed.id, { customerName: 'Someone Else' });
    doc.sims.aura.deletePayment(deleted.id);
    const long = doc.sims.aura.addPayment({ customerName: 'n'.repeat(60_000) });

    const result = run(doc, sync, { full: true });
    expect(result).toMatchObject({
      status: 'done',
      kind: 'full',
      rows: 20,
      added: 1,
      updated: 1,
      removed: 1,
      keptRemoved: 1,
      keptSheetName: 'Payments · removed',
      cut: [`${doc.sims.aura.wireId(long)} (customer_name)`],
    });
    expect(doc.workbook.sheet('Payments · removed')!.readValues().flat()).toContain('call them');
  });
});

describe('a run that runs out of time', () => {
  it('saves its checkpoint and reports its progress, leaving the sheet alone until every payment is staged', () => {
    const doc = auraDocument(SLOW_AURA);
    const sync = saved(doc);
    const result = run(doc, sync);
    expect(result).toMatchObject({ status: 'continuing', kind: 'full', rows: 0, added: 0, fetched: 400, pages: 4 });
    expect(loadJob(doc.platform.documentStore, sync.id)).toMatchObject({
      phase: 'pull',
      stagedPayments: 400,
      executions: 1,
      position: { pagesRead: 4 },
    });
    expect(doc.workbook.sheet('Payments')).toBeNull();
    expect(lastRun(doc, sync)).toMatchObject({ outcome: 'continuing' });
    expect(readRunLog(doc.platform.documentStore)).toEqual([]);

    expect(run(doc, sync)).toMatchObject({ status: 'done', rows: 500, added: 500, fetched: 500, pages: 5 });
    // The second execution went on from the checkpoint: no page was read twice.
    expect(doc.sims.aura.requests).toHaveLength(5);
  });

  it('gives up on a pull that reads nothing in three executions in a row', () => {
    const doc = auraDocument();
    const sync = saved(doc);
    for (let execution = 1; execution <= 2; execution++) {
      expect(run(doc, sync, leaving(doc, 300))).toMatchObject({ status: 'continuing', fetched: 0 });
    }
    expect(() => run(doc, sync, leaving(doc, 300))).toThrow(
      /^Aura could not be read in 3 executions in a row \(.*\)\. The sheet keeps its data; try again later\.$/,
    );
    expect(loadJob(doc.platform.documentStore, sync.id)).toBeNull();
  });

  it('leaves a switch the time left cannot cover to a fresh execution, which needs no request', () => {
    const doc = auraDocument();
    const sync = saved(doc);
    const result = run(doc, sync, leaving(doc, 3_000));
    expect(result).toMatchObject({ status: 'continuing', rows: 0, fetched: 20, pages: 1 });
    expect(loadJob(doc.platform.documentStore, sync.id)).toMatchObject({ phase: 'switch', stagedPayments: 20 });
    expect(doc.triggers).toEqual([expect.objectContaining({ handler: 'continuePendingSyncs', user: 'ada@example.com' })]);
    const requests = doc.sims.aura.requests.length;
    expect(run(doc, sync)).toMatchObject({ status: 'done', rows: 20, added: 20 });
    expect(doc.sims.aura.requests).toHaveLength(requests);
  });
});

describe('an incremental pull the sheet cannot complete', () => {
  it('becomes a full pull in the same execution', () => {
    const doc = auraDocument();
    const sync = saved(doc);
    run(doc, sync);
    // Rows the user deleted: the sheet is no longer the table the last pull left.
    doc.workbook.sheet('Payments')!.clearRows(2, 5, COLUMNS.length);
    const result = run(doc, sync);
    expect(result).toMatchObject({ status: 'done', kind: 'full', rows: 20, added: 5 });
    expect(sheetValues(doc).filter((row) => row[idColumn] !== '')).toHaveLength(21);
    expect(readRunLog(doc.platform.documentStore).map((record) => `${record.kind} ${record.outcome}`)).toEqual(['full ok', 'full ok']);
    // It did ask for the incremental pull first: a request with a date filter.
    expect(doc.sims.aura.requests.some((request) => 'from_date' in request.query)).toBe(true);
  });
});

describe('a run that fails', () => {
  it('records the error and leaves the sheet as it was', () => {
    const doc = auraDocument();
    const sync = saved(doc);
    run(doc, sync);
    const before = sheetValues(doc);
    doc.sims.aura.faults.push({ status: 401, times: Infinity });
    expect(() => run(doc, sync, { full: true })).toThrow(/Aura rejected the API key/);
    expect(sheetValues(doc)).toEqual(before);
    expect(lastRun(doc, sync)).toMatchObject({ outcome: 'error', error: expect.stringMatching(/Aura rejected the API key/) });
    expect(readRunLog(doc.platform.documentStore)[0]).toMatchObject({ outcome: 'error', kind: 'full' });
    expect(findSync(doc.platform.documentStore, sync.id)!.lastPull).toMatchObject({ rows: 20 });
  });

  it('drops a pull part way with its staged rows, so nothing retries it by itself', () => {
    const doc = auraDocument(SLOW_AURA);
    const sync = saved(doc);
    run(doc, sync);
    doc.sims.aura.faults.push({ status: 401, times: Infinity });
    expect(() => run(doc, sync)).toThrow(/Aura rejected the API key/);
    expect(loadJob(doc.platform.documentStore, sync.id)).toBeNull();
    expect(stagingSheets(doc)).toEqual([]);
  });

  it('keeps the job through the daily UrlFetch quota, says so once, and goes on after the reset', () => {
    const doc = auraDocument(SLOW_AURA);
    const sync = saved(doc);
    run(doc, sync);
    doc.sims.aura.faults.push({ transportError: QUOTA_TRANSPORT_ERROR, times: Infinity });
    for (let execution = 1; execution <= 2; execution++) {
      expect(() => run(doc, sync)).toThrow(/Google's daily UrlFetch quota for your account is used up/);
      expect(loadJob(doc.platform.documentStore, sync.id)).toMatchObject({ stagedPayments: 400, position: { pagesRead: 4 } });
    }
    expect(lastRun(doc, sync)).toMatchObject({ outcome: 'error', error: expect.stringMatching(/daily UrlFetch quota/) });
    expect(readRunLog(doc.platform.documentStore)).toHaveLength(1);
    doc.sims.aura.faults.clear();
    doc.sims.aura.resetRequests();
    expect(run(doc, sync)).toMatchObject({ status: 'done', rows: 500, fetched: 500 });
    expect(doc.sims.aura.requests).toHaveLength(1);
  });
});

describe('a switch killed part way', () => {
  const onTheTable = (sheet: string, method: string) => sheet === 'Payments' && method === 'writeValues';

  it('is finished by the next execution from the staged rows', () => {
    const doc = auraDocument();
    const sync = saved(doc);
    doc.killAtSheetCall(onTheTable);
    expect(() => run(doc, sync)).toThrow(KILLED_MESSAGE);
    doc.newExecution();
    expect(loadJob(doc.platform.documentStore, sync.id)).toMatchObject({ phase: 'switch', switch: { attempts: 1 } });
    const requests = doc.sims.aura.requests.length;
    expect(run(doc, sync)).toMatchObject({ status: 'done', rows: 20, added: 20 });
    expect(doc.sims.aura.requests).toHaveLength(requests);
  });

  it('stops with its message once started three times, never pulling again', () => {
    const doc = auraDocument();
    const sync = saved(doc);
    for (let attempt = 1; attempt <= 3; attempt++) {
      doc.killAtSheetCall(onTheTable);
      expect(() => run(doc, sync)).toThrow(KILLED_MESSAGE);
      doc.newExecution();
    }
    const requests = doc.sims.aura.requests.length;
    const stopped =
      'The sheet "Payments" could not be switched to the new table in 3 executions: 20 rows are more than Google lets a script ' +
      'write in one. Sync a shorter date range into it, or split it into two syncs.';
    expect(() => run(doc, sync)).toThrow(stopped);
    expect(lastRun(doc, sync)).toMatchObject({ outcome: 'error', error: stopped });
    expect(loadJob(doc.platform.documentStore, sync.id)).toBeNull();
    expect(doc.sims.aura.requests).toHaveLength(requests);
  });
});

describe('the result', () => {
  const keysOf = (result: SyncResult) => Object.keys(result).sort();

  it('has one shape whether done, continuing, reported later or reported while another run holds the lock', () => {
    const doc = auraDocument(SLOW_AURA);
    const sync = saved(doc);
    const continuing = run(doc, sync);
    const busy = doc.holdingLock(() => continueSync(doc.platform, sync.id));
    const done = continueSync(doc.platform, sync.id);
    const reported = continueSync(doc.platform, sync.id);
    expect(busy).toMatchObject({ status: 'continuing', fetched: 400, pages: 4 });
    expect(done).toMatchObject({ status: 'done', rows: 500 });
    expect(reported).toMatchObject({ status: 'done', rows: 500, added: 500, kind: 'full', durationMs: done.durationMs });
    for (const result of [continuing, busy, done, reported]) expect(keysOf(result)).toEqual(RESULT_KEYS);
  });

  it('names the removed sheet only when rows were kept there', () => {
    const doc = auraDocument();
    const sync = saved(doc);
    run(doc, sync);
    const sheet = doc.workbook.sheet('Payments')!;
    const [gone] = doc.sims.aura.listedPayments();
    sheet.writeValues(1, COLUMNS.length + 1, [['Notes']]);
    sheet.writeValues(sheetValues(doc).findIndex((row) => row[idColumn] === doc.sims.aura.wireId(gone)) + 1, COLUMNS.length + 1, [['x']]);
    doc.sims.aura.deletePayment(gone.id);
    expect(keysOf(run(doc, sync, { full: true }))).toEqual([...RESULT_KEYS, 'keptSheetName'].sort());
  });
});
