import path from 'node:path';
import { z } from 'zod';
import { authEnvShape } from '@artstore/auth';
import { SERVICE_CLIENT_IDS, STORAGE_BACKENDS, STORAGE_ELEMENT_MODES } from '@artstore/contracts';
import { envInt, envPort, envUrl, platformEnvShape } from '@artstore/platform';

const ELEMENT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const storageElementEnvSchema = z
  .object({
    ...platformEnvShape,
    ...authEnvShape,
    ARTSTORE_CLIENT_ID: authEnvShape.ARTSTORE_CLIENT_ID.default(SERVICE_CLIENT_IDS.storage),
    PORT: envPort().default(8010),
    // A large upload may take longer than the platform's default; idle sockets are still cut by
    // HTTP_CONNECTION_TIMEOUT_MS.
    HTTP_REQUEST_TIMEOUT_MS: envInt({ min: 0 }).default(3_600_000),
    ARTSTORE_MAX_UPLOAD_BYTES: envInt({ min: 0 }).default(5 * 1024 ** 3),
    DATABASE_URL: platformEnvShape.DATABASE_URL.optional(),
    SE_ID: z.string().regex(ELEMENT_ID, 'must be lowercase letters, digits and dashes, e.g. se-01'),
    SE_MODE: z.enum(STORAGE_ELEMENT_MODES),
    SE_PRIORITY: envInt({ min: 0, max: 1_000_000 }).default(100),
    SE_CAPACITY_BYTES: envInt({ min: 1 }),
    SE_DATA_DIR: z.string().min(1).optional(),
    SE_BACKEND: z.enum(STORAGE_BACKENDS).default('fs'),
    SE_PUBLIC_URL: envUrl(['http', 'https']).optional(),
    SE_S3_ENDPOINT: envUrl(['http', 'https']).optional(),
    SE_S3_BUCKET: z.string().min(3).optional(),
    SE_S3_ACCESS_KEY: z.string().min(1).optional(),
    SE_S3_SECRET_KEY: z.string().min(1).optional(),
    SE_S3_REGION: z.string().min(1).default('us-east-1'),
    SE_S3_PREFIX: z.string().default(''),
    /** How often the whole element is re-hashed; 0 turns the schedule off (the route still works). */
    SE_SCRUB_INTERVAL_MS: envInt({ min: 0 }).default(24 * 60 * 60 * 1000),
    /** How often the element registers again with the admin after it first succeeded; 0: only at start. */
    SE_REGISTRATION_INTERVAL_MS: envInt({ min: 0 }).default(60_000),
  })
  .superRefine((env, context) => {
    if (env.SE_BACKEND !== 's3') {
      return;
    }
    for (const key of ['SE_S3_ENDPOINT', 'SE_S3_BUCKET', 'SE_S3_ACCESS_KEY', 'SE_S3_SECRET_KEY'] as const) {
      if (!env[key]) {
        context.addIssue({ code: 'custom', path: [key], message: 'is required when SE_BACKEND=s3' });
      }
    }
  })
  .transform((env) => ({
    ...env,
    // Each element owns its database and directory, named after its id unless set explicitly.
    DATABASE_URL:
      env.DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/artstore_${env.SE_ID.replaceAll('-', '_')}`,
    SE_DATA_DIR: path.resolve(env.SE_DATA_DIR ?? path.join('data', env.SE_ID)),
    SE_PUBLIC_URL: env.SE_PUBLIC_URL ?? `http://localhost:${env.PORT}`,
  }));

export type StorageElementConfig = z.infer<typeof storageElementEnvSchema>;
