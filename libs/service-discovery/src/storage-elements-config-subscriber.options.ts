import type { StorageElementEndpoint, StorageElementsConfig } from '@artstore/contracts';
import type { Registry } from 'prom-client';
import type { AppliedConfigSource } from './service-discovery.metrics';
import type { ServiceDiscoveryLogger } from './service-discovery.logger';

/** The configuration in use, frozen: every caller shares it, so nobody may sort or edit it in place. */
export type ReadonlyStorageElementsConfig = Readonly<Omit<StorageElementsConfig, 'elements'>> & {
  readonly elements: readonly Readonly<StorageElementEndpoint>[];
};

/** Where the configuration in use came from; `none` until one is loaded. */
export type StorageElementsConfigSource = AppliedConfigSource | 'none';

/** Called after every applied configuration. */
export type StorageElementsConfigListener = (
  config: ReadonlyStorageElementsConfig,
  source: AppliedConfigSource,
) => void;

export interface StorageElementsConfigSubscriberOptions {
  redisUrl: string;
  /** Directory of `storage-elements-config.json`, the last configuration received (created if missing). */
  stateDir: string;
  /** Where the subscriber's metrics are registered (one subscriber per registry). */
  registry: Registry;
  /** Last resort when Redis and the state file have nothing: see `parseStaticStorageElements`. */
  staticElements?: readonly StorageElementEndpoint[];
  /** Re-read of the key that heals missed messages; default 30 s. */
  refreshIntervalMs?: number;
  /** Defaults to `artstore:storage-elements:config` (SPEC §5); tests override it to stay apart. */
  key?: string;
  /** Defaults to `storage-elements:config` (SPEC §5). */
  channel?: string;
  /** Deadline for (re)connecting; default 2 s. */
  connectTimeoutMs?: number;
  /** Deadline for each Redis command; default 2 s. */
  commandTimeoutMs?: number;
  /** Prefix of the two connections' names (`:reader`, `:subscriber`); default `artstore-service-discovery`. */
  connectionName?: string;
  logger?: ServiceDiscoveryLogger;
  /** Clock for `ageSeconds()`; tests may fix it. */
  now?: () => number;
}

/** What `readiness()` reports; `ok` once any configuration is in use. */
export interface ServiceDiscoveryReadiness {
  ok: boolean;
  details: {
    source: StorageElementsConfigSource;
    version: number | null;
    age_seconds: number | null;
    /** Number of elements in the configuration in use. */
    elements: number;
  };
}
