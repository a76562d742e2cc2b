import type { DomainErrorMapper, ProblemMapping } from '@artstore/platform';
import { mapRateLimitError } from '../rate-limit/rate-limit-error.mapper';
import { RateLimitExceededError } from '../rate-limit/rate-limit.errors';
import { AuthError, AuthErrorCode } from './auth.errors';

const REALM = 'Bearer realm="artstore"';
const RETRY_AFTER_SECONDS = '5';

/**
 * RFC 6750 challenges for refused requests, 503 + Retry-After when keys or service tokens are
 * missing, 429 with RateLimit headers over a client's limit; undefined for every error that is not an `AuthError`, so apps can chain it with their own.
 */
export const mapAuthError: DomainErrorMapper = (error) => {
  if (error instanceof RateLimitExceededError) {
    return mapRateLimitError(error);
  }
  if (!(error instanceof AuthError)) {
    return undefined;
  }
  return mappingOf(error);
};

function mappingOf(error: AuthError): ProblemMapping | undefined {
  switch (error.code) {
    case AuthErrorCode.MissingToken:
      return { status: 401, headers: { 'WWW-Authenticate': REALM } };
    case AuthErrorCode.InvalidToken:
      return {
        status: 401,
        headers: {
          'WWW-Authenticate': `${REALM}, error="invalid_token", error_description="${quotable(error.message)}"`,
        },
      };
    case AuthErrorCode.InsufficientScope:
      return {
        status: 403,
        headers: {
          'WWW-Authenticate': `${REALM}, error="insufficient_scope", scope="${error.requiredPermissions.join(' ')}"`,
        },
      };
    case AuthErrorCode.RouteAccessUndeclared:
      return { status: 403 };
    case AuthErrorCode.KeysUnavailable:
    case AuthErrorCode.ServiceTokenUnavailable:
      return { status: 503, headers: { 'Retry-After': RETRY_AFTER_SECONDS } };
    case AuthErrorCode.ServiceCredentialsMissing:
      // A deployment mistake, not the caller's: a 500 whose id leads to the logged message.
      return undefined;
  }
}

// RFC 6750 §3: error_description is a quoted-string of printable ASCII without '"' and '\'.
function quotable(text: string): string {
  return text.replace(/[^\x20-\x7e]|["\\]/g, '');
}
