import { Injectable } from '@nestjs/common';
import type { FileMetadata, Page } from '@artstore/contracts';
import type { ListFilesQuery } from './dto/file-metadata.schemas';
import type { FileRemovalAudit } from './dto/unregister-query.schema';
import { decodeFileCursor, encodeFileCursor } from './file-cursor';
import { FileRegistryError } from './file-registry.errors';
import { FileRegistryRepository } from './file-registry.repository';
import { RegistryChangesService } from './registry-changes.service';

/** The registry's use cases for the sagas (register, unregister) and for readers (get, list). */
@Injectable()
export class FileRegistryService {
  constructor(
    private readonly files: FileRegistryRepository,
    private readonly changes: RegistryChangesService,
  ) {}

  /** `created` tells 201 from 200; a same-version retry with the same content is a 200 without an event. */
  async register(incoming: FileMetadata): Promise<{ file: FileMetadata; created: boolean }> {
    const { decision, stored } = await this.changes.register(incoming);
    switch (decision) {
      case 'create':
        return { file: stored, created: true };
      case 'update':
      case 'unchanged':
        return { file: stored, created: false };
      case 'version_conflict':
        throw FileRegistryError.versionConflict(incoming.file_id, stored.version);
      case 'stale_version':
        throw FileRegistryError.staleVersion(incoming.file_id, incoming.version, stored.version);
    }
  }

  /** Idempotent: nothing to remove is fine. */
  async unregister(fileId: string, audit?: FileRemovalAudit): Promise<void> {
    await this.changes.unregister(fileId, audit);
  }

  async get(fileId: string): Promise<FileMetadata> {
    const file = await this.files.find(fileId);
    if (!file) {
      throw FileRegistryError.notFound(fileId);
    }
    return file;
  }

  /** Oldest first by (created_at, file_id); `next_cursor` is null on the last page. */
  async list(query: ListFilesQuery): Promise<Page<FileMetadata>> {
    const { limit, cursor, ...filter } = query;
    const after = cursor === undefined ? undefined : decodeFileCursor(cursor);
    // One extra row tells whether another page exists without a second query.
    const rows = await this.files.list(filter, after, limit + 1);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items,
      next_cursor:
        rows.length > limit && last
          ? encodeFileCursor({ createdAt: last.created_at, fileId: last.file_id })
          : null,
    };
  }
}
