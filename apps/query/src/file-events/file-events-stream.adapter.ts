import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { FILE_EVENTS_STREAM } from '@artstore/contracts';
import { APP_CONFIG } from '@artstore/platform';
import type { QueryConfig } from '../config/query.config';
import { streamFields } from './file-event';

/** An entry read from the stream; `fields` is undefined when the entry was deleted while pending. */
export interface StreamEntry {
  id: string;
  fields: Record<string, string> | undefined;
}

export interface GroupProgress {
  /** Entries not yet delivered to the group (XINFO GROUPS `lag`); null when Redis cannot tell. */
  lag: number | null;
  /** Delivered but not acknowledged. */
  pending: number;
}

/**
 * The consumer group on `artstore:file-events`, on a connection of its own: XREADGROUP BLOCK holds it,
 * so it must not be the shared client. Keys are prefixed here, not by ioredis, which does not know
 * where the key sits in XGROUP, XINFO or XAUTOCLAIM.
 */
@Injectable()
export class FileEventsStreamAdapter {
  readonly consumer: string;
  private readonly stream: string;
  private readonly group: string;
  private readonly connection: Redis;

  constructor(@Inject(APP_CONFIG) config: QueryConfig) {
    this.stream = `${config.REDIS_KEY_PREFIX}${FILE_EVENTS_STREAM}`;
    this.group = config.FILE_EVENTS_GROUP;
    this.consumer = config.FILE_EVENTS_CONSUMER;
    this.connection = new Redis(config.REDIS_URL, {
      connectTimeout: config.REDIS_CONNECT_TIMEOUT_MS,
      // Every command has a deadline; a blocking read may take its BLOCK time on top.
      commandTimeout: config.FILE_EVENTS_BLOCK_MS + config.REDIS_COMMAND_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2_000),
      lazyConnect: true,
    });
    // Errors reach the consumer through its commands; the listener only keeps them off the process.
    this.connection.on('error', () => undefined);
  }

  isConnected(): boolean {
    return this.connection.status === 'ready';
  }

  /** Creates the group at the stream's start (MKSTREAM), so a fresh index catches up on every event. */
  async ensureGroup(): Promise<void> {
    try {
      await this.connection.call('XGROUP', 'CREATE', this.stream, this.group, '0', 'MKSTREAM');
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) {
        throw error;
      }
    }
  }

  async readNew(count: number, blockMs: number): Promise<StreamEntry[]> {
    return this.readGroup(count, ['BLOCK', String(blockMs)], '>');
  }

  /** This consumer's own unacknowledged entries, from the oldest (after a failure or a restart by name). */
  async readOwnPending(count: number): Promise<StreamEntry[]> {
    return this.readGroup(count, [], '0');
  }

  /** Takes over entries other consumers left pending for `minIdleMs`; `next` is '0-0' after the last page. */
  async claimIdle(
    minIdleMs: number,
    cursor: string,
    count: number,
  ): Promise<{ next: string; entries: StreamEntry[] }> {
    const reply = await this.connection.call(
      'XAUTOCLAIM',
      this.stream,
      this.group,
      this.consumer,
      String(minIdleMs),
      cursor,
      'COUNT',
      String(count),
    );
    if (!Array.isArray(reply) || typeof reply[0] !== 'string') {
      return { next: '0-0', entries: [] };
    }
    return { next: reply[0], entries: toEntries(reply[1]) };
  }

  async ack(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) {
      await this.connection.call('XACK', this.stream, this.group, ...ids);
    }
  }

  async progress(): Promise<GroupProgress | undefined> {
    const groups = await this.connection.call('XINFO', 'GROUPS', this.stream);
    for (const group of Array.isArray(groups) ? groups : []) {
      const info = Array.isArray(group) ? streamFieldsOf(group) : {};
      if (info['name'] === this.group) {
        const lag = info['lag'];
        return { lag: typeof lag === 'number' ? lag : null, pending: Number(info['pending'] ?? 0) };
      }
    }
    return undefined;
  }

  close(): void {
    this.connection.disconnect();
  }

  private async readGroup(count: number, block: string[], from: string): Promise<StreamEntry[]> {
    const reply = await this.connection.call(
      'XREADGROUP',
      'GROUP',
      this.group,
      this.consumer,
      'COUNT',
      String(count),
      ...block,
      'STREAMS',
      this.stream,
      from,
    );
    // [[stream, [[id, [field, value, …]] …]]] or null on timeout.
    const streams = Array.isArray(reply) ? reply : [];
    const first: unknown = streams[0];
    return Array.isArray(first) ? toEntries(first[1]) : [];
  }
}

function toEntries(raw: unknown): StreamEntry[] {
  const entries: StreamEntry[] = [];
  for (const entry of Array.isArray(raw) ? raw : []) {
    if (Array.isArray(entry) && typeof entry[0] === 'string') {
      const flat: unknown = entry[1];
      entries.push({
        id: entry[0],
        fields: Array.isArray(flat) ? streamFields(flat.map((value) => String(value))) : undefined,
      });
    }
  }
  return entries;
}

function streamFieldsOf(flat: unknown[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (let index = 0; index + 1 < flat.length; index += 2) {
    fields[String(flat[index])] = flat[index + 1];
  }
  return fields;
}
