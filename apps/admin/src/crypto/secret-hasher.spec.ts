import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretHasher } from './secret-hasher';

describe(SecretHasher.name, () => {
  const hasher = new SecretHasher(randomBytes(32));

  it('verifies a generated secret by its keyed hash and refuses another', async () => {
    const hash = hasher.hashGenerated('s3cret');
    expect(hash).not.toContain('s3cret');
    await expect(hasher.verify('s3cret', hash)).resolves.toBe(true);
    await expect(hasher.verify('s3cret!', hash)).resolves.toBe(false);
    await expect(new SecretHasher(randomBytes(32)).verify('s3cret', hash)).resolves.toBe(false);
  });

  it('verifies a chosen secret by scrypt with a salt of its own', async () => {
    const [first, second] = await Promise.all([
      hasher.hashChosen('correct horse'),
      hasher.hashChosen('correct horse'),
    ]);
    expect(first).toMatch(/^scrypt\$/);
    expect(first).not.toBe(second);
    await expect(hasher.verify('correct horse', first ?? '')).resolves.toBe(true);
    await expect(hasher.verify('wrong horse', first ?? '')).resolves.toBe(false);
  });

  it('never matches an unknown or damaged hash', async () => {
    await expect(hasher.verify('x', 'plain')).resolves.toBe(false);
    await expect(hasher.verify('x', 'hmac-sha256$')).resolves.toBe(false);
  });
});
