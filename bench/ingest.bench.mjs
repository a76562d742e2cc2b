// SPEC section 10, ingest: (1) one large multipart upload through the ingester vs the same bytes PUT
// straight to the storage element (MB/s ≥ 0.8; the ingester's RSS grows < 100 MB); (2) 4 KiB uploads
// end to end from 16 clients vs direct element PUTs from 16 clients (files/s ≥ 0.5; p50/p99). Real
// processes from the built bundles: an admin (issuer, registry), one edit-mode element on the fs
// backend, the ingester with the element in ARTSTORE_STORAGE_ELEMENTS; a bootstrap-client token.
//
// Flags (or variables): --size-mb=N (BENCH_SIZE_MB, 1024), --pairs=N (BENCH_PAIRS, 4),
// --seconds=N (BENCH_SECONDS, 5, per 4 KiB run), --clients=N (BENCH_CLIENTS, 16),
// --only=large|small (BENCH_ONLY); BENCH_SETTLE_MS (1000), BENCH_KEEP=1 keeps the run directory
// (also kept, with the three logs, when a run fails), BENCH_INGESTER_NODE_ARGS='--cpu-prof
// --cpu-prof-dir=tmp/prof' (likewise BENCH_ELEMENT_NODE_ARGS, BENCH_ADMIN_NODE_ARGS).
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { buildApp } from '../tools/build/build-app.mjs';
import { ensurePostgres, ensureRedis } from '../tools/infra/ensure-infra.mjs';
import { createDatabase, dropDatabase } from './lib/databases.mjs';
import { fmt, median, peakRssMb } from './lib/measure.mjs';
import { checkCounts, preflight } from './ingest/consistency-checks.mjs';
import { measureLargeUpload } from './ingest/large-upload.figure.mjs';
import { connectBackendWatch } from './ingest/process-cpu.mjs';
import { cpuMsPerFile, printTable, verdict } from './ingest/report.mjs';
import { bootstrapToken, startIngestStack } from './ingest/service-processes.mjs';
import { measureSmallUploads } from './ingest/small-uploads.figure.mjs';
import { writeSourceFile } from './ingest/source-file.mjs';

const option = (name, variable, fallback) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ??
  process.env[variable] ??
  fallback;
const SIZE_MB = Number(option('size-mb', 'BENCH_SIZE_MB', 1024));
const PAIRS = Number(option('pairs', 'BENCH_PAIRS', 4));
const SECONDS = Number(option('seconds', 'BENCH_SECONDS', 5));
const CLIENTS = Number(option('clients', 'BENCH_CLIENTS', 16));
const ONLY = option('only', 'BENCH_ONLY', undefined);
const SMALL_BYTES = 4096;
const TARGETS = { large: 0.8, rssGrowthMb: 100, small: 0.5 };
const postgresUrl = process.env.ARTSTORE_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const nodeArgsOf = (variable) => (process.env[variable] ?? '').split(' ').filter(Boolean);

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
for (const app of ['admin', 'storage-element', 'ingester']) {
  await buildApp(app);
}

const runId = randomBytes(4).toString('hex');
const run = path.resolve('tmp/bench', `ingest-${runId}`);
const dirs = { run, element: path.join(run, 'element') };
mkdirSync(dirs.element, { recursive: true });
const databaseNames = {
  admin: `artstore_bench_ingest_admin_${runId}`,
  element: `artstore_bench_ingest_se_${runId}`,
  ingester: `artstore_bench_ingest_ingester_${runId}`,
};
const redisPrefix = `bench:${runId}:`;
let token;
const ctx = {
  dirs,
  settleMs: Number(process.env.BENCH_SETTLE_MS ?? 1000),
  counts: { elementFiles: 0, registered: 0 },
  token: () => token,
  peaks: { ingester: 0, element: 0, admin: 0 },
};
ctx.notePeakRss = () => {
  for (const name of Object.keys(ctx.peaks)) {
    ctx.peaks[name] = Math.max(ctx.peaks[name], peakRssMb(ctx.stack[name].child.pid));
  }
};
const rows = [];
const extras = [];
let failed = false;
try {
  const source =
    ONLY === 'small' ? undefined : await writeSourceFile(path.join(run, 'source.bin'), SIZE_MB * 1024 * 1024);
  ctx.databases = {};
  for (const [name, database] of Object.entries(databaseNames)) {
    ctx.databases[name] = await createDatabase(postgresUrl, database);
  }
  ctx.stack = await startIngestStack({
    run,
    databases: ctx.databases,
    redisUrl,
    redisPrefix,
    nodeArgs: {
      admin: nodeArgsOf('BENCH_ADMIN_NODE_ARGS'),
      element: nodeArgsOf('BENCH_ELEMENT_NODE_ARGS'),
      ingester: nodeArgsOf('BENCH_INGESTER_NODE_ARGS'),
    },
  });
  ctx.backends = await connectBackendWatch(postgresUrl, Object.values(databaseNames));
  ctx.clientId = ctx.stack.bootstrap.clientId;
  token = await bootstrapToken(ctx.stack);
  await preflight(ctx);

  if (ONLY !== 'small') {
    token = await bootstrapToken(ctx.stack);
    const large = await measureLargeUpload(ctx, { source, pairs: PAIRS });
    rows.push({
      label: `upload ${SIZE_MB} MiB`,
      summary: large.summary,
      target: TARGETS.large,
      unit: 'MB/s',
      latency: 's',
    });
    const ok = large.ingesterRssGrowthMb < TARGETS.rssGrowthMb;
    failed ||= !ok;
    extras.push(
      `ingester RSS growth during a ${SIZE_MB} MiB upload: ${fmt(large.ingesterRssGrowthMb, 0)} MB ` +
        `(< ${TARGETS.rssGrowthMb} ${ok ? 'ok' : 'MISS'}); element's: ${fmt(large.elementRssGrowthMb, 0)} MB`,
    );
  }
  if (ONLY !== 'large') {
    token = await bootstrapToken(ctx.stack);
    const summary = await measureSmallUploads(ctx, {
      sizeBytes: SMALL_BYTES,
      clients: CLIENTS,
      seconds: SECONDS,
      pairs: PAIRS,
    });
    rows.push({
      label: `4 KiB uploads, ${CLIENTS} clients`,
      summary,
      target: TARGETS.small,
      unit: 'files/s',
      latency: 'ms',
    });
    const perFile = (side) => {
      const runs = summary.pairs.map((pair) => pair[side]);
      const names = ['ingester', 'element', 'admin', 'postgres', 'client'];
      const ms = names.map((name) => [name, cpuMsPerFile(runs, name)]);
      const total = ms.reduce((sum, [, value]) => sum + value, 0);
      const cores = median(
        runs.map((run) => Object.values(run.cpu.cores).reduce((sum, value) => sum + value, 0)),
      );
      return {
        text: `${ms.map(([name, value]) => `${name} ${fmt(value)}`).join(', ')}; total ${fmt(total)}`,
        total,
        cores,
      };
    };
    const [ingest, direct] = [perFile('system'), perFile('baseline')];
    extras.push(
      `4 KiB CPU ms per file (median over pairs), through the ingester: ${ingest.text}`,
      `4 KiB CPU ms per file, direct to the element: ${direct.text} ` +
        `(a file through the ingester costs ${fmt(ingest.total / direct.total, 1)}× the CPU; ` +
        `cores busy: ${fmt(ingest.cores)} through the ingester, ${fmt(direct.cores)} direct, of ${availableParallelism()})`,
    );
    const phaseRuns = summary.pairs.map((pair) => pair.system.phasesMs);
    const phaseMs = (phase) => median(phaseRuns.map((phases) => phases[phase] ?? 0));
    const steps = ['parse', 'reserve', 'store', 'register', 'commit'];
    const bookkeeping = phaseMs('total') - steps.reduce((sum, phase) => sum + phaseMs(phase), 0);
    extras.push(
      `4 KiB upload inside the ingester, mean ms (median over pairs): ` +
        `${steps.map((phase) => `${phase} ${fmt(phaseMs(phase), 1)}`).join(', ')}, ` +
        `saga bookkeeping ${fmt(bookkeeping, 1)}, total ${fmt(phaseMs('total'), 1)}`,
    );
  }
  ctx.notePeakRss();
  await checkCounts(ctx);
} catch (error) {
  console.error(error);
  console.error(`logs: ${run}/{admin,element,ingester}.log (kept)`);
  process.env.BENCH_KEEP = '1';
  failed = true;
} finally {
  await ctx.backends?.close();
  await ctx.stack?.stop();
  for (const database of Object.values(databaseNames)) {
    await dropDatabase(postgresUrl, database).catch((error) =>
      console.error(`drop ${database}: ${error.message}`),
    );
  }
  await dropRedisKeys(redisPrefix).catch((error) => console.error(`Redis ${redisPrefix}*: ${error.message}`));
  if (process.env.BENCH_KEEP !== '1') {
    rmSync(run, { recursive: true, force: true });
  }
}

if (rows.length > 0) {
  console.log(
    `\ningest, ${PAIRS} pairs after a warm-up pair; ` +
      (ONLY === 'small'
        ? ''
        : `large uploads ${SIZE_MB} MiB from a file (sync + ${ctx.settleMs} ms settle before each); `) +
      (ONLY === 'large' ? '' : `4 KiB uploads ${SECONDS} s per run, ${CLIENTS} clients; `) +
      `rates are medians over the pairs, cpu in cores; ` +
      `checked: status, sha256, size, element/registry/saga counts (${ctx.counts.elementFiles} files, ${ctx.counts.registered} through the ingester)`,
  );
  printTable(rows, ctx.peaks);
  for (const line of extras) {
    console.log(line);
  }
}
failed ||= rows.some((row) => verdict(row.summary, row.target) !== 'ok');
process.exit(failed ? 1 : 0);
