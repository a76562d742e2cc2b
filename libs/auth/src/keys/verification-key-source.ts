import type { CompactJWSHeaderParameters, CryptoKey, FlattenedJWSInput, JWK, KeyObject } from 'jose';

/**
 * Where the verifier gets public keys: the remote JWKS of the admin in the other services, the
 * admin's own key table in the admin. Also the injection token AuthModule uses for it.
 */
export abstract class VerificationKeySource {
  /**
   * Resolves the key for a token's protected header, in the shape of jose's `JWTVerifyGetKey`.
   * Throw jose's `JWKSNoMatchingKey` for an unknown `kid` (answered 401) and
   * `AuthError.keysUnavailable()` while no key set is usable (answered 503).
   */
  abstract getKey(
    protectedHeader: CompactJWSHeaderParameters,
    token: FlattenedJWSInput,
  ): Promise<CryptoKey | KeyObject | JWK | Uint8Array>;

  /** True once a key set is usable; readiness (`jwks`) is down while false. */
  abstract ready(): boolean;
}
