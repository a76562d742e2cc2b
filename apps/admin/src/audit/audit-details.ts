import type { JsonValue } from './audit-hash';

export const REDACTED = '[REDACTED]';
/** Audit rows are kept forever: text from requests (client ids, names) is bounded. */
export const MAX_TEXT_LENGTH = 256;
export const MAX_DETAIL_STRING_LENGTH = 1024;

// Matched against the key lowercased with separators removed, by its ending, so `client_secret`,
// `X-Api-Key`, `accessToken` and `secret_hash` go but `previous_secret_valid_until` stays.
const SECRET_KEY =
  /(secret|password|passwd|passphrase|token|authorization|apikey|privatekey|credentials?|cookie)(hash|value|pem|plain|base64)?$/;
// Values that are credentials whatever their key: bearer/basic headers, compact JWS/JWE, PEM private keys.
const SECRET_VALUE =
  /^bearer\s+\S+$|^basic\s+[a-z0-9+/]{8,}={0,2}$|^eyJ[\w-]*\.[\w-]*\.|-----BEGIN [A-Z ]*PRIVATE KEY-----/i;
// PostgreSQL text and jsonb refuse NUL, and jsonb refuses unpaired surrogates.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Makes a client-influenced string storable and bounded; the hash covers the result, not the input. */
export function toAuditText(value: string, maxLength = MAX_TEXT_LENGTH): string {
  // Cut first, then clean: a cut can split a surrogate pair, and cleaning keeps the length.
  const bounded = value.length > maxLength ? `${value.slice(0, maxLength - 1)}…` : value;
  return bounded.replaceAll('\0', '\ufffd').replace(LONE_SURROGATE, '\ufffd');
}

/**
 * The details exactly as they will be stored and hashed: JSON semantics (undefined dropped, dates as
 * ISO strings), and never a secret — callers should not pass one, this is the second line of defence.
 */
export function sanitizeAuditDetails(details: Readonly<Record<string, unknown>> | undefined): {
  [key: string]: JsonValue;
} {
  if (details === undefined) {
    return {};
  }
  const plain = JSON.parse(JSON.stringify(details)) as { [key: string]: JsonValue };
  return sanitizeObject(plain);
}

function sanitizeObject(value: { [key: string]: JsonValue }): { [key: string]: JsonValue } {
  // fromEntries defines own properties, so a `__proto__` key stays data instead of a prototype.
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [
      toAuditText(key),
      isSecretKey(key) ? REDACTED : sanitizeValue(member),
    ]),
  );
}

function sanitizeValue(value: JsonValue): JsonValue {
  if (typeof value === 'string') {
    return SECRET_VALUE.test(value) ? REDACTED : toAuditText(value, MAX_DETAIL_STRING_LENGTH);
  }
  if (Array.isArray(value)) {
    return value.map(sanitizeValue);
  }
  if (value !== null && typeof value === 'object') {
    return sanitizeObject(value);
  }
  return value;
}

function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.toLowerCase().replace(/[^a-z0-9]/g, ''));
}
