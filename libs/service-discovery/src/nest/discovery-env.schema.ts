import { z } from 'zod';
import { envInt } from '@artstore/platform';
import { parseStaticStorageElements } from '../static-storage-elements.parser';

/**
 * Discovery variables of the services that read the configuration (ingester, query); apps spread it
 * into their schema. `ARTSTORE_STORAGE_ELEMENTS` is the static fallback (`id=url;mode=rw,…` or JSON).
 */
export const discoveryEnvShape = {
  ARTSTORE_STORAGE_ELEMENTS: z
    .string()
    .default('')
    .transform((value, context) => {
      try {
        return parseStaticStorageElements(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    }),
  /** Where the last configuration is kept for a start without Redis; defaults to `data/<service>`. */
  DISCOVERY_STATE_DIR: z.string().min(1).optional(),
  /** Periodic re-read of the Redis key, which heals a missed pub/sub message. */
  DISCOVERY_REFRESH_INTERVAL_MS: envInt({ min: 100, max: 300_000 }).default(30_000),
} as const;
