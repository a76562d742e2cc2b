import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { NewFileAttributes } from '@artstore/contracts';
import { APP_CONFIG } from '@artstore/platform';
import type { IngesterConfig } from '../config/ingester.config';
import { IngesterSagas } from '../sagas/ingester-sagas';
import { cleanOriginalFilename } from './filename';
import { IdempotentUploads } from './idempotent-uploads';
import { MultipartUploadReader, type UploadHead } from './multipart-upload.reader';
import { UploadBodies } from './upload-bodies';
import { uploadFailureOf } from './upload-failure';
import { uploadFingerprint } from './upload-fingerprint';
import { parseUploadForm, type UploadForm } from './upload-form.schema';
import { uploadResponseOf, type UploadResponse } from './upload-response';
import { mapUploadError, UploadError } from './upload.errors';
import { UploadMetrics } from './upload.metrics';
import { uuidV7 } from './uuid-v7';

/** One `POST /api/v1/files/upload` as the controller hands it over. */
export interface MultipartUploadRequest {
  body: Readable;
  contentType: string | undefined;
  contentLength: number | undefined;
  clientId: string;
  idempotencyKey: string | undefined;
}

/** The answer and whether it replays an earlier request with the same Idempotency-Key. */
export interface UploadOutcome {
  response: UploadResponse;
  replayed: boolean;
}

// Room for the form around the file: boundaries, part headers and the text fields.
const FORM_OVERHEAD_BYTES = 1024 * 1024;
const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const DAY_MS = 86_400_000;

/** Multipart uploads: parse the form up to the file, then run the upload saga on the streamed body. */
@Injectable()
export class UploadsService {
  constructor(
    private readonly sagas: IngesterSagas,
    private readonly bodies: UploadBodies,
    private readonly idempotent: IdempotentUploads,
    private readonly metrics: UploadMetrics,
    @Inject(APP_CONFIG) private readonly config: IngesterConfig,
  ) {}

  async upload(request: MultipartUploadRequest): Promise<UploadOutcome> {
    try {
      const outcome = await this.metrics.timed('total', () => this.receive(request));
      if (outcome.replayed) {
        this.metrics.recordUpload('replayed');
      }
      return outcome;
    } catch (error) {
      const refused = error instanceof UploadError && (mapUploadError(error)?.status ?? 500) < 500;
      this.metrics.recordUpload(refused ? 'rejected' : 'failed');
      throw error;
    }
  }

  private async receive(request: MultipartUploadRequest): Promise<UploadOutcome> {
    const maxBytes = this.config.ARTSTORE_MAX_UPLOAD_BYTES;
    if (request.contentLength !== undefined && request.contentLength > maxBytes + FORM_OVERHEAD_BYTES) {
      throw UploadError.tooLarge(maxBytes);
    }
    const reader = new MultipartUploadReader(request.body, request.contentType, maxBytes);
    const { head, form } = await this.metrics.timed('parse', () => readForm(reader));
    const filename = cleanOriginalFilename(head.filename);
    const contentType = MEDIA_TYPE.test(head.mimeType) ? head.mimeType : 'application/octet-stream';
    const fileId = uuidV7();
    if (request.idempotencyKey !== undefined) {
      const fingerprint = uploadFingerprint(form, filename, contentType);
      const earlier = await this.idempotent.claim(
        request.clientId,
        request.idempotencyKey,
        fingerprint,
        fileId,
      );
      if (earlier) {
        reader.abort(new UploadError('upload_aborted', 'The request repeats an earlier upload.'));
        // The client sends the body anyway: read it to the end so the answer reaches it.
        await drain(request.body);
        return { response: earlier, replayed: true };
      }
    }
    const attributes: NewFileAttributes = {
      original_filename: filename,
      content_type: contentType,
      uploaded_by: request.clientId,
      retention_policy: form.retention_policy,
      ttl_expires_at:
        form.ttl_days === null ? null : new Date(Date.now() + form.ttl_days * DAY_MS).toISOString(),
      description: form.description,
      tags: form.tags,
      metadata: form.metadata,
      saga_id: fileId,
    };
    return { response: await this.store(fileId, reader, attributes, request), replayed: false };
  }

  private async store(
    fileId: string,
    reader: MultipartUploadReader,
    attributes: NewFileAttributes,
    request: MultipartUploadRequest,
  ): Promise<UploadResponse> {
    this.bodies.attach(fileId, reader.body);
    try {
      const result = await this.sagas.orchestrator.start(
        this.sagas.upload,
        { file_id: fileId, client_id: request.clientId, retention_policy: attributes.retention_policy },
        {
          sagaId: fileId,
          initialState: {
            file_id: fileId,
            attributes,
            idempotency_key: request.idempotencyKey ?? null,
            size_hint: request.contentLength ?? null,
            max_element_attempts: this.config.UPLOAD_MAX_ELEMENT_ATTEMPTS,
          },
        },
      );
      if (result.status === 'completed' && result.state.file) {
        this.metrics.recordUpload('stored', result.state.file.size_bytes);
        return uploadResponseOf(result.state.file);
      }
      const failure = uploadFailureOf(result, this.config.ARTSTORE_MAX_UPLOAD_BYTES);
      reader.abort(failure);
      await this.idempotent.release(fileId);
      throw failure;
    } finally {
      this.bodies.detach(fileId);
    }
  }
}

async function readForm(reader: MultipartUploadReader): Promise<{ head: UploadHead; form: UploadForm }> {
  const head = await reader.head();
  try {
    return { head, form: parseUploadForm(head.fields) };
  } catch (error) {
    reader.abort(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

async function drain(body: Readable): Promise<void> {
  if (body.readableEnded || body.destroyed) {
    return;
  }
  body.resume();
  await new Promise<void>((resolve) => {
    body.once('end', resolve);
    body.once('close', resolve);
    body.once('error', () => resolve());
  });
}
