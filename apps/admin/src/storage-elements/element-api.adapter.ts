import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { z } from 'zod';
import {
  STORAGE_BACKENDS,
  STORAGE_ELEMENT_MODES,
  STORAGE_ELEMENT_STATUSES,
  type StorageElementInfo,
  type StorageElementMode,
  type StorageElementModeState,
} from '@artstore/contracts';
import { MetricsService, outboundHeaders } from '@artstore/platform';
import { CircuitBreakers, withDeadline } from '@artstore/resilience';
import { ElementRefusedError, ElementUnavailableError } from './element-api.errors';
import { InternalAccessToken } from './internal-access-token';
import { ELEMENT_CALL_OPTIONS, type ElementCallOptions } from './element-call.options';

const count = z.number().int().nonnegative();
const infoSchema = z.object({
  element_id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  mode: z.enum(STORAGE_ELEMENT_MODES),
  priority: count,
  capacity_bytes: count,
  used_bytes: count,
  free_bytes: count,
  file_count: count,
  corrupted_file_count: count,
  backend: z.enum(STORAGE_BACKENDS),
  status: z.enum(STORAGE_ELEMENT_STATUSES),
  version: z.string().max(100),
});
const modeStateSchema = z.object({ element_id: z.string(), mode: z.enum(STORAGE_ELEMENT_MODES) });
// Items stay unknown here: the file registry validates each one and skips what it cannot use.
const filePageSchema = z.object({
  items: z.array(z.unknown()),
  next_cursor: z.string().min(1).nullable(),
});
const FILE_PAGE_LIMIT = 1_000;

/** One page of an element's keyset listing (`GET /api/v1/files`), items as the element sent them. */
export interface ElementFilePage {
  items: unknown[];
  next_cursor: string | null;
}

/**
 * The admin's calls to storage elements: `/api/v1/info` for registration and polling, `/api/v1/mode`
 * for the mode saga, `/api/v1/files` (listing and attributes) for the file registry's reconcile. Each call has a deadline and
 * goes through the element's circuit breaker; a 4xx is the element's answer (ElementRefusedError),
 * everything else makes it unavailable.
 */
@Injectable()
export class ElementApiAdapter implements OnApplicationShutdown {
  private readonly breakers: CircuitBreakers;
  private readonly timeoutMs: number;

  constructor(
    private readonly token: InternalAccessToken,
    metrics: MetricsService,
    @Inject(ELEMENT_CALL_OPTIONS) options: ElementCallOptions,
  ) {
    this.timeoutMs = options.timeoutMs;
    this.breakers = new CircuitBreakers('storage-element', metrics.registry, {
      timeoutMs: options.timeoutMs,
      resetTimeoutMs: options.breakerResetMs,
      isFailure: (error) => !(error instanceof ElementRefusedError),
    });
  }

  /**
   * Reads an element's `/api/v1/info` with a deadline but past its breaker: registration and health polls
   * are how the admin learns that an element is back, so an open circuit must not hide it.
   */
  async readInfo(url: string): Promise<StorageElementInfo> {
    const body = await withDeadline(
      (signal) => this.request(url, '/api/v1/info', { signal }),
      this.timeoutMs,
    );
    const info = infoSchema.safeParse(body);
    if (!info.success) {
      throw new ElementUnavailableError(
        url,
        'its /api/v1/info answer is not a storage element info document',
      );
    }
    return info.data;
  }

  async changeMode(
    id: string,
    url: string,
    mode: StorageElementMode,
    reason: string,
  ): Promise<Pick<StorageElementModeState, 'element_id' | 'mode'>> {
    const token = await this.token.get();
    const body = await this.breakers.call(id, (signal) =>
      this.request(url, '/api/v1/mode', {
        signal,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ mode, reason }),
      }),
    );
    const state = modeStateSchema.safeParse(body);
    if (!state.success || state.data.element_id !== id) {
      throw new ElementUnavailableError(url, `its mode answer does not describe element ${id}`);
    }
    return { element_id: state.data.element_id, mode: state.data.mode };
  }

  /** One page of the element's file listing in file id order, through its breaker. */
  async listFiles(id: string, url: string, cursor: string | undefined): Promise<ElementFilePage> {
    const token = await this.token.get();
    const query = new URLSearchParams({ limit: String(FILE_PAGE_LIMIT), ...(cursor ? { cursor } : {}) });
    const body = await this.breakers.call(id, (signal) =>
      this.request(url, `/api/v1/files?${query.toString()}`, {
        signal,
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    const page = filePageSchema.safeParse(body);
    if (!page.success) {
      throw new ElementUnavailableError(url, 'its file listing is not a page of files');
    }
    return page.data;
  }

  /** A file's attributes as the element holds them, through its breaker; null when it has no such file. */
  async readFileAttributes(id: string, url: string, fileId: string): Promise<unknown> {
    const token = await this.token.get();
    try {
      return await this.breakers.call(id, (signal) =>
        this.request(url, `/api/v1/files/${encodeURIComponent(fileId)}/attributes`, {
          signal,
          headers: { authorization: `Bearer ${token}` },
        }),
      );
    } catch (error) {
      if (error instanceof ElementRefusedError && error.status === 404) {
        return null;
      }
      throw error;
    }
  }

  isCircuitOpen(id: string): boolean {
    return this.breakers.isOpen(id);
  }

  onApplicationShutdown(): void {
    this.breakers.close();
  }

  private async request(baseUrl: string, path: string, init: RequestInit): Promise<unknown> {
    const url = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
    let response: Response;
    try {
      response = await fetch(url, {
        ...init,
        headers: { ...outboundHeaders(), ...(init.headers as Record<string, string>) },
        redirect: 'error',
      });
    } catch (error) {
      throw new ElementUnavailableError(baseUrl, 'no answer', { cause: error });
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (response.status >= 400 && response.status < 500) {
      throw new ElementRefusedError(baseUrl, response.status, isRecord(body) ? body : {});
    }
    if (!response.ok) {
      throw new ElementUnavailableError(baseUrl, `answered ${response.status}`);
    }
    return body;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
