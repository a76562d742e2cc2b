import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { JWK } from 'jose';
import type { SigningKeyView } from '@artstore/contracts';
import { APP_CONFIG, APP_LOGGER, type AppLogger } from '@artstore/platform';
import { SYSTEM_ACTOR } from '../audit/audit-actions';
import { AuditService } from '../audit/audit.service';
import type { AdminConfig } from '../config/admin.config';
import { KeyEncryption } from '../crypto/key-encryption';
import { createSigningKey, decryptPrivateKey } from './signing-key-material';
import {
  activeKey,
  expiredKeys,
  keyStates,
  publishedKeys,
  scheduledActivation,
  type RotationPolicy,
} from './signing-key-timeline';
import { SigningKeysError } from './signing-keys.errors';
import { SigningKeysRepository, type StoredSigningKey } from './signing-keys.repository';

export interface Signer {
  kid: string;
  privateKey: KeyObject;
}

/**
 * Keeps the signing keys on schedule and serves them: every instance reloads the keys on a short
 * tick (shorter than the publish lead, so it holds a new key before that key signs) and picks the
 * signer by time, so all instances switch keys at the same moment.
 */
@Injectable()
export class SigningKeysService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly policy: RotationPolicy;
  private keys: StoredSigningKey[] = [];
  private readonly privateKeys = new Map<string, KeyObject>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repository: SigningKeysRepository,
    private readonly encryption: KeyEncryption,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AdminConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {
    this.policy = {
      intervalMs: config.SIGNING_KEY_ROTATION_INTERVAL_S * 1000,
      publishLeadMs: config.SIGNING_KEY_PUBLISH_LEAD_S * 1000,
      tokenLifetimeMs: config.ACCESS_TOKEN_TTL_S * 1000,
      retiredGraceMs: config.SIGNING_KEY_RETIRED_GRACE_S * 1000,
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.keepSchedule();
    const tickMs = Math.min(30_000, Math.max(500, this.policy.publishLeadMs / 3));
    this.timer = setInterval(() => {
      this.keepSchedule().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'signing key schedule failed'),
      );
    }, tickMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Creates the next key when it is due, deletes keys whose tokens have all expired, reloads. */
  async keepSchedule(): Promise<void> {
    const created = await this.repository.withRotationLock(async (manager) => {
      const now = new Date();
      const keys = await this.repository.list(manager);
      await this.repository.delete(
        manager,
        expiredKeys(keys, now, this.policy).map((key) => key.kid),
      );
      const activatesAt = scheduledActivation(keys, now, this.policy);
      if (!activatesAt) {
        return undefined;
      }
      const key = await this.repository.insert(manager, await createSigningKey(this.encryption, activatesAt));
      await this.recordRotation(manager, SYSTEM_ACTOR, key, 'scheduled');
      return key;
    });
    if (created) {
      this.logger.info({ kid: created.kid, activatesAt: created.activatesAt }, 'signing key created');
    }
    await this.reload();
  }

  /**
   * Forces a rotation: a new key published now that signs after the publish lead. When a key is
   * already waiting, that one is the answer (rotating twice would only shorten its publication).
   */
  async rotate(actor: string): Promise<{ view: SigningKeyView; created: boolean }> {
    const { key, created } = await this.repository.withRotationLock(async (manager) => {
      const now = new Date();
      const keys = await this.repository.list(manager);
      const waiting = keyStates(keys, now, this.policy).find((state) => state.status === 'next');
      if (waiting) {
        return { key: waiting.key, created: false };
      }
      const activatesAt = new Date(now.getTime() + this.policy.publishLeadMs);
      const key = await this.repository.insert(manager, await createSigningKey(this.encryption, activatesAt));
      await this.recordRotation(manager, actor, key, 'forced');
      return { key, created: true };
    });
    await this.reload();
    const view = this.views().find((candidate) => candidate.kid === key.kid);
    if (!view) {
      throw SigningKeysError.unavailable();
    }
    return { view, created };
  }

  /** The key that signs now. */
  signer(now = new Date()): Signer {
    const key = activeKey(this.keys, now, this.policy);
    if (!key) {
      throw SigningKeysError.unavailable();
    }
    let privateKey = this.privateKeys.get(key.kid);
    if (!privateKey) {
      privateKey = decryptPrivateKey(this.encryption, key);
      this.privateKeys.set(key.kid, privateKey);
    }
    return { kid: key.kid, privateKey };
  }

  /** The JWKS: public members only. */
  jwks(now = new Date()): { keys: JWK[] } {
    return {
      keys: publishedKeys(this.keys, now, this.policy).map((key) => ({
        ...key.publicJwk,
        kid: key.kid,
        alg: 'RS256',
        use: 'sig',
      })),
    };
  }

  views(now = new Date()): SigningKeyView[] {
    return keyStates(this.keys, now, this.policy).map((state) => ({
      kid: state.key.kid,
      alg: 'RS256',
      status: state.status,
      created_at: state.key.createdAt.toISOString(),
      activates_at: state.key.activatesAt.toISOString(),
      retired_at: state.retiredAt?.toISOString() ?? null,
      unpublish_at: state.unpublishAt?.toISOString() ?? null,
    }));
  }

  hasKeys(): boolean {
    return this.keys.length > 0;
  }

  private async recordRotation(
    manager: EntityManager,
    actor: string,
    key: StoredSigningKey,
    reason: 'scheduled' | 'forced',
  ): Promise<void> {
    await this.audit.recordInTransaction(manager, {
      actor,
      action: 'key.rotated',
      resource: `signing-key:${key.kid}`,
      result: 'success',
      details: { reason, activates_at: key.activatesAt.toISOString() },
    });
  }

  /** Reads the keys again (another instance may have created one). */
  async reload(): Promise<void> {
    this.keys = await this.repository.list();
    const known = new Set(this.keys.map((key) => key.kid));
    for (const kid of this.privateKeys.keys()) {
      if (!known.has(kid)) {
        this.privateKeys.delete(kid);
      }
    }
  }
}
