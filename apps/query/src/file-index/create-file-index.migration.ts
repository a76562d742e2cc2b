import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The search index: one row per live file, tombstones of deleted ones, fed by the file events. */
export class CreateFileIndex1797000000000 implements MigrationInterface {
  // Explicit, because the bundler may rename classes and TypeORM reads the timestamp from the name.
  name = 'CreateFileIndex1797000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // array_to_string is only STABLE (generic over element types); for text[] it is immutable, which a
    // generated column needs.
    await queryRunner.query(`
      CREATE FUNCTION file_index_words(tags text[]) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array_to_string(tags, ' ') $$`);
    // Orders cache writes: a reader never overwrites what a later change put in Redis.
    await queryRunner.query(`CREATE SEQUENCE file_index_change_seq`);
    await queryRunner.query(`
      CREATE TABLE indexed_files (
        file_id uuid PRIMARY KEY,
        original_filename text NOT NULL,
        content_type text NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 text NOT NULL,
        storage_element_id text NOT NULL,
        created_at timestamptz(3) NOT NULL,
        updated_at timestamptz(3) NOT NULL,
        uploaded_by text NOT NULL,
        retention_policy text NOT NULL,
        ttl_expires_at timestamptz(3),
        description text NOT NULL,
        tags text[] NOT NULL,
        metadata jsonb NOT NULL,
        version integer NOT NULL,
        -- When the event that wrote this row happened: orders a re-registration after a delete.
        event_occurred_at timestamptz(3) NOT NULL,
        change_seq bigint NOT NULL DEFAULT nextval('file_index_change_seq'),
        -- 'simple': file names, tags and descriptions are in any language; no stemming or stop words.
        -- The filename goes in whole and split at punctuation, so 'q3-report.pdf' matches 'report'.
        search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', original_filename), 'A') ||
          setweight(to_tsvector('simple', regexp_replace(original_filename, '[^[:alnum:]]+', ' ', 'g')), 'A') ||
          setweight(to_tsvector('simple', file_index_words(tags)), 'B') ||
          setweight(to_tsvector('simple', description), 'C')
        ) STORED
      )`);
    await queryRunner.query(
      `CREATE INDEX indexed_files_search_idx ON indexed_files USING gin (search_vector)`,
    );
    await queryRunner.query(
      `CREATE INDEX indexed_files_filename_trgm_idx ON indexed_files USING gin (original_filename gin_trgm_ops)`,
    );
    await queryRunner.query(`CREATE INDEX indexed_files_tags_idx ON indexed_files USING gin (tags)`);
    await queryRunner.query(
      `CREATE INDEX indexed_files_metadata_idx ON indexed_files USING gin (metadata jsonb_path_ops)`,
    );
    // Sort keys, each with file_id as the tiebreaker of the keyset.
    await queryRunner.query(`CREATE INDEX indexed_files_created_idx ON indexed_files (created_at, file_id)`);
    await queryRunner.query(`CREATE INDEX indexed_files_size_idx ON indexed_files (size_bytes, file_id)`);
    await queryRunner.query(
      `CREATE INDEX indexed_files_filename_idx ON indexed_files ((original_filename COLLATE "C"), file_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE deleted_files (
        file_id uuid PRIMARY KEY,
        version integer NOT NULL,
        event_occurred_at timestamptz(3) NOT NULL,
        change_seq bigint NOT NULL DEFAULT nextval('file_index_change_seq')
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE deleted_files`);
    await queryRunner.query(`DROP TABLE indexed_files`);
    await queryRunner.query(`DROP SEQUENCE file_index_change_seq`);
    await queryRunner.query(`DROP FUNCTION file_index_words(text[])`);
  }
}
