import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { AppLogger } from '../logging/create-logger';

const CLOSE_GRACE_MS = 2_000;

export interface PeriodicJobOptions {
  /** Queue name; one runner per name across every instance sharing the Redis prefix. */
  name: string;
  everyMs: number;
  redisUrl: string;
  /** The service's key prefix (REDIS_KEY_PREFIX); BullMQ's keys go under `<prefix>bull`. */
  keyPrefix: string;
  run: () => Promise<unknown>;
  logger: AppLogger;
}

export interface PeriodicJob {
  close(): Promise<void>;
}

/**
 * A BullMQ repeatable job: the scheduler makes one job per interval whatever the number of
 * instances, and one worker (concurrency 1) runs it. Redis being down delays runs, never startup.
 */
export function startPeriodicJob(options: PeriodicJobOptions): PeriodicJob {
  const { name, logger } = options;
  // BullMQ's blocking worker needs its own connections without a per-request retry limit.
  const connection = () =>
    new Redis(options.redisUrl, { maxRetriesPerRequest: null, enableOfflineQueue: true, lazyConnect: false });
  const queueConnection = connection();
  const workerConnection = connection();
  for (const client of [queueConnection, workerConnection]) {
    client.on('error', (error: Error) => logger.debug({ err: error, job: name }, 'job queue redis error'));
  }
  const prefix = `${options.keyPrefix}bull`;
  const queue = new Queue(name, { connection: queueConnection, prefix });
  const worker = new Worker(
    name,
    async () => {
      const started = Date.now();
      const result = await options.run();
      logger.info({ job: name, duration_ms: Date.now() - started, result }, 'periodic job finished');
      return result;
    },
    { connection: workerConnection, prefix, concurrency: 1 },
  );
  worker.on('failed', (_job, error) => logger.warn({ err: error, job: name }, 'periodic job failed'));
  worker.on('error', (error) => logger.debug({ err: error, job: name }, 'periodic job worker error'));
  queue
    .upsertJobScheduler(
      name,
      { every: options.everyMs },
      { name, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    )
    .catch((error: unknown) => logger.warn({ err: error, job: name }, 'periodic job not scheduled'));
  return {
    async close() {
      // With Redis unreachable a graceful close would wait forever: give it a bounded moment.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([worker.close(), queue.close()]).catch(() => undefined),
        new Promise((resolve) => {
          timer = setTimeout(resolve, CLOSE_GRACE_MS);
        }),
      ]);
      clearTimeout(timer);
      queueConnection.disconnect();
      workerConnection.disconnect();
    },
  };
}
