import { inspect, types } from 'node:util';
import { ScriptException } from './errors';
import type { Execution } from './execution';
import type { Intrinsics, ScriptRealm } from './realm';

/**
 * Base of every fake the script can hold (SpreadsheetApp, a Range, an HTTPResponse …). Only what a subclass declares
 * on its prototype — methods and getters — is visible to the script; instance fields are the fake's own business.
 */
export abstract class ServiceObject {
  /** What Apps Script prints for the object: String(range) is "Range". */
  protected abstract readonly typeName: string;

  toString(): string {
    return this.typeName;
  }

  [inspect.custom](): string {
    return this.typeName;
  }
}

type Constructors = Pick<Intrinsics, 'Array' | 'Object' | 'Date'>;

const HOST_CONSTRUCTORS: Constructors = { Array, Object, Date };

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

type Member = { method: (...args: unknown[]) => unknown } | { getter: () => unknown };

const membersByPrototype = new WeakMap<object, Map<PropertyKey, Member | undefined>>();

/** A public member of a fake: found on its prototype chain, below Object.prototype. */
function findMember(target: ServiceObject, property: PropertyKey): Member | undefined {
  const prototype = Object.getPrototypeOf(target) as object;
  let members = membersByPrototype.get(prototype);
  if (!members) membersByPrototype.set(prototype, (members = new Map()));
  if (members.has(property)) return members.get(property);
  let member: Member | undefined;
  for (let level = prototype; level !== Object.prototype && level !== null; level = Object.getPrototypeOf(level)) {
    const descriptor = Object.getOwnPropertyDescriptor(level, property);
    if (!descriptor || property === 'constructor') continue;
    if (descriptor.get) member = { getter: descriptor.get };
    else if (typeof descriptor.value === 'function') member = { method: descriptor.value };
    break;
  }
  members.set(property, member);
  return member;
}

/**
 * The boundary between the script's realm and the host. Every call from the script into a fake passes here:
 * the deadline check, arguments converted to host values, the result converted to script values (arrays, plain
 * objects and Dates of the script's realm; fakes as guarded proxies), and ScriptExceptions turned into the
 * script realm's Errors.
 */
export class ScriptMembrane {
  private readonly proxies = new WeakMap<ServiceObject, object>();
  private readonly fakes = new WeakMap<object, ServiceObject>();

  constructor(
    private readonly realm: ScriptRealm,
    private readonly execution: Execution,
  ) {}

  toScript(value: unknown): unknown {
    return this.copy(value, this.realm.intrinsics, (object) => (object instanceof ServiceObject ? this.proxyFor(object) : undefined));
  }

  fromScript(value: unknown): unknown {
    return this.copy(value, HOST_CONSTRUCTORS, (object) => this.fakes.get(object));
  }

  /**
   * Deep-copies arrays, plain objects and Dates with the constructors of the realm they go to (cycles kept);
   * `swap` exchanges a fake and its proxy; anything else crosses as it is.
   */
  private copy(value: unknown, into: Constructors, swap: (object: object) => unknown, seen = new Map<object, unknown>()): unknown {
    if (typeof value !== 'object' || value === null) return value;
    const swapped = swap(value);
    if (swapped !== undefined) return swapped;
    if (types.isDate(value)) return new into.Date(value.getTime());
    if (seen.has(value)) return seen.get(value);
    if (Array.isArray(value)) {
      const copy: unknown[] = new into.Array();
      seen.set(value, copy);
      for (const item of value) copy.push(this.copy(item, into, swap, seen));
      return copy;
    }
    if (!isPlainObject(value)) return value;
    const copy = new into.Object() as Record<string, unknown>;
    seen.set(value, copy);
    for (const [key, item] of Object.entries(value)) copy[key] = this.copy(item, into, swap, seen);
    return copy;
  }

  private proxyFor(fake: ServiceObject): object {
    let proxy = this.proxies.get(fake);
    if (!proxy) {
      proxy = new Proxy(fake, { get: (target, property) => this.memberForScript(target, property) });
      this.proxies.set(fake, proxy);
      this.fakes.set(proxy, fake);
    }
    return proxy;
  }

  private memberForScript(target: ServiceObject, property: PropertyKey): unknown {
    const member = findMember(target, property);
    if (!member) return undefined;
    if ('getter' in member) return this.guarded(() => member.getter.call(target));
    return (...args: unknown[]) =>
      this.guarded(() =>
        member.method.apply(
          target,
          args.map((arg) => this.fromScript(arg)),
        ),
      );
  }

  private guarded(action: () => unknown): unknown {
    try {
      this.execution.enterService();
      this.execution.assertAlive();
      return this.toScript(action());
    } catch (error) {
      throw error instanceof ScriptException ? this.realm.newError(error.message, error.name) : error;
    } finally {
      this.execution.leaveService();
    }
  }
}
