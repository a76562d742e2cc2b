import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: append-only in the database itself (a trigger refuses UPDATE, DELETE and TRUNCATE,
 * whoever asks), and chained by SHA-256 so that an edit made with the trigger disabled still shows.
 */
export class CreateAuditEvents1763900000000 implements MigrationInterface {
  // Explicit, because the bundler may rename classes and TypeORM reads the timestamp from the name.
  name = 'CreateAuditEvents1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        -- Milliseconds, as hashed: a finer edit could otherwise hide below the hashed precision.
        at timestamptz(3) NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        resource text NOT NULL,
        result text NOT NULL CHECK (result IN ('success', 'failure')),
        details jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(details) = 'object'),
        prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        -- Two events naming the same predecessor would be a fork: refused even if a writer skips the lock.
        CONSTRAINT audit_events_prev_hash_key UNIQUE (prev_hash)
      )`);
    // Listing is newest first (id DESC) under any one filter; btree indexes scan backwards.
    await queryRunner.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor, id)`);
    await queryRunner.query(`CREATE INDEX audit_events_action_idx ON audit_events (action, id)`);
    await queryRunner.query(`CREATE INDEX audit_events_resource_idx ON audit_events (resource, id)`);
    await queryRunner.query(`CREATE INDEX audit_events_at_idx ON audit_events (at)`);
    // Failures are the rare, interesting rows; successes are most of the table and need no index.
    await queryRunner.query(
      `CREATE INDEX audit_events_failure_idx ON audit_events (id) WHERE result = 'failure'`,
    );
    await queryRunner.query(`
      CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    // Statement-level, so even a statement that would touch no row is refused.
    await queryRunner.query(`
      CREATE TRIGGER audit_events_append_only
      BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_events`);
    await queryRunner.query(`DROP FUNCTION audit_events_refuse_change()`);
  }
}
