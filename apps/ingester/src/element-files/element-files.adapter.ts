import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ServiceTokenClient } from '@artstore/auth';
import {
  HttpHeader,
  type FileAttributesPatch,
  type FileMetadata,
  type NewFileAttributes,
} from '@artstore/contracts';
import { APP_CONFIG, MetricsService, outboundHeaders } from '@artstore/platform';
import { CircuitBreakers, CircuitOpenError } from '@artstore/resilience';
import type { IngesterConfig } from '../config/ingester.config';
import type { UploadBody } from '../uploads/upload-body';
import { UploadError } from '../uploads/upload.errors';
import { putCopyToElement } from './element-copy.request';
import { openElementDownload } from './element-download.request';
import {
  ElementRefusedError,
  ElementUnavailableError,
  ElementUnreachableError,
} from './element-files.errors';
import { callElement } from './element-json.request';
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
 * The ingester's calls to storage elements: the streamed PUT of a new file, the copy of a file
 * from one element to another, attribute changes and deletes (plain, or a saga's compensation by
 * saga id). One circuit breaker per element; a refusal (4xx) and a failure of the client's own body
 * do not count against the element.
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
    const answer = await this.guarded(target.id, async (callSignal) =>
      putToElement({
        elementId: target.id,
        url: fileUrl(target.url, fileId),
        headers: { ...(await this.newFileHeaders(attributes)), 'transfer-encoding': 'chunked' },
        body,
        callTimeoutMs: this.config.ELEMENT_CALL_TIMEOUT_MS,
        idleTimeoutMs: this.config.ELEMENT_IDLE_TIMEOUT_MS,
        signal: AbortSignal.any([signal, callSignal]),
      }),
    );
    return this.storedFile(target, fileId, answer);
  }

  /** Removes what saga `sagaId` stored as `fileId`; true when a file was removed, false when none was there. */
  removeFile(target: ElementTarget, fileId: string, sagaId: string, signal: AbortSignal): Promise<boolean> {
    const url = fileUrl(target.url, fileId);
    url.searchParams.set('saga_id', sagaId);
    return this.deleteAt(target, url, signal);
  }

  /**
   * Opens the download of `fileId` on `source` (its breaker guards the call until the headers);
   * the caller streams the body or cancels it.
   */
  async openDownload(
    source: ElementTarget,
    fileId: string,
    signal: AbortSignal,
  ): Promise<ReadableStream<Uint8Array>> {
    return this.guarded(source.id, async (callSignal) =>
      openElementDownload({
        elementId: source.id,
        url: fileUrl(source.url, fileId),
        headers: { ...outboundHeaders(), authorization: `Bearer ${await this.tokens.accessToken()}` },
        headersTimeoutMs: this.config.ELEMENT_CALL_TIMEOUT_MS,
        signal: AbortSignal.any([signal, callSignal]),
      }),
    );
  }

  /**
   * Streams `body` (another element's download) to `target` as file `fileId`; the element checks it
   * against `expectedSha256` (Repr-Digest) and refuses other bytes. Resolves with the new attr.json.
   */
  async putCopy(
    target: ElementTarget,
    fileId: string,
    attributes: NewFileAttributes,
    expectedSha256: string,
    body: ReadableStream<Uint8Array>,
    signal: AbortSignal,
  ): Promise<FileMetadata> {
    const answer = await this.guarded(target.id, async (callSignal) =>
      putCopyToElement({
        elementId: target.id,
        url: fileUrl(target.url, fileId),
        headers: {
          ...(await this.newFileHeaders(attributes)),
          [HttpHeader.ReprDigest]: `sha-256=:${Buffer.from(expectedSha256, 'hex').toString('base64')}:`,
        },
        body,
        callTimeoutMs: this.config.ELEMENT_CALL_TIMEOUT_MS,
        idleTimeoutMs: this.config.ELEMENT_IDLE_TIMEOUT_MS,
        signal: AbortSignal.any([signal, callSignal]),
      }),
    );
    return this.storedFile(target, fileId, answer);
  }

  /** `PATCH /api/v1/files/{id}/attributes`; resolves with the new attr.json (version + 1). */
  async updateAttributes(
    target: ElementTarget,
    fileId: string,
    patch: FileAttributesPatch,
    signal: AbortSignal,
  ): Promise<FileMetadata> {
    const answer = await this.jsonCall(
      target,
      'PATCH',
      new URL(`${fileUrl(target.url, fileId).href}/attributes`),
      signal,
      patch,
    );
    return this.storedFile(target, fileId, answer);
  }

  /** Deletes the file where the element's mode allows it; false when it was not there. */
  deleteFile(target: ElementTarget, fileId: string, signal: AbortSignal): Promise<boolean> {
    return this.deleteAt(target, fileUrl(target.url, fileId), signal);
  }

  onApplicationShutdown(): void {
    this.breakers.close();
  }

  private async jsonCall(
    target: ElementTarget,
    method: 'PATCH' | 'DELETE',
    url: URL,
    signal: AbortSignal,
    body?: unknown,
  ): Promise<unknown> {
    return this.guarded(target.id, async (callSignal) => {
      const { status, answer } = await callElement({
        elementId: target.id,
        method,
        url,
        headers: { ...outboundHeaders(), authorization: `Bearer ${await this.tokens.accessToken()}` },
        body,
        timeoutMs: this.config.ELEMENT_CALL_TIMEOUT_MS,
        signal: AbortSignal.any([signal, callSignal]),
      });
      if (status >= 200 && status < 300) {
        return answer;
      }
      throw answerError(target.id, status, answer);
    });
  }

  private async deleteAt(target: ElementTarget, url: URL, signal: AbortSignal): Promise<boolean> {
    try {
      await this.jsonCall(target, 'DELETE', url, signal);
      return true;
    } catch (error) {
      if (error instanceof ElementRefusedError && error.status === 404) {
        return false;
      }
      throw error;
    }
  }

  /** The headers of a PUT that creates a file: its type, its attributes (base64url JSON) and a token. */
  private async newFileHeaders(attributes: NewFileAttributes): Promise<Record<string, string>> {
    const { content_type: contentType, ...header } = attributes;
    return {
      ...outboundHeaders(),
      authorization: `Bearer ${await this.tokens.accessToken()}`,
      'content-type': contentType,
      [HttpHeader.ArtstoreAttributes.toLowerCase()]: Buffer.from(JSON.stringify(header)).toString(
        'base64url',
      ),
    };
  }

  private storedFile(target: ElementTarget, fileId: string, answer: unknown): FileMetadata {
    const parsed = storedFileSchema.safeParse(answer);
    if (!parsed.success || parsed.data.file_id !== fileId) {
      throw new ElementUnavailableError(target.id, 'its answer does not describe the file');
    }
    return parsed.data;
  }

  private async guarded<T>(elementId: string, operation: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await this.breakers.call(elementId, operation);
    } catch (error) {
      if (error instanceof CircuitOpenError) {
        throw new ElementUnreachableError(elementId, 'circuit open', error.retryAfterSeconds);
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
