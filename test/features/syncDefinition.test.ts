/**
 * Defining a sync (features/syncDefinition.ts) on an in-memory spreadsheet: what a request must say, and which
 * sheet a request may write, straight through defineSync without the bundle.
 */
import { COLUMNS } from '../../src/core/payment';
import { findSync, saveSync, type SyncDefinition } from '../../src/core/syncStore';
import {
  DEFAULT_LOOKBACK_DAYS,
  defineSync,
  lookbackDays,
  setLookbackDays,
  STAGING_SHEET_PREFIX,
  type SyncRequest,
} from '../../src/features/syncDefinition';
import type { SpreadsheetPlatform } from '../../src/platform/types';
import { MemorySheet } from '../support/memorySheet';
import { memoryDocument, type MemoryDocument } from '../support/memoryPlatform';

const BOB = 'bob@example.com';

function connectedDocument(): MemoryDocument {
  const doc = memoryDocument();
  doc.connect('uqualify');
  doc.connect('aura');
  return doc;
}

/** Defined and saved, as syncPayments does under the lock. */
function saved(platform: SpreadsheetPlatform, request: SyncRequest): SyncDefinition {
  const definition = defineSync(platform, request);
  saveSync(platform.documentStore, definition);
  return definition;
}

const uqualifyAllTime: SyncRequest = { provider: 'uqualify', range: 'all_time', sheetName: 'Payments' };

describe('defineSync: what a request must say', () => {
  let doc: MemoryDocument;
  beforeEach(() => (doc = connectedDocument()));

  const refused = (request: unknown) => () => defineSync(doc.platform, request as SyncRequest);

  it('asks for something to sync and a sheet name', () => {
    expect(refused(null)).toThrow('Nothing to sync: choose a provider and a sheet.');
    expect(refused({ provider: 'uqualify', sheetName: '   ' })).toThrow('Give the sheet to sync into a name.');
    expect(refused({ provider: 'uqualify' })).toThrow('Give the sheet to sync into a name.');
  });

  it.each(['Jan: payments', 'a/b', 'what?', '[x]', 'star*', 'back\\slash', 'x'.repeat(101)])(
    'refuses the sheet name %j, saying the rules',
    (name) => {
      expect(refused({ ...uqualifyAllTime, sheetName: name })).toThrow(
        `"${name}" cannot be a sheet name here: use up to 100 characters without [ ] * ? / \\ :.`,
      );
    },
  );

  it("refuses a name of the add-on's own working sheets, in any case", () => {
    expect(refused({ ...uqualifyAllTime, sheetName: `${STAGING_SHEET_PREFIX.toUpperCase()} 1` })).toThrow(/cannot be a sheet name here/);
  });

  it('accepts a name of exactly 100 characters, trimmed', () => {
    expect(defineSync(doc.platform, { ...uqualifyAllTime, sheetName: ` ${'x'.repeat(100)} ` }).sheetName).toBe('x'.repeat(100));
  });

  it('names an unknown provider, status or range and lists the known ones', () => {
    expect(refused({ ...uqualifyAllTime, provider: 'stripe' })).toThrow(
      /Unknown provider "stripe"\. Use one of: aura, koteshen, uqualify\./,
    );
    expect(refused({ ...uqualifyAllTime, status: 'paid' })).toThrow(/Unknown status "paid"\. Use one of: .*succeeded/);
    expect(refused({ ...uqualifyAllTime, range: 'next_week' })).toThrow(
      'Unknown date range "next_week". Use one of: this_month, last_month, this_quarter, year_to_date, last_12_months, all_time, custom.',
    );
  });

  it('names a date that does not exist, and dates the wrong way round', () => {
    expect(refused({ ...uqualifyAllTime, range: 'custom', from: '2026-02-30' })).toThrow(
      /from "2026-02-30" is not a date\. Use a date cell or text like 2026-03-31/,
    );
    expect(refused({ ...uqualifyAllTime, range: 'custom', from: '2026-03-01', to: '2026-02-01' })).toThrow(
      'from (2026-03-01) is after to (2026-02-01). Swap them.',
    );
  });

  it('refuses a summary that is not true or false', () => {
    expect(refused({ ...uqualifyAllTime, summary: 'yes' })).toThrow('summary must be true or false, not "yes".');
  });

  it('refuses a provider that is not connected, saying where to connect it', () => {
    expect(refused({ ...uqualifyAllTime, provider: 'koteshen' })).toThrow(
      /Koteshen is not connected\. Open Extensions → Payments Sync → Open sidebar/,
    );
  });

  it('keeps custom dates, and no dates for a preset', () => {
    const custom = defineSync(doc.platform, {
      ...uqualifyAllTime,
      range: 'custom',
      from: '2026-01-01',
      to: '2026-03-31',
      status: 'Succeeded, refunded',
    });
    expect(custom).toMatchObject({
      range: 'custom',
      from: '2026-01-01',
      to: '2026-03-31',
      statuses: ['succeeded', 'refunded'],
      owner: 'ada@example.com',
    });
    const preset = defineSync(doc.platform, { ...uqualifyAllTime, range: 'this_month', from: '2026-01-01' });
    expect(preset).toMatchObject({ range: 'this_month', from: null, to: null, lastPull: null, lastRun: null });
  });
});

describe('defineSync: which sheet a request may write', () => {
  let doc: MemoryDocument;
  beforeEach(() => (doc = connectedDocument()));

  it("refuses another sync's sheet, in any spelling, naming that sync by its label", () => {
    saved(doc.platform, uqualifyAllTime);
    expect(() => defineSync(doc.platform, { provider: 'aura', range: 'this_month', sheetName: 'payments' })).toThrow(
      'The sheet "Payments" belongs to the Uqualify · All time sync: edit that sync, or pick another sheet.',
    );
  });

  it("refuses another editor's sheet even for the very same query, naming who set it up", () => {
    doc.connect('uqualify', BOB);
    saved(doc.as(BOB), uqualifyAllTime);
    expect(() => defineSync(doc.platform, uqualifyAllTime)).toThrow(
      `The sheet "Payments" belongs to the Uqualify · All time sync (set up by ${BOB}): edit that sync, or pick another sheet.`,
    );
  });

  it('takes the same request again as a re-run of its own sync, which changes nothing', () => {
    const first = saved(doc.platform, uqualifyAllTime);
    const pulled = { ...first, lastPull: { startedAt: 1, from: null, to: null, rows: 3 } };
    saveSync(doc.platform.documentStore, pulled);
    expect(defineSync(doc.platform, { ...uqualifyAllTime, sheetName: 'PAYMENTS' })).toEqual(pulled);
  });

  it('lets an Edit move its sync to another sheet, freeing the old one', () => {
    const first = saved(doc.platform, uqualifyAllTime);
    const moved = saved(doc.platform, { ...uqualifyAllTime, sheetName: 'Uqualify', syncId: first.id });
    expect(moved).toMatchObject({ id: first.id, sheetName: 'Uqualify', createdAt: first.createdAt });
    expect(findSync(doc.platform.documentStore, first.id)!.sheetName).toBe('Uqualify');
    expect(defineSync(doc.platform, { provider: 'aura', range: 'all_time', sheetName: 'Payments' }).id).not.toBe(first.id);
  });

  it("refuses an Edit into another sync's sheet", () => {
    saved(doc.platform, uqualifyAllTime);
    const other = saved(doc.platform, { provider: 'aura', range: 'all_time', sheetName: 'Aura' });
    expect(() => defineSync(doc.platform, { ...uqualifyAllTime, syncId: other.id })).toThrow(
      /The sheet "Payments" belongs to the Uqualify · All time sync:/,
    );
  });

  it('refuses an Edit of a sync deleted meanwhile', () => {
    expect(() => defineSync(doc.platform, { ...uqualifyAllTime, syncId: 'gone' })).toThrow(
      'The sync being edited no longer exists; it may have been deleted. Reopen the sidebar.',
    );
  });

  it('clears the last pull when an Edit changes the query, and keeps it when only the summary changes', () => {
    const first = saved(doc.platform, uqualifyAllTime);
    const lastPull = { startedAt: 1, from: null, to: null, rows: 3 };
    saveSync(doc.platform.documentStore, { ...first, lastPull });
    expect(defineSync(doc.platform, { ...uqualifyAllTime, syncId: first.id, summary: true })).toMatchObject({ lastPull, summary: true });
    expect(defineSync(doc.platform, { ...uqualifyAllTime, syncId: first.id, status: 'succeeded' }).lastPull).toBeNull();
    expect(defineSync(doc.platform, { ...uqualifyAllTime, syncId: first.id, sheetName: 'Elsewhere' }).lastPull).toBeNull();
  });

  it('refuses a summary whose sheet another sync writes', () => {
    saved(doc.platform, { provider: 'aura', range: 'all_time', sheetName: 'Payments · summary' });
    expect(() => defineSync(doc.platform, { ...uqualifyAllTime, summary: true })).toThrow(
      /The sheet "Payments · summary" belongs to the Aura · All time sync/,
    );
    expect(defineSync(doc.platform, uqualifyAllTime).sheetName).toBe('Payments');
  });

  it('writes an existing sheet under the spelling it has', () => {
    doc.workbook.add(new MemorySheet('Payments'));
    expect(defineSync(doc.platform, { ...uqualifyAllTime, sheetName: 'payments' }).sheetName).toBe('Payments');
  });

  it("refuses a sheet holding someone else's data, and takes one with our header left by a deleted sync", () => {
    doc.workbook.add(
      MemorySheet.of('Budget', [
        ['Month', 'Spend'],
        ['May', 10],
      ]),
    );
    expect(() => defineSync(doc.platform, { ...uqualifyAllTime, sheetName: 'Budget' })).toThrow(
      'Sheet "Budget" already holds other data (its first row is not a Payments Sync header). Pick another sheet name, or clear that sheet first.',
    );
    doc.workbook.add(MemorySheet.of('Old', [[...COLUMNS]]));
    expect(defineSync(doc.platform, { ...uqualifyAllTime, sheetName: 'Old' }).sheetName).toBe('Old');
  });

  it('takes a header made by a formula (a PAYMENTS spill) for other data', () => {
    doc.workbook.add(MemorySheet.of('Spill', [[...COLUMNS]], [['=PAYMENTS("uqualify")']]));
    expect(() => defineSync(doc.platform, { ...uqualifyAllTime, sheetName: 'Spill' })).toThrow(
      'Sheet "Spill" already holds other data (its first row is not a Payments Sync header: it is made by a formula). Pick another sheet name, or clear that sheet first.',
    );
  });
});

describe('the look-back window', () => {
  it(`is ${DEFAULT_LOOKBACK_DAYS} days until set, and takes whole days from 0 to 365`, () => {
    const { platform } = memoryDocument();
    expect(lookbackDays(platform)).toBe(DEFAULT_LOOKBACK_DAYS);
    expect(setLookbackDays(platform, '30')).toBe(30);
    expect(lookbackDays(platform)).toBe(30);
    expect(setLookbackDays(platform, 0)).toBe(0);
    expect(setLookbackDays(platform, 365)).toBe(365);
    for (const bad of [-1, 366, 1.5, 'a week', undefined]) {
      expect(() => setLookbackDays(platform, bad)).toThrow('The look-back window must be a whole number of days from 0 to 365.');
    }
    expect(lookbackDays(platform)).toBe(365);
  });
});
