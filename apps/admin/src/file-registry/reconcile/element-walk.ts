import type { FileMetadata } from '@artstore/contracts';
import type { AppLogger } from '@artstore/platform';
import type { ElementFilePage } from '../../storage-elements/element-api.adapter';
import { fileIdSchema } from '../dto/file-metadata.schemas';
import { decideRegistration, type RegistrationDecision } from '../file-version-rule';
import { listedFileMetadata } from './listed-file';
import type { ReconcileRepository } from './reconcile.repository';

export interface ElementWalkReport {
  files_seen: number;
  registered: number;
  updated: number;
  unregistered: number;
}

const UNREGISTER_BATCH = 500;

/**
 * The state of one element's reconcile walk. The element lists in file id order, so each page also
 * covers the id range since the previous one: registry rows claiming the element in that range that the
 * page lacks are rows the element does not hold. They are only collected here; removal waits for the
 * end of the listing.
 */
export class ElementWalk {
  readonly report: ElementWalkReport = { files_seen: 0, registered: 0, updated: 0, unregistered: 0 };
  private readonly unheld: string[] = [];
  private coveredUpTo: string | null = null;

  constructor(
    readonly elementId: string,
    /** Registry rows changed after this (registrations racing the walk) are never removed by it. */
    readonly startedAt: Date,
    private readonly files: ReconcileRepository,
    private readonly logger: AppLogger,
  ) {}

  /** The page's valid files; records the registry rows its id range shows as not held. */
  async readPage(page: ElementFilePage): Promise<FileMetadata[]> {
    const listed: FileMetadata[] = [];
    const held = new Set<string>();
    for (const item of page.items) {
      this.report.files_seen += 1;
      const record = isRecord(item) ? item : {};
      const fileId = fileIdSchema.safeParse(record['file_id']);
      if (fileId.success) {
        held.add(fileId.data);
      }
      const file = listedFileMetadata(item, this.elementId);
      if (file) {
        listed.push(file);
      } else {
        this.logger.warn(
          { element_id: this.elementId, file_id: record['file_id'] ?? null },
          'reconcile skipped a listed file it cannot register',
        );
      }
    }
    const last = [...held].sort().at(-1);
    if (page.next_cursor !== null && last === undefined) {
      // An empty page that is not the last proves nothing about any range.
      return listed;
    }
    // The last page covers everything after the previous one; others end at their last id.
    const upTo = page.next_cursor === null ? null : (last ?? null);
    const claimed = await this.files.idsClaimingElement(this.elementId, this.coveredUpTo, upTo);
    this.unheld.push(...claimed.filter((fileId) => !held.has(fileId)));
    this.coveredUpTo = upTo;
    return listed;
  }

  /** True when the version rule would change the registry (create or update). */
  needsRegistration(stored: FileMetadata | undefined, listed: FileMetadata): boolean {
    const decision = decideRegistration(stored, listed);
    if (decision === 'version_conflict') {
      this.logVersionConflict(listed);
    }
    return decision === 'create' || decision === 'update';
  }

  countDecision(decision: RegistrationDecision, file: FileMetadata): void {
    switch (decision) {
      case 'create':
        this.report.registered += 1;
        return;
      case 'update':
        this.report.updated += 1;
        return;
      case 'version_conflict':
        this.logVersionConflict(file);
        return;
      case 'unchanged':
      case 'stale_version':
        // A registration raced the walk; the registry already holds this or newer.
        return;
    }
  }

  *unheldBatches(): Generator<string[]> {
    for (let start = 0; start < this.unheld.length; start += UNREGISTER_BATCH) {
      yield this.unheld.slice(start, start + UNREGISTER_BATCH);
    }
  }

  private logVersionConflict(file: FileMetadata): void {
    // Same version, other content: neither side is provably newer, so the registry keeps its row.
    this.logger.warn(
      { element_id: this.elementId, file_id: file.file_id, version: file.version },
      'element and registry disagree on a file at the same version; registry kept',
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
