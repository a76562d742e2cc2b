import path from 'node:path';
import { z } from 'zod';
import { authEnvShape } from '@artstore/auth';
import { SERVICE_CLIENT_IDS } from '@artstore/contracts';
import { envInt, envPort, platformEnvShape } from '@artstore/platform';
import { discoveryEnvShape } from '@artstore/service-discovery';

export const ingesterEnvSchema = z
  .object({
    ...platformEnvShape,
    ...authEnvShape,
    ...discoveryEnvShape,
    ARTSTORE_CLIENT_ID: authEnvShape.ARTSTORE_CLIENT_ID.default(SERVICE_CLIENT_IDS.ingester),
    PORT: envPort().default(8020),
    DATABASE_URL: platformEnvShape.DATABASE_URL.default(
      'postgres://postgres@127.0.0.1:5432/artstore_ingester',
    ),
    /** Largest file `POST /api/v1/files/upload` accepts (the file part alone). */
    ARTSTORE_MAX_UPLOAD_BYTES: envInt({ min: 0 }).default(5 * 1024 ** 3),
    /** Deadline to reach an element and to get its answer once the body was sent. */
    ELEMENT_CALL_TIMEOUT_MS: envInt({ min: 100, max: 600_000 }).default(30_000),
    /** A PUT to an element that moves no byte for this long is abandoned (no whole-call deadline on a stream). */
    ELEMENT_IDLE_TIMEOUT_MS: envInt({ min: 100 }).default(60_000),
    /** How long an element's or the admin's open circuit waits before a half-open probe. */
    BREAKER_RESET_MS: envInt({ min: 100 }).default(30_000),
    /** Deadline of one registry call to the admin. */
    ADMIN_CALL_TIMEOUT_MS: envInt({ min: 100, max: 60_000 }).default(5_000),
    /** Elements one upload may try, in rank order, while no body byte has been sent. */
    UPLOAD_MAX_ELEMENT_ATTEMPTS: envInt({ min: 1, max: 10 }).default(3),
    /** How often the saga recovery worker looks for uploads a crashed ingester left behind. */
    SAGA_RECOVERY_INTERVAL_MS: envInt({ min: 100 }).default(5_000),
    /** How long a running saga's lease lasts without renewal before another instance may take it over. */
    SAGA_LEASE_MS: envInt({ min: 500 }).default(30_000),
    /** Pause between rounds of a saga step that cannot be undone (registry updates after a change). */
    SAGA_RETRY_FORWARD_DELAY_MS: envInt({ min: 10 }).default(5_000),
    /** How long finalize/PATCH/DELETE wait for their saga; a saga still converging then answers 202. */
    FILE_CHANGE_WAIT_MS: envInt({ min: 100 }).default(30_000),
    /** How often the TTL expiry removes temporary files past ttl_expires_at (0: never). */
    TTL_EXPIRY_INTERVAL_MS: envInt({ min: 0 }).default(300_000),
    /** Where resumable (tus) uploads wait until complete; per instance, so route a client's upload to one. */
    TUS_STAGING_DIR: z.string().min(1).optional(),
    /** An unfinished resumable upload is removed this long after its creation. */
    TUS_EXPIRATION_MS: envInt({ min: 1_000 }).default(24 * 3600 * 1000),
    /** How often expired and already stored staging is removed. */
    TUS_CLEANUP_INTERVAL_MS: envInt({ min: 100 }).default(15 * 60 * 1000),
  })
  .transform((env) => {
    const stateDir = path.resolve(env.DISCOVERY_STATE_DIR ?? path.join('data', 'ingester'));
    return {
      ...env,
      DISCOVERY_STATE_DIR: stateDir,
      TUS_STAGING_DIR: path.resolve(env.TUS_STAGING_DIR ?? path.join(stateDir, 'tus')),
    };
  });

export type IngesterConfig = z.infer<typeof ingesterEnvSchema>;
