import type { Cache } from '../platform/types';

/** CacheService holds 100 KB a value; a UTF-16 unit is at most 3 UTF-8 bytes, so 30,000 units always fit. */
export const CHUNK_UNITS = 30_000;
/** ASCII text (base64) is a byte a unit: 100,000 of them fit a value's 102,400 bytes. */
export const ASCII_CHUNK_UNITS = 100_000;
/** Past this many chunks (about 9 MB) a value is not worth a quarter of the cache's ~1,000 items. */
export const MAX_CHUNKS = 250;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Splits text into pieces of at most `units` UTF-16 units without cutting a surrogate pair in two. */
export function splitForCache(text: string, units = CHUNK_UNITS): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + units, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

/**
 * Stores a large value as an index entry plus numbered chunks of `units` (ASCII_CHUNK_UNITS for ASCII text). False
 * when it is too large to be worth caching.
 */
export function putChunked(cache: Cache, key: string, value: string, ttlSeconds: number, units = CHUNK_UNITS): boolean {
  const chunks = splitForCache(value, units);
  if (chunks.length > MAX_CHUNKS) return false;
  const entries: Record<string, string> = { [key]: String(chunks.length) };
  chunks.forEach((chunk, i) => (entries[`${key}:${i}`] = chunk));
  cache.putAll(entries, ttlSeconds);
  return true;
}

/** The whole value, or null when any piece is missing (CacheService may evict some early). */
export function getChunked(cache: Cache, key: string): string | null {
  const count = Number(cache.getAll([key])[key]);
  if (!Number.isInteger(count) || count < 0) return null;
  const keys = Array.from({ length: count }, (_, i) => `${key}:${i}`);
  const pieces = keys.length ? cache.getAll(keys) : {};
  let value = '';
  for (const chunkKey of keys) {
    const piece = pieces[chunkKey];
    if (piece === undefined) return null;
    value += piece;
  }
  return value;
}
