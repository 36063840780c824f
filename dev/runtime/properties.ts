import { ScriptException } from './errors';
import { ACCESS, type Execution } from './execution';
import { PROPERTIES } from './limits';
import { ServiceObject } from './membrane';
import type { Platform } from './platform';
import { countCall } from './stats';

/** A property store: string keys to string values. Null-prototype, so any key is just a key. */
export type PropertyStore = Record<string, string>;

export interface PropertiesState {
  user: Record<string, PropertyStore>;
  document: PropertyStore;
  script: PropertyStore;
}

function newStore(entries: PropertyStore = {}): PropertyStore {
  return Object.assign(Object.create(null) as PropertyStore, entries);
}

export class PropertyStores {
  private readonly users = new Map<string, PropertyStore>();
  readonly document: PropertyStore;
  readonly script: PropertyStore;

  constructor(state?: PropertiesState) {
    for (const [user, store] of Object.entries(state?.user ?? {})) this.users.set(user, newStore(store));
    this.document = newStore(state?.document);
    this.script = newStore(state?.script);
  }

  user(email: string): PropertyStore {
    let store = this.users.get(email);
    if (!store) this.users.set(email, (store = newStore()));
    return store;
  }

  toState(): PropertiesState {
    return {
      user: Object.fromEntries([...this.users].map(([user, store]) => [user, { ...store }])),
      document: { ...this.document },
      script: { ...this.script },
    };
  }
}

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

export class PropertiesServiceFake extends ServiceObject {
  protected readonly typeName = 'PropertiesService';

  constructor(
    private readonly execution: Execution,
    private readonly platform: Platform,
  ) {
    super();
  }

  /** In a custom function: the spreadsheet owner's store, readable but not writable ("Spreadsheet editors can't set user properties in a custom function"). */
  getUserProperties(): PropertiesFake {
    const readOnly = this.execution.kind === 'customFunction';
    return this.open('getUserProperties', this.platform.properties.user(this.execution.storageUser), readOnly);
  }

  getDocumentProperties(): PropertiesFake {
    return this.open('getDocumentProperties', this.platform.properties.document);
  }

  getScriptProperties(): PropertiesFake {
    return this.open('getScriptProperties', this.platform.properties.script);
  }

  private open(method: string, store: PropertyStore, readOnly = false): PropertiesFake {
    this.execution.checkAccess(`PropertiesService.${method}`, ACCESS.authorized);
    return new PropertiesFake(this.execution, this.platform, store, readOnly);
  }
}

export class PropertiesFake extends ServiceObject {
  protected readonly typeName = 'Properties';

  constructor(
    private readonly execution: Execution,
    private readonly platform: Platform,
    private readonly store: PropertyStore,
    private readonly readOnly: boolean,
  ) {
    super();
  }

  getProperty(key: unknown): string | null {
    this.enter('getProperty');
    return this.store[String(key)] ?? null;
  }

  getProperties(): PropertyStore {
    this.enter('getProperties');
    return { ...this.store };
  }

  getKeys(): string[] {
    this.enter('getKeys');
    return Object.keys(this.store);
  }

  setProperty(key: unknown, value: unknown): PropertiesFake {
    this.enterWrite('setProperty');
    this.write({ [String(key)]: value }, false);
    return this;
  }

  setProperties(properties: unknown, deleteAllOthers?: unknown): PropertiesFake {
    this.enterWrite('setProperties');
    if (typeof properties !== 'object' || properties === null) throw new ScriptException('Invalid argument: properties');
    this.write(properties as Record<string, unknown>, deleteAllOthers === true);
    return this;
  }

  deleteProperty(key: unknown): PropertiesFake {
    this.enterWrite('deleteProperty');
    delete this.store[String(key)];
    return this;
  }

  deleteAllProperties(): PropertiesFake {
    this.enterWrite('deleteAllProperties');
    this.replaceWith({});
    return this;
  }

  private enterWrite(method: string): void {
    this.enter(method);
    if (this.readOnly) throw new ScriptException(`You do not have permission to call Properties.${method} in a custom function.`);
  }

  private enter(method: string): void {
    this.execution.checkAccess(`Properties.${method}`, ACCESS.authorized);
    countCall(this.platform.stats.properties.calls, method);
  }

  /** All or nothing, like the platform: a value or a store over its limit throws and changes nothing. */
  private write(entries: Record<string, unknown>, deleteAllOthers: boolean): void {
    const next: PropertyStore = deleteAllOthers ? {} : { ...this.store };
    for (const [key, raw] of Object.entries(entries)) {
      const value = String(raw);
      if (utf8Bytes(key) + utf8Bytes(value) > PROPERTIES.maxEntryBytes) throw new ScriptException('Argument too large: value');
      next[key] = value;
    }
    const storeBytes = Object.entries(next).reduce((sum, [key, value]) => sum + utf8Bytes(key) + utf8Bytes(value), 0);
    if (storeBytes > PROPERTIES.maxStoreBytes) {
      throw new ScriptException('You have exceeded the property storage quota. Please remove some properties and try again.');
    }
    this.replaceWith(next);
  }

  /** The store object is shared with rt.userProperties() and friends, so it is updated in place. */
  private replaceWith(entries: PropertyStore): void {
    for (const key of Object.keys(this.store)) delete this.store[key];
    Object.assign(this.store, entries);
  }
}
