/**
 * The sidebar's logic behind Edit mode and run outcomes, under node: which sync a sheet belongs to, the sheet name
 * the plain form suggests, how a sync is named in the "Editing …" banner, and removals worded and classed as a
 * warning, with the rows kept for the user's notes.
 */
import {
  keptRowsMessage,
  outcomeKind,
  providerLabel,
  runOutcome,
  runOutcomeClass,
  syncLabel,
  syncOutcomeMessage,
} from '../../sidebar/format';
import type { ConnectionSummary, RunRecord, SyncDefinition, SyncResult } from '../../sidebar/server';
import { defaultSheetName, sheetOwner } from '../../sidebar/syncRequest';

function savedSync(id: string, sheetName: string, patch: Partial<SyncDefinition> = {}): SyncDefinition {
  return {
    id,
    sheetName,
    provider: 'uqualify',
    statuses: null,
    range: 'all_time',
    from: null,
    to: null,
    createdAt: 0,
    owner: 'ann@example.com',
    lastPull: null,
    lastRun: null,
    ...patch,
  };
}

const result: SyncResult = {
  syncId: 's1',
  sheetName: 'Payments',
  status: 'done',
  kind: 'full',
  rows: 300,
  added: 0,
  updated: 2,
  removed: 3_623,
  durationMs: 2_000,
  fetched: 300,
  pages: 3,
};

const run: RunRecord = {
  syncId: 's1',
  sheetName: 'Payments',
  at: 0,
  trigger: 'manual',
  outcome: 'ok',
  kind: 'full',
  durationMs: 2_000,
  rows: 300,
  added: 0,
  updated: 2,
  removed: 3_623,
};

describe('which saved sync a sheet belongs to', () => {
  const syncs = [savedSync('s1', 'Payments'), savedSync('s2', 'Refunds')];

  it('finds the sync writing that sheet, as Sheets matches names', () => {
    expect(sheetOwner(syncs, ' payments ', null)?.id).toBe('s1');
    expect(sheetOwner(syncs, 'Elsewhere', null)).toBeNull();
  });

  it('leaves out the sync being edited: its own sheet is no refusal', () => {
    expect(sheetOwner(syncs, 'Payments', 's1')).toBeNull();
    expect(sheetOwner(syncs, 'Refunds', 's1')?.id).toBe('s2');
  });
});

describe('the sheet the plain form suggests', () => {
  it('is one no saved sync writes', () => {
    expect(defaultSheetName('Aura', ['aura payments', 'Aura payments 2'])).toBe('Aura payments 3');
    expect(defaultSheetName('Aura', ['Koteshen payments'])).toBe('Aura payments');
  });
});

describe('the Editing banner', () => {
  const connections = [{ provider: 'uqualify', label: 'Uqualify' }] as ConnectionSummary[];

  it('names the sync by provider, range and sheet', () => {
    expect(syncLabel(savedSync('s1', 'Payments'), providerLabel(connections, 'uqualify'))).toBe('Uqualify · All time → Payments');
    const custom = savedSync('s1', 'Q1', { range: 'custom', from: '2026-01-01', to: '2026-03-31' });
    expect(syncLabel(custom, 'Uqualify', 'en-GB')).toBe('Uqualify · 1 Jan 2026 – 31 Mar 2026 → Q1');
  });

  it('shows a provider it does not know as the server calls it', () => {
    expect(providerLabel(connections, 'stripe')).toBe('stripe');
  });
});

describe('a run that removed rows', () => {
  it('is a warning, and one that removed none a success', () => {
    expect(outcomeKind(result)).toBe('warning');
    expect(outcomeKind({ removed: 0 })).toBe('ok');
  });

  it('says how many in History and on the saved sync, in amber', () => {
    expect(runOutcome(run, 'en-US')).toBe('300 rows · 3,623 removed');
    expect(runOutcomeClass(run)).toBe('warning');
    expect(runOutcomeClass({ ...run, removed: 0 })).toBe('secondary');
    expect(runOutcomeClass({ ...run, outcome: 'error', error: 'Aura rejected the API key.' })).toBe('error');
  });

  it('says where rows with the user’s notes went', () => {
    const kept = { keptRemoved: 3, keptSheetName: 'Payments · removed' };
    expect(keptRowsMessage(kept, 'en-US')).toBe('3 rows with your notes moved to “Payments · removed”');
    expect(syncOutcomeMessage({ ...result, ...kept }, 'en-US')).toBe(
      'Synced 300 payments into “Payments” in 2 s: 0 added · 2 updated · 3,623 removed. 3 rows with your notes moved to “Payments · removed”.',
    );
    expect(runOutcome({ ...run, ...kept }, 'en-US')).toBe(
      '300 rows · 3,623 removed · 3 rows with your notes moved to “Payments · removed”',
    );
    expect(keptRowsMessage({ keptRemoved: 0, keptSheetName: 'Payments · removed' })).toBe('');
    expect(syncOutcomeMessage(result, 'en-US')).toBe('Synced 300 payments into “Payments” in 2 s: 0 added · 2 updated · 3,623 removed.');
  });
});
