import { randomBytes } from 'node:crypto';
import type { TokenResponse } from '@artstore/contracts';
import { freePort, spawnService, waitForOk, type ServiceProcess } from './service-process';
import { createTestDatabase, type TestDatabase } from './test-database';
import { testInfra } from './test-infra';

/** Client credentials of an account the admin seeded. */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/**
 * A real admin (the built bundle `dist/apps/admin`) on a free port, with a fresh database, its own
 * Redis key prefix, a bootstrap admin account and the internal service accounts seeded with random
 * secrets. The database outlives `stop()` until `remove()`, so the admin can be restarted.
 */
export class AdminProcess {
  private process: ServiceProcess | undefined;

  private constructor(
    /** Also the issuer. */
    readonly url: string,
    readonly database: TestDatabase,
    readonly bootstrap: ClientCredentials,
    /** Secrets of the seeded `artstore-ingester`, `artstore-storage` and `artstore-query` accounts. */
    readonly serviceSecrets: { ingester: string; storage: string; query: string },
    private readonly env: Record<string, string>,
  ) {}

  /** Starts the admin and waits until it is ready. `env` is applied last. */
  static async start(env: Record<string, string> = {}): Promise<AdminProcess> {
    const database = await createTestDatabase('admin');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const secret = (): string => randomBytes(32).toString('base64url');
    const bootstrap = { clientId: 'bootstrap-admin', clientSecret: secret() };
    const serviceSecrets = { ingester: secret(), storage: secret(), query: secret() };
    const admin = new AdminProcess(url, database, bootstrap, serviceSecrets, {
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      REDIS_URL: testInfra.redisUrl,
      REDIS_KEY_PREFIX: `test:${database.name}:`,
      ARTSTORE_ISSUER: url,
      ARTSTORE_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ARTSTORE_BOOTSTRAP_CLIENT_ID: bootstrap.clientId,
      ARTSTORE_BOOTSTRAP_CLIENT_SECRET: bootstrap.clientSecret,
      ARTSTORE_INGESTER_CLIENT_SECRET: serviceSecrets.ingester,
      ARTSTORE_STORAGE_CLIENT_SECRET: serviceSecrets.storage,
      ARTSTORE_QUERY_CLIENT_SECRET: serviceSecrets.query,
      ...env,
    });
    await admin.restart();
    return admin;
  }

  /** The prefix of every Redis key the admin writes (its published configuration included). */
  get redisKeyPrefix(): string {
    return this.env['REDIS_KEY_PREFIX'] ?? '';
  }

  /** Starts the process again (after `stop` or `kill`) and waits until it is ready. */
  async restart(): Promise<void> {
    const started = spawnService('admin', this.env);
    this.process = started;
    await waitForOk(`${this.url}/health/ready`, 30_000, () => started.output());
  }

  /** An access token for the client (client credentials grant). */
  async token(credentials: ClientCredentials = this.bootstrap, scope?: string): Promise<string> {
    const response = await fetch(`${this.url}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        ...(scope ? { scope } : {}),
      }),
    });
    if (response.status !== 200) {
      throw new Error(`token refused: ${response.status} ${await response.text()}`);
    }
    return ((await response.json()) as TokenResponse).access_token;
  }

  /** Graceful stop (SIGTERM). */
  async stop(): Promise<void> {
    await this.process?.stop();
    this.process = undefined;
  }

  /** Kills the process at once (SIGKILL). */
  async kill(): Promise<void> {
    await this.process?.stop('SIGKILL');
    this.process = undefined;
  }

  /** Stops the admin and drops its database. */
  async remove(): Promise<void> {
    await this.stop();
    await this.database.drop();
  }

  output(): string {
    return this.process?.output() ?? '';
  }
}
