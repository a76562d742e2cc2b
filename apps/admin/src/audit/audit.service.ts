import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditEvent, AuditResult, Page } from '@artstore/contracts';
import type { AuditAction } from './audit-actions';
import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor';
import { sanitizeAuditDetails, toAuditText } from './audit-details';
import { computeAuditHash } from './audit-hash';
import { AuditRepository, type AuditEventFilter, type AuditEventRow } from './audit.repository';

/** What a caller tells the log; id, time and hashes are the log's business. */
export interface AuditEntry {
  /** The client id that acted, or `SYSTEM_ACTOR`. */
  actor: string;
  action: AuditAction;
  /** What was acted on, e.g. `service-account:<id>` or `signing-key:<kid>`. */
  resource: string;
  result: AuditResult;
  /** Context for a reader; secrets are redacted anyway, but do not pass them. */
  details?: Readonly<Record<string, unknown>>;
}

export interface AuditEventQuery extends AuditEventFilter {
  limit: number;
  cursor?: string;
}

@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: AuditRepository,
  ) {}

  /** Appends one event in a transaction of its own. */
  async record(entry: AuditEntry): Promise<AuditEvent> {
    return this.dataSource.transaction('READ COMMITTED', (manager) =>
      this.recordInTransaction(manager, entry),
    );
  }

  /**
   * Appends one event inside the caller's READ COMMITTED transaction, so a change and its event commit
   * or roll back together. Appends queue behind that transaction until it ends: keep it short.
   */
  async recordInTransaction(manager: EntityManager, entry: AuditEntry): Promise<AuditEvent> {
    await this.events.lockChain(manager);
    const position = await this.events.nextChainPosition(manager);
    const unhashed = {
      id: position.id,
      at: position.at,
      actor: toAuditText(entry.actor),
      action: entry.action,
      resource: toAuditText(entry.resource),
      result: entry.result,
      details: sanitizeAuditDetails(entry.details),
      prev_hash: position.prevHash,
    };
    const row: AuditEventRow = { ...unhashed, hash: computeAuditHash(position.prevHash, unhashed) };
    await this.events.insert(manager, row);
    return toAuditEvent(row);
  }

  /**
   * Appends the event with `details.saga_id` unless the saga already recorded it: a saga step that runs
   * again after a crash leaves one event, not two.
   */
  async recordOnceForSaga(entry: AuditEntry, sagaId: string): Promise<void> {
    await this.dataSource.transaction('READ COMMITTED', async (manager) => {
      await this.events.lockChain(manager);
      if (await this.events.existsForSaga(manager, entry.action, toAuditText(entry.resource), sagaId)) {
        return;
      }
      await this.recordInTransaction(manager, { ...entry, details: { ...entry.details, saga_id: sagaId } });
    });
  }

  /** Newest first; `next_cursor` is null on the last page. */
  async listEvents(query: AuditEventQuery): Promise<Page<AuditEvent>> {
    const beforeId = query.cursor === undefined ? undefined : decodeAuditCursor(query.cursor);
    // One extra row tells whether another page exists without a second query.
    const rows = await this.events.findNewest(query, beforeId, query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(toAuditEvent),
      next_cursor: rows.length > query.limit && last ? encodeAuditCursor(last.id) : null,
    };
  }
}

function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    resource: row.resource,
    result: row.result,
    details: row.details,
    hash: row.hash,
  };
}
