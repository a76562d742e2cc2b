import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  StorageBackend,
  StorageElementInfo,
  StorageElementMode,
  StorageElementRecord,
  StorageElementStatus,
  StorageElementUpdate,
} from '@artstore/contracts';
import { returnedRows } from '@artstore/platform';
import type { PollCounters } from './element-status';

interface ElementRow {
  id: string;
  url: string;
  name: string;
  description: string;
  mode: StorageElementMode;
  priority: number;
  capacity_bytes: string;
  used_bytes: string;
  file_count: string;
  status: StorageElementStatus;
  backend: StorageBackend;
  version: string;
  failed_polls: number;
  healthy_polls: number;
  last_seen_at: Date | null;
  registered_at: Date;
  updated_at: Date;
}

/** A registry entry with the poller's counters, which the API does not show. */
export interface ElementEntry {
  record: StorageElementRecord;
  counters: PollCounters;
}

export interface ElementListFilter {
  mode?: StorageElementMode;
  status?: StorageElementStatus;
}

const COLUMNS = `id, url, name, description, mode, priority, capacity_bytes, used_bytes, file_count, status,
  backend, version, failed_polls, healthy_polls, last_seen_at, registered_at, updated_at`;

function toEntry(row: ElementRow): ElementEntry {
  const capacity = Number(row.capacity_bytes);
  const used = Number(row.used_bytes);
  return {
    record: {
      id: row.id,
      url: row.url,
      name: row.name,
      description: row.description,
      mode: row.mode,
      priority: row.priority,
      capacity_bytes: capacity,
      used_bytes: used,
      free_bytes: Math.max(0, capacity - used),
      file_count: Number(row.file_count),
      status: row.status,
      backend: row.backend,
      version: row.version,
      last_seen_at: row.last_seen_at?.toISOString() ?? null,
      registered_at: row.registered_at.toISOString(),
      updated_at: row.updated_at.toISOString(),
    },
    counters: { status: row.status, failedPolls: row.failed_polls, healthyPolls: row.healthy_polls },
  };
}

@Injectable()
export class StorageElementsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the element or refreshes what its `/info` says. Priority, name and description belong to
   * the registry once the element is known (SE_PRIORITY only seeds them), so a re-registration keeps
   * them. `created` is false for a known id.
   */
  async upsertFromInfo(
    url: string,
    info: StorageElementInfo,
  ): Promise<{ entry: ElementEntry; created: boolean }> {
    const rows: (ElementRow & { created: boolean })[] = await this.dataSource.query(
      `INSERT INTO storage_elements (id, url, name, mode, priority, capacity_bytes, used_bytes, file_count,
         status, backend, version, last_seen_at)
       VALUES ($1, $2, $1, $3, $4, $5, $6, $7, 'online', $8, $9, now())
       ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, mode = EXCLUDED.mode,
         capacity_bytes = EXCLUDED.capacity_bytes, used_bytes = EXCLUDED.used_bytes,
         file_count = EXCLUDED.file_count, backend = EXCLUDED.backend, version = EXCLUDED.version,
         status = 'online', failed_polls = 0, last_seen_at = now(), updated_at = now()
       RETURNING ${COLUMNS}, (xmax = 0) AS created`,
      [
        info.element_id,
        url,
        info.mode,
        info.priority,
        info.capacity_bytes,
        info.used_bytes,
        info.file_count,
        info.backend,
        info.version,
      ],
    );
    const row = rows[0];
    return { entry: toEntry(row), created: row.created };
  }

  async findById(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ElementEntry | undefined> {
    const rows: ElementRow[] = await manager.query(`SELECT ${COLUMNS} FROM storage_elements WHERE id = $1`, [
      id,
    ]);
    return rows[0] && toEntry(rows[0]);
  }

  async list(filter: ElementListFilter = {}): Promise<ElementEntry[]> {
    const rows: ElementRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM storage_elements
       WHERE ($1::text IS NULL OR mode = $1) AND ($2::text IS NULL OR status = $2)
       ORDER BY priority, id`,
      [filter.mode ?? null, filter.status ?? null],
    );
    return rows.map(toEntry);
  }

  async update(id: string, changes: StorageElementUpdate): Promise<ElementEntry | undefined> {
    const result: unknown = await this.dataSource.query(
      `UPDATE storage_elements SET priority = COALESCE($2, priority), name = COALESCE($3, name),
         description = COALESCE($4, description), updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, changes.priority ?? null, changes.name ?? null, changes.description ?? null],
    );
    const row = returnedRows<ElementRow>(result)[0];
    return row && toEntry(row);
  }

  /** Records the mode the element now has; undefined when the element is not registered. */
  async setMode(id: string, mode: StorageElementMode): Promise<ElementEntry | undefined> {
    const result: unknown = await this.dataSource.query(
      `UPDATE storage_elements SET mode = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, mode],
    );
    const row = returnedRows<ElementRow>(result)[0];
    return row && toEntry(row);
  }

  /** Stores one poll's result: the counters always, the element's own figures when it answered. */
  async recordPoll(id: string, counters: PollCounters, info: StorageElementInfo | undefined): Promise<void> {
    await this.dataSource.query(
      `UPDATE storage_elements SET status = $2, failed_polls = $3, healthy_polls = $4,
         mode = COALESCE($5, mode), capacity_bytes = COALESCE($6, capacity_bytes),
         used_bytes = COALESCE($7, used_bytes), file_count = COALESCE($8, file_count),
         version = COALESCE($9, version),
         last_seen_at = CASE WHEN $5::text IS NULL THEN last_seen_at ELSE now() END,
         updated_at = CASE WHEN status IS DISTINCT FROM $2 OR mode IS DISTINCT FROM COALESCE($5, mode)
           THEN now() ELSE updated_at END
       WHERE id = $1`,
      [
        id,
        counters.status,
        counters.failedPolls,
        counters.healthyPolls,
        info?.mode ?? null,
        info?.capacity_bytes ?? null,
        info?.used_bytes ?? null,
        info?.file_count ?? null,
        info?.version ?? null,
      ],
    );
  }

  /** Deletes an element holding no files; false when it holds some (or is unknown: `findById` first). */
  async deleteIfEmpty(id: string): Promise<boolean> {
    const result: unknown = await this.dataSource.query(
      `DELETE FROM storage_elements WHERE id = $1 AND file_count = 0 RETURNING id`,
      [id],
    );
    return returnedRows(result).length > 0;
  }
}
