/**
 * The neutral payment record that every simulator renders in its own wire format, the seeded generator
 * that makes realistic sets of them, and the store a simulator keeps them in.
 *
 * Nothing here knows any provider's wire format; that lives in aura.ts, koteshen.ts and uqualify.ts.
 */

export type SimStatus =
  | 'succeeded'
  | 'pending'
  | 'processing'
  | 'requires_action'
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'failed'
  | 'canceled'
  | 'refunded'
  | 'unknown';

export type SimMethod = 'card' | 'apple_pay' | 'google_pay' | 'paypal' | 'bank_transfer' | 'direct_debit' | 'cash' | 'crypto';

export interface SimPayment {
  /** Neutral id, unique within a simulator. Each provider derives its own wire id from it (`wireId`). */
  id: string;
  /** 1, 2, 3, … in creation order: Koteshen's integer id, and the tie-breaker of every sort. */
  seq: number;
  /** When the money moved: Aura `payment_date`, Koteshen `paid_at`. */
  occurredAt: number;
  /** When the provider recorded it: `created_at` everywhere. */
  createdAt: number;
  updatedAt: number;
  status: SimStatus;
  /**
   * Integer in the currency's ISO 4217 minor units (JPY 0 decimals, KWD 3, ETH 18). Each provider renders it by its
   * own convention (Aura: Stripe's table, Koteshen: RubyMoney's), which may count the currency differently.
   */
  amountMinor: number;
  /** Upper-case ISO code (or a crypto ticker). */
  currency: string;
  /** Minor units refunded so far: the whole amount when status is 'refunded', part of it for a partial refund. */
  refundedMinor: number;
  refundedAt: number | null;
  customerId: string;
  customerName: string;
  customerEmail: string | null;
  method: SimMethod;
  /** Payment reference in Koteshen's shape, e.g. 'PYM-7C0F-6335'. */
  reference: string;
  invoiceId: number;
  /** When the receipt was e-mailed (Koteshen `emailed_at`), if it was. */
  emailedAt: number | null;
}

// ---------------------------------------------------------------------------------------------------
// Currencies

interface CurrencyInfo {
  exponent: number;
  /** Rough units per US dollar, so amounts in every currency look like the same prices. */
  perUsd: number;
  /** Share of payments in this currency when it is offered. */
  weight: number;
  crypto: boolean;
  /** Price range in USD; ETH is kept small so its 18-decimal minor units stay safe integers. */
  usdRange?: readonly [number, number];
  /**
   * Amounts (and refunds) are whole multiples of this many ISO minor units, so every provider's convention can write
   * them: Stripe's MGA and RubyMoney's HUF and MGA have no subunit (100), RubyMoney's MRU counts fifths (20). Default 1.
   */
  minorStep?: number;
  /** Drawn only when asked for (`currencies`, addPayment's `currency`), so the default data sets stay as they were. */
  optIn?: boolean;
}

const CURRENCIES: Readonly<Record<string, CurrencyInfo>> = {
  USD: { exponent: 2, perUsd: 1, weight: 40, crypto: false },
  EUR: { exponent: 2, perUsd: 0.92, weight: 18, crypto: false },
  GBP: { exponent: 2, perUsd: 0.79, weight: 14, crypto: false },
  JPY: { exponent: 0, perUsd: 150, weight: 5, crypto: false },
  KWD: { exponent: 3, perUsd: 0.31, weight: 3, crypto: false },
  BHD: { exponent: 3, perUsd: 0.377, weight: 1, crypto: false },
  KRW: { exponent: 0, perUsd: 1330, weight: 1, crypto: false },
  CAD: { exponent: 2, perUsd: 1.36, weight: 4, crypto: false },
  AUD: { exponent: 2, perUsd: 1.52, weight: 3, crypto: false },
  CHF: { exponent: 2, perUsd: 0.88, weight: 2, crypto: false },
  SEK: { exponent: 2, perUsd: 10.5, weight: 2, crypto: false },
  INR: { exponent: 2, perUsd: 83, weight: 2, crypto: false },
  USDC: { exponent: 6, perUsd: 1, weight: 6, crypto: true },
  WBTC: { exponent: 8, perUsd: 1 / 60000, weight: 2, crypto: true },
  ETH: { exponent: 18, perUsd: 1 / 3000, weight: 3, crypto: true, usdRange: [0.05, 25] },
  // Where a provider's convention departs from ISO 4217 (Stripe: ISK, UGX, MGA, HUF, TWD; RubyMoney: HUF, MGA, MRU).
  ISK: { exponent: 0, perUsd: 138, weight: 1, crypto: false, optIn: true },
  UGX: { exponent: 0, perUsd: 3750, weight: 1, crypto: false, optIn: true },
  MGA: { exponent: 2, perUsd: 4500, weight: 1, crypto: false, optIn: true, minorStep: 100 },
  HUF: { exponent: 2, perUsd: 360, weight: 1, crypto: false, optIn: true, minorStep: 100 },
  TWD: { exponent: 2, perUsd: 32, weight: 1, crypto: false, optIn: true },
  MRU: { exponent: 2, perUsd: 40, weight: 1, crypto: false, optIn: true, minorStep: 20 },
};

const DRAWN_BY_DEFAULT = Object.keys(CURRENCIES).filter((code) => !CURRENCIES[code].optIn);
export const FIAT_CURRENCIES: readonly string[] = DRAWN_BY_DEFAULT.filter((code) => !CURRENCIES[code].crypto);
export const CRYPTO_CURRENCIES: readonly string[] = DRAWN_BY_DEFAULT.filter((code) => CURRENCIES[code].crypto);
/** Currencies some provider counts unlike ISO 4217: pass them as `currencies` to draw them. */
export const CONVENTION_CURRENCIES: readonly string[] = Object.keys(CURRENCIES).filter((code) => CURRENCIES[code].optIn);

function currencyInfo(code: string): CurrencyInfo {
  const info = CURRENCIES[code.toUpperCase()];
  if (!info) throw new Error(`Simulator has no data for currency ${code}; known: ${Object.keys(CURRENCIES).join(', ')}`);
  return info;
}

/** Decimal places of the currency's minor unit (ISO 4217 exponent; token decimals for crypto). */
export function currencyExponent(code: string): number {
  return currencyInfo(code).exponent;
}

export function isCryptoCurrency(code: string): boolean {
  return currencyInfo(code).crypto;
}

/**
 * ISO minor units → the integer a provider sends, counting `subunitsPerUnit` to the unit (Stripe's ISK 100: 500 ISK
 * → 50000; RubyMoney's MRU 5: 1020 → 51). An amount the provider cannot write whole is a simulator setup mistake.
 */
export function providerSubunits(minor: number, code: string, subunitsPerUnit: number): number {
  const subunits = (minor * subunitsPerUnit) / 10 ** currencyExponent(code);
  if (!Number.isSafeInteger(subunits)) {
    throw new Error(`Simulator cannot write ${minor} ${code} minor units in whole subunits of ${subunitsPerUnit} to the unit`);
  }
  return subunits;
}

// ---------------------------------------------------------------------------------------------------
// Customers

/** Names a spreadsheet would turn into formulas, numbers or swallowed quotes if written unescaped. */
export const HOSTILE_CUSTOMER_NAMES: readonly string[] = ['=HYPERLINK("http://evil","x")', '+SUM(1,2)', '@x', '-1+2', "'quoted", '00123'];

export const UNICODE_CUSTOMER_NAMES: readonly string[] = ['Zoë Ångström', '山田太郎', 'Ólafur Arnalds', 'Sam 🚀 Rivera', 'محمد الأحمد'];

const SPECIAL_CUSTOMER_EMAILS: Readonly<Record<string, string>> = {
  'Zoë Ångström': 'zoe.angstrom@example.com',
  山田太郎: 'taro.yamada@example.jp',
  'Ólafur Arnalds': 'olafur@example.is',
  'Sam 🚀 Rivera': 'sam.rivera@example.com',
  'محمد الأحمد': 'm.alahmad@example.com',
  '=HYPERLINK("http://evil","x")': 'formula@example.com',
  '+SUM(1,2)': 'plus@example.com',
  '@x': 'at@example.com',
  '-1+2': 'minus@example.com',
  "'quoted": 'quoted@example.com',
  '00123': '00123@example.com',
};
const SPECIAL_CUSTOMER_NAMES = [...UNICODE_CUSTOMER_NAMES, ...HOSTILE_CUSTOMER_NAMES];

const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Amelia',
  'Oliver',
  'Sofia',
  'Lucas',
  'Mia',
  'Ethan',
  'Chloé',
  'Mateo',
  'Aisha',
  'Kenji',
  'Priya',
  'Lars',
  'Fatima',
  'Diego',
  'Hannah',
  'Yusuf',
  'Ingrid',
  'Wei',
  'Anya',
  'Tomás',
];
const LAST_NAMES = [
  'Smith',
  'García',
  'Müller',
  'Rossi',
  'Kowalski',
  'Nakamura',
  'Dubois',
  'Okafor',
  'Johansson',
  'Silva',
  'Patel',
  "O'Brien",
  'Nguyen',
  'Fernández',
  'Schmidt',
  'Kim',
  'Larsen',
  'Novák',
  'Haddad',
  'Brown',
];

/** Regular customers besides the special ones; a few of them pay often, most once or twice. */
const REGULAR_CUSTOMER_COUNT = 2000;

interface Customer {
  id: string;
  name: string;
  email: string | null;
}

/** What was bought, by whom, for how much. */
interface Purchase {
  customer: Customer;
  amountMinor: number;
  currency: string;
  method: SimMethod;
  reference: string;
}

/** What happened to a purchase afterwards. */
type History = Pick<SimPayment, 'occurredAt' | 'createdAt' | 'updatedAt' | 'status' | 'refundedMinor' | 'refundedAt' | 'emailedAt'>;

// ---------------------------------------------------------------------------------------------------
// Randomness

// Bound once: under Jest, code runs in a vm context where each global lookup (`Math`) is slow.
const { imul, floor, exp, log } = Math;

/** mulberry32: small, fast, and the same sequence on every machine. */
class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[floor(this.next() * items.length)];
  }

  /** Log-uniform in [min, max): prices cluster at the low end, as real ones do. */
  logUniform(min: number, max: number): number {
    return exp(log(min) + this.next() * (log(max) - log(min)));
  }
}

class WeightedTable<T> {
  private readonly items: T[] = [];
  private readonly cumulative: number[] = [];
  private total = 0;

  constructor(weights: Iterable<readonly [T, number]>) {
    for (const [item, weight] of weights) {
      if (!(weight > 0)) continue;
      this.total += weight;
      this.items.push(item);
      this.cumulative.push(this.total);
    }
    if (this.items.length === 0) throw new Error('Simulator weight table is empty');
  }

  pick(random: Random): T {
    const target = random.next() * this.total;
    let index = 0;
    while (this.cumulative[index] <= target) index++;
    return this.items[index];
  }
}

/** Turns (namespace, seed) into a 32-bit state, so each namespace gets its own stream for the same seed. */
function seedState(namespace: string, seed: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${namespace}:${seed}`) h = imul(h ^ ch.codePointAt(0)!, 0x01000193);
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------------------
// Generator

export const DEFAULT_STATUS_WEIGHTS: Readonly<Partial<Record<SimStatus, number>>> = {
  succeeded: 80,
  pending: 3,
  processing: 2,
  requires_action: 1,
  requires_payment_method: 0.5,
  requires_confirmation: 0.3,
  failed: 7,
  canceled: 1.5,
  refunded: 4,
  unknown: 0.2,
};

export const DEFAULT_METHOD_WEIGHTS: Readonly<Partial<Record<SimMethod, number>>> = {
  card: 62,
  apple_pay: 8,
  google_pay: 5,
  paypal: 6,
  bank_transfer: 10,
  direct_debit: 5,
  cash: 4,
};

/** Of the succeeded payments, the share that was partly refunded. */
const PARTIAL_REFUND_SHARE = 0.03;
/** Prices round to these (in USD, then converted) a third of the time. */
const ROUND_PRICES_USD = [9, 19, 29, 49, 99, 149, 199, 299, 499, 999];
const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;

export interface PaymentProfile {
  /** Seed of the random stream: same seed (and profile) → identical payments. Default 1. */
  seed?: number;
  /** Prefixes neutral ids and salts the random stream, so two providers with one seed get different data. */
  namespace?: string;
  /** Currencies to draw from, weighted by popularity. Default: FIAT_CURRENCIES. */
  currencies?: readonly string[];
  /** Relative weights of statuses. Default: DEFAULT_STATUS_WEIGHTS (mostly succeeded). */
  statuses?: Partial<Record<SimStatus, number>>;
  /** Relative weights of non-crypto methods (crypto currencies always use 'crypto'). Default: DEFAULT_METHOD_WEIGHTS. */
  methods?: Partial<Record<SimMethod, number>>;
}

export interface GeneratePaymentsOptions extends PaymentProfile {
  count: number;
  /** End of the generated history (ms); no timestamp is later. */
  now: number;
  /** Length of the history before `now`. Default 730. */
  spanDays?: number;
}

/**
 * Makes payments from one seeded stream. A simulator keeps its generator, so payments that arrive later
 * (addPayment, Koteshen's arrivals) continue the same deterministic stream.
 */
export class PaymentGenerator {
  readonly seed: number;
  readonly namespace: string;
  private readonly random: Random;
  private readonly currencies: WeightedTable<string>;
  private readonly currencyList: readonly string[];
  private readonly statuses: WeightedTable<SimStatus>;
  private readonly methods: WeightedTable<SimMethod>;
  private readonly customers: Customer[];
  private readonly specialCustomerCount: number;

  constructor(profile: PaymentProfile = {}) {
    this.seed = profile.seed ?? 1;
    this.namespace = profile.namespace ?? 'pay';
    this.random = new Random(seedState(this.namespace, this.seed));
    this.currencyList = (profile.currencies ?? FIAT_CURRENCIES).map((code) => code.toUpperCase());
    this.currencies = new WeightedTable(this.currencyList.map((code) => [code, currencyInfo(code).weight] as const));
    this.statuses = new WeightedTable(Object.entries(profile.statuses ?? DEFAULT_STATUS_WEIGHTS) as [SimStatus, number][]);
    this.methods = new WeightedTable(
      (Object.entries(profile.methods ?? DEFAULT_METHOD_WEIGHTS) as [SimMethod, number][]).filter(([m]) => m !== 'crypto'),
    );
    this.specialCustomerCount = SPECIAL_CUSTOMER_NAMES.length;
    this.customers = this.makeCustomers();
  }

  /** `count` payments spread over the `spanDays` before `now`, in creation order, seq 1…count. */
  generate(count: number, now: number, spanDays = 730): SimPayment[] {
    const spanMs = spanDays * DAY;
    const drafts: { purchase: Purchase; history: History }[] = [];
    for (let i = 0; i < count; i++) {
      // The first few payments go to the special customers and through each offered currency, so every
      // data set of a dozen or more payments holds all the awkward cases; their times are random.
      const customer = i < this.specialCustomerCount ? this.customers[i] : this.regularCustomer();
      const currency = i < this.currencyList.length ? this.currencyList[i] : this.currencies.pick(this.random);
      const purchase = this.purchase(customer, currency);
      drafts.push({ purchase, history: this.history(purchase, Math.floor(now - this.random.next() * spanMs), now) });
    }
    drafts.sort((a, b) => a.history.createdAt - b.history.createdAt); // stable: ties keep generation order
    return drafts.map((draft, index) => this.record(index + 1, draft.purchase, draft.history));
  }

  /** A succeeded payment recorded at `at` (ms): what arrives while someone is paging. `currency` picks its currency. */
  arrival(seq: number, at: number, currency?: string): SimPayment {
    const customer = this.regularCustomer();
    const drawn = this.currencies.pick(this.random); // drawn even when unused, so the stream after it stays the same
    const purchase = this.purchase(customer, currency?.toUpperCase() ?? drawn);
    return this.record(seq, purchase, {
      occurredAt: at - this.random.int(200, 120 * SECOND),
      createdAt: at,
      updatedAt: at,
      status: 'succeeded',
      refundedMinor: 0,
      refundedAt: null,
      emailedAt: null,
    });
  }

  /** One object literal for every record, so all payments share one shape (this is hot at 100,000 rows). */
  private record(seq: number, purchase: Purchase, history: History): SimPayment {
    return {
      id: `${this.namespace}_${this.seed}_${seq}`,
      seq,
      occurredAt: history.occurredAt,
      createdAt: history.createdAt,
      updatedAt: history.updatedAt,
      status: history.status,
      amountMinor: purchase.amountMinor,
      currency: purchase.currency,
      refundedMinor: history.refundedMinor,
      refundedAt: history.refundedAt,
      customerId: purchase.customer.id,
      customerName: purchase.customer.name,
      customerEmail: purchase.customer.email,
      method: purchase.method,
      reference: purchase.reference,
      invoiceId: 1000 + seq,
      emailedAt: history.emailedAt,
    };
  }

  /** What happened to a purchase paid at `occurredAt`, up to `now`. */
  private history(purchase: Purchase, occurredAt: number, now: number): History {
    const random = this.random;
    const status = this.statuses.pick(random);
    let createdAt: number;
    if (purchase.method === 'cash') {
      // Cash is entered by hand: paid "on the day" (midnight UTC), recorded hours or days later.
      occurredAt -= occurredAt % DAY;
      createdAt = occurredAt + random.int(8 * HOUR, 3 * DAY);
    } else {
      createdAt = occurredAt + random.int(200, 120 * SECOND);
    }
    createdAt = Math.min(createdAt, now);
    let updatedAt = Math.min(createdAt + random.int(0, 600 * SECOND), now);

    const received = status === 'succeeded' || status === 'refunded';
    const emailedAt = received && random.chance(0.7) ? Math.min(createdAt + random.int(5 * SECOND, 120 * SECOND), now) : null;
    if (emailedAt !== null) updatedAt = Math.max(updatedAt, emailedAt);

    let refundedMinor = 0;
    let refundedAt: number | null = null;
    const step = currencyInfo(purchase.currency).minorStep ?? 1;
    const partlyRefunded = status === 'succeeded' && purchase.amountMinor > step && random.chance(PARTIAL_REFUND_SHARE);
    if (status === 'refunded' || partlyRefunded) {
      refundedMinor =
        status === 'refunded'
          ? purchase.amountMinor
          : step * Math.max(1, Math.floor((purchase.amountMinor * (0.1 + 0.8 * random.next())) / step));
      refundedAt = Math.floor(createdAt + random.next() * (Math.min(now, createdAt + 30 * DAY) - createdAt));
      updatedAt = Math.max(updatedAt, refundedAt);
    }
    return { occurredAt, createdAt, updatedAt, status, refundedMinor, refundedAt, emailedAt };
  }

  private purchase(customer: Customer, currency: string): Purchase {
    const random = this.random;
    const info = currencyInfo(currency);
    const step = info.minorStep ?? 1;
    const [minUsd, maxUsd] = info.usdRange ?? [2, 2000];
    const usd = info.usdRange === undefined && random.chance(1 / 3) ? random.pick(ROUND_PRICES_USD) : random.logUniform(minUsd, maxUsd);
    const hex = random.int(0, 0xffff).toString(16).toUpperCase().padStart(4, '0');
    const digits = String(random.int(0, 9999)).padStart(4, '0');
    return {
      customer,
      amountMinor: step * Math.max(1, Math.round((usd * info.perUsd * 10 ** info.exponent) / step)),
      currency,
      method: info.crypto ? 'crypto' : this.methods.pick(random),
      reference: `PYM-${hex}-${digits}`,
    };
  }

  /** Special customers first (indices 0…n-1), then regular ones. */
  private makeCustomers(): Customer[] {
    const customerId = (index: number) => `${this.namespace}_${this.seed}_cus_${index + 1}`;
    const customers: Customer[] = SPECIAL_CUSTOMER_NAMES.map((name, index) => ({
      id: customerId(index),
      name,
      email: SPECIAL_CUSTOMER_EMAILS[name],
    }));
    for (let n = 0; n < REGULAR_CUSTOMER_COUNT; n++) {
      const first = this.random.pick(FIRST_NAMES);
      const last = this.random.pick(LAST_NAMES);
      const local = `${first}.${last}`
        .normalize('NFD')
        .replace(/[^A-Za-z.]/g, '')
        .toLowerCase();
      customers.push({
        id: customerId(customers.length),
        name: `${first} ${last}`,
        email: this.random.chance(0.03) ? null : `${local}${n}@example.com`,
      });
    }
    return customers;
  }

  /** Skewed towards the first regular customers, so some customers (Aura leads) have many payments. */
  private regularCustomer(): Customer {
    const offset = Math.floor(REGULAR_CUSTOMER_COUNT * this.random.next() ** 3);
    return this.customers[this.specialCustomerCount + offset];
  }
}

/**
 * Deterministic, realistic payments: same options → identical data. Sorted by creation (seq 1…count).
 * Every set of at least 11 payments includes each unicode and hostile customer name, and every set at
 * least as long as `currencies` includes each currency.
 */
export function generatePayments(options: GeneratePaymentsOptions): SimPayment[] {
  return new PaymentGenerator(options).generate(options.count, options.now, options.spanDays);
}

// ---------------------------------------------------------------------------------------------------
// Store

/**
 * A simulator's payments. Records are frozen and replaced on update, so the sorted indexes a simulator
 * derives from them (`derived`) can be cached until the next change instead of rebuilt per request.
 */
export class PaymentStore {
  private readonly list: Readonly<SimPayment>[];
  private readonly byId = new Map<string, Readonly<SimPayment>>();
  private readonly usedSeqs = new Set<number>();
  private maxSeq = 0;
  private version = 0;
  private readonly cache = new Map<(payments: readonly Readonly<SimPayment>[]) => unknown, { version: number; value: unknown }>();

  /** Takes ownership of the payments, as `add` does. */
  constructor(payments: readonly SimPayment[]) {
    this.list = [];
    for (const payment of payments) this.add(payment);
  }

  get payments(): readonly Readonly<SimPayment>[] {
    return this.list;
  }

  get nextSeq(): number {
    return this.maxSeq + 1;
  }

  find(id: string): Readonly<SimPayment> | undefined {
    return this.byId.get(id);
  }

  /** Takes ownership of `payment` (it is frozen): pass a copy of anything the caller keeps using. */
  add(payment: SimPayment): Readonly<SimPayment> {
    if (this.byId.has(payment.id)) throw new Error(`Duplicate simulator payment id ${payment.id}`);
    if (!Number.isSafeInteger(payment.seq) || payment.seq < 1 || this.usedSeqs.has(payment.seq)) {
      throw new Error(`Simulator payment ${payment.id} needs a unique positive integer seq, got ${payment.seq}`);
    }
    const record = Object.freeze(payment);
    this.list.push(record);
    this.byId.set(record.id, record);
    this.usedSeqs.add(record.seq);
    this.maxSeq = Math.max(this.maxSeq, record.seq);
    this.version++;
    return record;
  }

  update(id: string, patch: Partial<Omit<SimPayment, 'id' | 'seq'>>): Readonly<SimPayment> {
    const current = this.require(id);
    const record = Object.freeze({ ...current, ...patch, id: current.id, seq: current.seq });
    this.list[this.list.indexOf(current)] = record;
    this.byId.set(id, record);
    this.version++;
    return record;
  }

  delete(id: string): Readonly<SimPayment> {
    const current = this.require(id);
    this.list.splice(this.list.indexOf(current), 1);
    this.byId.delete(id);
    this.usedSeqs.delete(current.seq);
    this.version++;
    return current;
  }

  /** `compute(payments)`, cached until the payments change. Pass a stable function (it is the cache key). */
  derived<T>(compute: (payments: readonly Readonly<SimPayment>[]) => T): T {
    const hit = this.cache.get(compute);
    if (hit && hit.version === this.version) return hit.value as T;
    const value = compute(this.list);
    this.cache.set(compute, { version: this.version, value });
    return value;
  }

  private require(id: string): Readonly<SimPayment> {
    const payment = this.byId.get(id);
    if (!payment) throw new Error(`No simulator payment with id ${id}`);
    return payment;
  }
}
