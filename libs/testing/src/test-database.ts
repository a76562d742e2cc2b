import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testInfra } from './test-infra';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty PostgreSQL database for one test file; `drop()` removes it and its connections. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `artstore_test_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await runAsAdmin(`CREATE DATABASE "${name}"`);
  const url = new URL(testInfra.postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => runAsAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function runAsAdmin(sql: string): Promise<void> {
  const client = new pg.Client({
    connectionString: testInfra.postgresAdminUrl,
    connectionTimeoutMillis: 5_000,
  });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
