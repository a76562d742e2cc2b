import { createHash } from 'node:crypto';
import type { AuditResult } from '@artstore/contracts';

/** The `prev_hash` of the first event: the chain starts from a known value, so a deleted head shows. */
export const GENESIS_HASH = '0'.repeat(64);

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Every field of an event that its hash covers, as stored. */
export interface AuditHashedFields {
  id: string;
  /** Whole milliseconds: hashed as its ISO 8601 UTC form (`Date#toISOString`). */
  at: Date;
  actor: string;
  action: string;
  resource: string;
  result: AuditResult;
  details: { [key: string]: JsonValue };
}

/**
 * JSON with object keys sorted by UTF-16 code units and no whitespace, in the spirit of RFC 8785:
 * the same value always gives the same bytes, whatever order jsonb hands the keys back in.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TypeError('canonical JSON has no representation for a non-finite number');
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  const members = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
  return `{${members.join(',')}}`;
}

/** SHA-256 (hex) over the previous event's hash and this event's fields, id and time included. */
export function computeAuditHash(prevHash: string, event: AuditHashedFields): string {
  // Picked one by one: a stored row also carries its own hash, which must not hash itself.
  const covered: JsonValue = {
    id: event.id,
    at: event.at.toISOString(),
    actor: event.actor,
    action: event.action,
    resource: event.resource,
    result: event.result,
    details: event.details,
    prev_hash: prevHash,
  };
  return createHash('sha256').update(canonicalJson(covered), 'utf8').digest('hex');
}
