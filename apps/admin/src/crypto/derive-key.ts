import { hkdfSync } from 'node:crypto';

/** Derives an independent 32-byte key per purpose from the one key in the environment. */
export function deriveKey(masterKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `artstore ${purpose}`, 32));
}
