import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AccountChanges, AccountRecord } from './service-accounts.repository';

/**
 * What follows an account change: its audit event, written in the change's own transaction so
 * both commit or neither does.
 */
@Injectable()
export class AccountChangeLog {
  constructor(private readonly audit: AuditService) {}

  async created(manager: EntityManager, actor: string, account: AccountRecord): Promise<void> {
    await this.audit.recordInTransaction(manager, {
      actor,
      action: 'account.created',
      resource: resourceOf(account),
      result: 'success',
      details: { client_id: account.clientId, role: account.role, name: account.name },
    });
  }

  async updated(
    manager: EntityManager,
    actor: string,
    before: AccountRecord,
    after: AccountRecord,
  ): Promise<void> {
    const disabled = before.status === 'active' && after.status === 'disabled';
    await this.audit.recordInTransaction(manager, {
      actor,
      action: disabled ? 'account.disabled' : 'account.updated',
      resource: resourceOf(after),
      result: 'success',
      details: { client_id: after.clientId, changes: changedFields(before, after) },
    });
  }

  async deleted(manager: EntityManager, actor: string, account: AccountRecord): Promise<void> {
    await this.audit.recordInTransaction(manager, {
      actor,
      action: 'account.deleted',
      resource: resourceOf(account),
      result: 'success',
      details: { client_id: account.clientId, role: account.role },
    });
  }

  async secretRotated(
    manager: EntityManager,
    actor: string,
    account: AccountRecord,
    previousValidUntil: Date,
  ): Promise<void> {
    await this.audit.recordInTransaction(manager, {
      actor,
      action: 'account.secret_rotated',
      resource: resourceOf(account),
      result: 'success',
      details: { client_id: account.clientId, previous_secret_valid_until: previousValidUntil.toISOString() },
    });
  }
}

function resourceOf(account: AccountRecord): string {
  return `service-account:${account.id}`;
}

function changedFields(
  before: AccountRecord,
  after: AccountRecord,
): Record<string, { from: unknown; to: unknown }> {
  const fields: (keyof AccountChanges)[] = ['name', 'description', 'role', 'status', 'rateLimitPerMinute'];
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of fields) {
    if (before[field] !== after[field]) {
      changes[field] = { from: before[field], to: after[field] };
    }
  }
  return changes;
}
