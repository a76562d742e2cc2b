// Throw-away PostgreSQL databases for one benchmark run.
import pg from 'pg';

async function withClient(postgresUrl, work) {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates `name` (dropping a leftover of the same name first) and returns its URL. */
export async function createDatabase(postgresUrl, name) {
  await withClient(postgresUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(postgresUrl, name) {
  await withClient(postgresUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Process ids of the server backends connected to database `name` (their CPU is the app's too). */
export async function backendPids(postgresUrl, name) {
  const { rows } = await withClient(postgresUrl, (client) =>
    client.query('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name]),
  );
  return rows.map((row) => row.pid);
}
