import { createPrivateKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint } from 'jose';
import type { KeyEncryption } from '../crypto/key-encryption';
import type { PublicRsaJwk, StoredSigningKey } from './signing-keys.repository';

const generateRsaKeyPair = promisify(generateKeyPair);

/** A fresh RS256 key pair; the kid is its RFC 7638 thumbprint, the private part encrypted for storage. */
export async function createSigningKey(
  encryption: KeyEncryption,
  activatesAt: Date,
): Promise<Omit<StoredSigningKey, 'createdAt'>> {
  const { publicKey, privateKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') {
    throw new Error('RSA public key export lacks n or e');
  }
  const publicJwk: PublicRsaJwk = { kty: 'RSA', n: jwk.n, e: jwk.e };
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  return { kid, publicJwk, privateKeyEncrypted: encryption.encrypt(der, kid), activatesAt };
}

export function decryptPrivateKey(encryption: KeyEncryption, key: StoredSigningKey): KeyObject {
  const der = encryption.decrypt(key.privateKeyEncrypted, key.kid);
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}
