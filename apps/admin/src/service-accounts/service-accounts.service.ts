import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Page, RotatedSecret, ServiceAccount, ServiceAccountWithSecret } from '@artstore/contracts';
import { APP_CONFIG } from '@artstore/platform';
import type { AdminConfig } from '../config/admin.config';
import { generateClientId, generateClientSecret } from '../crypto/generate-secret';
import { SecretHasher } from '../crypto/secret-hasher';
import { decodeAccountCursor, encodeAccountCursor } from './account-cursor';
import type {
  CreateServiceAccountInput,
  ListServiceAccountsInput,
  UpdateServiceAccountInput,
} from './dto/service-account.schemas';
import { toServiceAccountView } from './service-account.view';
import { AccountChangeLog } from './account-change-log';
import { AccountRateLimits } from './account-rate-limits';
import { ServiceAccountsError } from './service-accounts.errors';
import { ServiceAccountsRepository, type AccountRecord } from './service-accounts.repository';

/** Service accounts: the only place their secrets are created, and only their hashes are kept. */
@Injectable()
export class ServiceAccountsService {
  constructor(
    private readonly repository: ServiceAccountsRepository,
    private readonly hasher: SecretHasher,
    private readonly changeLog: AccountChangeLog,
    private readonly rateLimits: AccountRateLimits,
    @Inject(APP_CONFIG) private readonly config: AdminConfig,
  ) {}

  async create(input: CreateServiceAccountInput, actor: string): Promise<ServiceAccountWithSecret> {
    const secret = input.client_secret ?? generateClientSecret();
    const hash = await this.hashSecret(secret, input.client_secret !== undefined);
    const clientId = input.client_id ?? generateClientId();
    const account = await this.repository.transaction(async (manager) => {
      const created = await this.repository.insert(
        manager,
        {
          clientId,
          name: input.name,
          description: input.description ?? null,
          role: input.role,
          rateLimitPerMinute: input.rate_limit_per_minute ?? null,
        },
        hash,
      );
      if (!created) {
        throw ServiceAccountsError.clientIdTaken(clientId);
      }
      await this.changeLog.created(manager, actor, created);
      return created;
    });
    await this.rateLimits.applied(account);
    return { ...toServiceAccountView(account), client_secret: secret };
  }

  async list(input: ListServiceAccountsInput): Promise<Page<ServiceAccount>> {
    const accounts = await this.repository.list({
      ...(input.role ? { role: input.role } : {}),
      ...(input.status ? { status: input.status } : {}),
      ...(input.cursor ? { after: decodeAccountCursor(input.cursor) } : {}),
      limit: input.limit + 1,
    });
    const page = accounts.slice(0, input.limit);
    const last = page.at(-1);
    return {
      items: page.map(toServiceAccountView),
      next_cursor: accounts.length > input.limit && last ? encodeAccountCursor(last) : null,
    };
  }

  async get(id: string): Promise<ServiceAccount> {
    return toServiceAccountView(await this.existing(id));
  }

  async update(id: string, changes: UpdateServiceAccountInput, actor: string): Promise<ServiceAccount> {
    const account = await this.repository.transaction(async (manager) => {
      const before = await this.existing(id, manager);
      const losesAdmin =
        before.role === 'admin' &&
        before.status === 'active' &&
        ((changes.role !== undefined && changes.role !== 'admin') || changes.status === 'disabled');
      if (losesAdmin) {
        await this.assertAnotherAdmin(manager, id);
      }
      const after = await this.repository.update(manager, id, {
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.description !== undefined ? { description: changes.description } : {}),
        ...(changes.role !== undefined ? { role: changes.role } : {}),
        ...(changes.status !== undefined ? { status: changes.status } : {}),
        ...(changes.rate_limit_per_minute !== undefined
          ? { rateLimitPerMinute: changes.rate_limit_per_minute }
          : {}),
      });
      if (!after) {
        throw ServiceAccountsError.notFound(id);
      }
      await this.changeLog.updated(manager, actor, before, after);
      return after;
    });
    await this.rateLimits.applied(account);
    return toServiceAccountView(account);
  }

  async delete(id: string, actor: string): Promise<void> {
    const account = await this.repository.transaction(async (manager) => {
      const existing = await this.existing(id, manager);
      if (existing.role === 'admin' && existing.status === 'active') {
        await this.assertAnotherAdmin(manager, id);
      }
      const deleted = await this.repository.delete(manager, id);
      if (!deleted) {
        throw ServiceAccountsError.notFound(id);
      }
      await this.changeLog.deleted(manager, actor, deleted);
      return deleted;
    });
    await this.rateLimits.removed(account);
  }

  /** A new secret; the previous one keeps working for SECRET_ROTATION_GRACE_S. */
  async rotateSecret(id: string, chosenSecret: string | undefined, actor: string): Promise<RotatedSecret> {
    const secret = chosenSecret ?? generateClientSecret();
    const hash = await this.hashSecret(secret, chosenSecret !== undefined);
    const previousValidUntil = new Date(Date.now() + this.config.SECRET_ROTATION_GRACE_S * 1000);
    const account = await this.repository.transaction(async (manager) => {
      const existing = await this.existing(id, manager);
      await this.repository.replaceSecret(manager, id, hash, previousValidUntil);
      await this.changeLog.secretRotated(manager, actor, existing, previousValidUntil);
      return existing;
    });
    return {
      client_id: account.clientId,
      client_secret: secret,
      previous_secret_valid_until: previousValidUntil.toISOString(),
    };
  }

  private hashSecret(secret: string, chosen: boolean): Promise<string> {
    return chosen ? this.hasher.hashChosen(secret) : Promise.resolve(this.hasher.hashGenerated(secret));
  }

  private async existing(id: string, manager?: EntityManager): Promise<AccountRecord> {
    const account = await this.repository.findById(id, manager);
    if (!account) {
      throw ServiceAccountsError.notFound(id);
    }
    return account;
  }

  private async assertAnotherAdmin(manager: EntityManager, id: string): Promise<void> {
    if ((await this.repository.countOtherActiveAdmins(manager, id)) === 0) {
      throw ServiceAccountsError.lastAdmin();
    }
  }
}
