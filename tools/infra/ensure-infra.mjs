// Makes sure PostgreSQL and Redis answer before `npm start` / `npm test` use them: connect, else start
// the locally installed server, else (as root) install it from Debian's packages. Says what it did.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import pg from 'pg';

const log = (message) => console.log(`[infra] ${message}`);

export const defaultPostgresUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
export const defaultRedisUrl = 'redis://127.0.0.1:6379';

function isLocal(url) {
  return ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(new URL(url).hostname);
}

async function postgresAnswers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function redisAnswers(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port || 6379), hostname.replace(/^\[|\]$/g, ''));
    const done = (answer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(3_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) =>
      done(data.toString().startsWith('+PONG') || data.toString().startsWith('-NOAUTH')),
    );
  });
}

async function waitUntil(check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  return result.status === 0;
}

function hasCommand(command) {
  return run('sh', ['-c', `command -v ${command}`]);
}

const isRoot = process.getuid?.() === 0;

function aptInstall(packages) {
  if (!isRoot) {
    throw new Error(
      `${packages.join(', ')} not installed and not running as root: install them or set the URLs`,
    );
  }
  log(`installing ${packages.join(' ')} with apt-get`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

function postgresClusters() {
  return existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
}

// A cluster that apt just created only trusts peer logins; local TCP gets trust, as on a dev machine.
function trustLocalConnections(version) {
  const hba = `/etc/postgresql/${version}/main/pg_hba.conf`;
  const current = readFileSync(hba, 'utf8');
  if (current.includes('# artstore: local trust')) {
    return;
  }
  writeFileSync(
    hba,
    `# artstore: local trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\nlocal all all trust\n${current}`,
  );
}

export async function ensurePostgres(url = defaultPostgresUrl) {
  if (await postgresAnswers(url)) {
    return;
  }
  if (!isLocal(url)) {
    throw new Error(`PostgreSQL at ${new URL(url).host} does not answer`);
  }
  let installedNow = false;
  if (postgresClusters().length === 0) {
    aptInstall(['postgresql']);
    installedNow = true;
  }
  const version = postgresClusters().sort().at(-1);
  if (installedNow) {
    trustLocalConnections(version);
  }
  log(`PostgreSQL was not running: starting cluster ${version}/main`);
  if (!run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'])) {
    run('pg_ctlcluster', [version, 'main', 'start']);
  }
  if (!(await waitUntil(() => postgresAnswers(url), 30_000))) {
    throw new Error('PostgreSQL did not come up within 30 s');
  }
  log('PostgreSQL is up');
}

export async function ensureRedis(url = defaultRedisUrl) {
  if (await redisAnswers(url)) {
    return;
  }
  if (!isLocal(url)) {
    throw new Error(`Redis at ${new URL(url).host} does not answer`);
  }
  if (!hasCommand('redis-server')) {
    aptInstall(['redis-server']);
  }
  const port = new URL(url).port || '6379';
  log(`Redis was not running: starting redis-server on port ${port}`);
  run('redis-server', [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '--port',
    port,
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  if (!(await waitUntil(() => redisAnswers(url), 15_000))) {
    throw new Error('Redis did not come up within 15 s');
  }
  log('Redis is up');
}

/** Creates each database that does not exist yet (idempotent). */
export async function ensureDatabases(adminUrl, names) {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const existing = await client.query('SELECT datname FROM pg_database WHERE datname = ANY($1)', [names]);
    const present = new Set(existing.rows.map((row) => row.datname));
    for (const name of names.filter((candidate) => !present.has(candidate))) {
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '')}"`);
      log(`created database ${name}`);
    }
  } finally {
    await client.end();
  }
}
