import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ServiceTokenClient } from '@artstore/auth';
import { HttpHeader, type FileMetadata, type NewFileAttributes } from '@artstore/contracts';
import { APP_CONFIG, MetricsService, outboundHeaders } from '@artstore/platform';
import { CircuitBreakers, CircuitOpenError, withDeadline } from '@artstore/resilience';
import type { IngesterConfig } from '../config/ingester.config';
import type { UploadBody } from '../uploads/upload-body';
import { UploadError } from '../uploads/upload.errors';
import { ElementRefusedError, ElementUnavailableError } from './element-files.errors';
import { answerError, putToElement } from './element-put.request';
import { storedFileSchema } from './stored-file.schema';

/** Where a file goes: an element of the published configuration. */
export interface ElementTarget {
  id: string;
  url: string;
}

// Streams have no whole-call deadline (a 5 GiB upload may take long); idle timeouts bound them.
const STREAM_BREAKER_TIMEOUT_MS = 24 * 3600 * 1000;

/**
 * The ingester's calls to storage elements: the streamed PUT of a new file and the saga's
 * compensating DELETE. One circuit breaker per element; a refusal (4xx) and a failure of the
 * client's own body do not count against the element.
 */
@Injectable()
export class ElementFilesAdapter implements OnApplicationShutdown {
  private readonly breakers: CircuitBreakers;

  constructor(
    private readonly tokens: ServiceTokenClient,
    metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: IngesterConfig,
  ) {
    this.breakers = new CircuitBreakers('storage-element', metrics.registry, {
      timeoutMs: STREAM_BREAKER_TIMEOUT_MS,
      resetTimeoutMs: config.BREAKER_RESET_MS,
      isFailure: (error) => !(error instanceof ElementRefusedError) && !(error instanceof UploadError),
    });
  }

  isCircuitOpen(elementId: string): boolean {
    return this.breakers.isOpen(elementId);
  }

  /** Streams `body` to the element as file `fileId`; resolves with the element's attr.json. */
  async putFile(
    target: ElementTarget,
    fileId: string,
    attributes: NewFileAttributes,
    body: UploadBody,
    signal: AbortSignal,
  ): Promise<FileMetadata> {
    const { content_type: contentType, ...header } = attributes;
    const answer = await this.guarded(target.id, async (callSignal) =>
      putToElement({
        elementId: target.id,
        url: fileUrl(target.url, fileId),
        headers: {
          ...outboundHeaders(),
          authorization: `Bearer ${await this.tokens.accessToken()}`,
          'content-type': contentType,
          [HttpHeader.ArtstoreAttributes.toLowerCase()]: Buffer.from(JSON.stringify(header)).toString(
            'base64url',
          ),
          'transfer-encoding': 'chunked',
        },
        body,
        callTimeoutMs: this.config.ELEMENT_CALL_TIMEOUT_MS,
        idleTimeoutMs: this.config.ELEMENT_IDLE_TIMEOUT_MS,
        signal: AbortSignal.any([signal, callSignal]),
      }),
    );
    const parsed = storedFileSchema.safeParse(answer);
    if (!parsed.success || parsed.data.file_id !== fileId) {
      throw new ElementUnavailableError(target.id, 'its answer does not describe the stored file');
    }
    return parsed.data;
  }

  /** Removes what saga `sagaId` stored as `fileId`; true when a file was removed, false when none was there. */
  async removeFile(
    target: ElementTarget,
    fileId: string,
    sagaId: string,
    signal: AbortSignal,
  ): Promise<boolean> {
    const url = fileUrl(target.url, fileId);
    url.searchParams.set('saga_id', sagaId);
    return this.guarded(target.id, (callSignal) =>
      withDeadline(
        async (deadline) => {
          const response = await fetch(url, {
            method: 'DELETE',
            headers: { ...outboundHeaders(), authorization: `Bearer ${await this.tokens.accessToken()}` },
            signal: deadline,
            redirect: 'error',
          }).catch((error: unknown) => {
            throw new ElementUnavailableError(target.id, 'no answer', undefined, { cause: error });
          });
          const answer: unknown = await response.json().catch(() => undefined);
          if (response.ok) {
            return true;
          }
          if (response.status === 404) {
            return false;
          }
          throw answerError(target.id, response.status, answer);
        },
        this.config.ELEMENT_CALL_TIMEOUT_MS,
        AbortSignal.any([signal, callSignal]),
      ),
    );
  }

  onApplicationShutdown(): void {
    this.breakers.close();
  }

  private async guarded<T>(elementId: string, operation: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await this.breakers.call(elementId, operation);
    } catch (error) {
      if (error instanceof CircuitOpenError) {
        throw new ElementUnavailableError(elementId, 'circuit open', error.retryAfterSeconds);
      }
      if (error instanceof ElementRefusedError && error.status === 401) {
        // A token the element no longer accepts (key rotation): the next attempt fetches a new one.
        this.tokens.forgetToken();
      }
      throw error;
    }
  }
}

function fileUrl(base: string, fileId: string): URL {
  return new URL(`api/v1/files/${encodeURIComponent(fileId)}`, base.endsWith('/') ? base : `${base}/`);
}
