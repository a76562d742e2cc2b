import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Server } from '@tus/server';
import { EVENTS, type Upload } from '@tus/utils';
import { APP_CONFIG, APP_LOGGER, streamedContentTypeOf, type AppLogger } from '@artstore/platform';
import type { IngesterConfig } from '../config/ingester.config';
import { UploadError } from '../uploads/upload.errors';
import { uuidV7 } from '../uploads/uuid-v7';
import { DurableFileStore } from './durable-file.store';
import { ResumableUploadProgress } from './resumable-upload-progress';
import { ResumableUploadRepository } from './resumable-upload.repository';
import { StagedUploadFinisher } from './staged-upload-finisher';
import { FILE_ID_HEADER, sendTusAnswer } from './tus-answer';
import { TusRefusal } from './tus-refusal';
import { parseTusUploadMetadata } from './tus-upload-metadata';
import { TusUploadMetrics } from './tus-upload.metrics';

export const TUS_PATH = '/api/v1/uploads';

// @tus/server hands hooks a srvx request; the Node request it wraps is what we keyed the caller by.
type NodeBackedRequest = Request & { runtime?: { node?: { req: IncomingMessage } } };

/**
 * `/api/v1/uploads` (tus 1.0.0). @tus/server speaks the protocol over a durable staging store;
 * `ResumableUploadProgress` answers first what tus cannot know (owner, storing, stored), and the
 * last byte runs the upload saga before tus acknowledges it.
 */
@Injectable()
export class ResumableUploadsService {
  private readonly tus: Server;
  private readonly callers = new WeakMap<IncomingMessage, string>();

  constructor(
    private readonly store: DurableFileStore,
    private readonly finisher: StagedUploadFinisher,
    private readonly uploads: ResumableUploadRepository,
    private readonly progress: ResumableUploadProgress,
    private readonly metrics: TusUploadMetrics,
    @Inject(APP_CONFIG) private readonly config: IngesterConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {
    this.tus = new Server({
      path: TUS_PATH,
      datastore: store,
      // tus reads 0 as "no limit"; `admit` holds the limit in that case too.
      maxSize: config.ARTSTORE_MAX_UPLOAD_BYTES,
      // Clients resolve it against the URL they posted to, which also holds behind a proxy.
      relativeLocation: true,
      exposedHeaders: [FILE_ID_HEADER],
      disableTerminationForFinishedUploads: true,
      namingFunction: () => uuidV7(),
      onUploadCreate: (request, upload) => this.admit(request, upload),
      onUploadFinish: async (_request, upload) => ({
        headers: { [FILE_ID_HEADER]: (await this.finisher.finish(upload.id)).file_id },
      }),
      onResponseError: (_request, error) => this.hideInternalError(error),
    });
    this.tus.on(EVENTS.POST_FINISH, (_request, _response, upload) => this.removeStaging(upload.id));
    this.tus.on(EVENTS.POST_TERMINATE, (_request, _response, id) => {
      this.metrics.record('terminated');
      this.uploads.forgetUnstored(id).catch((error: unknown) => this.logFailure(id, error, 'forgetting it'));
    });
  }

  /** Answers one tus request; the upload id is undefined for creation and discovery. */
  async handle(
    request: FastifyRequest,
    reply: FastifyReply,
    clientId: string,
    id: string | undefined,
  ): Promise<void> {
    if (id !== undefined) {
      const answer = await this.progress.answerBeforeTus(request.method, id, clientId);
      if (answer) {
        await sendTusAnswer(reply, answer);
        return;
      }
    }
    restoreContentType(request);
    this.callers.set(request.raw, clientId);
    reply.hijack();
    try {
      await this.tus.handle(request.raw, reply.raw);
    } catch (error) {
      this.logFailure(id ?? 'new', error, 'answering');
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, { 'tus-resumable': '1.0.0', connection: 'close' });
      }
      reply.raw.end();
    }
  }

  private async admit(request: Request, upload: Upload): Promise<{ metadata?: Upload['metadata'] }> {
    const node = (request as NodeBackedRequest).runtime?.node?.req;
    const clientId = node ? this.callers.get(node) : undefined;
    if (clientId === undefined) {
      throw new Error('a tus creation reached @tus/server without an authenticated caller');
    }
    const maxBytes = this.config.ARTSTORE_MAX_UPLOAD_BYTES;
    if (upload.size === undefined || upload.size > maxBytes) {
      this.metrics.record('rejected');
      throw new TusRefusal(413, `The file is larger than the limit of ${maxBytes} bytes.`);
    }
    try {
      parseTusUploadMetadata(upload.metadata);
    } catch (error) {
      if (error instanceof UploadError) {
        this.metrics.record('rejected');
        throw new TusRefusal(400, error.message);
      }
      throw error;
    }
    await this.uploads.create(upload.id, clientId, upload.size);
    this.metrics.record('created');
    return {};
  }

  /** tus's own errors and our refusals pass; anything else is logged and answered without its text. */
  private hideInternalError(
    error: Error | { status_code: number; body: string },
  ): { status_code: number; body: string } | undefined {
    if (error instanceof TusRefusal || !(error instanceof Error)) {
      return undefined;
    }
    const errorId = randomUUID();
    this.logger.error({ err: error, error_id: errorId }, 'resumable upload request failed');
    return { status_code: 500, body: `Internal error ${errorId}\n` };
  }

  private removeStaging(id: string): void {
    this.store.remove(id).catch(() => undefined);
  }

  private logFailure(id: string, error: unknown, doing: string): void {
    this.logger.error({ err: error, upload_id: id }, `resumable upload: failed ${doing}`);
  }
}

/** `@StreamedBody()` relabels the content type so Fastify leaves the body unread; tus needs the real one. */
function restoreContentType(request: FastifyRequest): void {
  const original = streamedContentTypeOf(request);
  if (original === undefined) {
    delete request.raw.headers['content-type'];
  } else {
    request.raw.headers['content-type'] = original;
  }
}
