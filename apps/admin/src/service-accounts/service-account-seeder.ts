import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SERVICE_CLIENT_IDS, type Role } from '@artstore/contracts';
import { APP_CONFIG, APP_LOGGER, type AppLogger } from '@artstore/platform';
import { SYSTEM_ACTOR } from '../audit/audit-actions';
import type { AdminConfig } from '../config/admin.config';
import { SecretHasher } from '../crypto/secret-hasher';
import { AccountChangeLog } from './account-change-log';
import { ServiceAccountsRepository } from './service-accounts.repository';

interface SeededAccount {
  clientId: string;
  secret: string;
  role: Role;
  name: string;
  /** Internal accounts follow their configured secret; the bootstrap admin is only created once. */
  followsConfiguredSecret: boolean;
}

/**
 * Creates the bootstrap admin and the internal accounts of the other services at start. Safe with
 * several admin instances starting together: the insert is ON CONFLICT DO NOTHING.
 */
@Injectable()
export class ServiceAccountSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly accounts: ServiceAccountsRepository,
    private readonly hasher: SecretHasher,
    private readonly changeLog: AccountChangeLog,
    @Inject(APP_CONFIG) private readonly config: AdminConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const account of this.configuredAccounts()) {
      await this.seed(account);
    }
  }

  private configuredAccounts(): SeededAccount[] {
    const config = this.config;
    const seeded: SeededAccount[] = [];
    if (config.ARTSTORE_BOOTSTRAP_CLIENT_ID && config.ARTSTORE_BOOTSTRAP_CLIENT_SECRET) {
      seeded.push({
        clientId: config.ARTSTORE_BOOTSTRAP_CLIENT_ID,
        secret: config.ARTSTORE_BOOTSTRAP_CLIENT_SECRET,
        role: 'admin',
        name: 'Bootstrap admin',
        followsConfiguredSecret: false,
      });
    }
    const internal: [string, string | undefined, Role][] = [
      [SERVICE_CLIENT_IDS.ingester, config.ARTSTORE_INGESTER_CLIENT_SECRET, 'service:ingester'],
      [SERVICE_CLIENT_IDS.query, config.ARTSTORE_QUERY_CLIENT_SECRET, 'service:query'],
      [SERVICE_CLIENT_IDS.storage, config.ARTSTORE_STORAGE_CLIENT_SECRET, 'service:storage'],
    ];
    for (const [clientId, secret, role] of internal) {
      if (secret) {
        seeded.push({
          clientId,
          secret,
          role,
          name: `ArtStore ${role.slice('service:'.length)}`,
          followsConfiguredSecret: true,
        });
      }
    }
    return seeded;
  }

  private async seed(seed: SeededAccount): Promise<void> {
    const hash = await this.hasher.hashChosen(seed.secret);
    const created = await this.accounts.transaction(async (manager) => {
      const account = await this.accounts.insert(
        manager,
        {
          clientId: seed.clientId,
          name: seed.name,
          description: null,
          role: seed.role,
          rateLimitPerMinute: null,
        },
        hash,
      );
      if (account) {
        await this.changeLog.created(manager, SYSTEM_ACTOR, account);
      }
      return account;
    });
    if (created) {
      this.logger.info({ clientId: seed.clientId, role: seed.role }, 'service account seeded');
      return;
    }
    if (seed.followsConfiguredSecret) {
      await this.followConfiguredSecret(seed, hash);
    }
  }

  /** A changed internal secret in the configuration becomes the account's secret, the old one in grace. */
  private async followConfiguredSecret(seed: SeededAccount, hash: string): Promise<void> {
    const found = await this.accounts.findForAuthentication(seed.clientId);
    if (!found) {
      return;
    }
    const current = found.secretHashes[0];
    if (current !== undefined && (await this.hasher.verify(seed.secret, current))) {
      return;
    }
    const previousValidUntil = new Date(Date.now() + this.config.SECRET_ROTATION_GRACE_S * 1000);
    await this.accounts.transaction(async (manager) => {
      await this.accounts.replaceSecret(manager, found.account.id, hash, previousValidUntil);
      await this.changeLog.secretRotated(manager, SYSTEM_ACTOR, found.account, previousValidUntil);
    });
    this.logger.info(
      { clientId: seed.clientId },
      'internal service secret changed in configuration; rotated',
    );
  }
}
