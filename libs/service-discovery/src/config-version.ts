import type { StorageElementsConfig } from '@artstore/contracts';

/** Version given to a configuration built from the static list: any published one replaces it. */
export const STATIC_CONFIG_VERSION = 0;

/**
 * Whether `candidate` should replace `current`: only a strictly greater version does, so a late or
 * replayed message, or a re-read racing a newer message, never rolls the configuration back.
 */
export function isNewerConfig(
  candidate: Pick<StorageElementsConfig, 'version'>,
  current: Pick<StorageElementsConfig, 'version'> | undefined,
): boolean {
  return current === undefined || candidate.version > current.version;
}
