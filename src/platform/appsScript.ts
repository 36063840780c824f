/**
 * The only module that touches Apps Script's services. Each service is reached lazily, on first use, so a function
 * that needs none of them (onOpen in AuthMode.NONE) never asks for one.
 */
import type { Cache, HttpOutcome, HttpRequest, KeyValueStore, Platform } from './types';

function toFetchParams(request: HttpRequest): GoogleAppsScript.URL_Fetch.URLFetchRequest {
  return {
    url: request.url,
    method: request.method,
    headers: request.headers,
    ...(request.payload !== undefined ? { payload: request.payload, contentType: request.contentType } : {}),
    muteHttpExceptions: true,
    followRedirects: true,
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

function fetchOne(request: HttpRequest): HttpOutcome {
  try {
    return toOutcome(UrlFetchApp.fetch(request.url, toFetchParams(request)));
  } catch (error) {
    return { transportError: error instanceof Error ? error.message : String(error) };
  }
}

/** fetchAll throws for the whole batch when one request fails in transport; then each is sent alone to tell which. */
function fetchAll(requests: HttpRequest[]): HttpOutcome[] {
  if (requests.length === 1) return [fetchOne(requests[0])];
  try {
    return UrlFetchApp.fetchAll(requests.map(toFetchParams)).map(toOutcome);
  } catch {
    return requests.map(fetchOne);
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

export function appsScriptPlatform(): Platform {
  return {
    http: { fetchAll },
    clock: { now: () => Date.now(), sleep: (ms) => Utilities.sleep(Math.ceil(ms)) },
    userStore: propertiesStore(() => PropertiesService.getUserProperties()),
    documentStore: propertiesStore(() => PropertiesService.getDocumentProperties()),
    // The document cache exists wherever the add-on runs in a spreadsheet; the script cache is the fallback.
    documentCache: cacheOf(() => CacheService.getDocumentCache() ?? CacheService.getScriptCache()),
    timeZone: () => SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone() || Session.getScriptTimeZone(),
  };
}
