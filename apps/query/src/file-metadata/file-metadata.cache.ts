import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { FileMetadata } from '@artstore/contracts';
import { APP_CONFIG, APP_LOGGER, type AppLogger } from '@artstore/platform';
import type { QueryConfig } from '../config/query.config';
import { FileIndexRepository } from '../file-index/file-index.repository';
import { FileMetadataMetrics } from './file-metadata.metrics';
import { MetadataCacheAdapter } from './metadata-cache.adapter';

/** A lookup in flight: an invalidation arriving meanwhile keeps its (maybe older) answer out of the LRU. */
interface PendingLookup {
  invalidated: boolean;
}

/**
 * Metadata by id: in-process LRU, then Redis, then PostgreSQL. The event consumer calls `refresh` after
 * each event: Redis gets the index's new state and every instance drops its LRU entry (pub/sub).
 */
@Injectable()
export class FileMetadataCache implements OnModuleInit {
  private readonly lru: LRUCache<string, FileMetadata>;
  private readonly pending = new Map<string, Set<PendingLookup>>();

  constructor(
    private readonly index: FileIndexRepository,
    private readonly redis: MetadataCacheAdapter,
    private readonly metrics: FileMetadataMetrics,
    @Inject(APP_CONFIG) config: QueryConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {
    this.lru = new LRUCache({ max: config.METADATA_CACHE_ENTRIES, ttl: config.METADATA_CACHE_LRU_TTL_MS });
  }

  onModuleInit(): void {
    this.redis.onInvalidation((fileId) => this.forget(fileId));
    // A reconnect may have missed invalidations: nothing in the LRU can be trusted any more.
    this.redis.onResubscribed(() => this.forgetAll());
  }

  /** The file, or undefined when the index does not hold it. */
  async get(fileId: string): Promise<FileMetadata | undefined> {
    const cached = this.lru.get(fileId);
    if (cached) {
      this.metrics.count('lru', 'hit');
      return cached;
    }
    this.metrics.count('lru', 'miss');
    const lookup: PendingLookup = { invalidated: false };
    const lookups = this.pending.get(fileId) ?? new Set<PendingLookup>();
    lookups.add(lookup);
    this.pending.set(fileId, lookups);
    try {
      const file = await this.lookUp(fileId);
      if (file && !lookup.invalidated) {
        this.lru.set(fileId, file);
      }
      return file;
    } finally {
      lookups.delete(lookup);
      if (lookups.size === 0) {
        this.pending.delete(fileId);
      }
    }
  }

  /** After an event for the file was applied. Throws when Redis could not be updated (the event is retried). */
  async refresh(fileId: string): Promise<void> {
    const state = await this.index.state(fileId);
    await this.redis.storeChange(fileId, state);
    await this.redis.publishInvalidation(fileId);
    // Last, so a lookup that read the old state before the write above cannot keep it.
    this.forget(fileId);
  }

  private async lookUp(fileId: string): Promise<FileMetadata | undefined> {
    const fromRedis = await this.readRedis(fileId);
    if (fromRedis) {
      return fromRedis.kind === 'live' ? fromRedis.file : undefined;
    }
    const state = await this.index.state(fileId);
    if (state.kind !== 'live') {
      return undefined;
    }
    if (this.redis.isReady()) {
      await this.redis
        .storeIfAbsent(fileId, state.changeSeq, state.file)
        .catch((error: unknown) => this.logger.debug({ err: error }, 'metadata not cached in redis'));
    }
    return state.file;
  }

  private async readRedis(fileId: string): Promise<Awaited<ReturnType<MetadataCacheAdapter['read']>>> {
    if (!this.redis.isReady()) {
      this.metrics.count('redis', 'error');
      return undefined;
    }
    try {
      const entry = await this.redis.read(fileId);
      this.metrics.count('redis', entry ? 'hit' : 'miss');
      return entry;
    } catch (error) {
      this.metrics.count('redis', 'error');
      this.logger.debug({ err: error }, 'metadata cache read failed; answering from postgresql');
      return undefined;
    }
  }

  private forget(fileId: string): void {
    this.lru.delete(fileId);
    for (const lookup of this.pending.get(fileId) ?? []) {
      lookup.invalidated = true;
    }
  }

  private forgetAll(): void {
    this.lru.clear();
    for (const lookups of this.pending.values()) {
      for (const lookup of lookups) {
        lookup.invalidated = true;
      }
    }
  }
}
