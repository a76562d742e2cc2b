import { Inject, Injectable } from '@nestjs/common';
import type { FileMetadata, StorageElementRecord } from '@artstore/contracts';
import { APP_LOGGER, type AppLogger } from '@artstore/platform';
import { AuditService } from '../../audit/audit.service';
import { ElementApiAdapter } from '../../storage-elements/element-api.adapter';
import { StorageElementsRepository } from '../../storage-elements/storage-elements.repository';
import { RegistryChangesService } from '../registry-changes.service';
import { listedFileMetadata } from './listed-file';
import { ReconcileRepository } from './reconcile.repository';
import { emptyReconcileReport, recordReconcile, type ReconcileReport } from './reconcile-report';

/**
 * Reconcile of one file, for a reader that found it missing where the registry said (SPEC §7): asks
 * the registered element first, then every other one. A row whose element answered "no such file"
 * goes (`file.deleted`) — once another copy was found, or every element answered — and the newest
 * copy found is registered by the version rule (`file.created|updated`).
 */
@Injectable()
export class FileRepair {
  constructor(
    private readonly elements: StorageElementsRepository,
    private readonly api: ElementApiAdapter,
    private readonly files: ReconcileRepository,
    private readonly changes: RegistryChangesService,
    readonly audit: AuditService,
    @Inject(APP_LOGGER) readonly logger: AppLogger,
  ) {}

  async repair(fileId: string, actor: string): Promise<ReconcileReport> {
    const startedAt = await this.files.now();
    const registered = (await this.files.findMany([fileId])).get(fileId);
    const report = emptyReconcileReport();
    const search = await this.findNewestCopy(fileId, registered?.storage_element_id, report);
    // A row naming an element that answered "no such file" is wrong whatever its version says.
    // A registration after `startedAt` (a saga racing this repair) is never removed.
    if (registered && search.registeredHolderLacksIt && (search.found || report.elements_failed === 0)) {
      report.unregistered += await this.changes.unregisterUnheld(
        registered.storage_element_id,
        [fileId],
        startedAt,
      );
    }
    if (search.found) {
      const { decision } = await this.changes.register(search.found);
      report.registered += decision === 'create' ? 1 : 0;
      report.updated += decision === 'update' ? 1 : 0;
    }
    await recordReconcile(this, actor, `file:${fileId}`, report);
    return report;
  }

  private async findNewestCopy(
    fileId: string,
    registeredOn: string | undefined,
    report: ReconcileReport,
  ): Promise<{ found: FileMetadata | undefined; registeredHolderLacksIt: boolean }> {
    let newest: FileMetadata | undefined;
    let registeredHolderLacksIt = false;
    for (const element of await this.askingOrder(registeredOn)) {
      let copy: FileMetadata | undefined;
      try {
        const attributes = await this.api.readFileAttributes(element.id, element.url, fileId);
        report.elements_scanned += 1;
        if (attributes === null) {
          registeredHolderLacksIt ||= element.id === registeredOn;
          continue;
        }
        report.files_seen += 1;
        copy = listedFileMetadata(attributes, element.id);
      } catch (error) {
        report.elements_failed += 1;
        this.logger.warn(
          { err: error, element_id: element.id, file_id: fileId },
          'repair could not ask the element',
        );
        continue;
      }
      if (copy && (!newest || copy.version > newest.version)) {
        newest = copy;
      }
      if (copy && element.id === registeredOn) {
        // Where the registry says it is: nothing else to look for.
        break;
      }
    }
    return { found: newest, registeredHolderLacksIt };
  }

  private async askingOrder(registeredOn: string | undefined): Promise<StorageElementRecord[]> {
    const all = (await this.elements.list()).map((entry) => entry.record);
    return [...all.filter((e) => e.id === registeredOn), ...all.filter((e) => e.id !== registeredOn)];
  }
}
