import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The `sagas` table of `PostgresSagaStore`. Apps append this class to their migrations list; it
 * lives in the database of the service that runs the sagas (SPEC: state in the owning service).
 */
export class CreateSagas1764800000000 implements MigrationInterface {
  // Explicit, because the bundler may rename classes and TypeORM reads the timestamp from the name.
  name = 'CreateSagas1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sagas (
        id uuid PRIMARY KEY,
        type text NOT NULL,
        status text NOT NULL
          CHECK (status IN ('running', 'compensating', 'completed', 'compensated', 'failed')),
        step_index integer NOT NULL CHECK (step_index >= 0),
        state jsonb NOT NULL CHECK (jsonb_typeof(state) = 'object'),
        log jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(log) = 'array'),
        owner text,
        lease_until timestamptz,
        attempts integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CONSTRAINT sagas_finished_at_matches_status
          CHECK ((finished_at IS NULL) = (status IN ('running', 'compensating')))
      )`);
    // Recovery scans unfinished sagas by lease expiry; finished ones are most of the table.
    await queryRunner.query(`
      CREATE INDEX sagas_recovery_idx ON sagas (status, lease_until)
      WHERE status IN ('running', 'compensating')`);
    // Operators look for sagas that need attention.
    await queryRunner.query(`CREATE INDEX sagas_failed_idx ON sagas (updated_at) WHERE status = 'failed'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE sagas`);
  }
}
