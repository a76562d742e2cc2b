import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role, ServiceAccountStatus } from '@artstore/contracts';
import { returnedRows } from '@artstore/platform';

export interface AccountRecord {
  id: string;
  clientId: string;
  name: string;
  description: string | null;
  role: Role;
  status: ServiceAccountStatus;
  rateLimitPerMinute: number | null;
  createdAt: Date;
  updatedAt: Date;
  secretRotatedAt: Date;
}

export type NewAccount = Pick<
  AccountRecord,
  'clientId' | 'name' | 'description' | 'role' | 'rateLimitPerMinute'
>;
export type AccountChanges = Partial<
  Pick<AccountRecord, 'name' | 'description' | 'role' | 'status' | 'rateLimitPerMinute'>
>;

export interface AccountListFilter {
  role?: Role;
  status?: ServiceAccountStatus;
  after?: { createdAt: Date; id: string };
  limit: number;
}

interface AccountRow {
  id: string;
  client_id: string;
  name: string;
  description: string | null;
  role: Role;
  status: ServiceAccountStatus;
  rate_limit_per_minute: number | null;
  created_at: Date;
  updated_at: Date;
  secret_rotated_at: Date;
}

const COLUMNS = `id, client_id, name, description, role, status, rate_limit_per_minute, created_at, updated_at, secret_rotated_at`;

// Cursors carry JavaScript dates (milliseconds); ordering by the same precision keeps pages exact.
const LISTING_TIME = `date_trunc('milliseconds', created_at)`;

const CHANGE_COLUMNS: Record<keyof AccountChanges, string> = {
  name: 'name',
  description: 'description',
  role: 'role',
  status: 'status',
  rateLimitPerMinute: 'rate_limit_per_minute',
};

@Injectable()
export class ServiceAccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<Result>(work: (manager: EntityManager) => Promise<Result>): Promise<Result> {
    return this.dataSource.transaction(work);
  }

  /** Inserts unless the client id exists; undefined then. */
  async insert(
    manager: EntityManager,
    account: NewAccount,
    secretHash: string,
  ): Promise<AccountRecord | undefined> {
    const rows: AccountRow[] = await manager.query(
      `INSERT INTO service_accounts (client_id, name, description, role, status, rate_limit_per_minute)
       VALUES ($1, $2, $3, $4, 'active', $5) ON CONFLICT (client_id) DO NOTHING RETURNING ${COLUMNS}`,
      [account.clientId, account.name, account.description, account.role, account.rateLimitPerMinute],
    );
    const row = rows[0];
    if (!row) {
      return undefined;
    }
    await this.addSecret(manager, row.id, secretHash);
    return toRecord(row);
  }

  async findById(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AccountRecord | undefined> {
    const rows: AccountRow[] = await manager.query(`SELECT ${COLUMNS} FROM service_accounts WHERE id = $1`, [
      id,
    ]);
    return rows[0] && toRecord(rows[0]);
  }

  async findByClientId(clientId: string): Promise<AccountRecord | undefined> {
    const rows: AccountRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM service_accounts WHERE client_id = $1`,
      [clientId],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async list(filter: AccountListFilter): Promise<AccountRecord[]> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    const bind = (value: unknown): string => `$${parameters.push(value)}`;
    if (filter.role) {
      conditions.push(`role = ${bind(filter.role)}`);
    }
    if (filter.status) {
      conditions.push(`status = ${bind(filter.status)}`);
    }
    if (filter.after) {
      conditions.push(`(${LISTING_TIME}, id) > (${bind(filter.after.createdAt)}, ${bind(filter.after.id)})`);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows: AccountRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM service_accounts ${where} ORDER BY ${LISTING_TIME}, id LIMIT ${bind(filter.limit)}`,
      parameters,
    );
    return rows.map(toRecord);
  }

  async update(
    manager: EntityManager,
    id: string,
    changes: AccountChanges,
  ): Promise<AccountRecord | undefined> {
    const assignments: string[] = [];
    const parameters: unknown[] = [id];
    for (const [field, column] of Object.entries(CHANGE_COLUMNS) as [keyof AccountChanges, string][]) {
      if (changes[field] !== undefined) {
        assignments.push(`${column} = $${parameters.push(changes[field])}`);
      }
    }
    const result: unknown = await manager.query(
      `UPDATE service_accounts SET ${[...assignments, 'updated_at = now()'].join(', ')}
       WHERE id = $1 RETURNING ${COLUMNS}`,
      parameters,
    );
    const [row] = returnedRows<AccountRow>(result);
    return row && toRecord(row);
  }

  async delete(manager: EntityManager, id: string): Promise<AccountRecord | undefined> {
    const rows: AccountRow[] = await manager.query(
      `DELETE FROM service_accounts WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** Active admins other than `exceptId`: the last one may not be disabled, demoted or deleted. */
  async countOtherActiveAdmins(manager: EntityManager, exceptId: string): Promise<number> {
    // Lock the admins so two concurrent changes cannot each leave the other as the last admin.
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM service_accounts WHERE role = 'admin' AND status = 'active' AND id <> $1 FOR UPDATE`,
      [exceptId],
    );
    return rows.length;
  }

  /** Client id → own limit, for every account that has one. */
  async rateLimitOverrides(): Promise<Map<string, number>> {
    const rows: { client_id: string; rate_limit_per_minute: number }[] = await this.dataSource.query(
      `SELECT client_id, rate_limit_per_minute FROM service_accounts WHERE rate_limit_per_minute IS NOT NULL`,
    );
    return new Map(rows.map((row) => [row.client_id, row.rate_limit_per_minute]));
  }

  async addSecret(manager: EntityManager, accountId: string, secretHash: string): Promise<void> {
    await manager.query(`INSERT INTO service_account_secrets (account_id, secret_hash) VALUES ($1, $2)`, [
      accountId,
      secretHash,
    ]);
  }

  /**
   * Makes `secretHash` the account's current secret; the previous current one stays valid until
   * `previousValidUntil`, older ones are dropped (at most two secrets work at any time).
   */
  async replaceSecret(
    manager: EntityManager,
    accountId: string,
    secretHash: string,
    previousValidUntil: Date,
  ): Promise<void> {
    await manager.query(
      `DELETE FROM service_account_secrets WHERE account_id = $1 AND valid_until IS NOT NULL`,
      [accountId],
    );
    await manager.query(
      `UPDATE service_account_secrets SET valid_until = $2 WHERE account_id = $1 AND valid_until IS NULL`,
      [accountId, previousValidUntil],
    );
    await this.addSecret(manager, accountId, secretHash);
    await manager.query(
      `UPDATE service_accounts SET secret_rotated_at = now(), updated_at = now() WHERE id = $1`,
      [accountId],
    );
  }

  /** The account with the hashes of the secrets that work now (newest first), in one round trip. */
  async findForAuthentication(
    clientId: string,
  ): Promise<{ account: AccountRecord; secretHashes: string[] } | undefined> {
    const rows: (AccountRow & { secret_hashes: string[] | null })[] = await this.dataSource.query(
      `SELECT ${COLUMNS.split(', ')
        .map((column) => `a.${column}`)
        .join(', ')},
         (SELECT array_agg(s.secret_hash ORDER BY s.id DESC) FROM service_account_secrets s
          WHERE s.account_id = a.id AND (s.valid_until IS NULL OR s.valid_until > now())) AS secret_hashes
       FROM service_accounts a WHERE a.client_id = $1`,
      [clientId],
    );
    const row = rows[0];
    return row && { account: toRecord(row), secretHashes: row.secret_hashes ?? [] };
  }
}

function toRecord(row: AccountRow): AccountRecord {
  return {
    id: row.id,
    clientId: row.client_id,
    name: row.name,
    description: row.description,
    role: row.role,
    status: row.status,
    rateLimitPerMinute: row.rate_limit_per_minute,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    secretRotatedAt: row.secret_rotated_at,
  };
}
