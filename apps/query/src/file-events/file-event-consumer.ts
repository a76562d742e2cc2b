import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { APP_CONFIG, APP_LOGGER, ReadinessChecks, type AppLogger } from '@artstore/platform';
import type { QueryConfig } from '../config/query.config';
import { FileIndexRepository } from '../file-index/file-index.repository';
import { FileMetadataCache } from '../file-metadata/file-metadata.cache';
import { parseFileEvent } from './file-event';
import { FileEventsMetrics, type ApplyResult } from './file-events.metrics';
import { FileEventsStreamAdapter, type GroupProgress, type StreamEntry } from './file-events-stream.adapter';

const PROGRESS_EVERY_MS = 1_000;
const MAX_BACKOFF_MS = 5_000;

/**
 * Feeds the index from `artstore:file-events` through the consumer group: each entry is applied in
 * PostgreSQL, the metadata caches are refreshed, and only then is it acknowledged (at-least-once; the
 * apply is idempotent). Entries of consumers that died are claimed after FILE_EVENTS_CLAIM_IDLE_MS.
 * Any failure (Redis or PostgreSQL away) backs off and resumes with this consumer's own pending entries.
 */
@Injectable()
export class FileEventConsumer implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private stopped = false;
  private loop: Promise<void> | undefined;
  private groupReady = false;
  private recoverOwnPending = true;
  private nextClaimAt = 0;
  private progressAt = 0;
  private progress: GroupProgress | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly stream: FileEventsStreamAdapter,
    private readonly index: FileIndexRepository,
    private readonly cache: FileMetadataCache,
    private readonly metrics: FileEventsMetrics,
    private readonly readiness: ReadinessChecks,
    @Inject(APP_CONFIG) private readonly config: QueryConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  onModuleInit(): void {
    // Details only: a lagging index still answers searches, so readiness never fails on it.
    this.readiness.register('file_events', () => ({
      consumer: this.stream.consumer,
      connected: this.stream.isConnected(),
      lag: this.progress?.lag ?? null,
      pending: this.progress?.pending ?? null,
    }));
  }

  onApplicationBootstrap(): void {
    this.loop = this.consume();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    // Interrupts the blocking read; an entry being applied stays pending and is applied again later.
    this.stream.close();
    await this.loop;
  }

  private async consume(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.consumeOnce();
        failures = 0;
      } catch (error) {
        if (this.stopped) {
          break;
        }
        failures += 1;
        this.groupReady = this.groupReady && !(error instanceof Error && error.message.startsWith('NOGROUP'));
        this.recoverOwnPending = true;
        this.logger.warn({ err: error, failures }, 'file events not consumed; retrying');
        await this.pause(Math.min(100 * 2 ** failures, MAX_BACKOFF_MS));
      }
    }
  }

  /** A backoff that shutdown cuts short. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async consumeOnce(): Promise<void> {
    if (!this.groupReady) {
      await this.stream.ensureGroup();
      this.groupReady = true;
    }
    const batch = this.config.FILE_EVENTS_BATCH;
    if (this.recoverOwnPending) {
      const own = await this.stream.readOwnPending(batch);
      await this.applyEntries(own);
      this.recoverOwnPending = own.length > 0;
    } else {
      if (Date.now() >= this.nextClaimAt) {
        await this.claimIdleEntries();
        this.nextClaimAt = Date.now() + Math.max(100, Math.floor(this.config.FILE_EVENTS_CLAIM_IDLE_MS / 2));
      }
      await this.applyEntries(await this.stream.readNew(batch, this.config.FILE_EVENTS_BLOCK_MS));
    }
    if (Date.now() - this.progressAt >= PROGRESS_EVERY_MS) {
      this.progressAt = Date.now();
      this.progress = await this.stream.progress();
      if (this.progress) {
        this.metrics.recordProgress(this.progress);
      }
    }
  }

  private async claimIdleEntries(): Promise<void> {
    let cursor = '0-0';
    do {
      const claimed = await this.stream.claimIdle(
        this.config.FILE_EVENTS_CLAIM_IDLE_MS,
        cursor,
        this.config.FILE_EVENTS_BATCH,
      );
      if (claimed.entries.length > 0) {
        this.logger.info(
          { entries: claimed.entries.length },
          'claimed file events a stopped consumer left pending',
        );
      }
      await this.applyEntries(claimed.entries);
      cursor = claimed.next;
    } while (cursor !== '0-0' && !this.stopped);
  }

  /** In stream order; what was applied is acknowledged even when a later entry fails. */
  private async applyEntries(entries: readonly StreamEntry[]): Promise<void> {
    const done: string[] = [];
    try {
      for (const entry of entries) {
        await this.applyEntry(entry);
        done.push(entry.id);
      }
    } finally {
      await this.stream.ack(done);
    }
  }

  private async applyEntry(entry: StreamEntry): Promise<void> {
    const event = entry.fields && parseFileEvent(entry.fields);
    if (!event) {
      // Retrying cannot fix it: acknowledged, counted and logged.
      this.metrics.count('unknown', 'invalid');
      this.logger.warn({ entry_id: entry.id }, 'skipped a file-events entry that is not a file event');
      return;
    }
    const changed = await this.index.apply(event);
    await this.cache.refresh(event.fileId);
    const result: ApplyResult = changed ? 'applied' : 'ignored';
    this.metrics.count(event.type, result);
  }
}
