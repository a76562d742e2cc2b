import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ServiceTokenClient } from '@artstore/auth';
import { APP_CONFIG, APP_LOGGER, outboundHeaders, type AppLogger } from '@artstore/platform';
import { backoffDelay, withDeadline } from '@artstore/resilience';
import type { StorageElementConfig } from '../config/storage-element.config';

const RETRY_BACKOFF = { kind: 'exponential', baseMs: 500, maxMs: 30_000, jitter: true } as const;
const CALL_TIMEOUT_MS = 10_000;

/**
 * Registers this element with the admin (`POST /api/v1/storage-elements {url}`), retrying with backoff
 * until the admin takes it, then again every `SE_REGISTRATION_INTERVAL_MS`, so an admin that was down
 * or lost its registry learns about the element again. Registration is idempotent on the element id.
 */
@Injectable()
export class AdminRegistration implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failures = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: StorageElementConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly tokens: ServiceTokenClient,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.ARTSTORE_CLIENT_SECRET) {
      this.logger.info('no ARTSTORE_CLIENT_SECRET: this element does not register itself with the admin');
      return;
    }
    // The admin reads our /api/v1/info, which answers once the server listens: start shortly after.
    this.schedule(RETRY_BACKOFF.baseMs);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => void this.attempt(), delayMs);
    this.timer.unref();
  }

  private async attempt(): Promise<void> {
    try {
      const status = await withDeadline((signal) => this.register(signal), CALL_TIMEOUT_MS);
      if (this.failures > 0 || status === 201) {
        this.logger.info({ admin_url: this.config.ARTSTORE_ADMIN_URL, status }, 'registered with the admin');
      }
      this.failures = 0;
      if (this.config.SE_REGISTRATION_INTERVAL_MS > 0) {
        this.schedule(this.config.SE_REGISTRATION_INTERVAL_MS);
      }
    } catch (error) {
      this.failures += 1;
      const delayMs = backoffDelay(RETRY_BACKOFF, this.failures);
      this.logger.warn(
        { err: error, retry_in_ms: Math.round(delayMs) },
        'registration with the admin failed',
      );
      this.schedule(delayMs);
    }
  }

  private async register(signal: AbortSignal): Promise<number> {
    const token = await this.tokens.accessToken();
    const response = await fetch(
      `${this.config.ARTSTORE_ADMIN_URL.replace(/\/+$/, '')}/api/v1/storage-elements`,
      {
        method: 'POST',
        signal,
        headers: {
          ...outboundHeaders(),
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ url: this.config.SE_PUBLIC_URL }),
      },
    );
    const body = await response.text();
    if (response.status !== 200 && response.status !== 201) {
      throw new Error(`the admin answered ${response.status}: ${body.slice(0, 300)}`);
    }
    return response.status;
  }
}
