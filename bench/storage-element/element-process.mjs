// The storage element exactly as it ships (dist/apps/storage-element/main.js), started for one
// benchmark run: its own database, Redis key prefix and data directory, trusting the bench's issuer.
import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { freePort, waitForOk } from '../lib/processes.mjs';

const unlimited = '1000000000';

/** `nodeArgs`: extra Node flags, e.g. ['--cpu-prof'] to see where the element's time goes. */
export async function startElement({
  dataDir,
  databaseUrl,
  redisUrl,
  redisPrefix,
  issuer,
  jwksUrl,
  logFile,
  nodeArgs = [],
}) {
  const port = await freePort();
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeArgs, 'dist/apps/storage-element/main.js'], {
    env: {
      PATH: process.env.PATH,
      SE_ID: 'se-bench',
      SE_MODE: 'edit',
      SE_CAPACITY_BYTES: String(1024 ** 4),
      SE_DATA_DIR: dataDir,
      // A scheduled scrub re-hashing every file must not land inside a timed run.
      SE_SCRUB_INTERVAL_MS: '0',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: redisPrefix,
      LOG_LEVEL: 'warn',
      ARTSTORE_ISSUER: issuer,
      ARTSTORE_ADMIN_URL: issuer,
      ARTSTORE_JWKS_URL: jwksUrl,
      RATE_LIMIT_PER_MINUTE: unlimited,
      RATE_LIMIT_BURST: unlimited,
    },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([
      waitForOk(`${url}/health/ready`),
      exited.then((code) => {
        throw new Error(`the element exited with ${code} before it was ready`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\n--- ${logFile} ---\n${readFileSync(logFile, 'utf8').slice(-4000)}`);
  }
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  return { child, url, stop };
}
