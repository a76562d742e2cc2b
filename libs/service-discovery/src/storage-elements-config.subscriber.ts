import {
  STORAGE_ELEMENTS_CONFIG_CHANNEL,
  STORAGE_ELEMENTS_CONFIG_KEY,
  type StorageElementsConfig,
} from '@artstore/contracts';
import { ConfigStateFile } from './config-state-file';
import { isNewerConfig, STATIC_CONFIG_VERSION } from './config-version';
import { RedisConfigFeed, type ConfigTextOrigin } from './redis-config-feed';
import { ServiceDiscoveryMetrics, type AppliedConfigSource } from './service-discovery.metrics';
import { parseStorageElementsConfigJson } from './storage-elements-config.schema';
import type {
  ReadonlyStorageElementsConfig,
  ServiceDiscoveryReadiness,
  StorageElementsConfigListener,
  StorageElementsConfigSource,
  StorageElementsConfigSubscriberOptions,
} from './storage-elements-config-subscriber.options';

/**
 * Keeps the storage-element configuration current (ingester, query side): loads the Redis key at
 * start, follows the channel on its own connection, re-reads the key every `refreshIntervalMs` and on
 * every reconnect, and applies only strictly newer versions. Each configuration from Redis is saved
 * durably to the state file; without Redis at start it falls back to that file, then to the static list.
 * Malformed input is logged and ignored. A stopped subscriber cannot be started again.
 */
export class StorageElementsConfigSubscriber {
  private readonly now: () => number;
  private readonly stateFile: ConfigStateFile;
  private readonly metrics: ServiceDiscoveryMetrics;
  private feed: RedisConfigFeed | undefined;
  private readonly listeners = new Set<StorageElementsConfigListener>();
  private config: ReadonlyStorageElementsConfig | undefined;
  private configSource: StorageElementsConfigSource = 'none';
  private starting: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: StorageElementsConfigSubscriberOptions) {
    this.now = options.now ?? Date.now;
    this.stateFile = new ConfigStateFile(options.stateDir, options.logger);
    this.metrics = new ServiceDiscoveryMetrics(options.registry, () => this.ageSeconds());
  }

  /**
   * Loads the first configuration (Redis, else the state file, else the static list) and starts
   * following changes. Resolves within about one connect plus one command deadline, even without Redis.
   */
  async start(): Promise<void> {
    this.starting ??= this.load();
    await this.starting;
  }

  /** The configuration in use, or `undefined` before any could be loaded. */
  current(): ReadonlyStorageElementsConfig | undefined {
    return this.config;
  }

  /** Where the configuration in use came from; a copy of the same version seen in Redis counts as `redis`. */
  source(): StorageElementsConfigSource {
    return this.configSource;
  }

  /** Seconds since the configuration in use was published (never negative), or `undefined` without one. */
  ageSeconds(): number | undefined {
    if (this.config === undefined) {
      return undefined;
    }
    return Math.max(0, (this.now() - Date.parse(this.config.published_at)) / 1000);
  }

  /** Calls `listener` after every applied configuration; returns a function that unregisters it. */
  onChange(listener: StorageElementsConfigListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** For `/health/ready`: ok as soon as any configuration (even the static list) is in use. */
  readiness(): ServiceDiscoveryReadiness {
    return {
      ok: this.config !== undefined,
      details: {
        source: this.configSource,
        version: this.config?.version ?? null,
        age_seconds: this.ageSeconds() ?? null,
        elements: this.config?.elements.length ?? 0,
      },
    };
  }

  /** Stops following Redis, waits for the state file to be written, closes both Redis connections. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.starting?.catch(() => undefined);
    await this.feed?.close();
    await this.stateFile.flush();
  }

  private async load(): Promise<void> {
    const feed = this.openFeed();
    this.feed = feed;
    await feed.start();
    if (this.config === undefined && !this.stopped) {
      await this.loadFallback();
    }
  }

  private openFeed(): RedisConfigFeed {
    const options = this.options;
    return new RedisConfigFeed({
      redisUrl: options.redisUrl,
      key: options.key ?? STORAGE_ELEMENTS_CONFIG_KEY,
      channel: options.channel ?? STORAGE_ELEMENTS_CONFIG_CHANNEL,
      refreshIntervalMs: options.refreshIntervalMs ?? 30_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 2_000,
      commandTimeoutMs: options.commandTimeoutMs ?? 2_000,
      connectionName: options.connectionName ?? 'artstore-service-discovery',
      logger: options.logger,
      onText: (text, origin) => this.accept(text, origin),
      describeCurrent: () => ({ source: this.configSource, version: this.config?.version }),
    });
  }

  private async loadFallback(): Promise<void> {
    const saved = await this.stateFile.read();
    if (saved !== undefined) {
      this.apply(saved, 'disk');
      return;
    }
    // An empty static list is no configuration: readiness stays false rather than promising elements.
    const elements = this.options.staticElements ?? [];
    if (elements.length > 0) {
      const published_at = new Date(this.now()).toISOString();
      this.apply({ version: STATIC_CONFIG_VERSION, published_at, elements: [...elements] }, 'static');
    }
  }

  private accept(text: string, origin: ConfigTextOrigin): void {
    const parsed = parseStorageElementsConfigJson(text);
    if (!parsed.ok) {
      this.options.logger?.warn(
        { origin, problems: parsed.problems },
        'service discovery ignored a malformed configuration',
      );
      return;
    }
    if (this.config?.version === parsed.config.version && this.configSource !== 'redis') {
      // The version in use was seen in Redis again: confirmed, no longer only a local copy.
      this.configSource = 'redis';
    }
    this.apply(parsed.config, 'redis');
  }

  private apply(config: StorageElementsConfig, source: AppliedConfigSource): void {
    if (this.stopped || !isNewerConfig(config, this.config)) {
      return;
    }
    // Frozen: every caller shares this object, and one sorting it in place would reorder it for all.
    this.config = Object.freeze({
      ...config,
      elements: Object.freeze(config.elements.map((element) => Object.freeze({ ...element }))),
    });
    this.configSource = source;
    this.metrics.recordApplied(config, source);
    if (source === 'redis') {
      this.stateFile.save(config);
    }
    this.options.logger?.info?.(
      { source, version: config.version, elements: config.elements.length },
      'storage elements configuration applied',
    );
    for (const listener of this.listeners) {
      try {
        listener(this.config, source);
      } catch (error) {
        this.options.logger?.warn({ err: error }, 'storage elements configuration listener failed');
      }
    }
  }
}
