import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StorageElementMode } from '@artstore/contracts';
import { freePort, spawnService, waitForOk, type ServiceProcess } from './service-process';
import { createTestDatabase, type TestDatabase } from './test-database';
import { testInfra } from './test-infra';

/** How {@link StorageElementProcess.start} sets up an element. */
export interface StorageElementProcessOptions {
  id: string;
  mode: StorageElementMode;
  /** The admin it trusts (issuer, JWKS) and registers with. */
  adminUrl: string;
  /** The secret of the seeded `artstore-storage` account; unset: the element does not register itself. */
  clientSecret?: string;
  priority?: number;
  /** `SE_CAPACITY_BYTES`; default 1 GiB. */
  capacityBytes?: number;
  /** Variables set last. */
  env?: Record<string, string>;
}

/**
 * A real storage element (the built bundle `dist/apps/storage-element`) with its own database and
 * data directory; both outlive `stop()` and `kill()` until `remove()`, so it can be restarted.
 */
export class StorageElementProcess {
  private process: ServiceProcess | undefined;

  private constructor(
    readonly options: StorageElementProcessOptions,
    readonly url: string,
    private readonly env: Record<string, string>,
    readonly database: TestDatabase,
    readonly dataDir: string,
  ) {}

  /** Starts the element and waits until it is live. */
  static async start(options: StorageElementProcessOptions): Promise<StorageElementProcess> {
    const database = await createTestDatabase(options.id);
    const dataDir = mkdtempSync(path.join(tmpdir(), `artstore-${options.id}-`));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = {
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SE_ID: options.id,
      SE_MODE: options.mode,
      SE_PRIORITY: String(options.priority ?? 100),
      SE_CAPACITY_BYTES: String(options.capacityBytes ?? 1024 ** 3),
      SE_DATA_DIR: dataDir,
      SE_PUBLIC_URL: url,
      SE_SCRUB_INTERVAL_MS: '0',
      SE_REGISTRATION_INTERVAL_MS: '1000',
      DATABASE_URL: database.url,
      REDIS_URL: testInfra.redisUrl,
      REDIS_KEY_PREFIX: `test:${database.name}:`,
      ARTSTORE_ISSUER: options.adminUrl,
      ARTSTORE_ADMIN_URL: options.adminUrl,
      ...(options.clientSecret ? { ARTSTORE_CLIENT_SECRET: options.clientSecret } : {}),
      ...options.env,
    };
    const element = new StorageElementProcess(options, url, env, database, dataDir);
    await element.restart();
    return element;
  }

  get id(): string {
    return this.options.id;
  }

  /** `id=url;mode=…;priority=…`, an entry of `ARTSTORE_STORAGE_ELEMENTS`. */
  get staticEntry(): string {
    return `${this.id}=${this.url};mode=${this.options.mode};priority=${this.options.priority ?? 100}`;
  }

  /** Starts the process again (after `stop` or `kill`) and waits until it is live. */
  async restart(): Promise<void> {
    const started = spawnService('storage-element', this.env);
    this.process = started;
    await waitForOk(`${this.url}/health/live`, 30_000, () => started.output());
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

  /** Stops the element and deletes its database and files. */
  async remove(): Promise<void> {
    await this.stop();
    await this.database.drop();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  output(): string {
    return this.process?.output() ?? '';
  }
}
