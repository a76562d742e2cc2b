import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StorageElementMode } from '@artstore/contracts';
import {
  createTestDatabase,
  freePort,
  spawnService,
  testInfra,
  waitForOk,
  type ServiceProcess,
  type TestDatabase,
} from '@artstore/testing';

export interface ElementOptions {
  id: string;
  mode: StorageElementMode;
  adminUrl: string;
  /** The secret of the seeded `artstore-storage` account; unset: the element does not register itself. */
  clientSecret?: string;
  priority?: number;
}

/** A real storage element (the built bundle) trusting the admin under test; it outlives `stop()` until `remove()`. */
export class ElementUnderTest {
  private process: ServiceProcess | undefined;

  private constructor(
    readonly options: ElementOptions,
    readonly url: string,
    private readonly env: Record<string, string>,
    private readonly database: TestDatabase,
    private readonly dataDir: string,
  ) {}

  static async start(options: ElementOptions): Promise<ElementUnderTest> {
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
      SE_CAPACITY_BYTES: String(1024 ** 3),
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
    };
    const element = new ElementUnderTest(options, url, env, database, dataDir);
    await element.restart();
    return element;
  }

  get id(): string {
    return this.options.id;
  }

  async restart(): Promise<void> {
    const started = spawnService('storage-element', this.env);
    this.process = started;
    await waitForOk(`${this.url}/health/live`, 30_000, () => started.output());
  }

  async stop(): Promise<void> {
    await this.process?.stop();
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
