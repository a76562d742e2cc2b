import { Inject, Injectable } from '@nestjs/common';
import { APP_LOGGER, type AppLogger } from '@artstore/platform';
import { DurableFileStore } from './durable-file.store';
import { ResumableUploadRepository, type ResumableUploadRecord } from './resumable-upload.repository';
import { StagedUploadFinisher } from './staged-upload-finisher';
import { FILE_ID_HEADER, tusAnswer, type TusAnswer } from './tus-answer';
import { TusRefusal } from './tus-refusal';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STORING_RETRY_AFTER_SECONDS = '1';

/**
 * What only the ingester knows about an existing upload, answered before @tus/server sees the
 * request: whose it is, that its complete bytes are still being stored (423 + Retry-After, which
 * tus-js-client retries instead of taking offset == length for success), or that it is stored.
 */
@Injectable()
export class ResumableUploadProgress {
  constructor(
    private readonly store: DurableFileStore,
    private readonly finisher: StagedUploadFinisher,
    private readonly uploads: ResumableUploadRepository,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  /** The answer to `method` on upload `id`; undefined when @tus/server should answer. */
  async answerBeforeTus(method: string, id: string, clientId: string): Promise<TusAnswer | undefined> {
    const record = UUID.test(id) ? await this.uploads.find(id) : undefined;
    // Someone else's upload is answered exactly like one that does not exist.
    if (!record || record.clientId !== clientId) {
      return tusAnswer(404, 'The upload does not exist.');
    }
    switch (record.progress) {
      case 'stored':
        return this.storedAnswer(method, record);
      case 'rejected':
        return tusAnswer(410, record.rejection?.message ?? 'The upload was refused.');
      case 'storing':
        return storingAnswer();
      case 'receiving':
        return this.receivingAnswer(method, id);
    }
  }

  private storedAnswer(method: string, record: ResumableUploadRecord): TusAnswer {
    // A saga finished by the recovery worker leaves its staging behind.
    this.store.remove(record.id).catch(() => undefined);
    if (method === 'DELETE') {
      return tusAnswer(400, 'The upload is complete and stored; delete the file instead.');
    }
    const size = String(record.sizeBytes);
    return tusAnswer(method === 'HEAD' ? 200 : 204, '', {
      'Upload-Offset': size,
      'Upload-Length': size,
      [FILE_ID_HEADER]: record.file?.file_id ?? record.id,
    });
  }

  /** A complete upload that is not stored must not look finished to a client's HEAD. */
  private async receivingAnswer(method: string, id: string): Promise<TusAnswer | undefined> {
    if (this.finisher.isFinishing(id)) {
      return storingAnswer();
    }
    if (method !== 'HEAD') {
      return undefined;
    }
    const staged = await this.store.getUpload(id).catch(() => undefined);
    if (!staged || staged.offset !== staged.size) {
      return undefined;
    }
    // The attempt before failed or never started: start one; the client's next HEAD sees the result.
    this.finisher.finish(id).catch((error: unknown) => {
      if (!(error instanceof TusRefusal)) {
        this.logger.error({ err: error, upload_id: id }, 'resumable upload: storing it failed');
      }
    });
    return storingAnswer();
  }
}

function storingAnswer(): TusAnswer {
  return tusAnswer(423, 'The upload is complete and being stored; retry shortly.', {
    'Retry-After': STORING_RETRY_AFTER_SECONDS,
  });
}
