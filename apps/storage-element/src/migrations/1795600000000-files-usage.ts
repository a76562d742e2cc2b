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
    // Statement-level triggers with transition tables: a rebuild inserting thousands of rows in one
    // statement updates the sums once, not once per row.
    await queryRunner.query(`
      CREATE FUNCTION files_usage_add() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE files_usage SET
          used_bytes = used_bytes + (SELECT COALESCE(SUM(size_bytes), 0) FROM changed_rows),
          file_count = file_count + (SELECT COUNT(*) FROM changed_rows);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION files_usage_subtract() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE files_usage SET
          used_bytes = used_bytes - (SELECT COALESCE(SUM(size_bytes), 0) FROM changed_rows),
          file_count = file_count - (SELECT COUNT(*) FROM changed_rows);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION files_usage_resize() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE files_usage SET used_bytes = used_bytes
          + (SELECT COALESCE(SUM(size_bytes), 0) FROM new_rows)
          - (SELECT COALESCE(SUM(size_bytes), 0) FROM old_rows);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION files_usage_reset() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE files_usage SET used_bytes = 0, file_count = 0;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER files_usage_insert AFTER INSERT ON files REFERENCING NEW TABLE AS changed_rows
      FOR EACH STATEMENT EXECUTE FUNCTION files_usage_add()`);
    await queryRunner.query(`
      CREATE TRIGGER files_usage_delete AFTER DELETE ON files REFERENCING OLD TABLE AS changed_rows
      FOR EACH STATEMENT EXECUTE FUNCTION files_usage_subtract()`);
    await queryRunner.query(`
      CREATE TRIGGER files_usage_update AFTER UPDATE ON files
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION files_usage_resize()`);
    await queryRunner.query(`
      CREATE TRIGGER files_usage_truncate AFTER TRUNCATE ON files
      FOR EACH STATEMENT EXECUTE FUNCTION files_usage_reset()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const trigger of ['truncate', 'update', 'delete', 'insert']) {
      await queryRunner.query(`DROP TRIGGER files_usage_${trigger} ON files`);
    }
    for (const fn of ['reset', 'resize', 'subtract', 'add']) {
      await queryRunner.query(`DROP FUNCTION files_usage_${fn}()`);
    }
    await queryRunner.query(`DROP TABLE files_usage`);
  }
}
