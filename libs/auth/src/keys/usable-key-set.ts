import { importJWK, type JSONWebKeySet, type JWK } from 'jose';
import { ACCESS_TOKEN_ALGORITHM } from '@artstore/contracts';

const MIN_MODULUS_BITS = 2048;

/**
 * The RS256 public signing keys of a JWKS document that actually import; throws when none does, so
 * a broken or empty document counts as a failed fetch and never replaces a good set.
 */
export async function usableKeySet(document: JSONWebKeySet): Promise<JSONWebKeySet> {
  const keys: JWK[] = [];
  for (const jwk of document.keys) {
    if (await isUsable(jwk)) {
      keys.push(jwk);
    }
  }
  if (keys.length === 0) {
    throw new Error(`the JWKS document has no usable ${ACCESS_TOKEN_ALGORITHM} public key`);
  }
  return { keys };
}

async function isUsable(jwk: JWK): Promise<boolean> {
  if (jwk.kty !== 'RSA' || jwk.d !== undefined || (jwk.use !== undefined && jwk.use !== 'sig')) {
    return false;
  }
  if (jwk.alg !== undefined && jwk.alg !== ACCESS_TOKEN_ALGORITHM) {
    return false;
  }
  // jose refuses to verify with a modulus under 2048 bits; such a key would only ever fail.
  if (typeof jwk.n !== 'string' || Buffer.from(jwk.n, 'base64url').length * 8 < MIN_MODULUS_BITS) {
    return false;
  }
  try {
    await importJWK(jwk, ACCESS_TOKEN_ALGORITHM);
    return true;
  } catch {
    return false;
  }
}
