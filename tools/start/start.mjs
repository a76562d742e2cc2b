// `npm start`: the whole ArtStore on this machine without Docker. Ensures PostgreSQL and Redis,
// creates the databases, builds, starts six processes with prefixed logs, waits for readiness,
// prints a banner. Ctrl-C (or SIGTERM) stops every child gracefully.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { buildApp } from '../build/build-app.mjs';
import { ensureDatabases, ensurePostgres, ensureRedis } from '../infra/ensure-infra.mjs';
import { bootstrapCredentials } from './bootstrap-credentials.mjs';
import { printBanner } from './banner.mjs';
import { identityEnv, localSecrets } from './local-secrets.mjs';
import { localTopology } from './topology.mjs';

const READY_TIMEOUT_MS = Number(process.env.ARTSTORE_READY_TIMEOUT_MS ?? 120_000);
const STOP_TIMEOUT_MS = 35_000;
const COLORS = [36, 35, 33, 32, 34, 91];

const say = (message) => console.log(`[start] ${message}`);
const topology = localTopology();
const credentials = bootstrapCredentials(topology.dataDir);
const secrets = localSecrets(topology.dataDir);
const children = new Map();
let stopping = false;

function prefixLines(stream, label, color) {
  const prefix = process.stdout.isTTY ? `\x1b[${color}m${label.padEnd(9)}\x1b[0m|` : `${label.padEnd(9)}|`;
  createInterface({ input: stream }).on('line', (line) => console.log(`${prefix} ${line}`));
}

function startChild(service, index) {
  const child = spawn(process.execPath, ['--enable-source-maps', `dist/apps/${service.app}/main.js`], {
    env: { ...process.env, ...service.env, ...identityEnv(service, credentials, secrets) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixLines(child.stdout, service.name, COLORS[index % COLORS.length]);
  prefixLines(child.stderr, service.name, COLORS[index % COLORS.length]);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  children.set(service.name, { child, exited });
  void exited.then(({ code, signal }) => {
    if (!stopping) {
      say(`${service.name} exited unexpectedly (code ${code}, signal ${signal}); stopping everything`);
      void stopAll(1);
    }
  });
}

async function waitUntilReady(service) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && !stopping) {
    try {
      const response = await fetch(`${service.url}/health/ready`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${service.name} not ready after ${READY_TIMEOUT_MS / 1000} s`);
}

async function stopAll(exitCode) {
  if (stopping) {
    return;
  }
  stopping = true;
  say('stopping all services');
  const force = setTimeout(() => {
    for (const { child } of children.values()) {
      child.kill('SIGKILL');
    }
  }, STOP_TIMEOUT_MS);
  for (const { child } of children.values()) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
    }
  }
  const results = await Promise.all([...children.values()].map(({ exited }) => exited));
  clearTimeout(force);
  const clean = results.every(({ code }) => code === 0);
  say(clean ? 'all services stopped' : 'some services did not stop cleanly');
  process.exit(exitCode === 0 && !clean ? 1 : exitCode);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  await ensurePostgres(topology.postgresUrl);
  await ensureRedis(topology.redisUrl);
  await ensureDatabases(
    topology.postgresUrl,
    topology.services.map((service) => service.database),
  );
  say('building');
  for (const app of new Set(topology.services.map((service) => service.app))) {
    await buildApp(app);
  }
  topology.services.forEach(startChild);
  await Promise.all(topology.services.map(waitUntilReady));
  printBanner(
    topology,
    credentials,
    [...children.values()].map(({ child }) => child.pid),
  );
} catch (error) {
  say(`failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}
