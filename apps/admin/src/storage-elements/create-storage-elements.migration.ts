import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The registry of storage elements; the poller's counters live beside what it last read. */
export class CreateStorageElements1795700000000 implements MigrationInterface {
  name = 'CreateStorageElements1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE storage_elements (
        id text PRIMARY KEY,
        url text NOT NULL,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        mode text NOT NULL CHECK (mode IN ('edit', 'rw', 'ro', 'ar')),
        priority integer NOT NULL CHECK (priority >= 0),
        capacity_bytes bigint NOT NULL CHECK (capacity_bytes >= 0),
        used_bytes bigint NOT NULL CHECK (used_bytes >= 0),
        file_count bigint NOT NULL CHECK (file_count >= 0),
        status text NOT NULL CHECK (status IN ('online', 'degraded', 'offline')),
        backend text NOT NULL,
        version text NOT NULL,
        failed_polls integer NOT NULL DEFAULT 0,
        healthy_polls integer NOT NULL DEFAULT 0,
        last_seen_at timestamptz,
        registered_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE storage_elements`);
  }
}
