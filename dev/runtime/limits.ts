/**
 * The Apps Script and Sheets limits the runtime enforces, in one place. Sources: Google's quota pages as
 * listed with their sources in dev/runtime/README.md.
 */

export const EXECUTION_TIME_LIMIT_MS = {
  customFunction: 30_000,
  simpleTrigger: 30_000,
  editor: 360_000,
  trigger: 360_000,
} as const;

export const URL_FETCH = {
  /** "URL Fetch URL length: 2 KB" (Google's quotas page), read as 2,048 bytes. */
  maxUrlBytes: 2_048,
  maxResponseBytes: 50 * 1024 * 1024,
  /** Consumer accounts (Workspace: 100,000; RuntimeOptions.urlFetchCallsPerDay); per user, per request (a fetchAll of 10 uses 10). */
  callsPerDay: 20_000,
  /** How many redirects a fetch follows before handing the 3xx response back. */
  maxRedirects: 10,
  /** How much of an error body the "Request failed" exception quotes. */
  quotedBodyChars: 500,
} as const;

export const PROPERTIES = {
  /** Apps Script counts key and value together against the 9 KB per-property limit. */
  maxEntryBytes: 9 * 1024,
  maxStoreBytes: 500 * 1024,
} as const;

export const CACHE = {
  maxKeyLength: 250,
  maxValueBytes: 100 * 1024,
  maxItems: 1_000,
  defaultTtlSeconds: 600,
  maxTtlSeconds: 21_600,
} as const;

export const SHEETS = {
  maxCells: 10_000_000,
  maxCellChars: 50_000,
  newSheetRows: 1_000,
  newSheetColumns: 26,
} as const;

export const MAIL = {
  recipientsPerDay: 100,
} as const;

export const TRIGGERS = {
  /** Editor add-ons: a time-driven trigger runs at most once an hour. */
  minIntervalMs: 3_600_000,
  allowedEveryHours: [1, 2, 4, 6, 8, 12],
} as const;
