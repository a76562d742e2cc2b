import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, spawnService, waitForOk, type ServiceProcess } from './service-process';
import { createTestDatabase, type TestDatabase } from './test-database';
import { testInfra } from './test-infra';

/** How {@link IngesterProcess.start} sets up an ingester. */
export interface IngesterProcessOptions {
  /** The admin it trusts (issuer, JWKS) and registers files with. */
  adminUrl: string;
  /** The secret of the seeded `artstore-ingester` account. */
  clientSecret: string;
  /** Where elements come from: the admin's publication under its key prefix, or a static list. */
  discovery: { redisKeyPrefix: string } | { staticElements: string[] };
  /** Run the test bundle, in which crash failpoints work (build it with `buildTestBundle`). */
  testBundle?: boolean;
  /** Variables set last. */
  env?: Record<string, string>;
}

/**
 * A real ingester (the built bundle `dist/apps/ingester`, or its test build) with its own database
 * and data directory (discovery state, upload staging); both outlive `stop()` and `kill()` until
 * `remove()`, so it can be restarted where it left off.
 */
export class IngesterProcess {
  private process: ServiceProcess | undefined;

  private constructor(
    readonly url: string,
    readonly database: TestDatabase,
    readonly dataDir: string,
    private readonly env: Record<string, string>,
    private readonly testBundle: boolean,
  ) {}

  /** Starts the ingester and waits until it is ready (it knows its elements). */
  static async start(options: IngesterProcessOptions): Promise<IngesterProcess> {
    const database = await createTestDatabase('ingester');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'artstore-ingester-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const discovery: Record<string, string> =
      'redisKeyPrefix' in options.discovery
        ? { REDIS_KEY_PREFIX: options.discovery.redisKeyPrefix }
        : {
            REDIS_KEY_PREFIX: `test:${database.name}:`,
            ARTSTORE_STORAGE_ELEMENTS: options.discovery.staticElements.join(','),
          };
    const env: Record<string, string> = {
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      REDIS_URL: testInfra.redisUrl,
      ARTSTORE_ADMIN_URL: options.adminUrl,
      ARTSTORE_ISSUER: options.adminUrl,
      ARTSTORE_JWKS_URL: `${options.adminUrl}/.well-known/jwks.json`,
      ARTSTORE_CLIENT_SECRET: options.clientSecret,
      DISCOVERY_STATE_DIR: path.join(dataDir, 'discovery'),
      TUS_STAGING_DIR: path.join(dataDir, 'staging'),
      SAGA_RECOVERY_INTERVAL_MS: '200',
      SAGA_LEASE_MS: '2000',
      ...discovery,
      ...options.env,
    };
    const ingester = new IngesterProcess(url, database, dataDir, env, options.testBundle ?? false);
    await ingester.restart();
    return ingester;
  }

  /** Starts the process again (after `stop` or `kill`), optionally with other variables, and waits until ready. */
  async restart(env: Record<string, string> = {}): Promise<void> {
    Object.assign(this.env, env);
    const started = spawnService('ingester', this.env, { testBundle: this.testBundle });
    this.process = started;
    await waitForOk(`${this.url}/health/ready`, 30_000, () => started.output());
  }

  /** Resolves when the process exits by itself (e.g. a failpoint killed it). */
  async exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.process) {
      throw new Error('the ingester is not running');
    }
    const exit = await this.process.exited;
    this.process = undefined;
    return exit;
  }

  /** Graceful stop (SIGTERM). */
  async stop(): Promise<void> {
    await this.process?.stop();
    this.process = undefined;
  }

  /** Kills the process at once (SIGKILL), as a crash would. */
  async kill(): Promise<void> {
    await this.process?.stop('SIGKILL');
    this.process = undefined;
  }

  /** Stops the ingester and deletes its database and files. */
  async remove(): Promise<void> {
    await this.stop();
    await this.database.drop();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  output(): string {
    return this.process?.output() ?? '';
  }
}
