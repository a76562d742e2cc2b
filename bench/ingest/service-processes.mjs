// The three processes of an ingest run, each exactly as it ships (dist/apps/<app>/main.js): a real
// admin (issuer, registry), one storage element in edit mode on the fs backend and the ingester,
// which finds the element through the static ARTSTORE_STORAGE_ELEMENTS list. Each has its own fresh
// database and Redis key prefix; logs go to files in the run directory.
import { URLSearchParams } from 'node:url';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, waitForOk } from '../lib/processes.mjs';

const UNLIMITED = '1000000000';
export const ELEMENT_ID = 'se-bench';
export const BOOTSTRAP_CLIENT_ID = 'bench-admin';

/** Spawns `dist/apps/<app>/main.js` on a free port and waits for `/health/ready`. */
async function startService(app, { env, logFile, nodeArgs = [] }) {
  const port = await freePort();
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeArgs, `dist/apps/${app}/main.js`], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([
      waitForOk(`${url}/health/ready`),
      exited.then((code) => {
        throw new Error(`${app} exited with ${code} before it was ready`);
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
  return { app, child, url, stop };
}

const unlimitedRates = {
  RATE_LIMIT_PER_MINUTE: UNLIMITED,
  RATE_LIMIT_BURST: UNLIMITED,
};

/**
 * Starts admin, element and ingester. `databases`: {admin, element, ingester} URLs; `nodeArgs`:
 * extra Node flags per app (e.g. `{ingester: ['--cpu-prof']}`).
 */
export async function startIngestStack({ run, databases, redisUrl, redisPrefix, nodeArgs = {} }) {
  const secret = () => randomBytes(32).toString('base64url');
  const bootstrap = { clientId: BOOTSTRAP_CLIENT_ID, clientSecret: secret() };
  const ingesterSecret = secret();
  const started = [];
  try {
    const admin = await startService('admin', {
      logFile: path.join(run, 'admin.log'),
      nodeArgs: nodeArgs.admin,
      env: {
        ...unlimitedRates,
        TOKEN_RATE_LIMIT_PER_MINUTE: UNLIMITED,
        TOKEN_RATE_LIMIT_BURST: UNLIMITED,
        DATABASE_URL: databases.admin,
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: `${redisPrefix}admin:`,
        ARTSTORE_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        ARTSTORE_BOOTSTRAP_CLIENT_ID: bootstrap.clientId,
        ARTSTORE_BOOTSTRAP_CLIENT_SECRET: bootstrap.clientSecret,
        ARTSTORE_INGESTER_CLIENT_SECRET: ingesterSecret,
        ARTSTORE_STORAGE_CLIENT_SECRET: secret(),
        ARTSTORE_QUERY_CLIENT_SECRET: secret(),
      },
    });
    started.push(admin);
    // Every service must expect exactly the issuer the admin writes into its tokens.
    const { issuer } = await (await fetch(`${admin.url}/.well-known/openid-configuration`)).json();
    const trustAdmin = {
      ARTSTORE_ISSUER: issuer,
      ARTSTORE_ADMIN_URL: admin.url,
      ARTSTORE_JWKS_URL: `${admin.url}/.well-known/jwks.json`,
    };
    const element = await startService('storage-element', {
      logFile: path.join(run, 'element.log'),
      nodeArgs: nodeArgs.element,
      env: {
        ...unlimitedRates,
        ...trustAdmin,
        SE_ID: ELEMENT_ID,
        SE_MODE: 'edit',
        SE_PRIORITY: '1',
        SE_CAPACITY_BYTES: String(1024 ** 4),
        SE_DATA_DIR: path.join(run, 'element'),
        // A scheduled scrub re-hashing every file must not land inside a timed run.
        SE_SCRUB_INTERVAL_MS: '0',
        DATABASE_URL: databases.element,
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: `${redisPrefix}element:`,
      },
    });
    started.push(element);
    const ingester = await startService('ingester', {
      logFile: path.join(run, 'ingester.log'),
      nodeArgs: nodeArgs.ingester,
      env: {
        ...unlimitedRates,
        ...trustAdmin,
        ARTSTORE_CLIENT_SECRET: ingesterSecret,
        ARTSTORE_STORAGE_ELEMENTS: `${ELEMENT_ID}=${element.url};mode=edit;priority=1`,
        DISCOVERY_STATE_DIR: path.join(run, 'ingester-discovery'),
        DATABASE_URL: databases.ingester,
        REDIS_URL: redisUrl,
        // Its own prefix: no published configuration there, so the static list is what it uses.
        REDIS_KEY_PREFIX: `${redisPrefix}ingester:`,
      },
    });
    started.push(ingester);
    return {
      admin,
      element,
      ingester,
      bootstrap,
      stop: () => Promise.allSettled(started.reverse().map((service) => service.stop())),
    };
  } catch (error) {
    await Promise.allSettled(started.map((service) => service.stop()));
    throw error;
  }
}

/** An access token for the admin's bootstrap client (client credentials, client_secret_post). */
export async function bootstrapToken(stack) {
  const response = await fetch(`${stack.admin.url}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: stack.bootstrap.clientId,
      client_secret: stack.bootstrap.clientSecret,
    }),
  });
  if (response.status !== 200) {
    throw new Error(`token refused: ${response.status} ${await response.text()}`);
  }
  return (await response.json()).access_token;
}
