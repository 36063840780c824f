/**
 * A sync's snapshot, for closing a period: its sheet's table and the user's columns beside it, copied as values
 * (what every cell shows, formulas computed) into a new sheet named with the sync's sheet and the time, protected
 * with a warning against edits, and listed under the sync. Later runs never touch it.
 */
import { minuteInZone } from '../core/dates';
import { UserError } from '../core/errors';
import { findSync, loadJob, saveSync, type SyncDefinition } from '../core/syncStore';
import { asTextCell, PLAIN_TEXT_FORMAT } from '../core/table';
import type { SpreadsheetPlatform } from '../platform/types';
import { withSyncLock } from './sync';

export interface SnapshotResult {
  sheetName: string;
  /** Payment rows copied, the header not counted. */
  rows: number;
}

export type SnapshotEntry = NonNullable<SyncDefinition['snapshots']>[number];

const SNAPSHOT_INFIX = ' · snapshot ';
const SHEET_NAME_MAX = 100;
/** A sync's definition lives in one property value: it lists this many snapshots, newest kept. */
const MAX_LISTED = 30;

/** "<sheet> · snapshot YYYY-MM-DD HH:mm", the sheet's name cut to fit Sheets' 100 characters. */
export function snapshotSheetName(sheetName: string, stamp: string): string {
  const suffix = SNAPSHOT_INFIX + stamp;
  return sheetName.slice(0, SHEET_NAME_MAX - suffix.length) + suffix;
}

/** A second snapshot within the same minute gets " (2)" and on, rather than replace the first. */
function freeName(platform: SpreadsheetPlatform, name: string): string {
  if (!platform.workbook.sheet(name)) return name;
  for (let number = 2; ; number++) {
    const suffix = ` (${number})`;
    const candidate = name.slice(0, SHEET_NAME_MAX - suffix.length) + suffix;
    if (!platform.workbook.sheet(candidate)) return candidate;
  }
}

/** Text as text: a shown "=…" or "00123" copied into a new cell must stay what it showed, in its cell's format. */
function asValue(cell: unknown, format: string | undefined): unknown {
  return typeof cell === 'string' ? asTextCell(cell, format === PLAIN_TEXT_FORMAT) : cell;
}

/** snapshotSync(syncId): under the lock, so a snapshot never catches a sheet half way through a switch. */
export function snapshotSync(platform: SpreadsheetPlatform, syncId: unknown): SnapshotResult {
  const known = typeof syncId === 'string' ? findSync(platform.documentStore, syncId) : null;
  if (!known) throw new UserError('That sync no longer exists; it may have been deleted by someone else. Reopen the sidebar.');
  return withSyncLock(platform, 'manual', () => {
    const sync = findSync(platform.documentStore, known.id) ?? known;
    if (loadJob(platform.documentStore, sync.id)?.phase === 'switch') {
      throw new UserError(
        `The sync into "${sync.sheetName}" is writing its sheet right now. Let it finish (or Run again), then save the snapshot.`,
      );
    }
    const sheet = platform.workbook.sheet(sync.sheetName);
    const values = sheet?.readValues() ?? [];
    if (!sheet || values.length === 0)
      throw new UserError(`The sheet "${sync.sheetName}" has no table yet: run the sync first, then save a snapshot.`);
    const width = values.reduce((widest, row) => Math.max(widest, row.length), 0);
    const at = platform.clock.now();
    const name = freeName(platform, snapshotSheetName(sync.sheetName, minuteInZone(at, platform.timeZone())));
    const formats = sheet.readNumberFormats(1, 1, values.length, width);
    const target = platform.workbook.createSheet(name);
    target.ensureSize(values.length, width);
    // Formats first: a date or an amount shows as it does in the table from the moment it is written.
    target.writeNumberFormats(1, 1, formats);
    target.writeValues(
      1,
      1,
      values.map((row, r) => Array.from({ length: width }, (_, c) => asValue(row[c] ?? '', formats[r]?.[c]))),
    );
    target.styleHeader(width);
    target.protectWithWarning(
      `Snapshot of "${sync.sheetName}" taken ${minuteInZone(at, platform.timeZone())}: values only; Payments Sync never changes it.`,
    );
    const snapshots = [...listedSnapshots(platform, sync), { sheetName: name, at }].slice(-MAX_LISTED);
    saveSync(platform.documentStore, { ...sync, snapshots });
    return { sheetName: name, rows: values.length - 1 };
  });
}

/** The sync's snapshots whose sheets are still there (one deleted by hand drops out of the list). */
export function listedSnapshots(platform: SpreadsheetPlatform, sync: SyncDefinition): SnapshotEntry[] {
  return (sync.snapshots ?? []).filter((snapshot) => platform.workbook.sheet(snapshot.sheetName) !== null);
}
