import {
  STORAGE_ELEMENTS_CONFIG_CHANNEL,
  STORAGE_ELEMENTS_CONFIG_KEY,
  type StorageElementEndpoint,
  type StorageElementsConfig,
} from '@artstore/contracts';
import type { Redis } from 'ioredis';
import { PUBLISH_CONFIG_SCRIPT } from './publish-config.script';
import { closeRedisConnection, openRedisConnection, whenReady } from './redis-connection';
import { ServiceDiscoveryError, ServiceDiscoveryErrorCode } from './service-discovery.errors';
import type { ServiceDiscoveryLogger } from './service-discovery.logger';
import {
  describeIssues,
  parseStorageElementsConfigJson,
  storageElementListSchema,
} from './storage-elements-config.schema';

export interface StorageElementsConfigPublisherOptions {
  redisUrl: string;
  /** Defaults to `artstore:storage-elements:config` (SPEC §5); tests override it to stay apart. */
  key?: string;
  /** Defaults to `storage-elements:config` (SPEC §5). */
  channel?: string;
  /** Deadline for (re)connecting; default 2 s. */
  connectTimeoutMs?: number;
  /** Deadline for each Redis command; default 2 s. */
  commandTimeoutMs?: number;
  connectionName?: string;
  logger?: ServiceDiscoveryLogger;
  /** Clock for `published_at`; tests may fix it. */
  now?: () => number;
}

/**
 * Publishes the storage-element configuration (admin side): each call stores the full versioned
 * configuration under the key and announces it on the channel. Owns one Redis connection; `close()` it.
 */
export class StorageElementsConfigPublisher {
  private readonly redis: Redis;
  private readonly key: string;
  private readonly channel: string;
  private readonly connectTimeoutMs: number;
  private readonly commandTimeoutMs: number;
  private readonly now: () => number;

  constructor(options: StorageElementsConfigPublisherOptions) {
    this.key = options.key ?? STORAGE_ELEMENTS_CONFIG_KEY;
    this.channel = options.channel ?? STORAGE_ELEMENTS_CONFIG_CHANNEL;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 2_000;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 2_000;
    this.now = options.now ?? Date.now;
    this.redis = openRedisConnection({
      url: options.redisUrl,
      connectionName: options.connectionName ?? 'artstore-service-discovery:publisher',
      connectTimeoutMs: this.connectTimeoutMs,
      commandTimeoutMs: this.commandTimeoutMs,
      logger: options.logger,
    });
  }

  /**
   * Stores and publishes `elements` under a new version, strictly greater than any published before
   * by any instance. Resolves with the configuration as published.
   * @throws {ServiceDiscoveryError} `invalid_storage_elements_config` for a bad element list (nothing
   *   is published), `storage_elements_config_publish_failed` when Redis is unreachable or too slow.
   */
  async publish(elements: StorageElementEndpoint[]): Promise<StorageElementsConfig> {
    const checked = storageElementListSchema.safeParse(elements);
    if (!checked.success) {
      throw new ServiceDiscoveryError(ServiceDiscoveryErrorCode.InvalidConfig, describeIssues(checked.error));
    }
    const body = JSON.stringify({ published_at: new Date(this.now()).toISOString(), elements: checked.data });
    let stored: unknown;
    try {
      await whenReady(this.redis, this.connectTimeoutMs);
      stored = await this.redis.eval(PUBLISH_CONFIG_SCRIPT, 1, this.key, body, this.channel);
    } catch (error) {
      throw new ServiceDiscoveryError(
        ServiceDiscoveryErrorCode.PublishFailed,
        'storage elements configuration not published',
        { cause: error },
      );
    }
    const parsed = parseStorageElementsConfigJson(typeof stored === 'string' ? stored : '');
    if (!parsed.ok) {
      throw new ServiceDiscoveryError(
        ServiceDiscoveryErrorCode.PublishFailed,
        `unexpected reply: ${parsed.problems}`,
      );
    }
    return parsed.config;
  }

  /** Closes the Redis connection. */
  async close(): Promise<void> {
    await closeRedisConnection(this.redis, this.commandTimeoutMs);
  }
}
