import { InvalidInputError } from '@artstore/platform';

// RFC 9530: a structured-field dictionary; we need the sha-256 member, a byte sequence (:base64:).
const MEMBER = /^\s*([a-z][a-z0-9_.*-]*)\s*=\s*:([A-Za-z0-9+/]*={0,2}):\s*(;.*)?$/;

/**
 * The expected sha256 (lowercase hex) from a `Repr-Digest` request header; undefined when absent
 * or when it names only algorithms we do not check. A malformed sha-256 member is a 400.
 */
export function expectedSha256FromReprDigest(header: string | undefined): string | undefined {
  if (header === undefined) {
    return undefined;
  }
  for (const member of header.split(',')) {
    const match = MEMBER.exec(member);
    if (!match) {
      if (/^\s*sha-256\s*=/.test(member)) {
        throw malformed();
      }
      continue;
    }
    const [, algorithm, base64] = match;
    if (algorithm !== 'sha-256') {
      continue;
    }
    const bytes = Buffer.from(base64 ?? '', 'base64');
    if (bytes.byteLength !== 32) {
      throw malformed();
    }
    return bytes.toString('hex');
  }
  return undefined;
}

function malformed(): InvalidInputError {
  return new InvalidInputError('Repr-Digest header', [
    { field: 'sha-256', message: 'must be a 32-byte base64 byte sequence, e.g. sha-256=:…=:' },
  ]);
}

/** The `Repr-Digest` response value for a stored sha256 (hex). */
export function reprDigestOf(sha256Hex: string): string {
  return `sha-256=:${Buffer.from(sha256Hex, 'hex').toString('base64')}:`;
}
