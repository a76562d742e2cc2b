import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformEnv } from '@artstore/platform';
import { startOtlpCollector } from './otlp-collector';
import { freePort, spawnService, waitForOk, type ServiceProcess } from './service-process';
import type { ServiceUnderTest } from './service-under-test';
import { createTestDatabase, type TestDatabase } from './test-database';
import { testInfra } from './test-infra';
import { waitFor } from './wait-for';

const CALLER_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_KIND_SERVER = 2;

/**
 * The process-level contract, checked on the built bundle as production runs it: a bad environment
 * stops it with one message naming every problem; SIGTERM lets an in-flight request finish, then exit 0.
 */
export function describeProcessConformance<Config extends PlatformEnv>(
  target: ServiceUnderTest<Config>,
): void {
  describe(`${target.app} process`, () => {
    let database: TestDatabase;

    /** The built service against this file's database, once it answers liveness. */
    async function startLive(extraEnv: Record<string, string> = {}): Promise<ServiceProcess> {
      const service = spawnService(target.app, {
        ...target.env(),
        PORT: String(await freePort()),
        DATABASE_URL: database.url,
        REDIS_URL: testInfra.redisUrl,
        ...extraEnv,
      });
      try {
        await waitForOk(`${service.url}/health/live`, 30_000, () => service.output());
      } catch (error) {
        await service.stop('SIGKILL');
        throw error;
      }
      return service;
    }

    beforeAll(async () => {
      database = await createTestDatabase(`${target.app}_process`);
    });

    afterAll(async () => {
      await database?.drop();
    });

    it('refuses to start on a bad environment, listing every problem at once', async () => {
      const env: Record<string, string> = {
        ...target.env(),
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        DATABASE_URL: 'mysql://somewhere/db',
      };
      for (const variable of target.requiredVariables) {
        delete env[variable];
      }
      const service = spawnService(target.app, env);
      const { code } = await service.exited;
      const output = service.output();
      expect(code).toBe(1);
      expect(output).toContain(`Invalid configuration for ${target.definition.serviceName}:`);
      for (const variable of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', ...target.requiredVariables]) {
        expect(output).toMatch(new RegExp(`- ${variable}: `));
      }
    });

    it('lets an in-flight request finish on SIGTERM, then exits 0', async () => {
      const service = await startLive();
      try {
        // A request whose body is still arriving is in flight until the last byte is read and answered.
        const socket = net.connect(Number(new URL(service.url).port), '127.0.0.1');
        const response = new Promise<string>((resolve) => {
          let received = '';
          socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
          socket.on('close', () => resolve(received));
        });
        socket.write(
          'POST /api/v1/slow-upload HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n' +
            'Content-Length: 13\r\nConnection: close\r\n\r\n{"slow"',
        );
        await new Promise((resolve) => setTimeout(resolve, 300));
        service.child.kill('SIGTERM');
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect(service.child.exitCode).toBeNull();
        await expect(fetch(`${service.url}/health/live`)).rejects.toThrow();
        socket.end(':true}');
        const raw = await response;
        expect(raw).toMatch(/^HTTP\/1\.1 404 /);
        expect(raw).toContain('"code":"not_found"');
        const { code } = await service.exited;
        expect(code).toBe(0);
        expect(service.output()).toContain('shutdown complete');
      } finally {
        await service.stop('SIGKILL');
      }
    });

    it("exports spans over OTLP when configured, continuing the caller's trace", async () => {
      const collector = await startOtlpCollector();
      const service = await startLive({
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_BSP_SCHEDULE_DELAY: '100',
      }).catch(async (error: unknown) => {
        await collector.close();
        throw error;
      });
      try {
        const response = await fetch(`${service.url}/api/v1/traced`, {
          headers: { traceparent: `00-${CALLER_TRACE_ID}-00f067aa0ba902b7-01` },
        });
        expect(response.status).toBe(404);
        await waitFor(
          () =>
            Promise.resolve(
              collector.spans.some(
                (span) => span.traceId === CALLER_TRACE_ID && span.kind === SPAN_KIND_SERVER,
              ),
            ),
          15_000,
        );
        // Migrations ran at start through the instrumented pg driver.
        expect(collector.spans.some((span) => span.scope.includes('instrumentation-pg'))).toBe(true);
      } finally {
        await service.stop();
        await collector.close();
      }
    });
  });
}
