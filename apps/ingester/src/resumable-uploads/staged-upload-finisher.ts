import { Inject, Injectable } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FileMetadata, NewFileAttributes } from '@artstore/contracts';
import { APP_CONFIG, APP_LOGGER, type AppLogger } from '@artstore/platform';
import { SagaError } from '@artstore/saga';
import type { IngesterConfig } from '../config/ingester.config';
import { IngesterSagas } from '../sagas/ingester-sagas';
import { UploadBodies } from '../uploads/upload-bodies';
import { uploadFailureOf } from '../uploads/upload-failure';
import { mapUploadError, UploadError } from '../uploads/upload.errors';
import { uuidV7 } from '../uploads/uuid-v7';
import { DurableFileStore } from './durable-file.store';
import { ResumableUploadRepository, type ResumableUploadRecord } from './resumable-upload.repository';
import { TusRefusal } from './tus-refusal';
import { parseTusUploadMetadata } from './tus-upload-metadata';
import { TusUploadMetrics } from './tus-upload.metrics';

const DAY_MS = 86_400_000;
// How often a request waiting for an earlier run's saga (taken over by the recovery worker) looks again.
const EARLIER_SAGA_POLL_MS = 250;
// RFC 9110 has no checksum status; tus's checksum extension uses this one.
const CHECKSUM_MISMATCH = 460;

/**
 * Stores a completely staged upload through the upload saga, once per upload at a time in this
 * process. A new saga attempt starts only when no earlier one is unfinished (its compensation
 * could otherwise remove the new copy), and each attempt has its own saga id.
 */
@Injectable()
export class StagedUploadFinisher {
  private readonly inFlight = new Map<string, Promise<FileMetadata>>();

  constructor(
    private readonly store: DurableFileStore,
    private readonly sagas: IngesterSagas,
    private readonly bodies: UploadBodies,
    private readonly uploads: ResumableUploadRepository,
    private readonly metrics: TusUploadMetrics,
    @Inject(APP_CONFIG) private readonly config: IngesterConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  /** Whether this process is storing the upload right now. */
  isFinishing(id: string): boolean {
    return this.inFlight.has(id);
  }

  /** Resolves with the stored file; rejects with a `TusRefusal` saying why not. */
  finish(id: string): Promise<FileMetadata> {
    const running = this.inFlight.get(id);
    if (running) {
      return running;
    }
    const started = this.finishOnce(id).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, started);
    return started;
  }

  private async finishOnce(id: string): Promise<FileMetadata> {
    for (;;) {
      const record = await this.uploads.find(id);
      if (!record) {
        throw new TusRefusal(404, 'The upload does not exist.');
      }
      switch (record.progress) {
        case 'stored':
          return storedFileOf(record);
        case 'rejected':
          throw new TusRefusal(record.rejection?.status ?? 400, record.rejection?.message ?? 'Refused.');
        case 'storing':
          // A stopping instance must not hold the request open (shutdown drains requests).
          if (this.sagas.orchestrator.closed) {
            throw new TusRefusal(503, 'The ingester is stopping; retry.');
          }
          await sleep(EARLIER_SAGA_POLL_MS);
          break;
        case 'receiving': {
          const stored = await this.attempt(record);
          if (stored) {
            return stored;
          }
          break;
        }
      }
    }
  }

  /** One saga attempt; undefined when another request claimed the attempt first. */
  private async attempt(record: ResumableUploadRecord): Promise<FileMetadata | undefined> {
    const upload = await this.store.getUpload(record.id);
    const request = parseTusUploadMetadata(upload.metadata);
    const path = this.store.bytesPath(record.id);
    if (request.sha256 !== null && (await sha256Of(path)) !== request.sha256) {
      await this.reject(
        record.id,
        CHECKSUM_MISMATCH,
        'The file does not match the sha256 in Upload-Metadata; nothing was stored.',
      );
    }
    const sagaId = uuidV7();
    if (!(await this.uploads.claimAttempt(record.id, record.sagaId, sagaId))) {
      return undefined;
    }
    const { form } = request;
    const attributes: NewFileAttributes = {
      original_filename: request.filename,
      content_type: request.contentType,
      uploaded_by: record.clientId,
      retention_policy: form.retention_policy,
      ttl_expires_at:
        form.ttl_days === null ? null : new Date(Date.now() + form.ttl_days * DAY_MS).toISOString(),
      description: form.description,
      tags: form.tags,
      metadata: form.metadata,
      saga_id: sagaId,
    };
    this.bodies.startStaged(sagaId);
    try {
      const result = await this.sagas.orchestrator.start(
        this.sagas.upload,
        { file_id: record.id, client_id: record.clientId, retention_policy: form.retention_policy },
        {
          sagaId,
          initialState: {
            file_id: record.id,
            attributes,
            idempotency_key: null,
            size_hint: record.sizeBytes,
            max_element_attempts: this.config.UPLOAD_MAX_ELEMENT_ATTEMPTS,
            staged_body_path: path,
          },
        },
      );
      if (result.status === 'completed' && result.state.file) {
        this.metrics.record('stored');
        return result.state.file;
      }
      const failure = uploadFailureOf(result, this.config.ARTSTORE_MAX_UPLOAD_BYTES);
      const status = failure instanceof UploadError ? (mapUploadError(failure)?.status ?? 500) : 500;
      if (status < 500) {
        await this.reject(record.id, status, failure.message);
      }
      this.metrics.record('failed');
      this.logger.warn(
        { upload_id: record.id, saga_id: sagaId, err: failure },
        'resumable upload not stored; may be retried',
      );
      throw new TusRefusal(503, 'The file could not be stored now; nothing was kept. Retry to try again.');
    } catch (error) {
      // Interrupted by shutdown: the recovery worker finishes the saga; the client's retry sees it.
      if (error instanceof SagaError) {
        throw new TusRefusal(503, 'The ingester is stopping; retry.');
      }
      throw error;
    } finally {
      this.bodies.detach(sagaId);
    }
  }

  /** A refusal the client cannot fix by retrying: the staged bytes go, the row remembers why. */
  private async reject(id: string, status: number, message: string): Promise<never> {
    await this.uploads.reject(id, status, message);
    this.metrics.record('rejected');
    await this.store.remove(id).catch(() => undefined);
    throw new TusRefusal(status, message);
  }
}

function storedFileOf(record: ResumableUploadRecord): FileMetadata {
  if (!record.file) {
    throw new Error(`resumable upload ${record.id} is stored but its saga holds no file`);
  }
  return record.file;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
