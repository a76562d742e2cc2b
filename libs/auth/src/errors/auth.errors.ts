import type { Permission } from '@artstore/contracts';
import { DomainError } from '@artstore/platform';

export enum AuthErrorCode {
  /** No Authorization header: 401 with a bare Bearer challenge. */
  MissingToken = 'missing_token',
  /** Malformed, forged, expired or not meant for this service: 401 `invalid_token`. */
  InvalidToken = 'invalid_token',
  /** A valid token without every permission the route needs: 403 `insufficient_scope`. */
  InsufficientScope = 'insufficient_scope',
  /** The route declares neither `@Public()` nor `@RequirePermissions()`: refused, fail closed. */
  RouteAccessUndeclared = 'route_access_undeclared',
  /** No verification key set was ever loaded: 503, fail closed. */
  KeysUnavailable = 'verification_keys_unavailable',
  /** This service has no client secret for outbound calls (configuration). */
  ServiceCredentialsMissing = 'service_credentials_missing',
  /** The admin did not hand out a service token (down, slow or refusing). */
  ServiceTokenUnavailable = 'service_token_unavailable',
}

/**
 * The one error class of libs/auth; `mapAuthError` gives it its HTTP face. Messages are fixed
 * texts: they never quote the token or a secret.
 */
export class AuthError extends DomainError<AuthErrorCode> {
  private constructor(
    code: AuthErrorCode,
    message: string,
    /** For `insufficient_scope`: everything the route needs (the `scope` of the challenge). */
    readonly requiredPermissions: readonly Permission[] = [],
  ) {
    super(code, message);
  }

  static missingToken(): AuthError {
    return new AuthError(AuthErrorCode.MissingToken, 'This route needs a Bearer access token.');
  }

  static invalidToken(reason: string): AuthError {
    return new AuthError(AuthErrorCode.InvalidToken, reason);
  }

  static insufficientScope(required: readonly Permission[]): AuthError {
    return new AuthError(
      AuthErrorCode.InsufficientScope,
      `The access token lacks a permission this route needs: ${required.join(' ')}.`,
      required,
    );
  }

  static routeAccessUndeclared(): AuthError {
    return new AuthError(
      AuthErrorCode.RouteAccessUndeclared,
      'This route is closed: it declares no access rule.',
    );
  }

  static keysUnavailable(): AuthError {
    return new AuthError(
      AuthErrorCode.KeysUnavailable,
      'Access tokens cannot be verified yet: no signing keys are loaded. Retry shortly.',
    );
  }

  static serviceCredentialsMissing(clientId: string): AuthError {
    return new AuthError(
      AuthErrorCode.ServiceCredentialsMissing,
      `No client secret is configured for ${clientId}: set ARTSTORE_CLIENT_SECRET (or ARTSTORE_CLIENT_SECRET_FILE).`,
    );
  }

  static serviceTokenUnavailable(reason: string): AuthError {
    return new AuthError(
      AuthErrorCode.ServiceTokenUnavailable,
      `No service token from the admin: ${reason}.`,
    );
  }
}
