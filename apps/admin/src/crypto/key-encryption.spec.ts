import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyEncryption } from './key-encryption';

describe(KeyEncryption.name, () => {
  const encryption = new KeyEncryption(randomBytes(32));

  it('round-trips and never stores the plaintext', () => {
    const plaintext = Buffer.from('private key bytes');
    const stored = encryption.encrypt(plaintext, 'kid-1');
    expect(stored.includes(plaintext)).toBe(false);
    expect(encryption.decrypt(stored, 'kid-1')).toEqual(plaintext);
  });

  it('refuses a ciphertext moved to another row, tampered with, or under another key', () => {
    const stored = encryption.encrypt(Buffer.from('secret'), 'kid-1');
    expect(() => encryption.decrypt(stored, 'kid-2')).toThrow();
    const tampered = Buffer.from(stored);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(() => encryption.decrypt(tampered, 'kid-1')).toThrow();
    expect(() => new KeyEncryption(randomBytes(32)).decrypt(stored, 'kid-1')).toThrow();
  });
});
