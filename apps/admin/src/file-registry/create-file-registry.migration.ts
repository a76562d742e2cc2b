import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The file registry (catalog of record) and the outbox its events leave through. */
export class CreateFileRegistry1796000000000 implements MigrationInterface {
  // Explicit, because the bundler may rename classes and TypeORM reads the timestamp from the name.
  name = 'CreateFileRegistry1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Millisecond timestamps: what JavaScript and the elements' attr.json carry, so content compares exactly.
    await queryRunner.query(`
      CREATE TABLE registered_files (
        file_id uuid PRIMARY KEY,
        original_filename text NOT NULL,
        content_type text NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        storage_element_id text NOT NULL,
        created_at timestamptz(3) NOT NULL,
        updated_at timestamptz(3) NOT NULL,
        uploaded_by text NOT NULL,
        retention_policy text NOT NULL CHECK (retention_policy IN ('temporary', 'permanent')),
        ttl_expires_at timestamptz(3),
        description text NOT NULL,
        tags text[] NOT NULL,
        metadata jsonb NOT NULL CHECK (jsonb_typeof(metadata) = 'object'),
        version integer NOT NULL CHECK (version >= 1),
        -- When the registry (not the file) last changed: reconcile spares rows newer than its walk.
        registry_changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX registered_files_created_idx ON registered_files (created_at, file_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX registered_files_element_idx ON registered_files (storage_element_id, file_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX registered_files_ttl_idx ON registered_files (ttl_expires_at) WHERE ttl_expires_at IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE file_event_outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        type text NOT NULL CHECK (type IN ('file.created', 'file.updated', 'file.deleted')),
        file_id uuid NOT NULL,
        version integer NOT NULL,
        occurred_at timestamptz(3) NOT NULL,
        -- The FileMetadata JSON exactly as it is published.
        file text NOT NULL,
        published_at timestamptz,
        stream_entry_id text
      )`);
    await queryRunner.query(
      `CREATE INDEX file_event_outbox_pending_idx ON file_event_outbox (id) WHERE published_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE file_event_outbox`);
    await queryRunner.query(`DROP TABLE registered_files`);
  }
}
