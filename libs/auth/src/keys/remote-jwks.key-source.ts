import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import {
  createLocalJWKSet,
  errors,
  type CompactJWSHeaderParameters,
  type CryptoKey,
  type FlattenedJWSInput,
  type LocalJWKSet,
} from 'jose';
import type { AppLogger } from '@artstore/platform';
import { AuthError } from '../errors/auth.errors';
import { httpJwksLoader, type JwksLoader } from './fetch-jwks';
import { usableKeySet } from './usable-key-set';
import { VerificationKeySource } from './verification-key-source';

export interface RemoteJwksKeySourceOptions {
  /** The admin's key set, e.g. `http://localhost:8000/.well-known/jwks.json`. */
  url: string;
  /** A set older than this is refetched in the background while it keeps serving (default 5 min). */
  cacheMaxAgeMs?: number;
  /** Least time between two fetches that requests cause (unknown `kid`, stale set); default 30 s, capped at the max age. */
  cooldownMs?: number;
  /** Deadline of one fetch (default 5 s). */
  timeoutMs?: number;
  /** Longest pause between attempts while no set was ever loaded (default 5 s). */
  maxRetryDelayMs?: number;
  /** Replaces the HTTP fetch (tests). */
  loader?: JwksLoader;
  /** Replaces the clock (tests). */
  now?: () => number;
}

interface LoadedKeySet {
  resolve: LocalJWKSet;
  loadedAt: number;
}

const FIRST_RETRY_DELAY_MS = 250;

/**
 * The admin's JWKS, fetched with our own loader into jose's `createLocalJWKSet` rather than through
 * `createRemoteJWKSet`, because that one throws when a refetch of a stale set fails; here the last
 * good set keeps verifying while the admin is unreachable. Loads eagerly at start without blocking
 * it (retrying with backoff until a set arrives), refetches in the background when the set is older
 * than the max age, and at once for an unknown `kid` — at most once per cooldown, so a flood of
 * forged kids cannot hammer the admin. Concurrent refetches share one request.
 */
export class RemoteJwksKeySource extends VerificationKeySource implements OnModuleInit, OnModuleDestroy {
  private readonly loader: JwksLoader;
  private readonly now: () => number;
  private readonly cacheMaxAgeMs: number;
  private readonly cooldownMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly stopped = new AbortController();
  private keySet: LoadedKeySet | undefined;
  private inflight: Promise<void> | undefined;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private retryDelayMs = FIRST_RETRY_DELAY_MS;
  private startFailureLogged = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: RemoteJwksKeySourceOptions,
    private readonly logger: AppLogger,
  ) {
    super();
    this.loader = options.loader ?? httpJwksLoader(options.url, options.timeoutMs ?? 5_000);
    this.now = options.now ?? Date.now;
    this.cacheMaxAgeMs = options.cacheMaxAgeMs ?? 300_000;
    this.cooldownMs = Math.min(options.cooldownMs ?? 30_000, this.cacheMaxAgeMs);
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 5_000;
  }

  onModuleInit(): void {
    // Eager, but the service starts (not ready) while the admin is unreachable.
    void this.start();
  }

  onModuleDestroy(): void {
    this.stop();
  }

  /** Starts loading in the background; resolves only when the first attempt is over. */
  start(): Promise<void> {
    return this.retryUntilLoaded();
  }

  stop(): void {
    clearTimeout(this.retryTimer);
    this.stopped.abort();
  }

  ready(): boolean {
    return this.keySet !== undefined;
  }

  async getKey(header: CompactJWSHeaderParameters, token: FlattenedJWSInput): Promise<CryptoKey> {
    const keySet = this.keySet ?? (await this.firstKeySet());
    if (this.now() - keySet.loadedAt >= this.cacheMaxAgeMs && this.cooledDown()) {
      void this.refresh();
    }
    try {
      return await keySet.resolve(header, token);
    } catch (error) {
      // An unknown kid may be a newly published key: join a refetch under way or start one.
      if (!(error instanceof errors.JWKSNoMatchingKey) || (!this.inflight && !this.cooledDown())) {
        throw error;
      }
      await this.refresh();
      return (this.keySet ?? keySet).resolve(header, token);
    }
  }

  private async firstKeySet(): Promise<LoadedKeySet> {
    // Requests wait for a load already under way but never start one: the retry loop owns that.
    await this.inflight;
    if (!this.keySet) {
      throw AuthError.keysUnavailable();
    }
    return this.keySet;
  }

  private cooledDown(): boolean {
    return this.now() - this.lastAttemptAt >= this.cooldownMs;
  }

  private async retryUntilLoaded(): Promise<void> {
    await this.refresh();
    if (this.keySet || this.stopped.signal.aborted) {
      return;
    }
    this.retryTimer = setTimeout(() => void this.retryUntilLoaded(), this.retryDelayMs).unref();
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.maxRetryDelayMs);
  }

  /** Never rejects: a failed fetch keeps the last good set. */
  private refresh(): Promise<void> {
    this.inflight ??= this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async load(): Promise<void> {
    this.lastAttemptAt = this.now();
    try {
      const jwks = await usableKeySet(await this.loader(this.stopped.signal));
      const first = this.keySet === undefined;
      this.keySet = { resolve: createLocalJWKSet(jwks), loadedAt: this.now() };
      if (first) {
        this.logger.info({ url: this.options.url, keys: jwks.keys.length }, 'verification keys loaded');
      }
    } catch (error) {
      if (!this.stopped.signal.aborted) {
        // At start the admin is often still starting: say so once, then retry quietly.
        const quiet = this.keySet === undefined && this.startFailureLogged;
        this.startFailureLogged ||= this.keySet === undefined;
        this.logger[quiet ? 'debug' : 'warn'](
          { err: error, url: this.options.url, serving_last_good_set: this.keySet !== undefined },
          this.keySet === undefined ? 'cannot load the JWKS yet; retrying' : 'cannot load the JWKS',
        );
      }
    }
  }
}
