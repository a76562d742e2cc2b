import { z } from 'zod';
import { envInt, envList, envPort, envUrl } from './env-fields';

/** Environment every service reads; apps extend it with their own variables. */
export const platformEnvShape = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: envPort(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  DATABASE_URL: envUrl(['postgres', 'postgresql']),
  // loadConfig puts it into DATABASE_URL, so the password can come from DATABASE_PASSWORD_FILE.
  DATABASE_PASSWORD: z.string().optional(),
  DATABASE_POOL_SIZE: envInt({ min: 1, max: 200 }).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: envInt({ min: 100 }).default(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: envInt({ min: 100 }).default(15_000),
  DATABASE_CONNECT_RETRIES: envInt({ min: 0 }).default(10),
  REDIS_URL: envUrl(['redis', 'rediss']).default('redis://127.0.0.1:6379'),
  // Namespaces every key, so several deployments (or test runs) can share one Redis.
  REDIS_KEY_PREFIX: z.string().max(100).default(''),
  REDIS_CONNECT_TIMEOUT_MS: envInt({ min: 100 }).default(5_000),
  REDIS_COMMAND_TIMEOUT_MS: envInt({ min: 50 }).default(2_000),
  HEALTH_CHECK_TIMEOUT_MS: envInt({ min: 50 }).default(2_000),
  HTTP_BODY_LIMIT_BYTES: envInt({ min: 1024 }).default(1024 * 1024),
  HTTP_HEADERS_TIMEOUT_MS: envInt({ min: 1_000 }).default(10_000),
  // Above Node's 16 KiB, so an oversized Authorization header reaches the guard and gets a 401 problem.
  HTTP_MAX_HEADER_BYTES: envInt({ min: 8_192, max: 1_048_576 }).default(32 * 1024),
  HTTP_REQUEST_TIMEOUT_MS: envInt({ min: 0 }).default(300_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: envInt({ min: 1_000 }).default(5_000),
  HTTP_CONNECTION_TIMEOUT_MS: envInt({ min: 1_000 }).default(60_000),
  SHUTDOWN_TIMEOUT_MS: envInt({ min: 1_000, max: 30_000 }).default(30_000),
  CORS_ORIGINS: envList().default([]),
  OTEL_EXPORTER_OTLP_ENDPOINT: envUrl(['http', 'https']).optional(),
} as const;

export const platformEnvSchema = z.object(platformEnvShape);
export type PlatformEnv = z.infer<typeof platformEnvSchema>;
