// bench/auth (issue 3, SPEC section 10): requests per second on a guarded route vs the same route
// unguarded in the same service (target ≥ 0.8: the guard, token verification and per-client rate
// limit together cost under 20 %), and tokens issued per second by the admin vs its own tiny route.
import { spawn } from 'node:child_process';
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import pg from 'pg';
import { buildApp, buildBundle } from '../tools/build/build-app.mjs';
import { ensurePostgres, ensureRedis } from '../tools/infra/ensure-infra.mjs';
import { fmt, load, pairedRatios, peakRssMb } from './lib/measure.mjs';
import { freePort, waitForOk } from './lib/processes.mjs';

const GUARD_TARGET = 0.8;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 4);
const CONNECTIONS = 32;
const TOKEN_CONNECTIONS = 8;
const postgresUrl = process.env.ARTSTORE_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const unlimited = '1000000000';

/** A fresh database per run: the admin's keys are encrypted with this run's key. */
async function freshDatabase(name) {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function startProcess(entry, env) {
  const port = await freePort();
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH, ...env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redisUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForOk(`${url}/health/ready`);
  return { child, url };
}

await ensurePostgres(postgresUrl);
await ensureRedis(redisUrl);
await buildApp('admin');
await buildBundle('bench/auth/guard-harness.ts', 'dist/bench/guard-harness');

const redisPrefix = `bench:${randomBytes(4).toString('hex')}:`;
const bootstrap = { id: 'bench-admin', secret: randomBytes(32).toString('base64url') };
const admin = await startProcess('dist/apps/admin/main.js', {
  DATABASE_URL: await freshDatabase('artstore_bench_auth_admin'),
  REDIS_KEY_PREFIX: redisPrefix,
  ARTSTORE_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  ARTSTORE_BOOTSTRAP_CLIENT_ID: bootstrap.id,
  ARTSTORE_BOOTSTRAP_CLIENT_SECRET: bootstrap.secret,
  RATE_LIMIT_PER_MINUTE: unlimited,
  RATE_LIMIT_BURST: unlimited,
  TOKEN_RATE_LIMIT_PER_MINUTE: unlimited,
  TOKEN_RATE_LIMIT_BURST: unlimited,
  LOG_LEVEL: 'warn',
});
let harness;
try {
  // The harness must expect exactly the issuer the admin puts in its tokens.
  const { issuer } = await (await fetch(`${admin.url}/.well-known/openid-configuration`)).json();
  const basic = (id, secret) =>
    `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  const tokenOf = async (id, secret) => {
    const response = await fetch(`${admin.url}/api/v1/auth/token`, {
      method: 'POST',
      headers: { authorization: basic(id, secret), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    if (response.status !== 200) {
      throw new Error(`token refused: ${response.status} ${await response.text()}`);
    }
    return (await response.json()).access_token;
  };
  const adminToken = await tokenOf(bootstrap.id, bootstrap.secret);
  const created = await fetch(`${admin.url}/api/v1/service-accounts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench client', role: 'user' }),
  });
  const account = await created.json();
  const userToken = await tokenOf(account.client_id, account.client_secret);

  harness = await startProcess('dist/bench/guard-harness/guard-harness.js', {
    DATABASE_URL: await freshDatabase('artstore_bench_auth_ingester'),
    REDIS_KEY_PREFIX: redisPrefix,
    ARTSTORE_ISSUER: issuer,
    ARTSTORE_ADMIN_URL: admin.url,
    RATE_LIMIT_PER_MINUTE: unlimited,
    RATE_LIMIT_BURST: unlimited,
    LOG_LEVEL: 'warn',
  });
  const guarded = await fetch(`${harness.url}/bench/guarded`, {
    headers: { authorization: `Bearer ${userToken}` },
  });
  const refused = await fetch(`${harness.url}/bench/guarded`);
  if (guarded.status !== 200 || refused.status !== 401) {
    throw new Error(`guard not in place: ${guarded.status} with a token, ${refused.status} without`);
  }

  // Both routes get the same request, token included: the figure is the guard's cost, not the cost of
  // parsing a longer request.
  const withToken = {
    connections: CONNECTIONS,
    seconds: SECONDS,
    pid: harness.child.pid,
    headers: { authorization: `Bearer ${userToken}` },
  };
  const guard = await pairedRatios({
    pairs: PAIRS,
    runBaseline: () => load(`${harness.url}/bench/open`, withToken),
    runSystem: () => load(`${harness.url}/bench/guarded`, withToken),
  });

  const tokenOptions = { connections: TOKEN_CONNECTIONS, seconds: SECONDS, pid: admin.child.pid };
  const tokens = await pairedRatios({
    pairs: PAIRS,
    runBaseline: () => load(`${admin.url}/health/live`, tokenOptions),
    runSystem: () =>
      load(`${admin.url}/api/v1/auth/token`, {
        ...tokenOptions,
        method: 'POST',
        headers: {
          authorization: basic(account.client_id, account.client_secret),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      }),
  });
  // Correctness: a token issued under load verifies against the published keys.
  const sample = await tokenOf(account.client_id, account.client_secret);
  await jwtVerify(sample, createRemoteJWKSet(new URL(`${admin.url}/.well-known/jwks.json`)), {
    issuer,
    audience: 'ingester',
    typ: 'at+jwt',
  });

  const line = (label, summary, target, pid) => {
    const last = summary.pairs.at(-1);
    const verdict = target === undefined ? '     ' : summary.median >= target ? ' ok  ' : ' MISS';
    return (
      `${label.padEnd(34)} ${fmt(summary.median)} [${fmt(summary.min)}, ${fmt(summary.max)}]`.padEnd(58) +
      `${target === undefined ? '   -  ' : `≥ ${target}`}${verdict} ${fmt(last.system.rps, 0).padStart(9)} ${fmt(last.baseline.rps, 0).padStart(10)}` +
      `  ${last.system.p50}/${last.system.p99}`.padStart(12) +
      `  ${fmt(last.system.cpu)}`.padStart(8) +
      `  ${fmt(peakRssMb(pid), 0)}`.padStart(8)
    );
  };
  console.log(`\nauth, ${PAIRS} pairs of ${SECONDS} s after a warm-up pair`);
  console.log(
    'figure                             ratio median [min, max]   target       req/s  base req/s  p50/p99 ms  cpu     RSS MB',
  );
  console.log(line(`guarded vs public route (${CONNECTIONS} conn)`, guard, GUARD_TARGET, harness.child.pid));
  console.log(
    line(`tokens/s vs admin /health/live (${TOKEN_CONNECTIONS} conn)`, tokens, undefined, admin.child.pid),
  );
  process.exitCode = guard.median >= GUARD_TARGET ? 0 : 1;
} finally {
  harness?.child.kill('SIGTERM');
  admin.child.kill('SIGTERM');
}
