import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type CorruptionReason = 'digest_mismatch' | 'size_mismatch' | 'missing_data';

export interface CorruptedFile {
  file_id: string;
  detected_at: string;
  expected_sha256: string;
  actual_sha256: string | null;
  reason: CorruptionReason;
}

/** Files found not to match their attr.json: never served as good until repaired or deleted. */
@Injectable()
export class CorruptedFilesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(file: Omit<CorruptedFile, 'detected_at'>): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO corrupted_files (file_id, detected_at, expected_sha256, actual_sha256, reason)
       VALUES ($1, now(), $2, $3, $4)
       ON CONFLICT (file_id) DO UPDATE SET actual_sha256 = EXCLUDED.actual_sha256, reason = EXCLUDED.reason`,
      [file.file_id, file.expected_sha256, file.actual_sha256, file.reason],
    );
  }

  /** A file verified good again (restored from a backup) or gone. */
  async clear(fileId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM corrupted_files WHERE file_id = $1`, [fileId]);
  }

  async isCorrupted(fileId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM corrupted_files WHERE file_id = $1`, [
      fileId,
    ]);
    return rows.length > 0;
  }

  async count(): Promise<number> {
    const rows: { count: number }[] = await this.dataSource.query(
      `SELECT COUNT(*)::integer AS count FROM corrupted_files`,
    );
    return rows[0]?.count ?? 0;
  }

  async list(limit: number): Promise<CorruptedFile[]> {
    const rows: (Omit<CorruptedFile, 'detected_at'> & { detected_at: Date })[] = await this.dataSource.query(
      `SELECT file_id, detected_at, expected_sha256, actual_sha256, reason
       FROM corrupted_files ORDER BY file_id LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({ ...row, detected_at: row.detected_at.toISOString() }));
  }
}
