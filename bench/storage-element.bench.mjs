// SPEC section 10, storage element: (1) one large PUT vs a minimal node:http server streaming the body
// to a file with fsync (≥ 0.8, element RSS grows < 100 MB); (2) 4 KiB PUTs from 8 clients vs a raw
// temp + fsync + rename + dir-fsync loop with 8 in flight (≥ 0.5, p99 ≤ 50 ms); (3) one large GET vs a
// minimal node:http server streaming the same file (≥ 0.8). Every figure is a median of per-pair
// ratios measured on the same disk in the same run.
//
// Variables: BENCH_SIZE_MB (1024; also --size-mb=N), BENCH_SECONDS (5, per small-PUT run),
// BENCH_PAIRS (4), BENCH_SETTLE_MS (1000), BENCH_ONLY=put|small|get (get runs put too: it reads the
// last file put), BENCH_KEEP=1 keeps the files (also kept, with element.log, when a run fails),
// BENCH_ELEMENT_NODE_ARGS='--cpu-prof --cpu-prof-dir=tmp/prof' to see where the element's time goes.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { buildApp } from '../tools/build/build-app.mjs';
import { ensurePostgres, ensureRedis } from '../tools/infra/ensure-infra.mjs';
import { backendPids, createDatabase, dropDatabase } from './lib/databases.mjs';
import { listFiles } from './lib/disk.mjs';
import { fmt, median, peakRssMb, percentile } from './lib/measure.mjs';
import { freePort } from './lib/processes.mjs';
import { startTokenIssuer } from './lib/token-issuer.mjs';
import { newFileId } from './lib/uuid-v7.mjs';
import { startElement } from './storage-element/element-process.mjs';
import { artstoreAttributes, getCounted, putSmall } from './storage-element/http-transfers.mjs';
import { measureLargeGet } from './storage-element/large-get.figure.mjs';
import { measureLargePut } from './storage-element/large-put.figure.mjs';
import { printTable, verdict } from './storage-element/report.mjs';
import { measureSmallPuts } from './storage-element/small-put.figure.mjs';
import { check, parseJson } from './storage-element/timed-run.mjs';

const sizeFlag = process.argv.find((arg) => arg.startsWith('--size-mb='))?.split('=')[1];
const SIZE_MB = Number(sizeFlag ?? process.env.BENCH_SIZE_MB ?? 1024);
const LARGE_BYTES = SIZE_MB * 1024 * 1024;
const SMALL_BYTES = 4096;
const CLIENTS = 8;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 4);
const ONLY = process.env.BENCH_ONLY;
const TARGETS = { largePut: 0.8, rssGrowthMb: 100, smallPut: 0.5, smallP99Ms: 50, largeGet: 0.8 };
const postgresUrl = process.env.ARTSTORE_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const runs = (figure) => !ONLY || ONLY === figure || (figure === 'put' && ONLY === 'get');

async function forkReady(script, env) {
  const child = fork(script, {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return child;
}

/** 401 without a token, 201 with one, and the bytes read back: the routes exist and behave. */
async function preflight(ctx) {
  const body = randomBytes(SMALL_BYTES);
  const id = newFileId();
  const url = `${ctx.element.url}/api/v1/files/${id}`;
  const headers = {
    'content-type': 'application/octet-stream',
    'artstore-attributes': artstoreAttributes('preflight.bin'),
  };
  const refused = await putSmall(url, { agent: false, body, headers });
  check(
    refused.status === 401,
    `PUT without a token answered ${refused.status}: ${refused.body.slice(0, 500)}`,
  );
  const created = await putSmall(url, {
    agent: false,
    body,
    headers: { ...headers, authorization: `Bearer ${ctx.token()}` },
  });
  check(created.status === 201, `PUT answered ${created.status}: ${created.body.slice(0, 1000)}`);
  ctx.counts.elementFiles += 1;
  const read = await getCounted(url, { headers: { authorization: `Bearer ${ctx.token()}` }, hash: true });
  check(
    read.status === 200 && read.sha256 === parseJson(created.body, 'PUT').sha256,
    `GET read ${read.status} ${read.sha256}`,
  );
}

/** The element holds exactly the files it acknowledged: on disk, in its cache, and the loop's too. */
async function checkCounts(ctx) {
  const attrFiles = await listFiles(ctx.dirs.element, (name) => name.endsWith('.attr.json'));
  check(
    attrFiles.length === ctx.counts.elementFiles,
    `${attrFiles.length} attr.json files, ${ctx.counts.elementFiles} acknowledged`,
  );
  const info = await (await fetch(`${ctx.element.url}/api/v1/info`)).json();
  check(
    info.file_count === ctx.counts.elementFiles,
    `/info file_count ${info.file_count}, ${ctx.counts.elementFiles} acknowledged`,
  );
  if (ctx.counts.loopFiles > 0) {
    const loopFiles = await listFiles(ctx.dirs.loop, (name) => !name.endsWith('.tmp'));
    check(
      loopFiles.length === ctx.counts.loopFiles,
      `raw loop: ${loopFiles.length} files, ${ctx.counts.loopFiles} written`,
    );
  }
  if (ctx.counts.floorFiles > 0) {
    const floorFiles = await listFiles(ctx.dirs.floor, (name) => name.endsWith('.attr.json'));
    check(
      floorFiles.length === ctx.counts.floorFiles,
      `protocol floor: ${floorFiles.length} attr.json files, ${ctx.counts.floorFiles} written`,
    );
  }
}

async function dropRedisKeys(prefix) {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 })) {
      if (keys.length > 0) {
        await redis.del(...keys);
      }
    }
  } finally {
    redis.disconnect();
  }
}

await ensurePostgres(postgresUrl);
await ensureRedis(redisUrl);
await buildApp('storage-element');

const runId = randomBytes(4).toString('hex');
const run = path.resolve('tmp/bench', `storage-element-${runId}`);
const dirs = {
  run,
  element: path.join(run, 'element'),
  raw: path.join(run, 'raw'),
  loop: path.join(run, 'loop'),
  floor: path.join(run, 'floor'),
};
for (const dir of [dirs.raw, dirs.loop, dirs.floor]) {
  mkdirSync(dir, { recursive: true });
}
const databaseName = `artstore_bench_se_${runId}`;
const redisPrefix = `bench:${runId}:`;
const issuer = await startTokenIssuer();
let token = issuer.mint('admin');
const ctx = {
  dirs,
  settleMs: Number(process.env.BENCH_SETTLE_MS ?? 1000),
  counts: { elementFiles: 0, loopFiles: 0, floorFiles: 0 },
  token: () => token,
  databasePids: () => backendPids(postgresUrl, databaseName),
};
const rows = [];
const extras = [];
let failed = false;
try {
  ctx.element = await startElement({
    dataDir: dirs.element,
    databaseUrl: await createDatabase(postgresUrl, databaseName),
    redisUrl,
    redisPrefix,
    issuer: issuer.issuer,
    jwksUrl: issuer.jwksUrl,
    logFile: path.join(run, 'element.log'),
    nodeArgs: (process.env.BENCH_ELEMENT_NODE_ARGS ?? '').split(' ').filter(Boolean),
  });
  const rawPort = await freePort();
  ctx.raw = {
    child: await forkReady('bench/storage-element/raw-file-server.mjs', { PORT: String(rawPort), ROOT: run }),
  };
  ctx.raw.url = `http://127.0.0.1:${rawPort}`;
  ctx.loop = await forkReady('bench/storage-element/durable-write-loop.mjs', {});
  ctx.floor = await forkReady('bench/storage-element/protocol-floor-loop.mjs', {});
  const devices = new Set(Object.values(dirs).map((dir) => statSync(dir).dev));
  check(devices.size === 1, `the element's and the baselines' directories are on different devices`);
  await preflight(ctx);
  const rss = () => ({ element: peakRssMb(ctx.element.child.pid), baseline: peakRssMb(ctx.raw.child.pid) });

  let large;
  if (runs('put')) {
    large = await measureLargePut(ctx, { sizeBytes: LARGE_BYTES, pairs: PAIRS });
    rows.push({
      label: `PUT ${SIZE_MB} MiB`,
      summary: large.summary,
      target: TARGETS.largePut,
      unit: 'MB/s',
      latency: 's',
      rss: rss(),
    });
    const ok = large.rssGrowthMb < TARGETS.rssGrowthMb;
    failed ||= !ok;
    extras.push(
      `element RSS growth during a ${SIZE_MB} MiB PUT: ${fmt(large.rssGrowthMb, 0)} MB (< ${TARGETS.rssGrowthMb} ${ok ? 'ok' : 'MISS'})`,
    );
  }
  if (runs('small')) {
    token = issuer.mint('admin');
    const small = await measureSmallPuts(ctx, {
      sizeBytes: SMALL_BYTES,
      clients: CLIENTS,
      seconds: SECONDS,
      pairs: PAIRS,
    });
    const loopRss = peakRssMb(ctx.loop.pid);
    rows.push({
      label: `4 KiB PUTs, ${CLIENTS} clients`,
      summary: small.summary,
      target: TARGETS.smallPut,
      unit: 'files/s',
      latency: 'ms',
      rss: { element: peakRssMb(ctx.element.child.pid), baseline: loopRss },
    });
    const p99 = percentile(
      small.summary.pairs.flatMap((pair) => pair.system.latenciesMs),
      0.99,
    );
    const ok = p99 <= TARGETS.smallP99Ms;
    failed ||= !ok;
    extras.push(`4 KiB PUT p99: ${fmt(p99, 1)} ms (≤ ${TARGETS.smallP99Ms} ${ok ? 'ok' : 'MISS'})`);
    const systems = small.summary.pairs.map((pair) => pair.system);
    const per = (key) => fmt(median(systems.map((run) => run[key])));
    extras.push(
      `4 KiB PUTs, element side (cores, medians): PostgreSQL backends ${per('databaseCpu')}; ` +
        `element main thread ran ${per('mainThreadRun')}, waited for a CPU ${per('mainThreadWait')}; ` +
        `main-thread CPU per file ${fmt(median(systems.map((run) => (run.mainThreadRun / run.rate) * 1000)))} ms`,
    );
    const range = (r) => `${fmt(r.median)} [${fmt(r.min)}, ${fmt(r.max)}]`;
    extras.push(
      `4 KiB protocol floor (SPEC §4 create's syscalls only, ${fmt(small.floor.rate, 0)} files/s): ` +
        `floor/raw loop ${range(small.floor.ofBaseline)}, element/floor ${range(small.floor.elementOfFloor)}`,
    );
  }
  if (runs('get')) {
    token = issuer.mint('admin');
    const get = await measureLargeGet(ctx, {
      fileId: large.fileId,
      sizeBytes: LARGE_BYTES,
      sha256: large.sha256,
      pairs: PAIRS,
    });
    extras.push(`GET client: ${get.client} (timed reads count bytes; one hashed read per side afterwards)`);
    rows.push({
      label: `GET ${SIZE_MB} MiB`,
      summary: get.summary,
      target: TARGETS.largeGet,
      unit: 'MB/s',
      latency: 's',
      rss: rss(),
    });
  }
  await checkCounts(ctx);
} catch (error) {
  console.error(error);
  console.error(`element log: ${path.join(run, 'element.log')} (kept)`);
  process.env.BENCH_KEEP = '1';
  failed = true;
} finally {
  await ctx.element?.stop();
  ctx.raw?.child.kill('SIGTERM');
  ctx.loop?.kill('SIGTERM');
  ctx.floor?.kill('SIGTERM');
  await issuer.close();
  await dropDatabase(postgresUrl, databaseName).catch((error) =>
    console.error(`drop ${databaseName}: ${error.message}`),
  );
  await dropRedisKeys(redisPrefix).catch((error) => console.error(`Redis ${redisPrefix}*: ${error.message}`));
  if (process.env.BENCH_KEEP !== '1') {
    rmSync(run, { recursive: true, force: true });
  }
}

if (rows.length > 0) {
  console.log(
    `\nstorage element, ${PAIRS} pairs after a warm-up pair; large transfers ${SIZE_MB} MiB (sync + ${ctx.settleMs} ms settle before each), ` +
      `4 KiB PUTs ${SECONDS} s per run; rates are medians over the pairs, cpu in cores, checked: status, sha256, counts`,
  );
  printTable(rows);
  for (const line of extras) {
    console.log(line);
  }
}
failed ||= rows.some((row) => verdict(row.summary, row.target) !== 'ok');
process.exit(failed ? 1 : 0);
