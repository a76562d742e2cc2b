import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `files_usage`: one row with the sums `/info` and every upload's capacity check need, kept by
 * triggers so reading it costs one row however many files the element holds.
 */
export class FilesUsage1795600000000 implements MigrationInterface {
  name = 'FilesUsage1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE files_usage (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        used_bytes bigint NOT NULL,
        file_count bigint NOT NULL
      )`);
    await queryRunner.query(`
      INSERT INTO files_usage (used_bytes, file_count)
      SELECT COALESCE(SUM(size_bytes), 0), COUNT(*) FROM files`);
    await queryRunner.query(`
      CREATE FUNCTION files_usage_follow_row() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE files_usage SET used_bytes = used_bytes + NEW.size_bytes, file_count = file_count + 1;
        ELSIF TG_OP = 'DELETE' THEN
          UPDATE files_usage SET used_bytes = used_bytes - OLD.size_bytes, file_count = file_count - 1;
        ELSIF NEW.size_bytes <> OLD.size_bytes THEN
          UPDATE files_usage SET used_bytes = used_bytes - OLD.size_bytes + NEW.size_bytes;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION files_usage_reset() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE files_usage SET used_bytes = 0, file_count = 0;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER files_usage_rows AFTER INSERT OR UPDATE OR DELETE ON files
      FOR EACH ROW EXECUTE FUNCTION files_usage_follow_row()`);
    await queryRunner.query(`
      CREATE TRIGGER files_usage_truncate AFTER TRUNCATE ON files
      FOR EACH STATEMENT EXECUTE FUNCTION files_usage_reset()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER files_usage_truncate ON files`);
    await queryRunner.query(`DROP TRIGGER files_usage_rows ON files`);
    await queryRunner.query(`DROP FUNCTION files_usage_reset()`);
    await queryRunner.query(`DROP FUNCTION files_usage_follow_row()`);
    await queryRunner.query(`DROP TABLE files_usage`);
  }
}
