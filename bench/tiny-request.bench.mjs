// SPEC section 10, "every service, tiny request": req/s of each service's GET /health/live against
// a plain node:http server answering the same JSON, on the same machine in the same run. Target ≥ 0.5.
import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { buildApp } from '../tools/build/build-app.mjs';
import { ensureDatabases, ensurePostgres, ensureRedis } from '../tools/infra/ensure-infra.mjs';
import { fmt, load, pairedRatios, peakRssMb } from './lib/measure.mjs';
import { freePort, waitForOk } from './lib/processes.mjs';

const TARGET = 0.5;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 4);
const CONNECTIONS = 32;
const postgresUrl = process.env.ARTSTORE_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const SERVICES = [
  { app: 'admin', env: { ARTSTORE_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') } },
  {
    app: 'storage-element',
    env: {
      SE_ID: 'se-bench',
      SE_MODE: 'rw',
      SE_CAPACITY_BYTES: '1000000000',
      SE_DATA_DIR: 'tmp/bench/se-bench',
    },
  },
  { app: 'ingester', env: {} },
  { app: 'query', env: {} },
];

async function startBaseline() {
  const port = await freePort();
  const child = fork('bench/lib/plain-http-server.mjs', { env: { PORT: String(port) }, stdio: 'ignore' });
  await new Promise((resolve) => child.once('message', resolve));
  return { child, url: `http://127.0.0.1:${port}/health/live` };
}

async function startService({ app, env }, database) {
  const port = await freePort();
  const databaseUrl = new URL(postgresUrl);
  databaseUrl.pathname = `/${database}`;
  const child = spawn(process.execPath, [`dist/apps/${app}/main.js`], {
    env: {
      PATH: process.env.PATH,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: redisUrl,
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}/health/live`;
  await waitForOk(url);
  return { child, url };
}

await ensurePostgres(postgresUrl);
await ensureRedis(redisUrl);
const ONLY = process.env.BENCH_ONLY;
const databases = SERVICES.map(({ app }) => `artstore_bench_${app.replaceAll('-', '_')}`);
await ensureDatabases(postgresUrl, databases);

const baseline = await startBaseline();
const rows = [];
try {
  for (const [index, service] of SERVICES.entries()) {
    if (ONLY && service.app !== ONLY) {
      continue;
    }
    await buildApp(service.app);
    const system = await startService(service, databases[index]);
    try {
      const options = { connections: CONNECTIONS, seconds: SECONDS };
      const summary = await pairedRatios({
        pairs: PAIRS,
        runBaseline: () => load(baseline.url, { ...options, pid: baseline.child.pid }),
        runSystem: () => load(system.url, { ...options, pid: system.child.pid }),
      });
      rows.push({
        app: service.app,
        summary,
        rss: peakRssMb(system.child.pid),
        baselineRss: peakRssMb(baseline.child.pid),
      });
    } finally {
      system.child.kill('SIGTERM');
    }
  }
} finally {
  baseline.child.kill('SIGTERM');
}

console.log(
  `\ntiny request (GET /health/live), ${CONNECTIONS} connections, ${PAIRS} pairs of ${SECONDS} s after a warm-up pair`,
);
console.log(
  'service          ratio median [min, max]   target  service req/s  baseline req/s  p50/p99 ms (svc)  cpu svc/base  peak RSS MB svc/base',
);
let failed = false;
for (const { app, summary, rss, baselineRss } of rows) {
  const last = summary.pairs.at(-1);
  const meets = summary.median >= TARGET;
  failed ||= !meets;
  console.log(
    `${app.padEnd(16)} ${fmt(summary.median)} [${fmt(summary.min)}, ${fmt(summary.max)}]`.padEnd(42) +
      `≥ ${TARGET}${meets ? ' ok ' : ' MISS'}  ${fmt(last.system.rps, 0).padStart(13)}  ${fmt(last.baseline.rps, 0).padStart(14)}  ` +
      `${last.system.p50}/${last.system.p99}`.padStart(16) +
      `  ${fmt(last.system.cpu)}/${fmt(last.baseline.cpu)}`.padStart(14) +
      `  ${fmt(rss, 0)}/${fmt(baselineRss, 0)}`.padStart(22),
  );
}
process.exit(failed ? 1 : 0);
