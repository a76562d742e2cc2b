import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `files`: the element's cache of its attr.json documents (the files stay the source of truth). */
export class FileCache1795400000000 implements MigrationInterface {
  name = 'FileCache1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The primary key doubles as the listing index: UUIDv7 ids sort by creation time, and keyset
    // pages on the id alone never lose precision the way a rounded timestamp cursor could.
    await queryRunner.query(`
      CREATE TABLE files (
        file_id uuid PRIMARY KEY,
        original_filename text NOT NULL,
        content_type text NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        sha256 text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        uploaded_by text NOT NULL,
        retention_policy text NOT NULL CHECK (retention_policy IN ('temporary', 'permanent')),
        ttl_expires_at timestamptz,
        description text NOT NULL,
        tags text[] NOT NULL,
        metadata jsonb NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        saga_id text,
        attr jsonb NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE files`);
  }
}
