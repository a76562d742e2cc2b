import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Resumable uploads: who created each, and which upload saga attempt is (or was) storing it. */
export class CreateResumableUploads1765000000000 implements MigrationInterface {
  // Explicit, because the bundler may rename classes and TypeORM reads the timestamp from the name.
  name = 'CreateResumableUploads1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE resumable_uploads (
        id uuid PRIMARY KEY,
        client_id text NOT NULL,
        size_bytes bigint NOT NULL,
        saga_id uuid,
        rejection_status integer,
        rejection text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE resumable_uploads`);
  }
}
