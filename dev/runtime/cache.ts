import { ScriptException } from './errors';
import { ACCESS, type Execution } from './execution';
import { CACHE } from './limits';
import { ServiceObject } from './membrane';
import type { Platform } from './platform';
import { countCall } from './stats';

interface CacheEntry {
  value: string;
  expiresAt: number;
}

export interface CacheItemState extends CacheEntry {
  key: string;
}

export interface CachesState {
  user: Record<string, CacheItemState[]>;
  document: CacheItemState[];
  script: CacheItemState[];
}

/** One cache. Map order is age order (a put moves the key to the end), so the first entry is the one to evict. */
export class CacheStore {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(items: CacheItemState[] = []) {
    for (const { key, value, expiresAt } of items) this.entries.set(key, { value, expiresAt });
  }

  get(key: string, now: number): string | null {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= now) this.entries.delete(key);
    return entry && entry.expiresAt > now ? entry.value : null;
  }

  put(key: string, value: string, expiresAt: number, now: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt });
    if (this.entries.size <= CACHE.maxItems) return;
    this.removeExpired(now);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= CACHE.maxItems) break;
      this.entries.delete(oldest);
    }
  }

  remove(key: string): void {
    this.entries.delete(key);
  }

  toState(now: number): CacheItemState[] {
    this.removeExpired(now);
    return [...this.entries].map(([key, entry]) => ({ key, ...entry }));
  }

  private removeExpired(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}

export class CacheStores {
  private readonly users = new Map<string, CacheStore>();
  readonly document: CacheStore;
  readonly script: CacheStore;

  constructor(state?: CachesState) {
    for (const [user, items] of Object.entries(state?.user ?? {})) this.users.set(user, new CacheStore(items));
    this.document = new CacheStore(state?.document);
    this.script = new CacheStore(state?.script);
  }

  user(email: string): CacheStore {
    let store = this.users.get(email);
    if (!store) this.users.set(email, (store = new CacheStore()));
    return store;
  }

  toState(now: number): CachesState {
    return {
      user: Object.fromEntries([...this.users].map(([user, store]) => [user, store.toState(now)])),
      document: this.document.toState(now),
      script: this.script.toState(now),
    };
  }
}

export class CacheServiceFake extends ServiceObject {
  protected readonly typeName = 'CacheService';

  constructor(
    private readonly execution: Execution,
    private readonly platform: Platform,
  ) {
    super();
  }

  getUserCache(): CacheFake {
    return this.open('getUserCache', this.platform.caches.user(this.execution.storageUser));
  }

  getDocumentCache(): CacheFake {
    return this.open('getDocumentCache', this.platform.caches.document);
  }

  getScriptCache(): CacheFake {
    return this.open('getScriptCache', this.platform.caches.script);
  }

  private open(method: string, store: CacheStore): CacheFake {
    this.execution.checkAccess(`CacheService.${method}`, ACCESS.authorized);
    return new CacheFake(this.execution, this.platform, store);
  }
}

export class CacheFake extends ServiceObject {
  protected readonly typeName = 'Cache';

  constructor(
    private readonly execution: Execution,
    private readonly platform: Platform,
    private readonly store: CacheStore,
  ) {
    super();
  }

  get(key: unknown): string | null {
    this.enter('get');
    return this.store.get(String(key), this.execution.now());
  }

  getAll(keys: unknown): Record<string, string> {
    this.enter('getAll');
    const found: Record<string, string> = {};
    for (const key of this.keyList(keys)) {
      const value = this.store.get(key, this.execution.now());
      if (value !== null) found[key] = value;
    }
    return found;
  }

  put(key: unknown, value: unknown, expirationInSeconds?: unknown): void {
    this.enter('put');
    this.store.put(...this.checkedEntry(key, value), this.expiry(expirationInSeconds), this.execution.now());
  }

  putAll(values: unknown, expirationInSeconds?: unknown): void {
    this.enter('putAll');
    if (typeof values !== 'object' || values === null) throw new ScriptException('Invalid argument: values');
    const entries = Object.entries(values).map(([key, value]) => this.checkedEntry(key, value));
    for (const [key, value] of entries) this.store.put(key, value, this.expiry(expirationInSeconds), this.execution.now());
  }

  remove(key: unknown): void {
    this.enter('remove');
    this.store.remove(String(key));
  }

  removeAll(keys: unknown): void {
    this.enter('removeAll');
    for (const key of this.keyList(keys)) this.store.remove(key);
  }

  private enter(method: string): void {
    this.execution.checkAccess(`Cache.${method}`, ACCESS.authorized);
    countCall(this.platform.stats.cache.calls, method);
  }

  private keyList(keys: unknown): string[] {
    if (!Array.isArray(keys)) throw new ScriptException('Invalid argument: keys');
    return keys.map(String);
  }

  private checkedEntry(key: unknown, value: unknown): [string, string] {
    const entry: [string, string] = [String(key), String(value)];
    if (entry[0].length > CACHE.maxKeyLength) throw new ScriptException('Argument too large: key');
    if (Buffer.byteLength(entry[1], 'utf8') > CACHE.maxValueBytes) throw new ScriptException('Argument too large: value');
    return entry;
  }

  /** Default 10 minutes; longer than 6 hours is cut to 6 hours. */
  private expiry(seconds: unknown): number {
    const ttl = seconds === undefined ? CACHE.defaultTtlSeconds : Math.min(Math.max(Number(seconds), 1), CACHE.maxTtlSeconds);
    return this.execution.now() + ttl * 1000;
  }
}
