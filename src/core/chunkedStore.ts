import type { KeyValueStore } from '../platform/types';
import { splitForCache } from './chunkedCache';

/** A property value holds 9 KB; a UTF-16 unit is at most 3 UTF-8 bytes, so 2,900 units always fit. */
const PROPERTY_CHUNK_UNITS = 2_900;

/** Stores text of any length in a properties store as a count under `key` and numbered pieces. */
export function writeChunked(store: KeyValueStore, key: string, text: string): void {
  removeChunked(store, key);
  const chunks = splitForCache(text, PROPERTY_CHUNK_UNITS);
  chunks.forEach((chunk, i) => store.set(`${key}.${i}`, chunk));
  // The count goes last: a kill part way leaves no count, and so no half a value to read.
  store.set(key, String(chunks.length));
}

/** The whole text, or null when there is none (or a piece is missing). */
export function readChunked(store: KeyValueStore, key: string): string | null {
  const count = Number(store.get(key));
  if (store.get(key) === null || !Number.isInteger(count)) return null;
  let text = '';
  for (let i = 0; i < count; i++) {
    const piece = store.get(`${key}.${i}`);
    if (piece === null) return null;
    text += piece;
  }
  return text;
}

export function removeChunked(store: KeyValueStore, key: string): void {
  const count = Number(store.get(key));
  store.remove(key);
  for (let i = 0; Number.isInteger(count) && i < count; i++) store.remove(`${key}.${i}`);
  // Pieces a killed write left without a count.
  for (const stale of store.keys()) if (stale.startsWith(`${key}.`)) store.remove(stale);
}
