import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ServiceTokenClient } from '@artstore/auth';
import type { FileMetadata, Page } from '@artstore/contracts';
import { APP_CONFIG, MetricsService, outboundHeaders } from '@artstore/platform';
import { CircuitBreakers, CircuitOpenError, DeadlineExceededError } from '@artstore/resilience';
import type { z } from 'zod';
import type { IngesterConfig } from '../config/ingester.config';
import { RegistryRefusedError, RegistryUnavailableError } from './file-registry.errors';
import { registeredFileSchema, registeredPageSchema } from './registered-file.schema';

/** Why a file leaves the registry; the admin audits `file.deleted` or `file.expired`. */
export type UnregisterReason = 'deleted' | 'expired';

/** A listing filter of `GET /api/v1/files` (the admin's registry). */
export interface RegistryListQuery {
  retention_policy?: 'temporary' | 'permanent';
  expires_before?: string;
  limit?: number;
  cursor?: string;
}

const ADMIN = 'admin';
const NOT_FOUND = Symbol('not found');

/**
 * The admin's file registry (SPEC §7): `PUT /api/v1/files/{id}` registers (201 created, 200
 * updated or unchanged, 409 refused), `DELETE` unregisters (204, idempotent), `GET` reads one file
 * or a page. Every call has a deadline and goes through the admin's circuit breaker.
 */
@Injectable()
export class FileRegistryAdapter implements OnApplicationShutdown {
  private readonly breakers: CircuitBreakers;
  private readonly baseUrl: string;

  constructor(
    private readonly tokens: ServiceTokenClient,
    metrics: MetricsService,
    @Inject(APP_CONFIG) config: IngesterConfig,
  ) {
    this.baseUrl = `${config.ARTSTORE_ADMIN_URL.replace(/\/+$/, '')}/api/v1/files/`;
    this.breakers = new CircuitBreakers('file-registry', metrics.registry, {
      timeoutMs: config.ADMIN_CALL_TIMEOUT_MS,
      resetTimeoutMs: config.BREAKER_RESET_MS,
      isFailure: (error) => !(error instanceof RegistryRefusedError),
    });
  }

  async register(file: FileMetadata, signal: AbortSignal): Promise<void> {
    await this.call(file.file_id, 'PUT', signal, file);
  }

  /** Registers a new version of the file; resolves with what the registry holds afterwards. */
  async update(file: FileMetadata, signal: AbortSignal): Promise<FileMetadata> {
    return this.parsed(await this.call(file.file_id, 'PUT', signal, file), registeredFileSchema);
  }

  /**
   * Without a reason this is a saga's undo of its own registration (no audit event); with one the
   * admin audits the removal for `requestedBy`.
   */
  async unregister(
    fileId: string,
    signal: AbortSignal,
    audit?: { reason: UnregisterReason; requestedBy: string },
  ): Promise<void> {
    const query = audit
      ? `?${new URLSearchParams({ reason: audit.reason, requested_by: audit.requestedBy }).toString()}`
      : '';
    await this.call(fileId, 'DELETE', signal, undefined, query);
  }

  /** The registered file, or undefined when the registry does not know it. */
  async get(fileId: string, signal: AbortSignal): Promise<FileMetadata | undefined> {
    const answer = await this.call(fileId, 'GET', signal);
    return answer === NOT_FOUND ? undefined : this.parsed(answer, registeredFileSchema);
  }

  /** One page of the registry's keyset listing. */
  async list(query: RegistryListQuery, signal: AbortSignal): Promise<Page<FileMetadata>> {
    const params = new URLSearchParams(
      Object.entries(query).flatMap(([key, value]): [string, string][] =>
        value === undefined ? [] : [[key, String(value)]],
      ),
    );
    return this.parsed(
      await this.call('', 'GET', signal, undefined, `?${params.toString()}`),
      registeredPageSchema,
    );
  }

  onApplicationShutdown(): void {
    this.breakers.close();
  }

  private parsed<T>(answer: unknown, schema: z.ZodType<T>): T {
    const result = schema.safeParse(answer);
    if (!result.success) {
      throw new RegistryUnavailableError('its answer does not describe files', true);
    }
    return result.data;
  }

  /** The JSON answer; NOT_FOUND for a GET of an unknown file. */
  private async call(
    fileId: string,
    method: 'PUT' | 'DELETE' | 'GET',
    signal: AbortSignal,
    body?: unknown,
    query = '',
  ): Promise<unknown> {
    try {
      return await this.breakers.call(ADMIN, async (callSignal) => {
        const token = await this.tokens.accessToken();
        // The listing is the collection itself: no trailing slash.
        const path =
          fileId === '' ? this.baseUrl.slice(0, -1) : `${this.baseUrl}${encodeURIComponent(fileId)}`;
        const response = await fetch(`${path}${query}`, {
          method,
          headers: {
            ...outboundHeaders(),
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.any([signal, callSignal]),
          redirect: 'error',
        }).catch((error: unknown) => {
          throw new RegistryUnavailableError('no answer', !isConnectFailure(error), { cause: error });
        });
        const answer: unknown = await response.json().catch(() => undefined);
        if (response.ok || (method === 'DELETE' && response.status === 404)) {
          return answer;
        }
        if (method === 'GET' && response.status === 404) {
          return NOT_FOUND;
        }
        if (response.status === 401) {
          this.tokens.forgetToken();
        }
        if (response.status >= 400 && response.status < 500) {
          throw new RegistryRefusedError(response.status, problemCode(answer));
        }
        throw new RegistryUnavailableError(`answered ${response.status}`, true);
      });
    } catch (error) {
      if (error instanceof CircuitOpenError) {
        throw new RegistryUnavailableError('circuit open', false);
      }
      if (error instanceof DeadlineExceededError) {
        throw new RegistryUnavailableError('no answer before the deadline', true, { cause: error });
      }
      throw error;
    }
  }
}

function problemCode(answer: unknown): string | undefined {
  if (typeof answer === 'object' && answer !== null && 'code' in answer) {
    const code = answer.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

// fetch reports a refused connection as TypeError('fetch failed') with the socket error as cause.
function isConnectFailure(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? cause.code : undefined;
  return typeof code === 'string' && CONNECT_FAILURES.has(code);
}
