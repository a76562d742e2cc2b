import { AuthError } from '../errors/auth.errors';
import { clientSecretBasic } from './client-secret-basic';
import { oauthErrorCodeOf, parseTokenResponse } from './token-response';

export interface ServiceTokenClientOptions {
  /** The admin's token endpoint, `<ARTSTORE_ADMIN_URL>/api/v1/auth/token`. */
  tokenUrl: string;
  clientId: string;
  /** Unset until the operator provides it; token requests then fail with a message saying so. */
  clientSecret?: string;
  /** Deadline of one token request, body included (default 5 s). */
  timeoutMs?: number;
  /** Replaces the clock (tests). */
  now?: () => number;
}

interface CachedToken {
  accessToken: string;
  refreshAt: number;
  expiresAt: number;
}

// A token this close to expiry is not handed out even when a refresh failed.
const EXPIRY_MARGIN_MS = 5_000;

/**
 * Access tokens for this service's own calls to the others (OAuth2 client credentials with
 * client_secret_basic). The token is cached and refreshed early — at 80 % of its lifetime or 60 s
 * before it expires, whichever comes first, never before half of it — and concurrent callers share
 * one request. A failed early refresh keeps handing out the still-valid token.
 */
export class ServiceTokenClient {
  private cached: CachedToken | undefined;
  private inflight: Promise<string> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: ServiceTokenClientOptions) {
    this.now = options.now ?? Date.now;
  }

  get clientId(): string {
    return this.options.clientId;
  }

  /** A token to send as `Authorization: Bearer …`; throws `AuthError` when none can be had. */
  async accessToken(): Promise<string> {
    const cached = this.cached;
    if (cached && this.now() < cached.refreshAt) {
      return cached.accessToken;
    }
    try {
      return await this.requestShared();
    } catch (error) {
      if (cached && this.now() < cached.expiresAt - EXPIRY_MARGIN_MS) {
        return cached.accessToken;
      }
      throw error;
    }
  }

  /** Drops the cached token, e.g. after another service refused it. */
  forgetToken(): void {
    this.cached = undefined;
  }

  private requestShared(): Promise<string> {
    this.inflight ??= this.requestToken().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async requestToken(): Promise<string> {
    const { clientId, clientSecret, tokenUrl } = this.options;
    if (clientSecret === undefined || clientSecret === '') {
      throw AuthError.serviceCredentialsMissing(clientId);
    }
    const requestedAt = this.now();
    let status: number;
    let body: unknown;
    try {
      const response = await fetch(tokenUrl, {
        method: 'POST',
        headers: {
          authorization: clientSecretBasic(clientId, clientSecret),
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
      status = response.status;
      body = await response.json().catch(() => undefined);
    } catch (error) {
      throw AuthError.serviceTokenUnavailable(`the token endpoint did not answer (${failureOf(error)})`);
    }
    const token = status === 200 ? parseTokenResponse(body) : undefined;
    if (!token) {
      const refusal = oauthErrorCodeOf(body);
      throw AuthError.serviceTokenUnavailable(
        `the token endpoint answered ${status}${refusal ? ` ${refusal}` : ''} for ${clientId}`,
      );
    }
    const lifetimeMs = token.expires_in * 1000;
    const refreshAfterMs = Math.max(Math.min(0.8 * lifetimeMs, lifetimeMs - 60_000), 0.5 * lifetimeMs);
    this.cached = {
      accessToken: token.access_token,
      refreshAt: requestedAt + refreshAfterMs,
      expiresAt: requestedAt + lifetimeMs,
    };
    return token.access_token;
  }
}

function failureOf(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return 'timed out';
  }
  const code = error instanceof Error ? (error.cause as { code?: unknown } | undefined)?.code : undefined;
  return typeof code === 'string' ? code : 'network error';
}
