import type { OAuthErrorCode, OAuthErrorResponse } from '@artstore/contracts';

/**
 * A refusal of the token endpoint, answered in the RFC 6749 §5.2 shape rather than problem+json,
 * because that is what OAuth client libraries parse.
 */
export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    /** Basic authentication was attempted: the 401 must carry a matching WWW-Authenticate. */
    readonly basicAttempted = false,
  ) {
    super(description);
    this.name = 'OAuthError';
  }

  get status(): number {
    return this.code === 'invalid_client' ? 401 : 400;
  }

  get body(): OAuthErrorResponse {
    return { error: this.code, error_description: this.description };
  }
}
