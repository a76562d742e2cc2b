import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { loadConfig, startService, type StartedService } from '@artstore/platform';
import {
  captureLogger,
  createTestDatabase,
  hostAndPort,
  startTestIssuer,
  TcpProxy,
  testInfra,
  waitFor,
  type TestDatabase,
  type TestIssuer,
} from '@artstore/testing';
import { queryEnvSchema } from '../src/config/query.config';
import { queryService } from '../src/query.service';

export interface QueryInstance {
  url: string;
  started: StartedService;
  /** This instance's own way to Redis, which a test can cut. */
  redisProxy: TcpProxy;
  close(): Promise<void>;
}

/**
 * One query database and Redis prefix shared by any number of query instances started in this process,
 * as several replicas share them in production; plus raw clients for the test's own reads and writes.
 */
export class QueryStack {
  private readonly instances = new Set<QueryInstance>();

  private constructor(
    readonly database: TestDatabase,
    readonly issuer: TestIssuer,
    readonly prefix: string,
    readonly redis: Redis,
    readonly pool: pg.Pool,
    private readonly env: Record<string, string>,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<QueryStack> {
    const database = await createTestDatabase('query');
    const issuer = await startTestIssuer();
    const redis = new Redis(testInfra.redisUrl, { maxRetriesPerRequest: 1 });
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    const prefix = `test:${database.name}:${randomBytes(3).toString('hex')}:`;
    return new QueryStack(database, issuer, prefix, redis, pool, env);
  }

  /** A token with files:read. */
  token(): string {
    return this.issuer.mint({ role: 'readonly' });
  }

  async startInstance(env: Record<string, string> = {}): Promise<QueryInstance> {
    const redisProxy = await TcpProxy.start(hostAndPort(testInfra.redisUrl));
    const config = loadConfig('query', queryEnvSchema, {
      DISCOVERY_STATE_DIR: mkdtempSync(path.join(tmpdir(), 'artstore-query-')),
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: this.database.url,
      DATABASE_POOL_SIZE: '4',
      REDIS_URL: redisProxy.wrap(testInfra.redisUrl),
      REDIS_KEY_PREFIX: this.prefix,
      HEALTH_CHECK_TIMEOUT_MS: '1000',
      ARTSTORE_ISSUER: this.issuer.issuer,
      ARTSTORE_ADMIN_URL: this.issuer.issuer,
      ARTSTORE_JWKS_URL: this.issuer.jwksUrl,
      LOG_LEVEL: 'warn',
      FILE_EVENTS_BLOCK_MS: '200',
      FILE_EVENTS_CLAIM_IDLE_MS: '1000',
      ...this.env,
      ...env,
    });
    const { logger } = captureLogger('query');
    const started = await startService(queryService, config, logger);
    const instance: QueryInstance = {
      url: started.url,
      started,
      redisProxy,
      close: async () => {
        this.instances.delete(instance);
        await started.app.close();
        await redisProxy.close();
      },
    };
    this.instances.add(instance);
    return instance;
  }

  /** Waits until the group has no entry left to deliver or acknowledge. */
  async drained(timeoutMs = 10_000): Promise<void> {
    await waitFor(
      async () => {
        const groups = (await this.redis.call(
          'XINFO',
          'GROUPS',
          `${this.prefix}artstore:file-events`,
        )) as unknown[][];
        const info = groups[0] ?? [];
        const field = (name: string) => info[info.indexOf(name) + 1];
        return field('lag') === 0 && field('pending') === 0;
      },
      timeoutMs,
      50,
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.instances].map((instance) => instance.close()));
    await this.pool.end();
    this.redis.disconnect();
    await this.issuer.stop();
    await this.database.drop();
  }
}

export async function getJson(
  url: string,
  token: string,
): Promise<{ status: number; body: unknown; type: string | null }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : undefined,
    type: response.headers.get('content-type'),
  };
}

export async function postJson(
  url: string,
  token: string,
  body: unknown,
): Promise<{ status: number; body: unknown; type: string | null }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : undefined,
    type: response.headers.get('content-type'),
  };
}
