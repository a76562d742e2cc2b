import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import {
  AttrWal,
  pathsFor,
  type ByteRange,
  type FileSystem,
  type HookCompensation,
} from '@artstore/attr-wal';
import type { AttrJson, FileAttributesPatch, NewFileAttributes, Page } from '@artstore/contracts';
import { APP_CONFIG, DomainError, InvalidInputError } from '@artstore/platform';
import type { StorageElementConfig } from '../config/storage-element.config';
import { FileCacheRepository } from '../file-cache/file-cache.repository';
import { CorruptedFilesRepository } from '../integrity/corrupted-files.repository';
import { ModesService } from '../modes/modes.service';
import { ELEMENT_FILE_SYSTEM } from '../storage-backend/element-file-system';
import { CapacityReservations } from './capacity-reservations';
import { DigestWorkerPool } from './digest-worker-pool';
import { FileChangePublisher } from './file-change-publisher';
import { FileOperationsMetrics, type FileOperation } from './file-operations.metrics';
import { decodeListCursor, encodeListCursor } from './list-cursor';
import { fromAttrWalError, StoredFileError } from './stored-file.errors';
import { VerifyingStream } from './verifying-stream';

export interface StoreFileRequest {
  fileId: string;
  body: Readable;
  /** Declared by the client; lets a refusal come before any byte is read. */
  contentLength?: number;
  expectedSha256?: string;
  attributes: NewFileAttributes;
}

export interface StoredFile {
  attributes: AttrJson;
  created: boolean;
}

/** The file's bytes, whole or the requested range. */
export interface FileContent {
  stream: Readable;
}

/** The element's file operations: mode rules, capacity, the write protocol and its cache. */
@Injectable()
export class FilesService {
  private readonly reservations = new CapacityReservations();

  constructor(
    @Inject(APP_CONFIG) private readonly config: StorageElementConfig,
    @Inject(ELEMENT_FILE_SYSTEM) private readonly fileSystem: FileSystem,
    private readonly wal: AttrWal,
    private readonly cache: FileCacheRepository,
    private readonly corrupted: CorruptedFilesRepository,
    private readonly modes: ModesService,
    private readonly publisher: FileChangePublisher,
    private readonly metrics: FileOperationsMetrics,
    private readonly digests: DigestWorkerPool,
  ) {}

  async store(request: StoreFileRequest): Promise<StoredFile> {
    return this.measured(
      'create',
      async () => {
        this.assertFileId(request.fileId);
        this.modes.assertAllows('create');
        const limit = this.config.ARTSTORE_MAX_UPLOAD_BYTES;
        if (request.contentLength !== undefined && request.contentLength > limit) {
          throw new StoredFileError(
            'payload_too_large',
            `The file exceeds the upload limit of ${limit} bytes.`,
          );
        }
        const available = await this.availableBytes();
        if (request.contentLength !== undefined && request.contentLength > available) {
          throw new StoredFileError(
            'insufficient_storage',
            `The file (${request.contentLength} bytes) does not fit in the ${available} bytes free on this element.`,
          );
        }
        const release = this.reservations.reserve(request.contentLength ?? 0);
        try {
          const result = await this.wal.create({
            fileId: request.fileId,
            body: request.body,
            expectedSha256: request.expectedSha256,
            attributes: request.attributes,
            maxBytes: limit,
            // A declared length is already reserved; a chunked body may use what is left.
            availableBytes: request.contentLength ?? available,
            beforeCommit: async (attributes) => {
              await this.cache.upsert(attributes);
              await this.publisher.publish({ type: 'file.created', file_id: attributes.file_id, version: 1 });
              return () => this.cache.remove(attributes.file_id).then(() => undefined);
            },
          });
          if (result.created) {
            this.metrics.recordWritten(result.attributes.size_bytes);
          }
          return result;
        } finally {
          release();
        }
      },
      (result) => (result.created ? 'success' : 'unchanged'),
    );
  }

  /** The committed attributes (attr.json, the source of truth) or 404. */
  async attributes(fileId: string): Promise<AttrJson> {
    this.assertFileId(fileId);
    this.modes.assertAllows('read');
    const attributes = await this.wal.readAttributes(fileId).catch((error: unknown) => {
      throw fromAttrWalError(error);
    });
    if (!attributes) {
      throw new StoredFileError('file_not_found', `File ${fileId} does not exist on this element.`);
    }
    return attributes;
  }

  /**
   * The file's bytes, refused while it is known to be corrupted. A whole-file read is verified on
   * the way out; a mismatch breaks the transfer and marks the file corrupted.
   */
  async content(attributes: AttrJson, range?: ByteRange): Promise<FileContent> {
    const fileId = attributes.file_id;
    if (await this.corrupted.isCorrupted(fileId)) {
      throw this.corruptedError(fileId);
    }
    const stream = await this.fileSystem
      .openRead(pathsFor(this.dataRoot(), fileId).data, range)
      .catch((error: unknown) => {
        throw fromAttrWalError(error);
      });
    if (!stream) {
      // Deleted meanwhile, or the data file is gone while attr.json stays: the latter is corruption.
      if (await this.wal.readAttributes(fileId)) {
        await this.corrupted.record({
          file_id: fileId,
          expected_sha256: attributes.sha256,
          actual_sha256: null,
          reason: 'missing_data',
        });
        throw this.corruptedError(fileId);
      }
      throw new StoredFileError('file_not_found', `File ${fileId} does not exist on this element.`);
    }
    this.metrics.recordFileServed();
    // Counted once at the end: a 'data' listener would cost a call per chunk of every download.
    const length = range ? range.end - range.start + 1 : attributes.size_bytes;
    stream.once('end', () => this.metrics.recordRead(length));
    if (range) {
      return { stream };
    }
    // On a local disk another core hashes the file while this thread streams it.
    const digestElsewhere =
      this.config.SE_BACKEND === 'fs'
        ? this.digests.digestOf(pathsFor(this.dataRoot(), fileId).data)
        : undefined;
    const verified = new VerifyingStream(
      { sha256: attributes.sha256, sizeBytes: attributes.size_bytes },
      (actualSha256, actualBytes) =>
        void this.corrupted
          .record({
            file_id: fileId,
            expected_sha256: attributes.sha256,
            actual_sha256: actualSha256,
            reason: actualBytes === attributes.size_bytes ? 'digest_mismatch' : 'size_mismatch',
          })
          .catch(() => undefined),
      digestElsewhere,
    );
    stream.on('error', (error) => verified.destroy(error));
    return { stream: stream.pipe(verified) };
  }

  async updateAttributes(fileId: string, patch: FileAttributesPatch): Promise<AttrJson> {
    return this.measured('update_metadata', async () => {
      this.assertFileId(fileId);
      this.modes.assertAllows('update_metadata');
      const current = await this.attributes(fileId);
      assertRetentionConsistent({ ...current, ...patch });
      return this.wal
        .updateAttributes(fileId, patch, async (next): Promise<HookCompensation> => {
          await this.cache.upsert(next);
          await this.publisher.publish({ type: 'file.updated', file_id: fileId, version: next.version });
          return () => this.cache.replace(current);
        })
        .catch((error: unknown) => {
          throw fromAttrWalError(error);
        });
    });
  }

  /**
   * Deletes a file where the mode allows deletes; a saga's compensation (its own `saga_id`) may
   * remove a file it created in any writable mode.
   */
  async delete(fileId: string, sagaId: string | undefined): Promise<AttrJson> {
    return this.measured('delete', async () => {
      this.assertFileId(fileId);
      const current = await this.attributes(fileId);
      if (sagaId !== undefined && current.saga_id === sagaId) {
        this.modes.assertAllowsCompensation();
      } else {
        this.modes.assertAllows('delete');
      }
      return this.wal
        .delete(fileId, async (previous): Promise<HookCompensation> => {
          await this.cache.remove(fileId);
          await this.corrupted.clear(fileId);
          await this.publisher.publish({ type: 'file.deleted', file_id: fileId, version: previous.version });
          return () => this.cache.replace(previous);
        })
        .catch((error: unknown) => {
          throw fromAttrWalError(error);
        });
    });
  }

  async list(limit: number, cursor: string | undefined): Promise<Page<AttrJson>> {
    this.modes.assertAllows('read');
    const afterFileId = cursor === undefined ? null : decodeListCursor(cursor);
    const page = await this.cache.list({ limit, afterFileId });
    return {
      items: page.items,
      next_cursor: page.nextAfterFileId === null ? null : encodeListCursor(page.nextAfterFileId),
    };
  }

  private async availableBytes(): Promise<number> {
    const { usedBytes } = await this.cache.usage();
    return Math.max(0, this.config.SE_CAPACITY_BYTES - usedBytes - this.reservations.reserved);
  }

  private dataRoot(): string {
    return this.config.SE_DATA_DIR;
  }

  private assertFileId(fileId: string): void {
    try {
      pathsFor(this.dataRoot(), fileId);
    } catch {
      throw new StoredFileError('invalid_file_id', 'The file id must be a canonical lowercase UUIDv7.');
    }
  }

  private corruptedError(fileId: string): StoredFileError {
    return new StoredFileError(
      'file_corrupted',
      `File ${fileId} failed its integrity check and is not served; restore it from a backup or delete it.`,
    );
  }

  private async measured<T>(
    operation: FileOperation,
    work: () => Promise<T>,
    resultOf: (value: T) => 'success' | 'unchanged' = () => 'success',
  ): Promise<T> {
    try {
      const value = await work().catch((error: unknown) => {
        throw fromAttrWalError(error);
      });
      this.metrics.recordOperation(operation, resultOf(value));
      return value;
    } catch (error) {
      const unavailable = error instanceof StoredFileError && error.code.endsWith('_unavailable');
      this.metrics.recordOperation(
        operation,
        error instanceof DomainError && !unavailable ? 'refused' : 'failed',
      );
      throw error;
    }
  }
}

/** temporary files expire, permanent ones do not: a patch may not break that pairing. */
function assertRetentionConsistent(next: AttrJson): void {
  if (next.retention_policy === 'temporary' && next.ttl_expires_at === null) {
    throw new InvalidInputError('request body', [
      { field: 'ttl_expires_at', message: 'is required for temporary files' },
    ]);
  }
  if (next.retention_policy === 'permanent' && next.ttl_expires_at !== null) {
    throw new InvalidInputError('request body', [
      { field: 'ttl_expires_at', message: 'must be null for permanent files' },
    ]);
  }
}
