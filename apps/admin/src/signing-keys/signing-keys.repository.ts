import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface StoredSigningKey {
  kid: string;
  publicJwk: PublicRsaJwk;
  privateKeyEncrypted: Buffer;
  createdAt: Date;
  activatesAt: Date;
}

export interface PublicRsaJwk {
  kty: 'RSA';
  n: string;
  e: string;
}

interface SigningKeyRow {
  kid: string;
  public_jwk: PublicRsaJwk;
  private_key_encrypted: Buffer;
  created_at: Date;
  activates_at: Date;
}

// Any constant shared by every admin instance; it names the rotation's advisory lock.
const ROTATION_LOCK = 0x5e_a1_4e_75;

@Injectable()
export class SigningKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(manager: EntityManager = this.dataSource.manager): Promise<StoredSigningKey[]> {
    const rows: SigningKeyRow[] = await manager.query(
      `SELECT kid, public_jwk, private_key_encrypted, created_at, activates_at FROM signing_keys ORDER BY activates_at`,
    );
    return rows.map((row) => ({
      kid: row.kid,
      publicJwk: row.public_jwk,
      privateKeyEncrypted: row.private_key_encrypted,
      createdAt: row.created_at,
      activatesAt: row.activates_at,
    }));
  }

  async insert(manager: EntityManager, key: Omit<StoredSigningKey, 'createdAt'>): Promise<StoredSigningKey> {
    const rows: { created_at: Date }[] = await manager.query(
      `INSERT INTO signing_keys (kid, public_jwk, private_key_encrypted, activates_at)
       VALUES ($1, $2, $3, $4) RETURNING created_at`,
      [key.kid, JSON.stringify(key.publicJwk), key.privateKeyEncrypted, key.activatesAt],
    );
    return { ...key, createdAt: rows[0]?.created_at ?? new Date() };
  }

  async delete(manager: EntityManager, kids: readonly string[]): Promise<void> {
    if (kids.length > 0) {
      await manager.query(`DELETE FROM signing_keys WHERE kid = ANY($1)`, [kids]);
    }
  }

  /**
   * Runs `work` in a transaction holding the rotation lock, so two admin instances deciding at the
   * same moment that a key is due create one key, not two.
   */
  withRotationLock<Result>(work: (manager: EntityManager) => Promise<Result>): Promise<Result> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock($1)`, [ROTATION_LOCK]);
      return work(manager);
    });
  }
}
