/**
 * Defining a sync: a sidebar request checked and turned into a saved definition, before any pull. A sheet belongs to
 * one sync: only that sync's Edit (a request carrying its id) changes it, and no request ever takes over a sheet that
 * another sync, or another person's, writes.
 */
import { canonicalExpression, resolveSources } from '../core/connections';
import { UserError } from '../core/errors';
import {
  buildLedgerQuery,
  describeExpression,
  hasFilters,
  parseFilters,
  parseProviderExpression,
  type PaymentFilters,
} from '../core/query';
import { describeRange, parseRangePreset } from '../core/ranges';
import { findSync, findSyncBySheet, syncSignature, type SyncDefinition } from '../core/syncStore';
import { parseColumnKeys, readOurColumns } from '../core/table';
import type { Column } from '../core/payment';
import type { Platform, SpreadsheetPlatform } from '../platform/types';
import { STORE_KEYS } from '../core/storeKeys';
import { summarySheetName } from './summarySheet';

export interface SyncRequest {
  /** A provider expression, as PAYMENTS takes it: "aura", "aura:EU shop", "all", "aura:EU shop,koteshen". */
  provider: string;
  status?: string;
  from?: string;
  to?: string;
  /** A preset (this_month, last_month, …, all_time) or "custom" for from/to. */
  range?: string;
  sheetName: string;
  /** Pull everything again instead of only what changed since the last sync. */
  full?: boolean;
  /** Keep "<sheet> · summary" beside the table: totals by month and currency, with a chart. Kept by an edit that leaves it out. */
  summary?: boolean;
  /** The saved sync an Edit changes (its sheet may change too). Without it, a request may only re-run its own sync. */
  syncId?: string;
  /**
   * The column keys to write, in order (any case); the ones needed to match rows are kept (see syncColumns). Left out,
   * an edit keeps the sync's; null or [] is every column.
   */
  columns?: string[] | null;
  /** 'update' (the default) upserts; 'append' only adds payments not in the sheet yet. Left out, an edit keeps the sync's. */
  mode?: 'update' | 'append';
  /** Filters: with none of the four given, an edit keeps the sync's; with any, exactly those given apply. */
  currencies?: string[];
  methods?: string[];
  /** Major units, inclusive. */
  minAmount?: number;
  /** Text matched in the customer's name or email, any case. */
  customer?: string;
}

const MODES = ['update', 'append'] as const;

/** The request's columns, mode and filters, checked; what it leaves out comes from the sync it changes or repeats. */
function parseShape(request: SyncRequest, previous: SyncDefinition | null): Pick<SyncDefinition, 'columns' | 'mode' | 'filters'> {
  if (request.columns !== undefined && request.columns !== null && !Array.isArray(request.columns)) {
    throw new UserError(`columns must be a list of column keys such as ["date", "amount"], not ${JSON.stringify(request.columns)}.`);
  }
  const columns: Column[] | null | undefined =
    request.columns === undefined ? previous?.columns : request.columns === null ? null : parseColumnKeys(request.columns, 'columns');
  if (request.mode !== undefined && !(MODES as readonly unknown[]).includes(request.mode)) {
    throw new UserError(`mode must be "update" or "append", not ${JSON.stringify(request.mode)}.`);
  }
  const mode = request.mode === undefined ? previous?.mode : request.mode === 'append' ? 'append' : undefined;
  const givesFilters = ['currencies', 'methods', 'minAmount', 'customer'].some(
    (field) => request[field as keyof SyncRequest] !== undefined,
  );
  const filters: PaymentFilters | undefined = givesFilters ? parseFilters(request) : previous?.filters;
  return {
    ...(columns && { columns }),
    ...(mode && { mode }),
    ...(filters && hasFilters(filters) && { filters }),
  };
}

/**
 * Whether a sync may take payments from several sources (accounts or providers), whose rows may share an id: then it
 * keeps `provider` and `account` to tell them apart. Read from its saved expression, so "all" counts as several
 * even while one account is connected: accounts added later must not change the columns it needs.
 */
export function spansSeveral(sync: Pick<SyncDefinition, 'provider'>): boolean {
  const terms = sync.provider
    .split(',')
    .map((term) => term.trim())
    .filter(Boolean);
  return terms.length > 1 || terms.some((term) => term.toLowerCase() === 'all');
}

export const DEFAULT_LOOKBACK_DAYS = 7;
const LOOKBACK_KEY = STORE_KEYS.lookbackDays;
const SHEET_NAME_MAX = 100;
/** Sheets the add-on makes for itself; a sync may not write into one. */
export const STAGING_SHEET_PREFIX = 'Payments Sync staging';

export function lookbackDays(platform: SpreadsheetPlatform): number {
  const stored = platform.documentStore.get(LOOKBACK_KEY);
  return stored === null ? DEFAULT_LOOKBACK_DAYS : Number(stored);
}

export function setLookbackDays(platform: SpreadsheetPlatform, days: unknown): number {
  const value = Number(days);
  if (!Number.isInteger(value) || value < 0 || value > 365) {
    throw new UserError('The look-back window must be a whole number of days from 0 to 365.');
  }
  platform.documentStore.set(LOOKBACK_KEY, String(value));
  return value;
}

/** "Uqualify · All time", "Aura:EU shop, Koteshen · This month": how the sidebar and messages name a sync. */
export function syncLabel(platform: Platform, sync: Pick<SyncDefinition, 'provider' | 'range' | 'from' | 'to'>): string {
  return `${describeExpression(parseProviderExpression(sync.provider, platform.providers))} · ${describeRange(sync.range, sync.from, sync.to)}`;
}

function newSyncId(): string {
  return `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * Checks a sync request and turns it into a definition, before any pull. Not saved: syncPayments saves it under the
 * lock, so an edit never lands under a run of the old definition.
 */
export function defineSync(platform: SpreadsheetPlatform, request: SyncRequest): SyncDefinition {
  if (!request || typeof request !== 'object') throw new UserError('Nothing to sync: choose a provider and a sheet.');
  const requestedName = typeof request.sheetName === 'string' ? request.sheetName.trim() : '';
  if (!requestedName) throw new UserError('Give the sheet to sync into a name.');
  if (
    requestedName.length > SHEET_NAME_MAX ||
    /[[\]*?/\\:]/.test(requestedName) ||
    requestedName.toLowerCase().startsWith(STAGING_SHEET_PREFIX.toLowerCase())
  ) {
    throw new UserError(`"${requestedName}" cannot be a sheet name here: use up to ${SHEET_NAME_MAX} characters without [ ] * ? / \\ :.`);
  }
  const range = parseRangePreset(request.range);
  if (request.summary !== undefined && typeof request.summary !== 'boolean') {
    throw new UserError(`summary must be true or false, not ${JSON.stringify(request.summary)}.`);
  }
  const { expression, filters: query } = buildLedgerQuery(
    platform.providers,
    request.provider,
    request.status ?? '',
    request.from ?? '',
    request.to ?? '',
    platform.timeZone(),
  );
  // Every account named must be connected now; the sync keeps the expression, so "all" takes in accounts added later.
  resolveSources(platform.userStore, platform.providers, expression);
  const edited = typeof request.syncId === 'string' && request.syncId !== '' ? findSync(platform.documentStore, request.syncId) : null;
  if (request.syncId && !edited)
    throw new UserError('The sync being edited no longer exists; it may have been deleted. Reopen the sidebar.');
  const sheet = platform.workbook.sheet(requestedName);
  // One sheet, one spelling: "payments" is the existing "Payments".
  const sheetName =
    sheet?.name() ?? (edited && edited.sheetName.toLowerCase() === requestedName.toLowerCase() ? edited.sheetName : requestedName);
  const repeated = edited ? null : findSyncBySheet(platform.documentStore, sheetName);
  const shape = parseShape(request, edited ?? (repeated?.owner === platform.userEmail() ? repeated : null));
  const definition: SyncDefinition = {
    id: edited?.id ?? newSyncId(),
    sheetName,
    provider: canonicalExpression(platform.userStore, expression),
    statuses: query.statuses,
    range,
    from: range === 'custom' ? query.from : null,
    to: range === 'custom' ? query.to : null,
    createdAt: edited?.createdAt ?? platform.clock.now(),
    owner: platform.userEmail(),
    lastPull: edited?.lastPull ?? null,
    lastRun: edited?.lastRun ?? null,
    ...((request.summary ?? edited?.summary) ? { summary: true } : {}),
    ...(edited?.schedule && { schedule: edited.schedule }),
    ...shape,
    ...(edited?.snapshots && { snapshots: edited.snapshots }),
  };
  const summaryOwner = definition.summary ? findSyncBySheet(platform.documentStore, summarySheetName(sheetName)) : null;
  if (summaryOwner && summaryOwner.id !== edited?.id) throw sheetBelongsTo(platform, summaryOwner);
  const owner = findSyncBySheet(platform.documentStore, sheetName);
  if (owner && owner.id !== edited?.id) {
    if (edited || !isSameSync(owner, definition)) throw sheetBelongsTo(platform, owner);
    // The very sync the sheet has, asked for again from the form: a re-run of it, which changes nothing.
    return owner;
  }
  if (!owner && sheet) {
    const header = sheet.readValues()[0] ?? [];
    readOurColumns(sheetName, header, header.length ? sheet.readFormulas(1, 1, header.length)[0] : []);
  }
  // A changed query makes the old rows a different table: the next pull is a full one.
  if (edited && syncSignature(edited) !== syncSignature(definition)) definition.lastPull = null;
  return definition;
}

/** A request that repeats a saved sync exactly, by its own owner, is that sync, not another. */
function isSameSync(saved: SyncDefinition, requested: SyncDefinition): boolean {
  return saved.owner === requested.owner && syncSignature(saved) === syncSignature({ ...requested, sheetName: saved.sheetName });
}

function sheetBelongsTo(platform: SpreadsheetPlatform, owner: SyncDefinition): UserError {
  const whose = owner.owner && owner.owner !== platform.userEmail() ? ` (set up by ${owner.owner})` : '';
  return new UserError(
    `The sheet "${owner.sheetName}" belongs to the ${syncLabel(platform, owner)} sync${whose}: edit that sync, or pick another sheet.`,
  );
}
