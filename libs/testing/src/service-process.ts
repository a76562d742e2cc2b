import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from './wait-for';

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export const workspaceRoot = path.resolve(import.meta.dirname, '../../..');

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The test bundle of an app: the only build in which crash failpoints work (tools/build/build-app.mjs). */
export function testBundlePath(app: string): string {
  return path.join(workspaceRoot, 'dist/test/apps', app, 'main.js');
}

/** Builds `dist/test/apps/<app>` (failpoints compiled in); under a second on this repo. */
export async function buildTestBundle(app: string): Promise<void> {
  await promisify(execFile)(process.execPath, ['tools/build/build-app.mjs', app, '--test'], {
    cwd: workspaceRoot,
  });
  if (!existsSync(testBundlePath(app))) {
    throw new Error(`${testBundlePath(app)} was not built`);
  }
}

/**
 * Runs a built app (`dist/apps/<app>/main.js`) as its own process, as production does; with
 * `testBundle`, its test build (see `buildTestBundle`).
 */
export function spawnService(
  app: string,
  env: Record<string, string>,
  options: { testBundle?: boolean } = {},
): ServiceProcess {
  const entry = options.testBundle
    ? testBundlePath(app)
    : path.join(workspaceRoot, 'dist/apps', app, 'main.js');
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing: build the app first (npx nx build ${app})`);
  }
  let output = '';
  const child = spawn(process.execPath, [entry], {
    cwd: workspaceRoot,
    env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    url: `http://127.0.0.1:${env['PORT'] ?? ''}`,
    child,
    output: () => output,
    exited,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
      }
      return exited;
    },
  };
}

/** Polls a URL until it answers 200, or fails with the process output after the deadline. */
export async function waitForOk(
  url: string,
  timeoutMs: number,
  describe: () => string = () => '',
): Promise<void> {
  try {
    await waitFor(async () => (await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok, timeoutMs);
  } catch {
    throw new Error(`${url} not ready after ${timeoutMs} ms\n${describe()}`);
  }
}
