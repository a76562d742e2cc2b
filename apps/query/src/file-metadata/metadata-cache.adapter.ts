import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { FileMetadata } from '@artstore/contracts';
import { APP_CONFIG, APP_LOGGER, REDIS_CLIENT, type AppLogger } from '@artstore/platform';
import type { QueryConfig } from '../config/query.config';
import type { IndexedFileState } from '../file-index/file-index.repository';

/** A Redis entry: the file, or `deleted` (answered 404 without asking PostgreSQL). */
export type CachedFile = { kind: 'live'; file: FileMetadata } | { kind: 'deleted' };

// An entry is `<change_seq>|<json>` (`<change_seq>|` for a deleted file). The consumer's write wins
// unless Redis already holds a later change, so concurrent consumers never go back in time.
const STORE_CHANGE = `
local current = redis.call('GET', KEYS[1])
if current then
  local seq = string.match(current, '^(%d+)|')
  if seq and tonumber(seq) > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'EX', ARGV[3])
return 1`;

/**
 * The Redis side of the metadata cache: entries on the shared client (under REDIS_KEY_PREFIX), and a
 * pub/sub channel on a connection of its own that tells every instance to drop its LRU entry.
 */
@Injectable()
export class MetadataCacheAdapter implements OnModuleInit, OnApplicationShutdown {
  private readonly channel: string;
  private readonly subscriber: Redis;
  private readonly ttlSeconds: number;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: QueryConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {
    // Channels are not prefixed by ioredis; the prefix keeps deployments (and tests) apart.
    this.channel = `${config.REDIS_KEY_PREFIX}artstore:query:file-invalidations`;
    this.ttlSeconds = config.METADATA_CACHE_REDIS_TTL_S;
    this.subscriber = new Redis(config.REDIS_URL, {
      connectTimeout: config.REDIS_CONNECT_TIMEOUT_MS,
      maxRetriesPerRequest: null,
      retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2_000),
      lazyConnect: true,
    });
    this.subscriber.on('error', (error: Error) =>
      this.logger.debug({ err: error }, 'invalidation channel error'),
    );
  }

  onModuleInit(): void {
    // Not awaited: the service starts (and answers from PostgreSQL) while Redis is away.
    this.subscriber.subscribe(this.channel).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'metadata invalidation channel not subscribed yet');
    });
  }

  onApplicationShutdown(): void {
    this.subscriber.disconnect();
  }

  /** Each file id published by any instance. */
  onInvalidation(listener: (fileId: string) => void): void {
    this.subscriber.on('message', (channel: string, fileId: string) => {
      if (channel === this.channel) {
        listener(fileId);
      }
    });
  }

  /** Every time the channel connection (re)connects: invalidations sent meanwhile were missed. */
  onResubscribed(listener: () => void): void {
    this.subscriber.on('ready', listener);
  }

  /** Whether to try Redis at all: while it is away, readers go straight to PostgreSQL. */
  isReady(): boolean {
    return this.redis.status === 'ready';
  }

  async read(fileId: string): Promise<CachedFile | undefined> {
    const value = await this.redis.get(keyOf(fileId));
    const separator = value?.indexOf('|') ?? -1;
    if (value === null || value === undefined || separator < 0) {
      return undefined;
    }
    const json = value.slice(separator + 1);
    return json === '' ? { kind: 'deleted' } : { kind: 'live', file: JSON.parse(json) as FileMetadata };
  }

  /** A reader's fill: never replaces an entry, which may already hold a later change. */
  async storeIfAbsent(fileId: string, changeSeq: string, file: FileMetadata): Promise<void> {
    await this.redis.set(keyOf(fileId), `${changeSeq}|${JSON.stringify(file)}`, 'EX', this.ttlSeconds, 'NX');
  }

  /** The consumer's write after applying an event: the index's state now. */
  async storeChange(fileId: string, state: IndexedFileState): Promise<void> {
    if (state.kind === 'unknown') {
      await this.redis.del(keyOf(fileId));
      return;
    }
    const json = state.kind === 'live' ? JSON.stringify(state.file) : '';
    await this.redis.eval(STORE_CHANGE, 1, keyOf(fileId), state.changeSeq, json, this.ttlSeconds);
  }

  async publishInvalidation(fileId: string): Promise<void> {
    await this.redis.publish(this.channel, fileId);
  }
}

function keyOf(fileId: string): string {
  return `artstore:query:file:${fileId}`;
}
