import { Redis } from 'ioredis';
import type { ServiceDiscoveryLogger } from './service-discovery.logger';

export interface RedisConnectionOptions {
  url: string;
  /** Shown by `CLIENT LIST`, so an operator can tell which connection is whose. */
  connectionName: string;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  logger?: ServiceDiscoveryLogger | undefined;
}

const MAX_RECONNECT_DELAY_MS = 5_000;

/**
 * An ioredis connection with a deadline on connecting and on every command that fails fast while
 * disconnected: no offline queue and no resend after a reconnect, so a command that timed out is never
 * replayed later (a stale publish must not land after a newer one). Reconnects with capped backoff.
 */
export function openRedisConnection(options: RedisConnectionOptions): Redis {
  const client = new Redis(options.url, {
    connectionName: options.connectionName,
    connectTimeout: options.connectTimeoutMs,
    commandTimeout: options.commandTimeoutMs,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    // Subscriptions are renewed by their owner on `ready`, followed by a re-read of the key.
    autoResubscribe: false,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, MAX_RECONNECT_DELAY_MS),
    lazyConnect: false,
  });
  // Without a listener ioredis prints every failed reconnect; the owner reports outages itself.
  client.on('error', (error: Error) =>
    options.logger?.debug?.(
      { err: error, connection: options.connectionName },
      'service discovery redis error',
    ),
  );
  return client;
}

const readyWaits = new WeakMap<Redis, Promise<void>>();

/**
 * Resolves when `client` is ready; rejects at the first connection error, on close, or after
 * `timeoutMs`. Concurrent callers share one wait (and one set of listeners).
 */
export function whenReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') {
    return Promise.resolve();
  }
  let wait = readyWaits.get(client);
  if (wait === undefined) {
    wait = waitForReady(client, timeoutMs).finally(() => readyWaits.delete(client));
    readyWaits.set(client, wait);
  }
  return wait;
}

async function waitForReady(client: Redis, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let cleanUp = (): void => undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const onReady = (): void => resolve();
      const onError = (error: Error): void => reject(error);
      const onEnd = (): void => reject(new Error('redis connection closed'));
      client.once('ready', onReady);
      client.once('error', onError);
      client.once('end', onEnd);
      cleanUp = () => {
        client.off('ready', onReady);
        client.off('error', onError);
        client.off('end', onEnd);
      };
      timer = setTimeout(() => reject(new Error(`redis not ready within ${timeoutMs} ms`)), timeoutMs);
    });
  } finally {
    clearTimeout(timer);
    cleanUp();
  }
}

/**
 * Closes `client` politely when it can (QUIT), then drops the socket and stops reconnecting; resolves
 * once the socket is closed, or after `graceMs` at most.
 */
export async function closeRedisConnection(client: Redis, graceMs: number): Promise<void> {
  if (client.status === 'end') {
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  let markEnded = (): void => undefined;
  const ended = new Promise<void>((resolve) => {
    markEnded = resolve;
    client.once('end', markEnded);
    timer = setTimeout(resolve, graceMs);
  });
  if (client.status === 'ready') {
    await Promise.race([client.quit().catch(() => undefined), ended]);
  }
  client.disconnect();
  // Between reconnect attempts there is no socket and ioredis never emits 'end': nothing to wait for.
  if (client.status !== 'reconnecting' && client.status !== 'close') {
    await ended;
  }
  clearTimeout(timer);
  client.off('end', markEnded);
}
