import { errors } from 'jose';

const BY_CODE: Readonly<Record<string, string>> = {
  ERR_JWT_EXPIRED: 'The access token has expired.',
  ERR_JOSE_ALG_NOT_ALLOWED: 'The access token is not signed with RS256.',
  ERR_JOSE_NOT_SUPPORTED: 'The access token is not signed with RS256.',
  ERR_JWKS_NO_MATCHING_KEY: 'The access token is signed with an unknown key.',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'The access token is signed with an unknown key.',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'The access token signature is invalid.',
};

const BY_CLAIM: Readonly<Record<string, string>> = {
  nbf: 'The access token is not valid yet.',
  iss: 'The access token comes from another issuer.',
  aud: 'The access token is not meant for this service.',
  typ: 'The access token is not of type at+jwt.',
};

/** A fixed, client-safe description of why jose refused a token; never quotes the token. */
export function describeJoseError(error: errors.JOSEError): string {
  if (error instanceof errors.JWTClaimValidationFailed) {
    return BY_CLAIM[error.claim] ?? 'The access token lacks a required claim or has an invalid one.';
  }
  return BY_CODE[error.code] ?? 'The access token is malformed.';
}
