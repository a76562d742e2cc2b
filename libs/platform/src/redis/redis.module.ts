import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { PlatformEnv } from '../config/platform-env.schema';
import type { AppLogger } from '../logging/create-logger';
import { MetricsService } from '../metrics/metrics.service';
import { InstrumentedRedis } from './instrumented-redis';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** One shared ioredis client with deadlines on connect and on every command, reconnecting with backoff. */
export function createRedisClient(config: PlatformEnv, metrics: MetricsService): Redis {
  return new InstrumentedRedis(
    config.REDIS_URL,
    {
      connectTimeout: config.REDIS_CONNECT_TIMEOUT_MS,
      commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 5_000),
      lazyConnect: false,
      ...(config.REDIS_KEY_PREFIX ? { keyPrefix: config.REDIS_KEY_PREFIX } : {}),
    },
    metrics.redisOperations,
  );
}

@Module({})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  static forRoot(config: PlatformEnv, logger: AppLogger): DynamicModule {
    return {
      module: RedisModule,
      global: true,
      providers: [
        {
          provide: REDIS_CLIENT,
          inject: [MetricsService],
          useFactory: (metrics: MetricsService) => {
            const client = createRedisClient(config, metrics);
            // Commands fail fast and readiness reports the outage; log each state change once.
            client.on('error', (error: Error) => logger.debug({ err: error }, 'redis connection error'));
            client.on('close', () => logger.warn('redis connection closed'));
            client.on('ready', () => logger.info('redis connection ready'));
            return client;
          },
        },
      ],
      exports: [REDIS_CLIENT],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'ready') {
      await this.redis.quit();
    } else {
      this.redis.disconnect();
    }
  }
}
