import type { NewSagaRecord, SagaLogEntry, SagaProgress, SagaRecord } from './saga-record';
import { isSagaFinished, UNFINISHED_SAGA_STATUSES } from './saga-record';
import type { SagaLogger } from './saga-definition';
import type { SagaStore } from './saga-store';

/**
 * A `SagaStore` in memory for unit tests, with the same rules as the PostgreSQL one. Extras:
 * `writes` (a copy of the saga after every successful write), a clock to move, and
 * `crashAfterWrites(n)` to simulate the process dying after its n-th next write.
 */
export class InMemorySagaStore implements SagaStore {
  /** Every successful write, oldest first, as the stored saga right after it. */
  readonly writes: SagaRecord[] = [];
  private readonly sagas = new Map<string, SagaRecord>();
  private clockOffsetMs = 0;
  private writesUntilCrash = Infinity;

  /** Moves this store's clock forward (leases expire). */
  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  /** After `count` more successful writes, every store call throws as if the process had died. */
  crashAfterWrites(count: number): void {
    this.writesUntilCrash = count;
  }

  /** Undoes `crashAfterWrites`: the "restarted" process can use the store again. */
  restart(): void {
    this.writesUntilCrash = Infinity;
  }

  /** Every stored saga, for assertions. */
  all(): SagaRecord[] {
    return [...this.sagas.values()].map((saga) => structuredClone(saga));
  }

  /** The saga's history of writes (see `writes`). */
  writesOf(id: string): SagaRecord[] {
    return this.writes.filter((saga) => saga.id === id);
  }

  create(saga: NewSagaRecord): Promise<boolean> {
    return settle(() => {
      this.failIfCrashed();
      if (this.sagas.has(saga.id)) {
        return false;
      }
      const now = this.now();
      this.write({
        id: saga.id,
        type: saga.type,
        status: 'running',
        stepIndex: 0,
        state: structuredClone(saga.state),
        log: structuredClone(saga.log),
        owner: saga.owner,
        leaseUntil: this.after(saga.leaseMs),
        attempts: 1,
        createdAt: now,
        updatedAt: now,
        finishedAt: null,
      });
      return true;
    });
  }

  get(id: string): Promise<SagaRecord | undefined> {
    return settle(() => {
      this.failIfCrashed();
      const saga = this.sagas.get(id);
      return saga ? structuredClone(saga) : undefined;
    });
  }

  saveProgress(id: string, owner: string, progress: SagaProgress, leaseMs: number): Promise<boolean> {
    return settle(() => {
      return this.updateHeld(id, owner, (saga) => {
        const finished = isSagaFinished(progress.status);
        return {
          ...saga,
          ...structuredClone({
            status: progress.status,
            stepIndex: progress.stepIndex,
            state: progress.state,
          }),
          log: [...saga.log, ...structuredClone(progress.log)],
          owner: finished ? null : saga.owner,
          leaseUntil: finished ? null : this.after(leaseMs),
          finishedAt: finished ? this.now() : null,
        };
      });
    });
  }

  renewLease(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return settle(() => {
      this.failIfCrashed();
      const saga = this.sagas.get(id);
      if (!saga || saga.owner !== owner || isSagaFinished(saga.status)) {
        return false;
      }
      // Not a progress write: kept out of `writes` so snapshots show steps only.
      this.sagas.set(id, { ...saga, leaseUntil: this.after(leaseMs) });
      return true;
    });
  }

  release(id: string, owner: string, log: SagaLogEntry[], claimableAfterMs: number): Promise<boolean> {
    return settle(() => {
      return this.updateHeld(id, owner, (saga) => ({
        ...saga,
        owner: null,
        leaseUntil: this.after(claimableAfterMs),
        log: [...saga.log, ...structuredClone(log)],
      }));
    });
  }

  claim(id: string, owner: string, leaseMs: number): Promise<SagaRecord | undefined> {
    return settle(() => {
      this.failIfCrashed();
      const saga = this.sagas.get(id);
      if (!saga || isSagaFinished(saga.status) || (saga.owner !== owner && !this.expired(saga))) {
        return undefined;
      }
      return this.take(saga, owner, leaseMs);
    });
  }

  claimExpired(owner: string, leaseMs: number): Promise<SagaRecord | undefined> {
    return settle(() => {
      this.failIfCrashed();
      const expired = [...this.sagas.values()]
        .filter(
          (saga) =>
            (UNFINISHED_SAGA_STATUSES as readonly string[]).includes(saga.status) && this.expired(saga),
        )
        .sort((a, b) => (a.leaseUntil?.getTime() ?? 0) - (b.leaseUntil?.getTime() ?? 0));
      return expired[0] ? this.take(expired[0], owner, leaseMs) : undefined;
    });
  }

  private take(saga: SagaRecord, owner: string, leaseMs: number): SagaRecord {
    const taken = {
      ...saga,
      owner,
      leaseUntil: this.after(leaseMs),
      attempts: saga.attempts + 1,
      updatedAt: this.now(),
    };
    this.write(taken);
    return structuredClone(taken);
  }

  private updateHeld(id: string, owner: string, change: (saga: SagaRecord) => SagaRecord): boolean {
    this.failIfCrashed();
    const saga = this.sagas.get(id);
    if (!saga || saga.owner !== owner || isSagaFinished(saga.status)) {
      return false;
    }
    this.write({ ...change(saga), updatedAt: this.now() });
    return true;
  }

  private write(saga: SagaRecord): void {
    this.failIfCrashed();
    this.sagas.set(saga.id, saga);
    this.writes.push(structuredClone(saga));
    this.writesUntilCrash -= 1;
  }

  private failIfCrashed(): void {
    if (this.writesUntilCrash <= 0) {
      throw new Error('simulated crash: the process is gone');
    }
  }

  private expired(saga: SagaRecord): boolean {
    return saga.leaseUntil === null || saga.leaseUntil.getTime() <= this.now().getTime();
  }

  private now(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  private after(ms: number): Date {
    return new Date(this.now().getTime() + ms);
  }
}

// Runs synchronously but answers like a real store: a throw becomes a rejected promise.
function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}

/** A `SagaLogger` that keeps every line, for tests that assert on logging. */
export function recordingSagaLogger(): SagaLogger & {
  lines: { level: string; message: string; details: object }[];
} {
  const lines: { level: string; message: string; details: object }[] = [];
  const at =
    (level: string) =>
    (details: object, message: string): void => {
      lines.push({ level, message, details });
    };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}
