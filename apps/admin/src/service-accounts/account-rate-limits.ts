import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { readAllRateLimitOverrides, writeRateLimitOverride } from '@artstore/auth';
import { APP_LOGGER, REDIS_CLIENT, type AppLogger } from '@artstore/platform';
import { ServiceAccountsRepository, type AccountRecord } from './service-accounts.repository';

const RESYNC_INTERVAL_MS = 60_000;

/**
 * Publishes each account's own rate limit to Redis, where every service's limiter reads it. The
 * database is the record: a write Redis missed (it was down) is repaired by the periodic resync.
 */
@Injectable()
export class AccountRateLimits implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly accounts: ServiceAccountsRepository,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  onApplicationBootstrap(): void {
    void this.resync();
    this.timer = setInterval(() => void this.resync(), RESYNC_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async applied(account: AccountRecord): Promise<void> {
    await this.publish(account.clientId, account.rateLimitPerMinute);
  }

  async removed(account: AccountRecord): Promise<void> {
    await this.publish(account.clientId, null);
  }

  /** Makes Redis hold exactly the overrides the database has. */
  async resync(): Promise<void> {
    try {
      const wanted = await this.accounts.rateLimitOverrides();
      const published = await readAllRateLimitOverrides(this.redis);
      for (const [clientId, perMinute] of wanted) {
        if (published.get(clientId) !== perMinute) {
          await writeRateLimitOverride(this.redis, clientId, perMinute);
        }
      }
      for (const clientId of published.keys()) {
        if (!wanted.has(clientId)) {
          await writeRateLimitOverride(this.redis, clientId, null);
        }
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'rate limit overrides not synchronised; retrying later');
    }
  }

  private async publish(clientId: string, perMinute: number | null): Promise<void> {
    try {
      await writeRateLimitOverride(this.redis, clientId, perMinute);
    } catch (error) {
      this.logger.warn({ err: error, clientId }, 'rate limit override not published; the resync will');
    }
  }
}
