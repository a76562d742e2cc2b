import { Injectable } from '@nestjs/common';
import {
  STORAGE_ELEMENT_MODES,
  STORAGE_ELEMENT_STATUSES,
  type Page,
  type StorageElementInfo,
  type StorageElementRecord,
  type StorageElementsSummary,
  type StorageElementUpdate,
} from '@artstore/contracts';
import { AuditService } from '../audit/audit.service';
import { ElementApiAdapter } from './element-api.adapter';
import { ElementRegistrations } from './element-registrations';
import { ElementsConfigPublication } from './elements-config.publication';
import { StorageElementsError } from './storage-elements.errors';
import { StorageElementsRepository, type ElementListFilter } from './storage-elements.repository';

/** The registry's use cases; every change is audited and republished. */
@Injectable()
export class StorageElementsService {
  constructor(
    private readonly elements: StorageElementsRepository,
    private readonly api: ElementApiAdapter,
    private readonly publication: ElementsConfigPublication,
    private readonly audit: AuditService,
    private readonly registrations: ElementRegistrations,
  ) {}

  /** Registers the element answering at `url` (idempotent on its id); `created` tells 201 from 200. */
  async register(url: string, actor: string): Promise<{ element: StorageElementRecord; created: boolean }> {
    let info: StorageElementInfo;
    try {
      info = await this.api.readInfo(url);
    } catch {
      throw StorageElementsError.unreachable(url);
    }
    const previous = await this.elements.findById(info.element_id);
    const { entry, created } = await this.elements.upsertFromInfo(url, info);
    // Elements re-register periodically; only a new element or a moved one is worth an audit event.
    if (created || previous?.record.url !== url) {
      await this.audit.record({
        actor,
        action: 'element.registered',
        resource: `storage-element:${info.element_id}`,
        result: 'success',
        details: { url, mode: info.mode, previous_url: previous?.record.url ?? null },
      });
    }
    await this.publication.publishQuietly();
    if (created) {
      this.registrations.announceFirstRegistration(entry.record);
    }
    return { element: entry.record, created };
  }

  async list(filter: ElementListFilter): Promise<Page<StorageElementRecord>> {
    const entries = await this.elements.list(filter);
    return { items: entries.map((entry) => entry.record), next_cursor: null, total: entries.length };
  }

  async get(id: string): Promise<StorageElementRecord> {
    const entry = await this.elements.findById(id);
    if (!entry) {
      throw StorageElementsError.notFound(id);
    }
    return entry.record;
  }

  async update(id: string, changes: StorageElementUpdate, actor: string): Promise<StorageElementRecord> {
    const entry = await this.elements.update(id, changes);
    if (!entry) {
      throw StorageElementsError.notFound(id);
    }
    await this.audit.record({
      actor,
      action: 'element.updated',
      resource: `storage-element:${id}`,
      result: 'success',
      details: { ...changes },
    });
    await this.publication.publishQuietly();
    return entry.record;
  }

  async remove(id: string, actor: string): Promise<void> {
    const entry = await this.elements.findById(id);
    if (!entry) {
      throw StorageElementsError.notFound(id);
    }
    if (!(await this.elements.deleteIfEmpty(id))) {
      throw StorageElementsError.notEmpty(id, entry.record.file_count);
    }
    await this.audit.record({
      actor,
      action: 'element.removed',
      resource: `storage-element:${id}`,
      result: 'success',
      details: { url: entry.record.url },
    });
    await this.publication.publishQuietly();
  }

  async summary(): Promise<StorageElementsSummary> {
    const entries = await this.elements.list();
    const summary: StorageElementsSummary = {
      total: entries.length,
      by_mode: Object.fromEntries(
        STORAGE_ELEMENT_MODES.map((mode) => [mode, 0]),
      ) as StorageElementsSummary['by_mode'],
      by_status: Object.fromEntries(
        STORAGE_ELEMENT_STATUSES.map((status) => [status, 0]),
      ) as StorageElementsSummary['by_status'],
      capacity_bytes: 0,
      used_bytes: 0,
      free_bytes: 0,
      file_count: 0,
    };
    for (const { record } of entries) {
      summary.by_mode[record.mode] += 1;
      summary.by_status[record.status] += 1;
      summary.capacity_bytes += record.capacity_bytes;
      summary.used_bytes += record.used_bytes;
      summary.free_bytes += record.free_bytes;
      summary.file_count += record.file_count;
    }
    return summary;
  }
}
