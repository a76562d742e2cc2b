import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FileMetadata } from '@artstore/contracts';
import { FILE_COLUMNS, toFileMetadata, type FileRow } from '../registered-file.row';

/** The registry reads a reconcile walk needs; its writes go through RegistryChangesService. */
@Injectable()
export class ReconcileRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findMany(fileIds: readonly string[]): Promise<Map<string, FileMetadata>> {
    const rows: FileRow[] = await this.dataSource.query(
      `SELECT ${FILE_COLUMNS} FROM registered_files WHERE file_id = ANY($1::uuid[])`,
      [fileIds],
    );
    return new Map(rows.map((row) => [row.file_id, toFileMetadata(row)]));
  }

  /** Ids claiming `elementId` in the file id range (after, upTo]; either bound may be open. */
  async idsClaimingElement(elementId: string, after: string | null, upTo: string | null): Promise<string[]> {
    const rows: { file_id: string }[] = await this.dataSource.query(
      `SELECT file_id FROM registered_files
       WHERE storage_element_id = $1 AND ($2::uuid IS NULL OR file_id > $2) AND ($3::uuid IS NULL OR file_id <= $3)
       ORDER BY file_id`,
      [elementId, after, upTo],
    );
    return rows.map((row) => row.file_id);
  }

  /** The database's clock, which `registry_changed_at` is written with. */
  async now(): Promise<Date> {
    const rows: { now: Date }[] = await this.dataSource.query(`SELECT now() AS now`);
    return rows[0].now;
  }
}
