import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, APP_LOGGER, type AppLogger } from '@artstore/platform';
import type { AdminConfig } from '../config/admin.config';
import { FileEventOutboxRepository, type OutboxEvent } from './file-event-outbox.repository';
import { FileEventsStreamAdapter } from './file-events-stream.adapter';
import { FileRegistryMetrics } from './file-registry.metrics';

const BATCH_SIZE = 200;
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Moves committed outbox rows to the Redis stream in outbox order: XADD, then mark published, in a
 * transaction holding the relay lock. A crash between the two republishes (at-least-once); Redis being
 * down only leaves rows pending until the next run: after each change, on reconnect, on a timer.
 */
@Injectable()
export class FileEventRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private running: Promise<void> | undefined;
  private rerun = false;
  private timer: NodeJS.Timeout | undefined;
  private stopListening: (() => void) | undefined;
  private lastPruneAt = 0;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: FileEventOutboxRepository,
    private readonly stream: FileEventsStreamAdapter,
    private readonly metrics: FileRegistryMetrics,
    @Inject(APP_CONFIG) private readonly config: AdminConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.stopListening = this.stream.onReady(() => this.relaySoon());
    this.timer = setInterval(() => this.relaySoon(), this.config.FILE_EVENTS_RELAY_INTERVAL_MS);
    this.relaySoon();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.stopListening?.();
    await this.running;
  }

  /** Starts a run without waiting for it: callers' requests never depend on Redis. */
  relaySoon(): void {
    void this.relayPending();
  }

  /** Runs until the outbox is drained or Redis stops taking events; concurrent calls share one rerun. */
  relayPending(): Promise<void> {
    if (this.stopped) {
      // Whatever is pending stays in the outbox for the next start (or another instance).
      return Promise.resolve();
    }
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    const run = this.drain()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'file events not relayed; retrying later'))
      .finally(() => {
        this.running = undefined;
        if (this.rerun && !this.stopped) {
          this.rerun = false;
          this.relaySoon();
        }
      });
    this.running = run;
    return run;
  }

  private async drain(): Promise<void> {
    while (this.stream.isReady()) {
      const { taken, complete } = await this.relayBatch();
      if (taken === 0 || !complete) {
        break;
      }
    }
    if (Date.now() - this.lastPruneAt > PRUNE_EVERY_MS) {
      this.lastPruneAt = Date.now();
      await this.outbox.prunePublished();
    }
  }

  private relayBatch(): Promise<{ taken: number; complete: boolean }> {
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      if (!(await this.outbox.tryLockRelay(manager))) {
        // Another instance is relaying; it drains what this one committed too.
        return { taken: 0, complete: true };
      }
      const events = await this.outbox.oldestPending(manager, BATCH_SIZE);
      if (events.length === 0) {
        return { taken: 0, complete: true };
      }
      const published = await this.stream.append(events);
      await this.outbox.markPublished(manager, published);
      this.countPublished(events, published.length);
      if (published.length < events.length) {
        this.logger.warn(
          { pending_from: events[published.length]?.id },
          'redis did not take every file event; the rest stay in the outbox',
        );
      }
      return { taken: published.length, complete: published.length === events.length };
    });
  }

  private countPublished(events: readonly OutboxEvent[], count: number): void {
    for (const event of events.slice(0, count)) {
      this.metrics.countPublished(event.type);
    }
  }
}
