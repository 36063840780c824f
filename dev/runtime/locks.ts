import { ScriptException } from './errors';
import { ACCESS, type Execution } from './execution';
import { ServiceObject } from './membrane';
import type { Platform } from './platform';

export type LockScope = 'document' | 'script' | 'user';

/** Someone else holding a lock: an execution of this runtime, or (rt.holdLock) an imagined one until a time. */
type LockHolder = { executionId: number } | { until: number };

export interface LockHoldState {
  key: string;
  until: number;
}

export function lockKey(scope: LockScope, user: string): string {
  return scope === 'user' ? `user:${user}` : scope;
}

export class LockTable {
  private readonly holders = new Map<string, LockHolder>();
  /** rt.withholdDocumentLock(): getDocumentLock() returns null. */
  documentLockWithheld = false;

  constructor(state: LockHoldState[] = []) {
    for (const { key, until } of state) this.holders.set(key, { until });
  }

  holdElsewhere(key: string, until: number): void {
    this.holders.set(key, { until });
  }

  /**
   * Takes the lock if it is free, or waits (spending the execution's time) for its holder to let go within
   * `timeoutMs`. Returns false once the timeout has passed with the lock still held.
   */
  acquire(execution: Execution, key: string, timeoutMs: number): boolean {
    const holder = this.holders.get(key);
    const now = execution.now();
    const freeAt = holder === undefined ? now : 'until' in holder ? holder.until : holder.executionId === execution.id ? now : Infinity;
    if (freeAt > now + timeoutMs) {
      execution.waitUntil(now + timeoutMs);
      return false;
    }
    execution.waitUntil(freeAt);
    this.holders.set(key, { executionId: execution.id });
    return true;
  }

  isHeldBy(execution: Execution, key: string): boolean {
    const holder = this.holders.get(key);
    return holder !== undefined && 'executionId' in holder && holder.executionId === execution.id;
  }

  release(execution: Execution, key: string): void {
    if (this.isHeldBy(execution, key)) this.holders.delete(key);
  }

  /** At the end of an execution, however it ended. */
  releaseAll(execution: Execution): void {
    for (const key of [...this.holders.keys()]) this.release(execution, key);
  }

  toState(now: number): LockHoldState[] {
    return [...this.holders].flatMap(([key, holder]) => ('until' in holder && holder.until > now ? [{ key, until: holder.until }] : []));
  }
}

export class LockServiceFake extends ServiceObject {
  protected readonly typeName = 'LockService';

  constructor(
    private readonly execution: Execution,
    private readonly platform: Platform,
  ) {
    super();
  }

  getDocumentLock(): LockFake | null {
    const lock = this.open('getDocumentLock', 'document');
    return this.platform.locks.documentLockWithheld ? null : lock;
  }

  getScriptLock(): LockFake {
    return this.open('getScriptLock', 'script');
  }

  getUserLock(): LockFake {
    return this.open('getUserLock', 'user');
  }

  private open(method: string, scope: LockScope): LockFake {
    this.execution.checkAccess(`LockService.${method}`, ACCESS.editing);
    return new LockFake(this.execution, this.platform.locks, lockKey(scope, this.execution.user));
  }
}

export class LockFake extends ServiceObject {
  protected readonly typeName = 'Lock';

  constructor(
    private readonly execution: Execution,
    private readonly table: LockTable,
    private readonly key: string,
  ) {
    super();
  }

  tryLock(timeoutInMillis: unknown): boolean {
    return this.table.acquire(this.execution, this.key, Math.max(0, Number(timeoutInMillis)));
  }

  waitLock(timeoutInMillis: unknown): void {
    if (!this.tryLock(timeoutInMillis)) throw new ScriptException('Lock timeout: another process was holding the lock for too long.');
  }

  releaseLock(): void {
    this.table.release(this.execution, this.key);
  }

  hasLock(): boolean {
    return this.table.isHeldBy(this.execution, this.key);
  }
}
