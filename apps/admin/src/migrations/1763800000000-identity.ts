import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Signing keys, service accounts and their secrets. */
export class Identity1763800000000 implements MigrationInterface {
  name = 'Identity1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE signing_keys (
        kid text PRIMARY KEY,
        public_jwk jsonb NOT NULL,
        private_key_encrypted bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        activates_at timestamptz NOT NULL UNIQUE
      )`);
    await queryRunner.query(`
      CREATE TABLE service_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id text NOT NULL UNIQUE,
        name text NOT NULL,
        description text,
        role text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'disabled')),
        rate_limit_per_minute integer CHECK (rate_limit_per_minute > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        secret_rotated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE service_account_secrets (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES service_accounts (id) ON DELETE CASCADE,
        secret_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        valid_until timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX service_account_secrets_account ON service_account_secrets (account_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE service_account_secrets`);
    await queryRunner.query(`DROP TABLE service_accounts`);
    await queryRunner.query(`DROP TABLE signing_keys`);
  }
}
