import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { FileMetadata } from '@artstore/contracts';
import { AuditService } from '../audit/audit.service';
import { FileEventOutboxRepository } from './file-event-outbox.repository';
import { FileEventRelay } from './file-event-relay';
import { FileRegistryRepository } from './file-registry.repository';
import { decideRegistration, type RegistrationDecision } from './file-version-rule';
import type { FileRemovalAudit } from './dto/unregister-query.schema';

export interface RegistrationOutcome {
  decision: RegistrationDecision;
  /** What the registry holds afterwards (for a refused change: what it kept). */
  stored: FileMetadata;
}

/**
 * Every registry write with its outbox event in one PostgreSQL transaction: the event exists exactly
 * when the change committed. The relay is nudged after commit and never awaited.
 */
@Injectable()
export class RegistryChangesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly files: FileRegistryRepository,
    private readonly outbox: FileEventOutboxRepository,
    private readonly relay: FileEventRelay,
    private readonly audit: AuditService,
  ) {}

  /** Applies the version rule under the row lock; refusals change nothing and are the caller's to report. */
  async register(incoming: FileMetadata): Promise<RegistrationOutcome> {
    const outcome = await this.dataSource.transaction('READ COMMITTED', (manager) =>
      this.registerInTransaction(manager, incoming),
    );
    if (outcome.decision === 'create' || outcome.decision === 'update') {
      this.relay.relaySoon();
    }
    return outcome;
  }

  /**
   * Removes the row; undefined when there was none (no event then). With `audit` (a client's delete or
   * the TTL expiry, not a saga's undo) the audit event commits with the removal: a retry finds no row
   * and appends no second event.
   */
  async unregister(fileId: string, audit?: FileRemovalAudit): Promise<FileMetadata | undefined> {
    const removed = await this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const row = await this.files.delete(manager, fileId);
      if (row) {
        await this.outbox.append(manager, 'file.deleted', row);
        if (audit) {
          await this.audit.recordInTransaction(manager, {
            actor: audit.actor,
            action: audit.reason === 'expired' ? 'file.expired' : 'file.deleted',
            resource: `file:${fileId}`,
            result: 'success',
            details: {
              storage_element_id: row.storage_element_id,
              original_filename: row.original_filename,
              size_bytes: row.size_bytes,
              ttl_expires_at: row.ttl_expires_at,
              via: audit.via,
            },
          });
        }
      }
      return row;
    });
    if (removed) {
      this.relay.relaySoon();
    }
    return removed;
  }

  /** Reconcile's removal of rows an element no longer holds; guarded against registrations since `walkStart`. */
  async unregisterUnheld(elementId: string, fileIds: readonly string[], walkStart: Date): Promise<number> {
    const removed = await this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const rows = await this.files.deleteUnheld(manager, elementId, fileIds, walkStart);
      for (const row of rows) {
        await this.outbox.append(manager, 'file.deleted', row);
      }
      return rows.length;
    });
    if (removed > 0) {
      this.relay.relaySoon();
    }
    return removed;
  }

  private async registerInTransaction(
    manager: EntityManager,
    incoming: FileMetadata,
  ): Promise<RegistrationOutcome> {
    // Two attempts: a concurrent first registration of the same id makes the insert a no-op, then the row exists.
    for (let attempt = 0; ; attempt += 1) {
      const stored = await this.files.findForUpdate(manager, incoming.file_id);
      const decision = decideRegistration(stored, incoming);
      switch (decision) {
        case 'create': {
          const inserted = await this.files.insertIfAbsent(manager, incoming);
          if (!inserted) {
            if (attempt > 0) {
              throw new Error(`file ${incoming.file_id} neither inserted nor found`);
            }
            continue;
          }
          await this.outbox.append(manager, 'file.created', inserted);
          return { decision, stored: inserted };
        }
        case 'update': {
          const updated = await this.files.replace(manager, incoming);
          await this.outbox.append(manager, 'file.updated', updated);
          return { decision, stored: updated };
        }
        case 'unchanged':
        case 'version_conflict':
        case 'stale_version':
          // `stored` exists here: only a missing row decides 'create'.
          return { decision, stored: stored ?? incoming };
      }
    }
  }
}
