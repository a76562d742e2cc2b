import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { FILE_EVENTS_STREAM } from '@artstore/contracts';
import { REDIS_CLIENT } from '@artstore/platform';
import type { OutboxEvent } from './file-event-outbox.repository';

/**
 * The Redis stream `artstore:file-events` (the shared client adds REDIS_KEY_PREFIX). The only file of
 * the file registry that talks to Redis.
 */
@Injectable()
export class FileEventsStreamAdapter {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  /** False while disconnected: the relay then leaves events in the outbox instead of queueing commands. */
  isReady(): boolean {
    return this.redis.status === 'ready';
  }

  /** Calls `listener` each time the connection becomes ready again; returns the unsubscribe. */
  onReady(listener: () => void): () => void {
    this.redis.on('ready', listener);
    return () => this.redis.off('ready', listener);
  }

  /**
   * XADDs the events in order in one pipeline and returns the stream entry ids of the leading events
   * Redis took; it stops at the first failure so that no later event overtakes an earlier one.
   */
  async append(events: readonly OutboxEvent[]): Promise<{ id: string; entryId: string }[]> {
    const pipeline = this.redis.pipeline();
    for (const event of events) {
      pipeline.xadd(
        FILE_EVENTS_STREAM,
        '*',
        'type',
        event.type,
        'file_id',
        event.file_id,
        'version',
        String(event.version),
        'occurred_at',
        event.occurred_at,
        'file',
        event.file,
      );
    }
    const results = (await pipeline.exec()) ?? [];
    const published: { id: string; entryId: string }[] = [];
    for (const [index, event] of events.entries()) {
      const [error, entryId] = results[index] ?? [new Error('no reply'), null];
      if (error || typeof entryId !== 'string') {
        break;
      }
      published.push({ id: event.id, entryId });
    }
    return published;
  }
}
