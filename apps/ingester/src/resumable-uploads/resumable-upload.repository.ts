import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FileMetadata } from '@artstore/contracts';
import { returnedRows } from '@artstore/platform';

/** Where a resumable upload stands, derived from its row and its latest upload saga. */
export type ResumableUploadProgress = 'receiving' | 'storing' | 'stored' | 'rejected';

export interface ResumableUploadRecord {
  id: string;
  clientId: string;
  sizeBytes: number;
  /** The latest upload saga attempt; null before the last byte arrived. */
  sagaId: string | null;
  progress: ResumableUploadProgress;
  /** What the element stored, once `stored`. */
  file: FileMetadata | null;
  rejection: { status: number; message: string } | null;
}

interface RecordRow {
  id: string;
  client_id: string;
  size_bytes: string;
  saga_id: string | null;
  saga_status: string | null;
  file: FileMetadata | null;
  rejection_status: number | null;
  rejection: string | null;
}

const SELECT = `
  SELECT u.id, u.client_id, u.size_bytes, u.saga_id, s.status AS saga_status, s.state -> 'file' AS file,
         u.rejection_status, u.rejection
  FROM resumable_uploads u LEFT JOIN sagas s ON s.id = u.saga_id`;

/** `resumable_uploads`: one row per tus upload, kept after it was stored so HEAD can answer. */
@Injectable()
export class ResumableUploadRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(id: string, clientId: string, sizeBytes: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO resumable_uploads (id, client_id, size_bytes) VALUES ($1, $2, $3)`,
      [id, clientId, sizeBytes],
    );
  }

  async find(id: string): Promise<ResumableUploadRecord | undefined> {
    const rows = returnedRows<RecordRow>(await this.dataSource.query(`${SELECT} WHERE u.id = $1`, [id]));
    return rows[0] ? recordOf(rows[0]) : undefined;
  }

  /**
   * Makes `sagaId` the upload's current attempt if the current one is still `previousSagaId`;
   * false when another request started an attempt first.
   */
  async claimAttempt(id: string, previousSagaId: string | null, sagaId: string): Promise<boolean> {
    const updated = returnedRows<{ id: string }>(
      await this.dataSource.query(
        `UPDATE resumable_uploads SET saga_id = $3
         WHERE id = $1 AND saga_id IS NOT DISTINCT FROM $2::uuid AND rejection IS NULL RETURNING id`,
        [id, previousSagaId, sagaId],
      ),
    );
    return updated.length > 0;
  }

  async reject(id: string, status: number, message: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE resumable_uploads SET rejection_status = $2, rejection = $3 WHERE id = $1`,
      [id, status, message],
    );
  }

  /** Drops the row of an upload that was terminated or expired before it was stored. */
  async forgetUnstored(id: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM resumable_uploads u WHERE u.id = $1
       AND NOT EXISTS (SELECT 1 FROM sagas s WHERE s.id = u.saga_id AND s.status = 'completed')`,
      [id],
    );
  }
}

function recordOf(row: RecordRow): ResumableUploadRecord {
  return {
    id: row.id,
    clientId: row.client_id,
    sizeBytes: Number(row.size_bytes),
    sagaId: row.saga_id,
    progress: progressOf(row),
    file: row.saga_status === 'completed' ? row.file : null,
    rejection:
      row.rejection === null ? null : { status: row.rejection_status ?? 400, message: row.rejection },
  };
}

function progressOf(row: RecordRow): ResumableUploadProgress {
  if (row.saga_status === 'completed') {
    return 'stored';
  }
  if (row.rejection !== null) {
    return 'rejected';
  }
  // A claimed attempt without a saga row never started (its process stopped in between); the
  // finisher's single flight keeps this process from starting two.
  if (row.saga_status === 'running' || row.saga_status === 'compensating') {
    return 'storing';
  }
  return 'receiving';
}
