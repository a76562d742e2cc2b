import type { SagaDefinition, SagaLogger } from './saga-definition';
import type { SagaOrchestrator } from './saga-orchestrator';
import type { SagaRecord } from './saga-record';
import type { SagaStore } from './saga-store';
import { SagaError, SagaErrorCode } from './saga.errors';

/** A definition of any saga type, as the recovery worker keeps them. */
export type SomeSagaDefinition = SagaDefinition<unknown, object>;

/** How a recovery worker is set up. */
export interface SagaRecoveryWorkerOptions {
  orchestrator: SagaOrchestrator;
  store: SagaStore;
  /** Every saga type this instance can resume. */
  definitions: readonly SomeSagaDefinition[];
  logger: SagaLogger;
  /** Pause between two looks for expired leases. */
  intervalMs: number;
  /** Most sagas this worker resumes at the same time; default 4. */
  concurrency?: number;
  /** How long a saga of an unknown type is left alone before any instance may claim it again; default 5 min. */
  unknownTypeRetryMs?: number;
}

/** What one pass of {@link SagaRecoveryWorker.recoverExpiredSagas} did. */
export interface SagaRecoveryReport {
  resumed: number;
  skippedUnknownType: number;
}

/**
 * Finds sagas whose instance stopped working on them (their lease expired: a crash, a lost
 * connection) and resumes them through the orchestrator. Safe with any number of instances:
 * claiming takes each saga once.
 */
export class SagaRecoveryWorker {
  private readonly definitions: ReadonlyMap<string, SomeSagaDefinition>;
  private readonly resuming = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<unknown> | undefined;
  private stopped = true;

  constructor(private readonly options: SagaRecoveryWorkerOptions) {
    this.definitions = new Map(options.definitions.map((definition) => [definition.type, definition]));
  }

  /** Looks for expired sagas now and then every `intervalMs`; the timer never keeps the process alive. */
  start(): void {
    if (!this.stopped) {
      return;
    }
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops looking and waits for the current look; sagas already resumed run on (close the orchestrator to stop them). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  /** One pass: claims expired sagas (up to the free concurrency) and waits until they are resumed to an end. */
  async recoverExpiredSagas(): Promise<SagaRecoveryReport> {
    const { report, resumptions } = await this.claimAndResume();
    await Promise.allSettled(resumptions);
    return report;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      // Resumed sagas run on in the background; the next look waits only for this one's claims.
      const pass = this.claimAndResume()
        .catch((error: unknown) => this.options.logger.warn({ err: error }, 'saga recovery pass failed'))
        .finally(() => {
          if (!this.stopped) {
            this.schedule(this.options.intervalMs);
          }
        });
      this.pass = pass;
    }, delayMs);
    this.timer.unref();
  }

  private async claimAndResume(): Promise<{ report: SagaRecoveryReport; resumptions: Promise<unknown>[] }> {
    const { orchestrator, store } = this.options;
    const report: SagaRecoveryReport = { resumed: 0, skippedUnknownType: 0 };
    const resumptions: Promise<unknown>[] = [];
    // A closed orchestrator would hand each claimed saga straight back: claim nothing then.
    while (!orchestrator.closed && this.resuming.size < (this.options.concurrency ?? 4)) {
      const claimed = await store.claimExpired(orchestrator.ownerId, orchestrator.leaseMs);
      if (!claimed) {
        break;
      }
      const definition = this.definitions.get(claimed.type);
      if (!definition) {
        await this.skipUnknownType(claimed);
        report.skippedUnknownType += 1;
        continue;
      }
      report.resumed += 1;
      const resumption = this.resume(claimed, definition);
      this.resuming.add(resumption);
      void resumption.finally(() => this.resuming.delete(resumption));
      resumptions.push(resumption);
    }
    return { report, resumptions };
  }

  private async resume(record: SagaRecord, definition: SomeSagaDefinition): Promise<void> {
    try {
      await this.options.orchestrator.resumeClaimed(record, definition);
    } catch (error) {
      // Interrupted: handed back and resumed later. Anything else is the store failing.
      const interrupted = error instanceof SagaError && error.code === SagaErrorCode.Interrupted;
      this.options.logger[interrupted ? 'info' : 'warn'](
        { err: error, saga: record.type, saga_id: record.id },
        'resumed saga did not finish here',
      );
    }
  }

  // Maybe a newer release knows the type (a rolling deploy): leave it for a while, visibly.
  private async skipUnknownType(record: SagaRecord): Promise<void> {
    const { orchestrator, store, logger } = this.options;
    const delayMs = this.options.unknownTypeRetryMs ?? 300_000;
    logger.error({ saga: record.type, saga_id: record.id }, 'cannot resume a saga of unknown type');
    const entry = {
      at: new Date().toISOString(),
      event: 'unknown_type' as const,
      owner: orchestrator.ownerId,
      delayMs,
      error: { code: 'SAGA_UNKNOWN_TYPE', message: `No definition of saga type "${record.type}" here.` },
    };
    await store.release(record.id, orchestrator.ownerId, [entry], delayMs);
  }
}
