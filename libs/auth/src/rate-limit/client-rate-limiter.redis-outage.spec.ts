import { createServer, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { MetricsService } from '@artstore/platform';
import { ClientRateLimiter } from './client-rate-limiter.service';
import {
  captureLogger,
  connectRedis,
  counterValue,
  deleteKeys,
  testOptions,
  waitForReady,
} from './rate-limit.spec-helpers';

// The same outcome for every kind of outage: the request is served, fast, and the failure is counted.
describe(`${ClientRateLimiter.name} during a Redis outage`, () => {
  describe('consume', () => {
    it('fails open at once, with one warning and a counter, when Redis is unreachable', async () => {
      const closedPort = await freePort();
      const deadRedis = connectRedis(`redis://127.0.0.1:${closedPort}`, {
        connectTimeout: 200,
        commandTimeout: 200,
        retryStrategy: () => 100,
      });
      const metrics = new MetricsService();
      const { logger, lines } = captureLogger();
      const options = testOptions({ timeoutMs: 300 });
      const limiter = new ClientRateLimiter(deadRedis, options, metrics, logger);
      try {
        const started = performance.now();
        const decisions = await Promise.all(Array.from({ length: 20 }, () => limiter.consume('client-a')));
        const elapsedMs = performance.now() - started;

        expect(decisions.every((decision) => decision === undefined)).toBe(true);
        expect(elapsedMs).toBeLessThan(options.timeoutMs);
        expect(await counterValue(metrics, 'rate_limit_errors_total', 'client')).toBe(20);
        const warnings = lines().filter((line) => line.level === 'warn');
        expect(warnings).toHaveLength(1);
        expect(warnings[0]?.msg).toBe('rate limiting unavailable, serving requests without a limit');
      } finally {
        deadRedis.disconnect();
      }
    });

    it('fails open when Redis goes away after the override was cached', async () => {
      const options = testOptions();
      const leaving = connectRedis();
      const cleanup = connectRedis();
      try {
        await waitForReady(leaving);
        const metrics = new MetricsService();
        const limiter = new ClientRateLimiter(leaving, options, metrics, captureLogger().logger);
        expect(await limiter.consume('client-a')).toMatchObject({ limit: 100 });

        leaving.disconnect();

        expect(await limiter.consume('client-a')).toBeUndefined();
        expect(await counterValue(metrics, 'rate_limit_errors_total', 'client')).toBe(1);
      } finally {
        await deleteKeys(cleanup, options.keyPrefix!);
        await cleanup.quit();
      }
    });

    it('fails open within its deadline when Redis accepts connections but never answers', async () => {
      const silent = await startSilentServer();
      // Skipping the handshake makes the client "ready" on connect, so commands are sent and hang.
      const stuckRedis = connectRedis(`redis://127.0.0.1:${silent.port}`, {
        enableReadyCheck: false,
        disableClientInfo: true,
        commandTimeout: 5_000,
      });
      const metrics = new MetricsService();
      const limiter = new ClientRateLimiter(
        stuckRedis,
        testOptions({ timeoutMs: 150 }),
        metrics,
        captureLogger().logger,
      );
      try {
        await waitForReady(stuckRedis);
        const started = performance.now();
        const decision = await limiter.consume('client-a');
        const elapsedMs = performance.now() - started;

        expect(decision).toBeUndefined();
        expect(elapsedMs).toBeGreaterThanOrEqual(140);
        expect(elapsedMs).toBeLessThan(1_000);
        expect(await counterValue(metrics, 'rate_limit_errors_total', 'client')).toBe(1);
      } finally {
        stuckRedis.disconnect();
        await silent.close();
      }
    });
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') {
    throw new Error('no port');
  }
  return address.port;
}

/** A TCP server that accepts connections and never answers: a hung Redis. */
async function startSilentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('no port');
  }
  return {
    port: address.port,
    close: async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
