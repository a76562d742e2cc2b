import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostAndPort, TcpProxy, testInfra, waitFor } from '@artstore/testing';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import {
  StorageElementsConfigPublisher,
  StorageElementsConfigSubscriber,
  type StorageElementsConfigSubscriberOptions,
} from '../src';

export { hostAndPort, TcpProxy };

export const redisUrl = testInfra.redisUrl;

/** Polls a synchronous condition every 20 ms until it holds, failing after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  await waitFor(() => Promise.resolve(condition()), timeoutMs, 20);
}

/** Polls an asynchronous condition every 20 ms until it holds, failing after `timeoutMs`. */
export async function untilAsync(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  await waitFor(condition, timeoutMs, 20);
}
/** Nothing listens on port 1: connections are refused at once. */
export const UNREACHABLE_REDIS_URL = 'redis://127.0.0.1:1';

export interface RecordingLogger {
  warnings: { obj: object; msg: string }[];
  warn(obj: object, msg: string): void;
}

export function aRecordingLogger(): RecordingLogger {
  const warnings: { obj: object; msg: string }[] = [];
  return { warnings, warn: (obj, msg) => warnings.push({ obj, msg }) };
}

/**
 * Per-test key, channel and connection names, a state directory, and everything the test opened,
 * closed again by `cleanUp()`.
 */
export class DiscoveryFixture {
  readonly id = randomUUID();
  readonly key = `test:service-discovery:${this.id}:config`;
  readonly channel = `test:service-discovery:${this.id}:channel`;
  readonly connectionName = `service-discovery-test-${this.id}`;
  readonly redis = new Redis(redisUrl, { lazyConnect: true, commandTimeout: 2_000 });
  private readonly subscribers: StorageElementsConfigSubscriber[] = [];
  private readonly publishers: StorageElementsConfigPublisher[] = [];
  private readonly directories: string[] = [];

  async stateDir(): Promise<string> {
    const directory = await mkdtemp(join(tmpdir(), 'service-discovery-it-'));
    this.directories.push(directory);
    return directory;
  }

  publisher(): StorageElementsConfigPublisher {
    const publisher = new StorageElementsConfigPublisher({
      redisUrl,
      key: this.key,
      channel: this.channel,
      connectionName: `${this.connectionName}:publisher`,
    });
    this.publishers.push(publisher);
    return publisher;
  }

  subscriber(
    options: Partial<StorageElementsConfigSubscriberOptions> & { stateDir: string },
  ): StorageElementsConfigSubscriber {
    const subscriber = new StorageElementsConfigSubscriber({
      redisUrl,
      key: this.key,
      channel: this.channel,
      connectionName: this.connectionName,
      registry: new Registry(),
      ...options,
    });
    this.subscribers.push(subscriber);
    return subscriber;
  }

  /** Names of this test's connections that Redis still sees. */
  async openConnectionNames(): Promise<string[]> {
    const list = await this.redis.client('LIST');
    return String(list)
      .split('\n')
      .map((line) => /\bname=(\S*)/.exec(line)?.[1] ?? '')
      .filter((name) => name.startsWith(this.connectionName));
  }

  async cleanUp(): Promise<void> {
    await Promise.all(this.subscribers.map(async (subscriber) => subscriber.stop()));
    await Promise.all(this.publishers.map(async (publisher) => publisher.close()));
    await this.redis.del(this.key);
    this.redis.disconnect();
    await Promise.all(
      this.directories.map(async (directory) => rm(directory, { recursive: true, force: true })),
    );
  }
}
