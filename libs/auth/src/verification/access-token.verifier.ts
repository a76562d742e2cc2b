import { Inject, Injectable } from '@nestjs/common';
import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_TYPE, type Principal } from '@artstore/contracts';
import {
  AUTH_MODULE_OPTIONS,
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  type AuthModuleOptions,
} from '../auth-module.options';
import { AuthError } from '../errors/auth.errors';
import { VerificationKeySource } from '../keys/verification-key-source';
import { describeJoseError } from './describe-jose-error';
import { principalFromClaims, REQUIRED_CLAIMS } from './principal-from-claims';
import { VerifiedTokenCache } from './verified-token.cache';

/** Turns an access token into the caller it names, or an `AuthError` saying why not. */
@Injectable()
export class AccessTokenVerifier {
  private readonly cache = new VerifiedTokenCache();
  private readonly clockTolerance: number;

  constructor(
    private readonly keys: VerificationKeySource,
    @Inject(AUTH_MODULE_OPTIONS) private readonly options: AuthModuleOptions,
  ) {
    this.clockTolerance = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  }

  async verify(token: string): Promise<Principal> {
    const known = this.cache.get(token);
    if (known) {
      return known;
    }
    refuseUnusableHeader(token);
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, (header, jws) => this.keys.getKey(header, jws), {
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        issuer: this.options.issuer,
        audience: this.options.audience,
        typ: ACCESS_TOKEN_TYPE,
        clockTolerance: this.clockTolerance,
        requiredClaims: REQUIRED_CLAIMS,
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError) {
        throw AuthError.invalidToken(describeJoseError(error));
      }
      throw error;
    }
    const principal = principalFromClaims(claims);
    this.cache.remember(token, principal, claims.exp ?? 0, this.clockTolerance);
    return principal;
  }
}

// Cheap refusals before any key lookup, so hostile headers never reach the key source.
function refuseUnusableHeader(token: string): void {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw AuthError.invalidToken('The access token is malformed.');
  }
  if (header.alg !== ACCESS_TOKEN_ALGORITHM) {
    throw AuthError.invalidToken('The access token is not signed with RS256.');
  }
  if (typeof header.kid !== 'string' || header.kid.length === 0) {
    throw AuthError.invalidToken('The access token names no signing key.');
  }
}
