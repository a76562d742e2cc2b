import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { FileEventType, FileMetadata } from '@artstore/contracts';

/** One event waiting in (or relayed from) the outbox; `file` is the JSON exactly as it is published. */
export interface OutboxEvent {
  id: string;
  type: FileEventType;
  file_id: string;
  version: number;
  occurred_at: string;
  file: string;
}

interface OutboxRow {
  id: string;
  type: FileEventType;
  file_id: string;
  version: number;
  occurred_at: Date;
  file: string;
}

// Any constant works: it only has to be the same for every admin instance on this database.
const RELAY_LOCK_KEY = 7_301_200_001;
const PUBLISHED_RETENTION = '1 day';

/** The `file_event_outbox` table: written in the registry change's transaction, drained by the relay. */
@Injectable()
export class FileEventOutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  async append(manager: EntityManager, type: FileEventType, file: FileMetadata): Promise<void> {
    await manager.query(
      `INSERT INTO file_event_outbox (type, file_id, version, occurred_at, file) VALUES ($1, $2, $3, now(), $4)`,
      [type, file.file_id, file.version, JSON.stringify(file)],
    );
  }

  /** One relay at a time across instances, so events leave in outbox order; false when another holds it. */
  async tryLockRelay(manager: EntityManager): Promise<boolean> {
    const rows: { locked: boolean }[] = await manager.query(
      `SELECT pg_try_advisory_xact_lock($1) AS locked`,
      [RELAY_LOCK_KEY],
    );
    return rows[0]?.locked === true;
  }

  async oldestPending(manager: EntityManager, limit: number): Promise<OutboxEvent[]> {
    const rows: OutboxRow[] = await manager.query(
      `SELECT id, type, file_id, version, occurred_at, file FROM file_event_outbox
       WHERE published_at IS NULL ORDER BY id LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({ ...row, occurred_at: row.occurred_at.toISOString() }));
  }

  async markPublished(
    manager: EntityManager,
    published: readonly { id: string; entryId: string }[],
  ): Promise<void> {
    if (published.length === 0) {
      return;
    }
    await manager.query(
      `UPDATE file_event_outbox AS o SET published_at = now(), stream_entry_id = p.entry_id
       FROM unnest($1::bigint[], $2::text[]) AS p(id, entry_id) WHERE o.id = p.id`,
      [published.map((event) => event.id), published.map((event) => event.entryId)],
    );
  }

  async countPending(): Promise<number> {
    const rows: { pending: string }[] = await this.dataSource.query(
      `SELECT count(*) AS pending FROM file_event_outbox WHERE published_at IS NULL`,
    );
    return Number(rows[0]?.pending ?? 0);
  }

  /** Published rows are kept a day for inspection (`stream_entry_id`), then dropped. */
  async prunePublished(): Promise<void> {
    await this.dataSource.query(`DELETE FROM file_event_outbox WHERE published_at < now() - $1::interval`, [
      PUBLISHED_RETENTION,
    ]);
  }
}
