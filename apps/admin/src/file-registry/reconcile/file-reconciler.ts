import { Inject, Injectable } from '@nestjs/common';
import type { FileMetadata, StorageElementRecord } from '@artstore/contracts';
import { APP_LOGGER, type AppLogger } from '@artstore/platform';
import { AuditService } from '../../audit/audit.service';
import { ElementApiAdapter } from '../../storage-elements/element-api.adapter';
import { StorageElementsError } from '../../storage-elements/storage-elements.errors';
import { StorageElementsRepository } from '../../storage-elements/storage-elements.repository';
import { ElementWalk, type ElementWalkReport } from './element-walk';
import { RegistryChangesService } from '../registry-changes.service';
import { ReconcileRepository } from './reconcile.repository';
import { emptyReconcileReport, recordReconcile, type ReconcileReport } from './reconcile-report';

/**
 * Repairs the registry from the elements (the attr.json files are the truth): every file an element
 * lists is registered by the version rule, and rows claiming an element that no longer holds them are
 * removed — only after that element's whole listing was read. Every repair leaves through the outbox.
 */
@Injectable()
export class FileReconciler {
  constructor(
    private readonly elements: StorageElementsRepository,
    private readonly api: ElementApiAdapter,
    private readonly files: ReconcileRepository,
    private readonly changes: RegistryChangesService,
    readonly audit: AuditService,
    @Inject(APP_LOGGER) readonly logger: AppLogger,
  ) {}

  async reconcile(options: { elementId?: string; actor: string }): Promise<ReconcileReport> {
    const targets = await this.targets(options.elementId);
    const report = emptyReconcileReport();
    // One element at a time: reconcile is a backstop, not worth loading every element at once.
    for (const element of targets) {
      try {
        add(report, await this.reconcileElement(element));
        report.elements_scanned += 1;
      } catch (error) {
        report.elements_failed += 1;
        this.logger.warn({ err: error, element_id: element.id }, 'reconcile could not walk the element');
      }
    }
    const resource = options.elementId ? `storage-element:${options.elementId}` : 'file-registry';
    await recordReconcile(this, options.actor, resource, report);
    return report;
  }

  private async targets(elementId: string | undefined): Promise<StorageElementRecord[]> {
    if (elementId === undefined) {
      return (await this.elements.list()).map((entry) => entry.record);
    }
    const entry = await this.elements.findById(elementId);
    if (!entry) {
      throw StorageElementsError.notFound(elementId);
    }
    return [entry.record];
  }

  private async reconcileElement(element: StorageElementRecord): Promise<ElementWalkReport> {
    const walk = new ElementWalk(element.id, await this.files.now(), this.files, this.logger);
    let cursor: string | undefined;
    do {
      const page = await this.api.listFiles(element.id, element.url, cursor);
      const listed = await walk.readPage(page);
      await this.registerListed(walk, listed);
      if (page.next_cursor !== null && page.next_cursor === cursor) {
        // A listing that does not advance would never end; the element is not walked this time.
        throw new Error(`element ${element.id} returned the same cursor again`);
      }
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined);
    // The listing is complete: now, and only now, may rows the element does not hold go.
    walk.report.unregistered = await this.removeUnheld(element.id, walk);
    return walk.report;
  }

  private async registerListed(walk: ElementWalk, listed: readonly FileMetadata[]): Promise<void> {
    // A cheap read first: most files are already registered as they are and need no transaction.
    const known = await this.files.findMany(listed.map((file) => file.file_id));
    for (const file of listed) {
      if (!walk.needsRegistration(known.get(file.file_id), file)) {
        continue;
      }
      const { decision } = await this.changes.register(file);
      walk.countDecision(decision, file);
    }
  }

  private async removeUnheld(elementId: string, walk: ElementWalk): Promise<number> {
    let removed = 0;
    for (const batch of walk.unheldBatches()) {
      removed += await this.changes.unregisterUnheld(elementId, batch, walk.startedAt);
    }
    return removed;
  }
}

function add(report: ReconcileReport, element: ElementWalkReport): void {
  report.files_seen += element.files_seen;
  report.registered += element.registered;
  report.updated += element.updated;
  report.unregistered += element.unregistered;
}
