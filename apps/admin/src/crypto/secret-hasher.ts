import {
  createHmac,
  randomBytes,
  scrypt,
  timingSafeEqual,
  type BinaryLike,
  type ScryptOptions,
} from 'node:crypto';

const SCRYPT = { N: 16_384, r: 8, p: 1, keyLength: 32 };

function scryptAsync(
  secret: BinaryLike,
  salt: Buffer,
  keyLength: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, keyLength, options, (error, derived) => (error ? reject(error) : resolve(derived)));
  });
}

/**
 * Client secrets are stored only as hashes. Generated secrets carry 256 random bits, so a keyed hash
 * (HMAC-SHA256 with a key outside the database) is as safe as a slow one and keeps the token
 * endpoint fast; secrets an operator chose may be guessable and get scrypt.
 */
export class SecretHasher {
  constructor(private readonly hmacKey: Buffer) {}

  hashGenerated(secret: string): string {
    return `hmac-sha256$${this.hmac(secret).toString('base64url')}`;
  }

  async hashChosen(secret: string): Promise<string> {
    const salt = randomBytes(16);
    const derived = await scryptAsync(secret, salt, SCRYPT.keyLength, SCRYPT);
    return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${derived.toString('base64url')}`;
  }

  /** Constant-time check of a presented secret against one stored hash; unknown formats never match. */
  async verify(secret: string, stored: string): Promise<boolean> {
    const parts = stored.split('$');
    if (parts[0] === 'hmac-sha256' && parts.length === 2) {
      return equal(this.hmac(secret), Buffer.from(parts[1] ?? '', 'base64url'));
    }
    if (parts[0] === 'scrypt' && parts.length === 6) {
      const [, n, r, p, salt, hash] = parts;
      const expected = Buffer.from(hash ?? '', 'base64url');
      const derived = await scryptAsync(secret, Buffer.from(salt ?? '', 'base64url'), expected.length, {
        N: Number(n),
        r: Number(r),
        p: Number(p),
      });
      return equal(derived, expected);
    }
    return false;
  }

  /** Spends the time of a generated-secret check, so an unknown client id is not faster to refuse. */
  burnComparison(secret: string): void {
    equal(this.hmac(secret), this.hmac(''));
  }

  private hmac(secret: string): Buffer {
    return createHmac('sha256', this.hmacKey).update(secret, 'utf8').digest();
  }
}

function equal(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
