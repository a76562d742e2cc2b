import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `corrupted_files`: files whose bytes no longer match their attr.json sha256. Kept apart from the
 * `files` cache so a cache rebuild does not forget them; a delete of the file removes its row.
 */
export class CorruptedFiles1795500000000 implements MigrationInterface {
  name = 'CorruptedFiles1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE corrupted_files (
        file_id uuid PRIMARY KEY,
        detected_at timestamptz NOT NULL,
        expected_sha256 text NOT NULL,
        actual_sha256 text,
        reason text NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE corrupted_files`);
  }
}
