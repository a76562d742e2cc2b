import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { returnedRows } from '@artstore/platform';
import type { UploadResponse } from '../uploads/upload-response';

/** The stored claim of an `Idempotency-Key`. */
export interface IdempotencyClaim {
  fingerprint: string;
  sagaId: string;
  /** Set once the upload completed. */
  response: UploadResponse | null;
  /** Status of the claiming saga; null when the saga row is gone. */
  sagaStatus: string | null;
  ageMs: number;
}

interface ClaimRow {
  fingerprint: string;
  saga_id: string;
  response: UploadResponse | null;
  saga_status: string | null;
  age_ms: number;
}

/** `upload_idempotency_keys`: one row per (client, key), claimed before the upload saga starts. */
@Injectable()
export class UploadIdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Claims the key for saga `sagaId`; returns the existing claim instead when there is one. */
  async claim(
    clientId: string,
    key: string,
    fingerprint: string,
    sagaId: string,
  ): Promise<IdempotencyClaim | undefined> {
    const inserted = returnedRows<{ saga_id: string }>(
      await this.dataSource.query(
        `INSERT INTO upload_idempotency_keys (client_id, key, fingerprint, saga_id)
         VALUES ($1, $2, $3, $4) ON CONFLICT (client_id, key) DO NOTHING RETURNING saga_id`,
        [clientId, key, fingerprint, sagaId],
      ),
    );
    if (inserted.length > 0) {
      return undefined;
    }
    const rows = returnedRows<ClaimRow>(
      await this.dataSource.query(
        `SELECT k.fingerprint, k.saga_id, k.response, s.status AS saga_status,
                (EXTRACT(EPOCH FROM now() - k.created_at) * 1000)::float8 AS age_ms
         FROM upload_idempotency_keys k LEFT JOIN sagas s ON s.id = k.saga_id
         WHERE k.client_id = $1 AND k.key = $2`,
        [clientId, key],
      ),
    );
    const row = rows[0];
    if (!row) {
      // Released between the insert and the read: claim again.
      return this.claim(clientId, key, fingerprint, sagaId);
    }
    return {
      fingerprint: row.fingerprint,
      sagaId: row.saga_id,
      response: row.response,
      sagaStatus: row.saga_status,
      ageMs: row.age_ms,
    };
  }

  /** Records the first result; later requests with the key get it back. */
  async complete(sagaId: string, response: UploadResponse): Promise<void> {
    await this.dataSource.query(
      `UPDATE upload_idempotency_keys SET response = $2, completed_at = now() WHERE saga_id = $1`,
      [sagaId, JSON.stringify(response)],
    );
  }

  /** Frees the key of an upload that did not complete, so the client can try again with it. */
  async release(sagaId: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM upload_idempotency_keys WHERE saga_id = $1 AND response IS NULL`,
      [sagaId],
    );
  }
}
