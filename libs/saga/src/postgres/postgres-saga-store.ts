import type { DataSource } from 'typeorm';
import type { NewSagaRecord, SagaLogEntry, SagaProgress, SagaRecord } from '../saga-record';
import { isSagaFinished } from '../saga-record';
import type { SagaStore } from '../saga-store';
import { returnedRows, SAGA_COLUMNS, sagaFromRow, type SagaRow } from './saga-row';

const UNFINISHED = `status IN ('running', 'compensating')`;
// Lease times come from the database clock, so instances with skewed clocks agree on expiry.
const leaseEnd = (param: string): string => `now() + ${param}::double precision * interval '1 millisecond'`;

/**
 * `SagaStore` on the `sagas` table (migration `CreateSagas1764800000000`), in plain SQL through the
 * app's TypeORM `DataSource`: claiming needs `FOR UPDATE SKIP LOCKED`, which the ORM does not express.
 */
export class PostgresSagaStore implements SagaStore {
  constructor(private readonly dataSource: DataSource) {}

  async create(saga: NewSagaRecord): Promise<boolean> {
    const result: unknown = await this.dataSource.query(
      `INSERT INTO sagas (id, type, status, step_index, state, log, owner, lease_until, attempts)
       VALUES ($1, $2, 'running', 0, $3::jsonb, $4::jsonb, $5, ${leaseEnd('$6')}, 1)
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      [saga.id, saga.type, JSON.stringify(saga.state), JSON.stringify(saga.log), saga.owner, saga.leaseMs],
    );
    return returnedRows(result).length === 1;
  }

  async get(id: string): Promise<SagaRecord | undefined> {
    const rows = await this.dataSource.query<SagaRow[]>(`SELECT ${SAGA_COLUMNS} FROM sagas WHERE id = $1`, [
      id,
    ]);
    return rows[0] ? sagaFromRow(rows[0]) : undefined;
  }

  async saveProgress(id: string, owner: string, progress: SagaProgress, leaseMs: number): Promise<boolean> {
    const result: unknown = await this.dataSource.query(
      `UPDATE sagas
       SET status = $3, step_index = $4, state = $5::jsonb, log = log || $6::jsonb, updated_at = now(),
           owner = CASE WHEN $7::boolean THEN NULL ELSE owner END,
           lease_until = CASE WHEN $7::boolean THEN NULL ELSE ${leaseEnd('$8')} END,
           finished_at = CASE WHEN $7::boolean THEN now() END
       WHERE id = $1 AND owner = $2 AND ${UNFINISHED}
       RETURNING id`,
      [
        id,
        owner,
        progress.status,
        progress.stepIndex,
        JSON.stringify(progress.state),
        JSON.stringify(progress.log),
        isSagaFinished(progress.status),
        leaseMs,
      ],
    );
    return returnedRows(result).length === 1;
  }

  async renewLease(id: string, owner: string, leaseMs: number): Promise<boolean> {
    const result: unknown = await this.dataSource.query(
      `UPDATE sagas SET lease_until = ${leaseEnd('$3')}
       WHERE id = $1 AND owner = $2 AND ${UNFINISHED}
       RETURNING id`,
      [id, owner, leaseMs],
    );
    return returnedRows(result).length === 1;
  }

  async release(id: string, owner: string, log: SagaLogEntry[], claimableAfterMs: number): Promise<boolean> {
    const result: unknown = await this.dataSource.query(
      `UPDATE sagas SET owner = NULL, lease_until = ${leaseEnd('$4')}, log = log || $3::jsonb, updated_at = now()
       WHERE id = $1 AND owner = $2 AND ${UNFINISHED}
       RETURNING id`,
      [id, owner, JSON.stringify(log), claimableAfterMs],
    );
    return returnedRows(result).length === 1;
  }

  async claim(id: string, owner: string, leaseMs: number): Promise<SagaRecord | undefined> {
    const result: unknown = await this.dataSource.query(
      `UPDATE sagas SET owner = $2, lease_until = ${leaseEnd('$3')}, attempts = attempts + 1, updated_at = now()
       WHERE id = $1 AND ${UNFINISHED} AND (owner = $2 OR lease_until IS NULL OR lease_until <= now())
       RETURNING ${SAGA_COLUMNS}`,
      [id, owner, leaseMs],
    );
    const [row] = returnedRows<SagaRow>(result);
    return row ? sagaFromRow(row) : undefined;
  }

  async claimExpired(owner: string, leaseMs: number): Promise<SagaRecord | undefined> {
    // SKIP LOCKED: a row another claimer is taking is passed over, never waited for nor taken twice.
    const result: unknown = await this.dataSource.query(
      `UPDATE sagas SET owner = $1, lease_until = ${leaseEnd('$2')}, attempts = attempts + 1, updated_at = now()
       WHERE id = (
         SELECT id FROM sagas
         WHERE ${UNFINISHED} AND (lease_until IS NULL OR lease_until <= now())
         ORDER BY lease_until NULLS FIRST
         LIMIT 1
         FOR UPDATE SKIP LOCKED
       )
       AND ${UNFINISHED} AND (lease_until IS NULL OR lease_until <= now())
       RETURNING ${SAGA_COLUMNS}`,
      [owner, leaseMs],
    );
    const [row] = returnedRows<SagaRow>(result);
    return row ? sagaFromRow(row) : undefined;
  }
}
