import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `Idempotency-Key`s of uploads, scoped to the calling client, with the first request's result. */
export class CreateUploadIdempotencyKeys1764900000000 implements MigrationInterface {
  // Explicit, because the bundler may rename classes and TypeORM reads the timestamp from the name.
  name = 'CreateUploadIdempotencyKeys1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE upload_idempotency_keys (
        client_id text NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        saga_id uuid NOT NULL,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (client_id, key)
      )`);
    await queryRunner.query(
      `CREATE INDEX upload_idempotency_keys_saga_idx ON upload_idempotency_keys (saga_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE upload_idempotency_keys`);
  }
}
