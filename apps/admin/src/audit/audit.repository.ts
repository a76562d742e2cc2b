import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditResult } from '@artstore/contracts';
import { GENESIS_HASH, type AuditHashedFields } from './audit-hash';

/** One row of `audit_events`; `id` is a bigint, read as text so it never loses precision. */
export interface AuditEventRow extends AuditHashedFields {
  prev_hash: string;
  hash: string;
}

export interface AuditEventFilter {
  actor?: string;
  action?: string;
  resource?: string;
  result?: AuditResult;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

/** Where the next event goes: its id and time, and the hash it must link to. */
export interface ChainPosition {
  id: string;
  at: Date;
  prevHash: string;
}

// Any fixed number works, as long as nothing else in the admin database locks it.
const CHAIN_LOCK_KEY = '4711000001';
// Read as `e.id::text`, so order by `e.id`: a bare `id` is the text alias and sorts '10' before '9'.
const COLUMNS =
  'e.id::text AS id, e.at, e.actor, e.action, e.resource, e.result, e.details, e.prev_hash, e.hash';

/** SQL of the audit log. Plain SQL: the append needs an advisory lock and OVERRIDING SYSTEM VALUE. */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Serialises appends across every admin instance until the caller's transaction ends. Under READ
   * COMMITTED each later statement sees every event committed before the lock was granted; a
   * snapshot-based isolation level would read a stale chain head and fork it.
   */
  async lockChain(manager: EntityManager): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Audit events are appended inside a transaction (the lock lasts until it ends).');
    }
    const [row] = await manager.query<{ isolation: string }[]>(
      `SELECT pg_advisory_xact_lock($1::bigint), current_setting('transaction_isolation') AS isolation`,
      [CHAIN_LOCK_KEY],
    );
    if (row?.isolation !== 'read committed') {
      throw new Error(`Audit events need a READ COMMITTED transaction, not ${row?.isolation ?? 'unknown'}.`);
    }
  }

  /** Whether an event of this action and resource was recorded for the saga (call after `lockChain`). */
  async existsForSaga(
    manager: EntityManager,
    action: string,
    resource: string,
    sagaId: string,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM audit_events WHERE action = $1 AND resource = $2 AND details ->> 'saga_id' = $3 LIMIT 1`,
      [action, resource, sagaId],
    );
    return rows.length > 0;
  }

  /** Call after `lockChain`, as a statement of its own, so its snapshot postdates the lock. */
  async nextChainPosition(manager: EntityManager): Promise<ChainPosition> {
    // Milliseconds, so the time survives the round trip through a JS Date and hashes the same.
    const [row] = await manager.query<{ id: string; at: Date; prev_hash: string }[]>(
      `SELECT nextval(pg_get_serial_sequence('audit_events', 'id'))::text AS id,
              date_trunc('milliseconds', clock_timestamp()) AS at,
              coalesce((SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1), $1) AS prev_hash`,
      [GENESIS_HASH],
    );
    if (!row) {
      throw new Error('PostgreSQL returned no chain position.');
    }
    return { id: row.id, at: row.at, prevHash: row.prev_hash };
  }

  async insert(manager: EntityManager, event: AuditEventRow): Promise<void> {
    await manager.query(
      `INSERT INTO audit_events (id, at, actor, action, resource, result, details, prev_hash, hash)
       OVERRIDING SYSTEM VALUE
       VALUES ($1::bigint, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)`,
      [
        event.id,
        event.at.toISOString(),
        event.actor,
        event.action,
        event.resource,
        event.result,
        JSON.stringify(event.details),
        event.prev_hash,
        event.hash,
      ],
    );
  }

  /** Newest first, strictly below `beforeId` when given. */
  async findNewest(
    filter: AuditEventFilter,
    beforeId: string | undefined,
    limit: number,
  ): Promise<AuditEventRow[]> {
    const params: unknown[] = [];
    const conditions: string[] = [];
    const where = (column: string, operator: string, value: unknown, cast = ''): void => {
      params.push(value);
      conditions.push(`e.${column} ${operator} $${params.length}${cast}`);
    };
    if (filter.actor !== undefined) {
      where('actor', '=', filter.actor);
    }
    if (filter.action !== undefined) {
      where('action', '=', filter.action);
    }
    if (filter.resource !== undefined) {
      where('resource', '=', filter.resource);
    }
    if (filter.result !== undefined) {
      where('result', '=', filter.result);
    }
    if (filter.from !== undefined) {
      where('at', '>=', filter.from.toISOString(), '::timestamptz');
    }
    if (filter.to !== undefined) {
      where('at', '<', filter.to.toISOString(), '::timestamptz');
    }
    if (beforeId !== undefined) {
      where('id', '<', beforeId, '::bigint');
    }
    params.push(limit);
    const whereClause = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    return this.dataSource.query<AuditEventRow[]>(
      `SELECT ${COLUMNS} FROM audit_events e ${whereClause} ORDER BY e.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** The chain in order, one batch after `afterId` (use '0' for the start). */
  async findChainBatch(afterId: string, size: number): Promise<AuditEventRow[]> {
    return this.dataSource.query<AuditEventRow[]>(
      `SELECT ${COLUMNS} FROM audit_events e WHERE e.id > $1::bigint ORDER BY e.id LIMIT $2`,
      [afterId, size],
    );
  }
}
