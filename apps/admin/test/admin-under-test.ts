import { randomBytes } from 'node:crypto';
import { loadConfig, startService, type StartedService } from '@artstore/platform';
import { captureLogger, createTestDatabase, freePort, testInfra, type TestDatabase } from '@artstore/testing';
import { adminService } from '../src/admin.service';
import { adminEnvSchema } from '../src/config/admin.config';

export interface AdminUnderTest {
  /** Also the issuer: discovery clients compare the two. */
  url: string;
  database: TestDatabase;
  started: StartedService;
  logLines: string[];
  bootstrap: { clientId: string; clientSecret: string };
  /** The ARTSTORE_KEY_ENCRYPTION_KEY it runs with, so a test can read what it stored. */
  keyEncryptionKey: Buffer;
  close(): Promise<void>;
}

/** The admin in this process on a fixed free port (the issuer must name it), a fresh database, its own Redis keys. */
export async function startAdmin(env: Record<string, string> = {}): Promise<AdminUnderTest> {
  const database = await createTestDatabase('admin');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const bootstrap = { clientId: 'bootstrap-admin', clientSecret: randomBytes(32).toString('base64url') };
  const keyEncryptionKey = randomBytes(32);
  const config = loadConfig('admin', adminEnvSchema, {
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: database.url,
    REDIS_URL: testInfra.redisUrl,
    REDIS_KEY_PREFIX: `test:${database.name}:`,
    ARTSTORE_ISSUER: url,
    ARTSTORE_KEY_ENCRYPTION_KEY: keyEncryptionKey.toString('base64'),
    ARTSTORE_BOOTSTRAP_CLIENT_ID: bootstrap.clientId,
    ARTSTORE_BOOTSTRAP_CLIENT_SECRET: bootstrap.clientSecret,
    ...env,
  });
  const { logger, lines } = captureLogger('admin');
  const started = await startService(adminService, config, logger);
  return {
    url,
    database,
    started,
    logLines: lines,
    bootstrap,
    keyEncryptionKey,
    close: async () => {
      await started.app.close();
      await database.drop();
    },
  };
}
