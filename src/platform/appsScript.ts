/**
 * The only module that touches Apps Script's services. Each service is reached lazily, on first use, so a function
 * that needs none of them (onOpen in AuthMode.NONE) never asks for one.
 */
import type { ProviderRegistry } from '../core/adapter';
import { UserError } from '../core/errors';
import type {
  Cache,
  ChartPlacement,
  FormulaCell,
  HttpOutcome,
  HttpRequest,
  KeyValueStore,
  Locks,
  Platform,
  PlatformProbe,
  ProbeSheet,
  Scheduler,
  SheetTable,
  SpreadsheetPlatform,
  UserInterface,
  Workbook,
} from './types';

function toFetchParams(request: HttpRequest): GoogleAppsScript.URL_Fetch.URLFetchRequest {
  return {
    url: request.url,
    method: request.method,
    headers: request.headers,
    ...(request.payload !== undefined ? { payload: request.payload, contentType: request.contentType } : {}),
    muteHttpExceptions: true,
    // A redirect would carry the Authorization header (or a form with the client secret) to another address.
    followRedirects: false,
  };
}

function toOutcome(response: GoogleAppsScript.URL_Fetch.HTTPResponse): HttpOutcome {
  const headers: Record<string, string> = {};
  const all = response.getAllHeaders() as Record<string, string | string[]>;
  for (const name of Object.keys(all)) {
    const value = all[name];
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return { status: response.getResponseCode(), headers, body: response.getContentText() };
}

/**
 * fetchAll throws for the whole batch when one request fails in transport, without saying which: the batch counts
 * as failed, and the client retries it within the rate limit and the time left (resending each alone would not).
 */
function fetchAll(requests: HttpRequest[]): HttpOutcome[] {
  try {
    return UrlFetchApp.fetchAll(requests.map(toFetchParams)).map(toOutcome);
  } catch (error) {
    const transportError = error instanceof Error ? error.message : String(error);
    return requests.map(() => ({ transportError }));
  }
}

function propertiesStore(open: () => GoogleAppsScript.Properties.Properties): KeyValueStore {
  let properties: GoogleAppsScript.Properties.Properties | null = null;
  const store = () => (properties ??= open());
  return {
    get: (key) => store().getProperty(key),
    set: (key, value) => void store().setProperty(key, value),
    remove: (key) => void store().deleteProperty(key),
    keys: () => store().getKeys(),
  };
}

function cacheOf(open: () => GoogleAppsScript.Cache.Cache): Cache {
  let cache: GoogleAppsScript.Cache.Cache | null = null;
  const get = () => (cache ??= open());
  return {
    getAll: (keys) => get().getAll(keys),
    putAll: (entries, ttlSeconds) => get().putAll(entries, ttlSeconds),
    removeAll: (keys) => get().removeAll(keys),
  };
}

export function appsScriptPlatform(providers: ProviderRegistry): Platform {
  return {
    providers,
    http: { fetchAll },
    clock: { now: () => Date.now(), sleep: (ms) => Utilities.sleep(Math.ceil(ms)) },
    userStore: propertiesStore(() => PropertiesService.getUserProperties()),
    documentStore: propertiesStore(() => PropertiesService.getDocumentProperties()),
    // The document cache exists wherever the add-on runs in a spreadsheet; the script cache is the fallback.
    documentCache: cacheOf(() => CacheService.getDocumentCache() ?? CacheService.getScriptCache()),
    timeZone: () => SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone() || Session.getScriptTimeZone(),
    compress: (text) => Utilities.base64Encode(Utilities.gzip(Utilities.newBlob(text)).getBytes()),
    decompress: (packed) => Utilities.ungzip(Utilities.newBlob(Utilities.base64Decode(packed), 'application/x-gzip')).getDataAsString(),
  };
}

function sheetTable(sheet: GoogleAppsScript.Spreadsheet.Sheet): SheetTable {
  const range = (row: number, column: number, rows: number, columns: number) => sheet.getRange(row, column, rows, columns);
  return {
    name: () => sheet.getName(),
    readValues() {
      const rows = sheet.getLastRow();
      const columns = sheet.getLastColumn();
      return rows > 0 && columns > 0 ? range(1, 1, rows, columns).getValues() : [];
    },
    readFormulas: (rows, column, columns) => range(1, column, rows, columns).getFormulas(),
    readNumberFormats: (row, column, rows, columns) => range(row, column, rows, columns).getNumberFormats(),
    readNotes: (row, column, rows, columns) => range(row, column, rows, columns).getNotes(),
    readBackgrounds: (row, column, rows, columns) => range(row, column, rows, columns).getBackgrounds(),
    writeValues(row, column, values) {
      if (values.length) range(row, column, values.length, values[0].length).setValues(values);
    },
    writeNumberFormats(row, column, formats) {
      if (formats.length) range(row, column, formats.length, formats[0].length).setNumberFormats(formats);
    },
    clearContent: (row, column, rows, columns) => void range(row, column, rows, columns).clearContent(),
    clearRows(row, rows, columns) {
      const block = range(row, 1, rows, columns);
      block.clear();
      block.clearNote();
      block.clearDataValidations();
    },
    sortRows: (row, rows, columns, byColumn) => void range(row, 1, rows, columns).sort({ column: byColumn, ascending: true }),
    copyTo(row, column, rows, columns, target, targetRow, targetColumn) {
      const destination = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(target.name())!;
      range(row, column, rows, columns).copyTo(destination.getRange(targetRow, targetColumn));
    },
    insertColumns: (afterColumn, count) => void sheet.insertColumnsAfter(afterColumn, count),
    deleteColumns: (column, count) => sheet.deleteColumns(column, count),
    moveColumns: (column, count, before) => sheet.moveColumns(sheet.getRange(1, column, 1, count), before),
    protectWithWarning: (description) => void sheet.protect().setDescription(description).setWarningOnly(true),
    ensureSize(rows, columns) {
      const maxRows = sheet.getMaxRows();
      if (maxRows < rows) sheet.insertRowsAfter(maxRows, rows - maxRows);
      const maxColumns = sheet.getMaxColumns();
      if (maxColumns < columns) sheet.insertColumnsAfter(maxColumns, columns - maxColumns);
    },
    styleHeader(columns) {
      sheet.setFrozenRows(1);
      range(1, 1, 1, columns).setFontWeight('bold');
    },
  };
}

function placeChart(sheet: GoogleAppsScript.Spreadsheet.Sheet, chart: ChartPlacement): void {
  const existing = sheet.getCharts().find((candidate) => candidate.getOptions().get('title') === chart.title);
  const builder = (existing ? existing.modify().clearRanges() : sheet.newChart())
    .setChartType(Charts.ChartType.COLUMN)
    .addRange(sheet.getRange(chart.row, chart.column, chart.numRows, chart.numColumns))
    .setNumHeaders(1)
    .setOption('title', chart.title)
    .setPosition(chart.anchorRow, chart.anchorColumn, 0, 0)
    .build();
  if (existing) sheet.updateChart(builder);
  else sheet.insertChart(builder);
}

const FORMULA_CALL = (name: string) => new RegExp(`(^|[^A-Za-z0-9_.])${name}\\s*\\(`, 'i');

function workbook(): Workbook {
  const spreadsheet = () => SpreadsheetApp.getActiveSpreadsheet();
  // Sheet names are unique regardless of case: "payments" and "Payments" cannot both exist.
  const sheetNamed = (name: string) =>
    spreadsheet().getSheetByName(name) ??
    spreadsheet()
      .getSheets()
      .find((candidate) => candidate.getName().toLowerCase() === name.toLowerCase());
  return {
    sheet(name) {
      const sheet = sheetNamed(name);
      return sheet ? sheetTable(sheet) : null;
    },
    createSheet(name, options) {
      const sheet = spreadsheet().insertSheet(name, spreadsheet().getSheets().length);
      const extra = options?.columns === undefined ? 0 : sheet.getMaxColumns() - options.columns;
      if (extra > 0) sheet.deleteColumns(options!.columns! + 1, extra);
      if (options?.hidden) sheet.hideSheet();
      return sheetTable(sheet);
    },
    cellCount: () =>
      spreadsheet()
        .getSheets()
        .reduce((cells, sheet) => cells + sheet.getMaxRows() * sheet.getMaxColumns(), 0),
    gridOf(name) {
      const sheet = sheetNamed(name);
      return sheet ? { rows: sheet.getMaxRows(), columns: sheet.getMaxColumns(), lastColumn: sheet.getLastColumn() } : null;
    },
    deleteSheet(name) {
      const sheet = spreadsheet().getSheetByName(name);
      if (sheet) spreadsheet().deleteSheet(sheet);
    },
    formulasCalling(functionName) {
      const pattern = FORMULA_CALL(functionName);
      const cells: FormulaCell[] = [];
      for (const sheet of spreadsheet().getSheets()) {
        sheet
          .getDataRange()
          .getFormulas()
          .forEach((row, r) =>
            row.forEach((formula, c) => {
              if (formula && pattern.test(formula)) cells.push({ sheetName: sheet.getName(), row: r + 1, column: c + 1, formula });
            }),
          );
      }
      return cells;
    },
    formulaAt(cell) {
      const sheet = spreadsheet().getSheetByName(cell.sheetName);
      return sheet ? sheet.getRange(cell.row, cell.column).getFormula() : null;
    },
    rewriteFormula(cell) {
      const range = spreadsheet().getSheetByName(cell.sheetName)?.getRange(cell.row, cell.column);
      if (!range) return;
      range.clearContent();
      SpreadsheetApp.flush();
      range.setFormula(cell.formula);
    },
    writeFormula(cell) {
      spreadsheet().getSheetByName(cell.sheetName)?.getRange(cell.row, cell.column).setFormula(cell.formula);
    },
    toast: (message) => spreadsheet().toast(message, 'Payments Sync'),
    placeChart(sheetName, chart) {
      const sheet = spreadsheet().getSheetByName(sheetName);
      if (sheet) placeChart(sheet, chart);
    },
  };
}

function clockTriggers(): GoogleAppsScript.Script.Trigger[] {
  return ScriptApp.getUserTriggers(SpreadsheetApp.getActiveSpreadsheet()).filter(
    (trigger) => trigger.getEventType() === ScriptApp.EventType.CLOCK,
  );
}

const scheduler: Scheduler = {
  timeTriggers: () => clockTriggers().map((trigger) => ({ id: trigger.getUniqueId(), handler: trigger.getHandlerFunction() })),
  deleteTrigger(id) {
    const trigger = clockTriggers().find((t) => t.getUniqueId() === id);
    if (trigger) ScriptApp.deleteTrigger(trigger);
  },
  everyHours: (handler, hours) => void ScriptApp.newTrigger(handler).timeBased().everyHours(hours).create(),
  dailyAt: (handler, hour, timeZone) =>
    void ScriptApp.newTrigger(handler).timeBased().everyDays(1).atHour(hour).inTimezone(timeZone).create(),
  after: (handler, ms) => void ScriptApp.newTrigger(handler).timeBased().after(ms).create(),
};

const locks: Locks = {
  withDocumentLock(waitMs, work) {
    // Documented to be null outside a containing document: then no run can be kept from another's sheet.
    const lock = LockService.getDocumentLock();
    if (!lock) {
      throw new UserError(
        'Google gave this run no document lock (LockService.getDocumentLock() returned null), so it cannot make sure no ' +
          'other sync writes the sheet at the same time, and did not start. Run it from the spreadsheet: Extensions → Payments Sync.',
      );
    }
    if (!lock.tryLock(waitMs)) return { acquired: false };
    try {
      return { acquired: true, result: work() };
    } finally {
      lock.releaseLock();
    }
  },
};

export function appsScriptSpreadsheetPlatform(providers: ProviderRegistry): SpreadsheetPlatform {
  return {
    ...appsScriptPlatform(providers),
    workbook: workbook(),
    scheduler,
    locks,
    userEmail: () => Session.getEffectiveUser().getEmail(),
    sendMail: (to, subject, body) => MailApp.sendEmail(to, subject, body),
  };
}

/** The Apps Script sheet behind each probe sheet, so copyTo can reach its target's Range. */
const probeSheets = new WeakMap<ProbeSheet, GoogleAppsScript.Spreadsheet.Sheet>();

function probeSheet(sheet: GoogleAppsScript.Spreadsheet.Sheet): ProbeSheet {
  const at = (a1: string) => sheet.getRange(a1);
  const probe: ProbeSheet = {
    name: () => sheet.getName(),
    setValues: (a1, values) => void at(a1).setValues(values),
    getValues: (a1) => at(a1).getValues(),
    getFormulas: (a1) => at(a1).getFormulas(),
    setNumberFormat: (a1, format) => void at(a1).setNumberFormat(format),
    setNumberFormats: (a1, formats) => void at(a1).setNumberFormats(formats),
    getNumberFormats: (a1) => at(a1).getNumberFormats(),
    setBackgrounds: (a1, colours) => void at(a1).setBackgrounds(colours),
    getBackgrounds: (a1) => at(a1).getBackgrounds(),
    setNotes: (a1, notes) => void at(a1).setNotes(notes),
    getNotes: (a1) => at(a1).getNotes(),
    insertCheckboxes: (a1) => void at(a1).insertCheckboxes(),
    getValidationTypes: (a1) =>
      at(a1)
        .getDataValidations()
        .map((row) => row.map((rule) => (rule ? String(rule.getCriteriaType()) : ''))),
    sort: (a1, column) => void at(a1).sort({ column, ascending: true }),
    copyTo: (a1, target, targetA1) => at(a1).copyTo(probeSheets.get(target)!.getRange(targetA1)),
    clear: (a1) => void at(a1).clear(),
    remove: () => sheet.getParent().deleteSheet(sheet),
  };
  probeSheets.set(probe, sheet);
  return probe;
}

export function appsScriptProbe(): PlatformProbe {
  const spreadsheet = () => SpreadsheetApp.getActiveSpreadsheet();
  return {
    insertHiddenSheet(name) {
      const active = spreadsheet().getActiveSheet();
      const sheet = spreadsheet().insertSheet(name, spreadsheet().getSheets().length);
      try {
        sheet.hideSheet();
        spreadsheet().setActiveSheet(active);
      } catch (error) {
        // The caller never gets this sheet to remove: remove it here.
        spreadsheet().deleteSheet(sheet);
        throw error;
      }
      return probeSheet(sheet);
    },
    sheetNameFoundBy: (name) => spreadsheet().getSheetByName(name)?.getName() ?? null,
    showSidebar: (title, html) => SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutput(html).setTitle(title)),
  };
}

/** The menu and sidebar; reached only when asked for, so onOpen in AuthMode.NONE touches nothing else. */
export function appsScriptUi(): UserInterface {
  return {
    addMenu(items) {
      const menu = SpreadsheetApp.getUi().createAddonMenu();
      for (const [caption, functionName] of items) menu.addItem(caption, functionName);
      menu.addToUi();
    },
    showSidebarFile(title, file) {
      SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutputFromFile(file).setTitle(title));
    },
  };
}
