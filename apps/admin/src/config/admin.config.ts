import { z } from 'zod';
import { checkRateLimitEnv, rateLimitEnvShape } from '@artstore/auth';
import { envInt, envPort, envUrl, platformEnvShape } from '@artstore/platform';

const clientId = z.string().regex(/^[A-Za-z0-9._-]{3,64}$/, 'must be 3-64 characters of A-Z a-z 0-9 . _ -');
const chosenSecret = z
  .string()
  .min(32, 'must be at least 32 characters')
  .max(512, 'must be at most 512 characters');
const encryptionKey = z
  .string()
  .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
  .transform((value) => Buffer.from(value, 'base64'));

export const adminEnvSchema = z
  .object({
    ...platformEnvShape,
    ...rateLimitEnvShape,
    PORT: envPort().default(8000),
    DATABASE_URL: platformEnvShape.DATABASE_URL.default('postgres://postgres@127.0.0.1:5432/artstore_admin'),
    ARTSTORE_ISSUER: envUrl(['http', 'https']).default('http://localhost:8000'),
    ARTSTORE_BOOTSTRAP_CLIENT_ID: clientId.optional(),
    ARTSTORE_BOOTSTRAP_CLIENT_SECRET: chosenSecret.optional(),
    /** Secrets of the internal accounts seeded for the other services (their client ids are fixed). */
    ARTSTORE_INGESTER_CLIENT_SECRET: chosenSecret.optional(),
    ARTSTORE_QUERY_CLIENT_SECRET: chosenSecret.optional(),
    ARTSTORE_STORAGE_CLIENT_SECRET: chosenSecret.optional(),
    /** Encrypts signing keys at rest and keys the hash of generated secrets. */
    ARTSTORE_KEY_ENCRYPTION_KEY: encryptionKey,
    ACCESS_TOKEN_TTL_S: envInt({ min: 60, max: 86_400 }).default(1_800),
    SIGNING_KEY_ROTATION_INTERVAL_S: envInt({ min: 60 }).default(86_400),
    /** How long a new key is published before it signs: at least the verifiers' JWKS cache age. */
    SIGNING_KEY_PUBLISH_LEAD_S: envInt({ min: 0 }).default(600),
    /** How long a retired key stays published after its last token expired. */
    SIGNING_KEY_RETIRED_GRACE_S: envInt({ min: 0 }).default(3_600),
    /** How long the previous secret of an account keeps working after rotate-secret. */
    SECRET_ROTATION_GRACE_S: envInt({ min: 0 }).default(86_400),
    /** Health and capacity poll of every element; each round also republishes the configuration (≤ 30 s, SPEC §5). */
    ELEMENT_POLL_INTERVAL_MS: envInt({ min: 100, max: 30_000 }).default(10_000),
    /** Deadline of one call to an element (info, mode). */
    ELEMENT_CALL_TIMEOUT_MS: envInt({ min: 100, max: 60_000 }).default(5_000),
    /** How long an element's open circuit waits before a half-open probe. */
    ELEMENT_BREAKER_RESET_MS: envInt({ min: 100 }).default(30_000),
    /** How long `POST …/mode` waits for its saga before answering 202 (the saga goes on). */
    MODE_CHANGE_WAIT_MS: envInt({ min: 100, max: 60_000 }).default(10_000),
    /** How often the saga recovery worker looks for sagas a crashed admin left behind. */
    SAGA_RECOVERY_INTERVAL_MS: envInt({ min: 100 }).default(5_000),
    /** How long a running saga's lease lasts without renewal before another instance may take it over. */
    SAGA_LEASE_MS: envInt({ min: 500 }).default(30_000),
    /** Backstop reconcile of the file registry from every element's listing (BullMQ, one runner); 0 = off. */
    FILE_RECONCILE_INTERVAL_MS: envInt({ min: 0 }).default(900_000),
    /** How often pending file events in the outbox are retried when no change triggered the relay. */
    FILE_EVENTS_RELAY_INTERVAL_MS: envInt({ min: 100, max: 600_000 }).default(5_000),
  })
  .superRefine((config, context) => {
    checkRateLimitEnv(config, context);
    if (
      (config.ARTSTORE_BOOTSTRAP_CLIENT_ID === undefined) !==
      (config.ARTSTORE_BOOTSTRAP_CLIENT_SECRET === undefined)
    ) {
      context.addIssue({
        code: 'custom',
        path: ['ARTSTORE_BOOTSTRAP_CLIENT_SECRET'],
        message: 'ARTSTORE_BOOTSTRAP_CLIENT_ID and ARTSTORE_BOOTSTRAP_CLIENT_SECRET go together',
      });
    }
    if (config.SIGNING_KEY_PUBLISH_LEAD_S >= config.SIGNING_KEY_ROTATION_INTERVAL_S) {
      context.addIssue({
        code: 'custom',
        path: ['SIGNING_KEY_PUBLISH_LEAD_S'],
        message: 'must be shorter than SIGNING_KEY_ROTATION_INTERVAL_S',
      });
    }
  });

export type AdminConfig = z.infer<typeof adminEnvSchema>;
