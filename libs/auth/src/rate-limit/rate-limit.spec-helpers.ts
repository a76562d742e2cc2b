import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Redis, type RedisOptions } from 'ioredis';
import { createLogger, type AppLogger, type MetricsService } from '@artstore/platform';
import type { RateLimitOptions } from './rate-limit.config';

// Shared setup of the rate-limit specs (not shipped: nothing outside the specs imports it).

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** A client like the platform's: deadlines on connect and on every command. */
export function connectRedis(url = REDIS_URL, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    connectTimeout: 1_000,
    commandTimeout: 1_000,
    maxRetriesPerRequest: 1,
    ...options,
  });
  // Connection errors are what some specs provoke; ioredis would otherwise report them as unhandled.
  redis.on('error', () => undefined);
  return redis;
}

/** A key prefix no other spec (or run) shares. */
export function uniquePrefix(): string {
  return `test:rate-limit:${randomUUID()}`;
}

export async function waitForReady(redis: Redis): Promise<void> {
  if (redis.status !== 'ready') {
    await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  }
}

export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) {
    await redis.del(...keys);
  }
}

export function testOptions(overrides: Partial<RateLimitOptions> = {}): RateLimitOptions {
  const keyPrefix = uniquePrefix();
  return {
    client: { perMinute: 100, burst: 150 },
    tokenEndpoint: { perMinute: 30, burst: 60 },
    timeoutMs: 1_000,
    keyPrefix,
    overridesKey: `${keyPrefix}:overrides`,
    ...overrides,
  };
}

export interface CapturedLogger {
  logger: AppLogger;
  lines: () => { level: string; msg: string }[];
}

/** A real pino logger writing into memory. */
export function captureLogger(): CapturedLogger {
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      raw.push(chunk.toString());
      callback();
    },
  });
  const logger = createLogger({
    serviceName: 'rate-limit-spec',
    level: 'debug',
    format: 'json',
    destination,
  });
  return { logger, lines: () => raw.map((line) => JSON.parse(line) as { level: string; msg: string }) };
}

export async function counterValue(metrics: MetricsService, name: string, limiter: string): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) {
    return 0;
  }
  const { values } = await metric.get();
  return values.find((value) => value.labels['limiter'] === limiter)?.value ?? 0;
}
