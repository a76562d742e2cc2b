import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@artstore/testing';
import type { AuditEvent } from '@artstore/contracts';
import type { AuditAction } from '../src/audit/audit-actions';
import { AuditChainVerifier } from '../src/audit/audit-chain-verifier.service';
import { REDACTED } from '../src/audit/audit-details';
import { GENESIS_HASH } from '../src/audit/audit-hash';
import { AuditRepository } from '../src/audit/audit.repository';
import { AuditService, type AuditEntry } from '../src/audit/audit.service';
import { CreateAuditEvents1763900000000 } from '../src/audit/create-audit-events.migration';

interface StoredRow {
  id: string;
  prev_hash: string;
  hash: string;
  details: Record<string, unknown>;
}

/** One admin instance: its own pool, repository and services. */
interface AdminInstance {
  dataSource: DataSource;
  audit: AuditService;
  verifier: AuditChainVerifier;
}

const anEntry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  actor: 'artstore-admin',
  action: 'account.created',
  resource: 'service-account:1',
  result: 'success',
  details: { client_id: 'c1' },
  ...overrides,
});

async function startInstance(url: string): Promise<AdminInstance> {
  const dataSource = await new DataSource({
    type: 'postgres',
    url,
    migrations: [CreateAuditEvents1763900000000],
    extra: { max: 6 },
  }).initialize();
  const repository = new AuditRepository(dataSource);
  return {
    dataSource,
    audit: new AuditService(dataSource, repository),
    verifier: new AuditChainVerifier(repository),
  };
}

describe('audit log against PostgreSQL', () => {
  let database: TestDatabase;
  let admin: AdminInstance;

  // The test connects as a superuser: it can switch the guard off, as an attacker with that power could.
  const tamper = async (...statements: string[]): Promise<void> => {
    await admin.dataSource.transaction(async (manager) => {
      await manager.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
      for (const sql of statements) {
        await manager.query(sql);
      }
      await manager.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
    });
  };
  const rows = (): Promise<StoredRow[]> =>
    admin.dataSource.query<StoredRow[]>(
      'SELECT e.id::text AS id, e.prev_hash, e.hash, e.details FROM audit_events e ORDER BY e.id',
    );
  const recordMany = async (count: number): Promise<AuditEvent[]> => {
    const events: AuditEvent[] = [];
    for (let index = 0; index < count; index += 1) {
      events.push(await admin.audit.record(anEntry({ resource: `service-account:${index}` })));
    }
    return events;
  };

  beforeAll(async () => {
    database = await createTestDatabase('admin_audit_chain');
    admin = await startInstance(database.url);
    await admin.dataSource.runMigrations();
  });

  afterAll(async () => {
    await admin?.dataSource.destroy();
    await database?.drop();
  });

  beforeEach(async () => {
    await tamper('TRUNCATE audit_events');
  });

  describe(AuditService.name, () => {
    describe('record', () => {
      it('starts the chain at the genesis hash and links each event to the one before', async () => {
        const [first, second] = await recordMany(2);
        const stored = await rows();
        expect(stored.map((row) => row.id)).toEqual([first.id, second.id]);
        expect(stored[0].prev_hash).toBe(GENESIS_HASH);
        expect(stored[0].hash).toBe(first.hash);
        expect(stored[1].prev_hash).toBe(first.hash);
        expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(first.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      });

      it('stores details without secrets, whatever the caller passed', async () => {
        await admin.audit.record(
          anEntry({ details: { client_id: 'c1', client_secret: 'hunter2', nested: { password: 'p' } } }),
        );
        const [stored] = await rows();
        expect(stored.details).toEqual({
          client_id: 'c1',
          client_secret: REDACTED,
          nested: { password: REDACTED },
        });
        expect(JSON.stringify(stored)).not.toContain('hunter2');
      });

      it('hashes details that survive the jsonb round trip unchanged in meaning', async () => {
        await admin.audit.record(
          anEntry({
            actor: 'nul\u0000actor',
            details: {
              z: 1,
              a: [1e21, 0.1, -0, 5e-7, 2 ** 53, 'é😀', null, true],
              nested: { b: { d: 'x', c: 'y' }, empty: {} },
              when: new Date('2025-01-31T12:00:00.000Z'),
            },
          }),
        );
        expect(await admin.verifier.verifyChain()).toEqual({
          ok: true,
          events_checked: 1,
          first_broken_id: null,
        });
      });
    });

    describe('recordInTransaction', () => {
      it('commits the event with the caller’s change', async () => {
        await admin.dataSource.transaction(async (manager) => {
          await manager.query('CREATE TEMP TABLE IF NOT EXISTS account_change (id int) ON COMMIT DROP');
          await manager.query('INSERT INTO account_change VALUES (1)');
          await admin.audit.recordInTransaction(manager, anEntry({ action: 'account.updated' }));
        });
        expect(await rows()).toHaveLength(1);
      });

      it('rolls the event back with the caller’s change, and the chain stays intact', async () => {
        await recordMany(1);
        await expect(
          admin.dataSource.transaction(async (manager) => {
            await admin.audit.recordInTransaction(manager, anEntry({ action: 'account.deleted' }));
            throw new Error('the account change failed');
          }),
        ).rejects.toThrow('the account change failed');
        await recordMany(1);
        expect(await rows()).toHaveLength(2);
        expect(await admin.verifier.verifyChain()).toEqual({
          ok: true,
          events_checked: 2,
          first_broken_id: null,
        });
      });

      it('refuses a snapshot isolation level, which would read a stale chain head', async () => {
        await expect(
          admin.dataSource.transaction('REPEATABLE READ', (manager) =>
            admin.audit.recordInTransaction(manager, anEntry()),
          ),
        ).rejects.toThrow(/READ COMMITTED/);
        expect(await rows()).toHaveLength(0);
      });

      it('refuses a manager outside a transaction, where the lock would end with the statement', async () => {
        await expect(admin.audit.recordInTransaction(admin.dataSource.manager, anEntry())).rejects.toThrow(
          /inside a transaction/,
        );
      });
    });

    describe('two admin instances writing at once', () => {
      it('keep one unbroken chain', async () => {
        const other = await startInstance(database.url);
        try {
          const writers = [admin, other].flatMap((instance, writer) =>
            Array.from({ length: 40 }, (_unused, index) =>
              instance.audit.record(
                anEntry({
                  actor: `writer-${writer}`,
                  action: 'token.issued' as AuditAction,
                  resource: `r-${index}`,
                }),
              ),
            ),
          );
          const recorded = await Promise.all(writers);
          expect(new Set(recorded.map((event) => event.id)).size).toBe(80);

          const stored = await rows();
          expect(stored).toHaveLength(80);
          stored.forEach((row, index) => {
            expect(row.prev_hash).toBe(index === 0 ? GENESIS_HASH : stored[index - 1].hash);
          });
          expect(await other.verifier.verifyChain(7)).toEqual({
            ok: true,
            events_checked: 80,
            first_broken_id: null,
          });
        } finally {
          await other.dataSource.destroy();
        }
      });
    });
  });

  describe(AuditChainVerifier.name, () => {
    let events: AuditEvent[];
    const idAt = (position: number): string => events[position].id;

    beforeEach(async () => {
      events = await recordMany(5);
    });

    it('accepts an intact chain, across batch boundaries too', async () => {
      expect(await admin.verifier.verifyChain()).toEqual({
        ok: true,
        events_checked: 5,
        first_broken_id: null,
      });
      expect(await admin.verifier.verifyChain(2)).toEqual({
        ok: true,
        events_checked: 5,
        first_broken_id: null,
      });
      expect(await admin.verifier.verifyChain(5)).toEqual({
        ok: true,
        events_checked: 5,
        first_broken_id: null,
      });
    });

    it('accepts an empty log', async () => {
      await tamper('TRUNCATE audit_events');
      expect(await admin.verifier.verifyChain()).toEqual({
        ok: true,
        events_checked: 0,
        first_broken_id: null,
      });
    });

    it('names an edited row', async () => {
      await tamper(`UPDATE audit_events SET details = '{"client_id":"someone-else"}' WHERE id = ${idAt(2)}`);
      expect(await admin.verifier.verifyChain(2)).toEqual({
        ok: false,
        events_checked: 3,
        first_broken_id: idAt(2),
      });
    });

    it('names the row after an edited one whose own hash was recomputed to match', async () => {
      // The forger rewrites the row's hash too; the next row still points at the original hash.
      const forged = await admin.dataSource.query<{ hash: string }[]>(
        `SELECT encode(sha256(convert_to('forged', 'UTF8')), 'hex') AS hash`,
      );
      await tamper(`UPDATE audit_events SET hash = '${forged[0].hash}' WHERE id = ${idAt(2)}`);
      const result = await admin.verifier.verifyChain();
      expect(result.ok).toBe(false);
      expect(result.first_broken_id).toBe(idAt(2));
    });

    it('names the row after a deleted one', async () => {
      await tamper(`DELETE FROM audit_events WHERE id = ${idAt(1)}`);
      expect(await admin.verifier.verifyChain()).toEqual({
        ok: false,
        events_checked: 2,
        first_broken_id: idAt(2),
      });
    });

    it('notices that the first event was deleted', async () => {
      await tamper(`DELETE FROM audit_events WHERE id = ${idAt(0)}`);
      expect(await admin.verifier.verifyChain()).toEqual({
        ok: false,
        events_checked: 1,
        first_broken_id: idAt(1),
      });
    });

    it('notices two rows swapped in the order', async () => {
      const [second, fourth] = [idAt(1), idAt(3)];
      await tamper(
        `CREATE TEMP TABLE moved ON COMMIT DROP AS SELECT * FROM audit_events WHERE id IN (${second}, ${fourth})`,
        `DELETE FROM audit_events WHERE id IN (${second}, ${fourth})`,
        `INSERT INTO audit_events OVERRIDING SYSTEM VALUE
         SELECT CASE id WHEN ${second} THEN ${fourth} ELSE ${second} END,
                at, actor, action, resource, result, details, prev_hash, hash
         FROM moved`,
      );
      expect(await admin.verifier.verifyChain()).toEqual({
        ok: false,
        events_checked: 2,
        first_broken_id: second,
      });
    });
  });

  describe('append-only trigger', () => {
    beforeEach(async () => {
      await recordMany(2);
    });

    it.each([
      ['UPDATE', `UPDATE audit_events SET details = '{}'`],
      ['DELETE', 'DELETE FROM audit_events'],
      ['TRUNCATE', 'TRUNCATE audit_events'],
      ['an UPDATE that matches no row', `UPDATE audit_events SET actor = 'x' WHERE false`],
    ])('refuses %s', async (_statement, sql) => {
      const before = await rows();
      await expect(admin.dataSource.query(sql)).rejects.toThrow(/append-only/);
      expect(await rows()).toEqual(before);
    });
  });
});
