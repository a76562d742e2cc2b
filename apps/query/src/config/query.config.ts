import { hostname } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { authEnvShape } from '@artstore/auth';
import { SERVICE_CLIENT_IDS } from '@artstore/contracts';
import { envInt, envPort, platformEnvShape } from '@artstore/platform';
import { discoveryEnvShape } from '@artstore/service-discovery';

export const queryEnvSchema = z
  .object({
    ...platformEnvShape,
    ...authEnvShape,
    ...discoveryEnvShape,
    ARTSTORE_CLIENT_ID: authEnvShape.ARTSTORE_CLIENT_ID.default(SERVICE_CLIENT_IDS.query),
    PORT: envPort().default(8030),
    DATABASE_URL: platformEnvShape.DATABASE_URL.default('postgres://postgres@127.0.0.1:5432/artstore_query'),
    /** The consumer group every query instance joins on `artstore:file-events`. */
    FILE_EVENTS_GROUP: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,64}$/)
      .default('query'),
    /** This instance's name in the group; unique per process unless set (a restart then resumes its pending). */
    FILE_EVENTS_CONSUMER: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,128}$/)
      .optional(),
    /** How long one XREADGROUP waits for new events. */
    FILE_EVENTS_BLOCK_MS: envInt({ min: 10, max: 60_000 }).default(5_000),
    /** Pending entries idle this long belong to a dead consumer and are claimed (XAUTOCLAIM). */
    FILE_EVENTS_CLAIM_IDLE_MS: envInt({ min: 100 }).default(60_000),
    /** Entries read or claimed per round. */
    FILE_EVENTS_BATCH: envInt({ min: 1, max: 1_000 }).default(100),
    /** Up to this many matches `total` is exact; above it, an estimate (`total_is_estimate`). */
    SEARCH_EXACT_TOTAL_LIMIT: envInt({ min: 0, max: 1_000_000 }).default(10_000),
    /** Entries of the in-process metadata LRU. */
    METADATA_CACHE_ENTRIES: envInt({ min: 1 }).default(10_000),
    METADATA_CACHE_LRU_TTL_MS: envInt({ min: 1 }).default(300_000),
    METADATA_CACHE_REDIS_TTL_S: envInt({ min: 1 }).default(3_600),
  })
  .transform((env) => ({
    ...env,
    DISCOVERY_STATE_DIR: path.resolve(env.DISCOVERY_STATE_DIR ?? path.join('data', 'query')),
    FILE_EVENTS_CONSUMER:
      env.FILE_EVENTS_CONSUMER ?? `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`,
  }));

export type QueryConfig = z.infer<typeof queryEnvSchema>;
