import http from 'node:http';
import { compileErrors, validate } from '@readme/openapi-parser';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformEnv } from '@artstore/platform';
import { startServiceUnderTest, type RunningTestService, type ServiceUnderTest } from './service-under-test';
import { waitFor } from './wait-for';

const INBOUND_TRACE = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/**
 * The platform behaviour every service must show, run against the real service module with real
 * PostgreSQL, Redis and HTTP: health, metrics, problem+json, request ids, tracing headers, redaction.
 */
export function describePlatformConformance<Config extends PlatformEnv>(
  target: ServiceUnderTest<Config>,
): void {
  describe(`${target.app} platform behaviour`, () => {
    let service: RunningTestService;

    beforeAll(async () => {
      service = await startServiceUnderTest(target);
    });

    afterAll(async () => {
      await service?.close();
    });

    it('answers liveness', async () => {
      const response = await fetch(`${service.url}/health/live`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok' });
    });

    it('is ready when every dependency answers', async () => {
      const response = await fetch(`${service.url}/health/ready`);
      const body = (await response.json()) as { status: string; details: Record<string, { status: string }> };
      expect(response.status, JSON.stringify(body)).toBe(200);
      expect(body.status).toBe('ok');
      for (const check of ['database', 'redis', ...(target.extraReadinessChecks ?? [])]) {
        expect(body.details[check]?.status).toBe('up');
      }
    });

    it('answers 503 with details while PostgreSQL is unreachable, and recovers', async () => {
      service.postgresProxy.cut();
      try {
        const response = await fetch(`${service.url}/health/ready`);
        const body = (await response.json()) as { status: string; error: Record<string, { status: string }> };
        expect(response.status).toBe(503);
        expect(body.status).toBe('error');
        expect(body.error['database']?.status).toBe('down');
        expect(body.error['redis']).toBeUndefined();
      } finally {
        service.postgresProxy.restore();
      }
      await waitFor(async () => (await fetch(`${service.url}/health/ready`)).status === 200, 15_000);
    });

    it('answers 503 while Redis is unreachable, and recovers', async () => {
      service.redisProxy.cut();
      try {
        const response = await fetch(`${service.url}/health/ready`);
        const body = (await response.json()) as { error: Record<string, { status: string }> };
        expect(response.status).toBe(503);
        expect(body.error['redis']?.status).toBe('down');
      } finally {
        service.redisProxy.restore();
      }
      await waitFor(async () => (await fetch(`${service.url}/health/ready`)).status === 200, 15_000);
    });

    it('ran its migrations at start without synchronizing the schema', async () => {
      const client = new pg.Client({ connectionString: service.database.url });
      await client.connect();
      try {
        const result = await client.query<{ table: string | null }>(
          "SELECT to_regclass('public.migrations')::text AS table",
        );
        expect(result.rows[0]?.table).toBe('migrations');
      } finally {
        await client.end();
      }
    });

    it('counts requests by method, route template and status', async () => {
      await fetch(`${service.url}/health/live`);
      await fetch(`${service.url}/no/such/route`);
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      expect(metrics).toMatch(
        /http_requests_total\{method="GET",route="\/health\/live",status="200"\} [1-9]/,
      );
      expect(metrics).toMatch(/http_requests_total\{method="GET",route="unmatched",status="404"\} [1-9]/);
      expect(metrics).toMatch(
        /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/health\/live"/,
      );
      expect(metrics).toMatch(/redis_operations_total\{command="ping",result="ok"\} [1-9]/);
      expect(metrics).toContain('database_connections_active');
      expect(metrics).toContain('process_resident_memory_bytes');
    });

    it('answers an unknown route with problem+json', async () => {
      const response = await fetch(`${service.url}/api/v1/nothing-here?x=1`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await response.json()) as Record<string, unknown>;
      expect(problem).toMatchObject({ status: 404, code: 'not_found', instance: '/api/v1/nothing-here' });
      for (const field of ['type', 'title', 'detail', 'request_id']) {
        expect(typeof problem[field]).toBe('string');
      }
    });

    it('answers malformed JSON with a 400 problem', async () => {
      const response = await fetch(`${service.url}/api/v1/anything`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"unterminated": ',
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({ status: 400, code: 'malformed_json' });
    });

    it('answers a JSON body over 1 MiB with a 413 problem', async () => {
      const response = await fetch(`${service.url}/__probe/call-out`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'x'.repeat(1024 * 1024 + 10) }),
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ status: 413, code: 'payload_too_large' });
    });

    it('answers an unexpected error with only an error id, which is in the log', async () => {
      const response = await fetch(`${service.url}/__probe/fail`);
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('at ');
      const problem = JSON.parse(text) as { error_id: string; code: string };
      expect(problem.code).toBe('internal_error');
      const logged = service.logLines.find((line) => line.includes(problem.error_id));
      expect(logged).toBeDefined();
      expect(logged).toContain('"level":"error"');
    });

    it('echoes a safe x-request-id and creates one otherwise', async () => {
      const echoed = await fetch(`${service.url}/health/live`, {
        headers: { 'x-request-id': 'client-id-42' },
      });
      expect(echoed.headers.get('x-request-id')).toBe('client-id-42');
      const created = await fetch(`${service.url}/health/live`);
      expect(created.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const unsafe = await fetch(`${service.url}/health/live`, { headers: { 'x-request-id': 'a b' } });
      expect(unsafe.headers.get('x-request-id')).not.toBe('a b');
    });

    it('carries the request id and the trace on outbound calls', async () => {
      const seen: http.IncomingHttpHeaders[] = [];
      const echo = http.createServer((request, response) => {
        seen.push(request.headers);
        response.setHeader('content-type', 'application/json').end('{"ok":true}');
      });
      await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
      const { port } = echo.address() as { port: number };
      try {
        const response = await fetch(`${service.url}/__probe/call-out`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-request-id': 'journey-7',
            traceparent: INBOUND_TRACE,
          },
          body: JSON.stringify({ url: `http://127.0.0.1:${port}/` }),
        });
        expect(response.status).toBe(201);
        expect(seen[0]?.['x-request-id']).toBe('journey-7');
        expect(seen[0]?.['traceparent']).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
      } finally {
        await new Promise<void>((resolve) => echo.close(() => resolve()));
      }
    });

    it('never logs tokens or secrets from a request', async () => {
      await fetch(`${service.url}/__probe/fail?access_token=query-secret-123`, {
        headers: { authorization: 'Bearer header-secret-456', cookie: 'session=cookie-secret-789' },
      });
      const everything = service.logLines.join('\n');
      expect(everything).toContain('/__probe/fail');
      for (const secret of ['query-secret-123', 'header-secret-456', 'cookie-secret-789', 'hunter2']) {
        expect(everything).not.toContain(secret);
      }
    });

    it('sends security headers and no CORS headers unless origins are allow-listed', async () => {
      const response = await fetch(`${service.url}/health/live`, {
        headers: { origin: 'https://evil.example' },
      });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBeTruthy();
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('serves a valid OpenAPI 3 document and Swagger UI', async () => {
      const document = (await (await fetch(`${service.url}/api/docs-json`)).json()) as {
        openapi: string;
        info: { title: string };
        paths: Record<string, unknown>;
      };
      expect(document.openapi).toMatch(/^3\./);
      const validation = await validate(structuredClone(document) as Parameters<typeof validate>[0]);
      expect(validation.valid, validation.valid ? '' : compileErrors(validation)).toBe(true);
      expect(document.info.title).toBe(target.definition.openApi.title);
      expect(Object.keys(document.paths)).toContain('/health/ready');
      const ui = await fetch(`${service.url}/api/docs`);
      expect(ui.status).toBe(200);
      expect(ui.headers.get('content-type')).toContain('text/html');
    });
  });
}
