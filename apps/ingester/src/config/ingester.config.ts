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
  })
  .transform((env) => ({
    ...env,
    DISCOVERY_STATE_DIR: path.resolve(env.DISCOVERY_STATE_DIR ?? path.join('data', 'ingester')),
  }));

export type IngesterConfig = z.infer<typeof ingesterEnvSchema>;
