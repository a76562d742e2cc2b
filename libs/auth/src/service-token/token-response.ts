import type { TokenResponse } from '@artstore/contracts';

/** A usable RFC 6749 §5.1 answer, or undefined for anything else. */
export function parseTokenResponse(
  body: unknown,
): Pick<TokenResponse, 'access_token' | 'expires_in'> | undefined {
  if (typeof body !== 'object' || body === null) {
    return undefined;
  }
  const {
    access_token: accessToken,
    token_type: tokenType,
    expires_in: expiresIn,
  } = body as Record<string, unknown>;
  if (typeof accessToken !== 'string' || accessToken.length === 0) {
    return undefined;
  }
  if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
    return undefined;
  }
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    return undefined;
  }
  return { access_token: accessToken, expires_in: expiresIn };
}

/** The RFC 6749 §5.2 `error` code of a refusal, when it is one (safe to log: a fixed token). */
export function oauthErrorCodeOf(body: unknown): string | undefined {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  return typeof error === 'string' && /^[a-z_]{1,64}$/.test(error) ? error : undefined;
}
