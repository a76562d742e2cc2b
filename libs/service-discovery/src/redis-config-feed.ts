import type { Redis } from 'ioredis';
import { closeRedisConnection, openRedisConnection, whenReady } from './redis-connection';
import type { ServiceDiscoveryLogger } from './service-discovery.logger';

export type ConfigTextOrigin = 'key' | 'channel';

export interface RedisConfigFeedOptions {
  redisUrl: string;
  key: string;
  channel: string;
  refreshIntervalMs: number;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  connectionName: string;
  logger: ServiceDiscoveryLogger | undefined;
  /** Receives every raw configuration text, from the key or the channel; judging it is the caller's job. */
  onText: (text: string, origin: ConfigTextOrigin) => void;
  /** Describes the configuration in use, for the warning logged when the key cannot be read. */
  describeCurrent: () => object;
}

/**
 * The Redis side of the subscriber: one connection reads the key, another follows the channel
 * (a subscribed connection can do nothing else). The key is read at start, on a timer and after
 * every reconnect of the channel's connection, since messages sent meanwhile are lost.
 */
export class RedisConfigFeed {
  private readonly reader: Redis;
  private readonly subscriber: Redis;
  private refreshTimer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: RedisConfigFeedOptions) {
    const connection = { url: options.redisUrl, ...options };
    this.reader = openRedisConnection({ ...connection, connectionName: `${options.connectionName}:reader` });
    this.subscriber = openRedisConnection({
      ...connection,
      connectionName: `${options.connectionName}:subscriber`,
    });
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === options.channel) {
        options.onText(message, 'channel');
      }
    });
  }

  /** Subscribes, then reads the key (subscribing first leaves no gap); bounded by the deadlines. */
  async start(): Promise<void> {
    const { connectTimeoutMs } = this.options;
    const [subscriberUp] = await Promise.all([
      whenReady(this.subscriber, connectTimeoutMs).then(
        () => true,
        () => false,
      ),
      whenReady(this.reader, connectTimeoutMs).catch(() => undefined),
    ]);
    // Registered after the first connection so they only handle reconnections.
    this.subscriber.on('ready', () => void this.subscribe().then(async () => this.refresh()));
    this.reader.on('ready', () => void this.refresh());
    if (subscriberUp) {
      await this.subscribe();
    }
    await this.refresh();
    if (!this.closed) {
      this.refreshTimer = setInterval(() => void this.refresh(), this.options.refreshIntervalMs);
      this.refreshTimer.unref();
    }
  }

  /** Reads the key once; concurrent calls share the read in flight. Never rejects. */
  refresh(): Promise<void> {
    this.refreshing ??= this.readKey().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.refreshTimer);
    await this.refreshing;
    await Promise.all(
      [this.reader, this.subscriber].map(async (client) =>
        closeRedisConnection(client, this.options.commandTimeoutMs),
      ),
    );
  }

  private async subscribe(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.options.channel);
    } catch (error) {
      this.warn({ err: error, channel: this.options.channel }, 'service discovery subscribe failed');
    }
  }

  private async readKey(): Promise<void> {
    if (this.closed) {
      return;
    }
    let text: string | null;
    try {
      await whenReady(this.reader, this.options.connectTimeoutMs);
      text = await this.reader.get(this.options.key);
    } catch (error) {
      const current = this.options.describeCurrent();
      this.warn({ err: error, key: this.options.key, current }, 'service discovery key not read');
      return;
    }
    if (text !== null && !this.closed) {
      this.options.onText(text, 'key');
    }
  }

  private warn(obj: object, msg: string): void {
    if (!this.closed) {
      this.options.logger?.warn(obj, msg);
    }
  }
}
