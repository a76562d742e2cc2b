import { Module, type DynamicModule } from '@nestjs/common';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_CONTENT_TYPE, type AuditEvent, type ProblemDetails } from '@artstore/contracts';
import {
  platformEnvSchema,
  PlatformModule,
  REQUIRED_PERMISSIONS,
  type PlatformEnv,
} from '@artstore/platform';
import { startServiceUnderTest, type RunningTestService, type ServiceUnderTest } from '@artstore/testing';
import type { AuditAction } from '../src/audit/audit-actions';
import { AuditController } from '../src/audit/audit.controller';
import { mapAuditError } from '../src/audit/audit.errors';
import { AuditModule } from '../src/audit/audit.module';
import { AuditService } from '../src/audit/audit.service';
import { CreateAuditEvents1763900000000 } from '../src/audit/create-audit-events.migration';

@Module({})
class AuditTestModule {}

// The audit module on the real platform (Fastify, problem+json, TypeORM, migrations), without the
// rest of the admin: the token guard is global in the admin and not part of this module.
const auditOnly: ServiceUnderTest<PlatformEnv> = {
  app: 'admin_audit_http',
  definition: {
    serviceName: 'admin',
    openApi: { title: 'audit test', description: 'audit module only', version: '0' },
    rootModule: (config, logger): DynamicModule => ({
      module: AuditTestModule,
      imports: [
        PlatformModule.forRoot({
          serviceName: 'admin',
          config,
          logger,
          database: { migrations: [CreateAuditEvents1763900000000], entities: [] },
        }),
        AuditModule,
      ],
    }),
    mapDomainError: mapAuditError,
  },
  schema: platformEnvSchema,
  env: () => ({}),
  requiredVariables: [],
};

interface ListBody {
  items: AuditEvent[];
  next_cursor: string | null;
}

const ACTORS = ['artstore-ingester', 'artstore-query', 'system'];
const ACTIONS: AuditAction[] = ['token.issued', 'token.refused', 'account.updated', 'key.rotated'];

describe(AuditController.name, () => {
  let service: RunningTestService;
  /** Everything recorded before the tests, oldest first. */
  let seeded: AuditEvent[];

  const get = async (
    query: string,
  ): Promise<{ status: number; contentType: string | null; body: unknown }> => {
    const response = await fetch(`${service.url}/api/v1/audit-events${query}`);
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: await response.json(),
    };
  };
  const list = async (query: string): Promise<ListBody> => {
    const { status, body } = await get(query);
    expect(status).toBe(200);
    return body as ListBody;
  };
  /** Every page of a query, following next_cursor. */
  const listAll = async (
    query: string,
    limit: number,
    startCursor: string | null = null,
  ): Promise<{ ids: string[]; pages: number }> => {
    const ids: string[] = [];
    let cursor = startCursor;
    let pages = 0;
    do {
      const page: ListBody = await list(
        `?${query}${query ? '&' : ''}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(limit);
      ids.push(...page.items.map((item) => item.id));
      cursor = page.next_cursor;
      pages += 1;
    } while (cursor !== null);
    return { ids, pages };
  };
  const newestFirst = (events: AuditEvent[]): string[] => events.map((event) => event.id).reverse();

  beforeAll(async () => {
    service = await startServiceUnderTest(auditOnly);
    const audit = service.started.app.get(AuditService);
    seeded = [];
    for (let index = 0; index < 120; index += 1) {
      seeded.push(
        await audit.record({
          actor: ACTORS[index % ACTORS.length],
          action: ACTIONS[index % ACTIONS.length],
          resource: `service-account:${index % 5}`,
          result: index % 7 === 0 ? 'failure' : 'success',
          details: { index, client_secret: 'never-shown' },
        }),
      );
    }
  });

  afterAll(async () => {
    await service?.close();
  });

  it('requires audit:read on both routes', () => {
    for (const route of ['list', 'verify'] as const) {
      // Only the decorator metadata on the function is read; it is never called unbound.
      // eslint-disable-next-line @typescript-eslint/unbound-method
      const handler = AuditController.prototype[route];
      expect(Reflect.getMetadata(REQUIRED_PERMISSIONS, handler)).toEqual(['audit:read']);
    }
  });

  describe('GET /api/v1/audit-events', () => {
    it('answers 100 events by default, newest first, in the contract shape', async () => {
      const page = await list('');
      expect(page.items).toHaveLength(100);
      expect(page.items.map((item) => item.id)).toEqual(newestFirst(seeded).slice(0, 100));
      expect(page.next_cursor).toEqual(expect.any(String));
      const newest = seeded.at(-1)!;
      expect(page.items[0]).toEqual({
        id: newest.id,
        at: newest.at,
        actor: newest.actor,
        action: newest.action,
        resource: newest.resource,
        result: newest.result,
        details: { index: 119, client_secret: '[REDACTED]' },
        hash: newest.hash,
      });
    });

    it('pages through every event exactly once', async () => {
      const { ids, pages } = await listAll('', 7);
      expect(ids).toEqual(newestFirst(seeded));
      expect(pages).toBe(Math.ceil(seeded.length / 7));
    });

    it('ends with a null cursor when the last page is exactly full', async () => {
      const { ids, pages } = await listAll('', 40);
      expect(ids).toHaveLength(120);
      expect(pages).toBe(3);
    });

    it('does not repeat or skip events when new ones arrive between pages', async () => {
      const first = await list('?limit=50');
      const late = await service.started.app
        .get(AuditService)
        .record({ actor: 'system', action: 'key.rotated', resource: 'signing-key:late', result: 'success' });
      const rest = await listAll('', 50, first.next_cursor);
      expect([...first.items.map((item) => item.id), ...rest.ids]).toEqual(newestFirst(seeded));
      // Later tests expect every recorded event.
      seeded.push(late);
    });

    it.each<[string, (event: AuditEvent) => boolean]>([
      ['actor=artstore-query', (event) => event.actor === 'artstore-query'],
      ['action=token.refused', (event) => event.action === 'token.refused'],
      ['resource=service-account%3A3', (event) => event.resource === 'service-account:3'],
      ['result=failure', (event) => event.result === 'failure'],
      [
        'actor=system&action=key.rotated&result=success',
        (event) => event.actor === 'system' && event.action === 'key.rotated' && event.result === 'success',
      ],
    ])('filters by %s, across pages', async (query, matches) => {
      const expected = newestFirst(seeded.filter(matches));
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(seeded.length);
      expect((await listAll(query, 4)).ids).toEqual(expected);
    });

    it('filters by time: from inclusive, to exclusive', async () => {
      const from = seeded[30].at;
      const to = seeded[90].at;
      const expected = newestFirst(seeded.filter((event) => event.at >= from && event.at < to));
      expect(expected.length).toBeGreaterThan(0);
      const { ids } = await listAll(`from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, 25);
      expect(ids).toEqual(expected);
    });

    it('reads a time with an offset as the instant it names', async () => {
      const from = new Date(seeded[60].at);
      // The same instant, written two hours ahead of UTC.
      const shifted = new Date(from.getTime() + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
      const expected = newestFirst(seeded.filter((event) => event.at >= seeded[60].at));
      expect((await listAll(`from=${encodeURIComponent(shifted)}`, 100)).ids).toEqual(expected);
    });

    it('answers an empty page for a filter nothing matches', async () => {
      expect(await list('?actor=nobody')).toEqual({ items: [], next_cursor: null });
    });

    it('answers 400 invalid_cursor for a malformed cursor', async () => {
      const { status, contentType, body } = await get('?cursor=bm90LWEtY3Vyc29y');
      expect(status).toBe(400);
      expect(contentType).toContain(PROBLEM_CONTENT_TYPE);
      expect(body).toMatchObject({ status: 400, code: 'invalid_cursor', errors: [{ field: 'cursor' }] });
    });

    it.each([
      ['limit', '?limit=0'],
      ['limit', '?limit=1001'],
      ['limit', '?limit=abc'],
      ['limit', '?limit=1.5'],
      ['limit', '?limit=-1'],
      ['limit', '?limit='],
      ['from', '?from=yesterday'],
      ['from', '?from=2025-01-31T12:00:00'],
      ['to', '?to=2025-13-01T00:00:00Z'],
      ['to', '?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z'],
      ['action', '?action=file.exploded'],
      ['result', '?result=maybe'],
      ['actor', '?actor='],
      ['actor', '?actor=a&actor=b'],
      ['resource', `?resource=${'r'.repeat(300)}`],
      ['cursor', '?cursor=a&cursor=b'],
    ])('answers 400 naming %s for %s', async (field, query) => {
      const { status, contentType, body } = await get(query);
      expect(status).toBe(400);
      expect(contentType).toContain(PROBLEM_CONTENT_TYPE);
      const problem = body as ProblemDetails;
      expect(problem.code).toBe('invalid_input');
      expect(problem.errors?.map((error) => error.field)).toContain(field);
      expect(problem.detail).toContain(field);
    });

    it('answers 400 naming an unknown parameter', async () => {
      const { status, body } = await get('?actr=system');
      expect(status).toBe(400);
      expect((body as ProblemDetails).errors).toEqual([
        { field: 'actr', message: 'is not a parameter of this endpoint' },
      ]);
    });

    it('accepts the largest limit', async () => {
      expect((await list('?limit=1000')).items.length).toBeGreaterThanOrEqual(120);
    });
  });

  describe('GET /api/v1/audit-events/verify', () => {
    it('reports an intact chain', async () => {
      const { status, body } = await get('/verify');
      expect(status).toBe(200);
      expect(body).toEqual({ ok: true, events_checked: expect.any(Number), first_broken_id: null });
      expect((body as { events_checked: number }).events_checked).toBeGreaterThanOrEqual(120);
    });

    it('names the first edited event', async () => {
      const victim = seeded[42];
      const client = new pg.Client({ connectionString: service.database.url });
      await client.connect();
      try {
        await client.query('BEGIN');
        await client.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
        await client.query(
          `UPDATE audit_events SET result = 'success', actor = 'someone-else' WHERE id = $1`,
          [victim.id],
        );
        await client.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
        await client.query('COMMIT');
      } finally {
        await client.end();
      }
      const { body } = await get('/verify');
      expect(body).toEqual({ ok: false, events_checked: 43, first_broken_id: victim.id });
    });
  });

  it('documents both routes in the OpenAPI document', async () => {
    const response = await fetch(`${service.url}/api/docs-json`);
    const document = (await response.json()) as {
      paths: Record<string, { get?: { parameters?: { name: string }[]; security?: unknown[] } }>;
    };
    const listing = document.paths['/api/v1/audit-events']?.get;
    expect(listing?.parameters?.map((parameter) => parameter.name).sort()).toEqual(
      ['action', 'actor', 'cursor', 'from', 'limit', 'resource', 'result', 'to'].sort(),
    );
    expect(listing?.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/api/v1/audit-events/verify']?.get).toBeDefined();
  });
});
