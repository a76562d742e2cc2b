import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ServiceTokenClient } from '@artstore/auth';
import type { FileMetadata } from '@artstore/contracts';
import { APP_CONFIG, MetricsService, outboundHeaders } from '@artstore/platform';
import { CircuitBreakers, CircuitOpenError } from '@artstore/resilience';
import type { IngesterConfig } from '../config/ingester.config';
import { RegistryRefusedError, RegistryUnavailableError } from './file-registry.errors';

const ADMIN = 'admin';

/**
 * The admin's file registry (SPEC §7): `PUT /api/v1/files/{id}` registers (201 created, 200
 * updated or unchanged, 409 refused) and `DELETE` unregisters (204, idempotent). Every call has a
 * deadline and goes through the admin's circuit breaker.
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

  async unregister(fileId: string, signal: AbortSignal): Promise<void> {
    await this.call(fileId, 'DELETE', signal);
  }

  onApplicationShutdown(): void {
    this.breakers.close();
  }

  private async call(
    fileId: string,
    method: 'PUT' | 'DELETE',
    signal: AbortSignal,
    body?: unknown,
  ): Promise<void> {
    try {
      await this.breakers.call(ADMIN, async (callSignal) => {
        const token = await this.tokens.accessToken();
        const response = await fetch(`${this.baseUrl}${encodeURIComponent(fileId)}`, {
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
          return;
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
