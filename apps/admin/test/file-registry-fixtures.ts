import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { FILE_EVENTS_STREAM, type FileMetadata } from '@artstore/contracts';

/** A canonical lowercase UUIDv7 (what the ingester assigns and elements accept), ordered by `atMs`. */
export function uuidV7(atMs: number = Date.now()): string {
  const hex = atMs.toString(16).padStart(12, '0') + randomBytes(10).toString('hex');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function aFile(overrides: Partial<FileMetadata> = {}): FileMetadata {
  return {
    file_id: uuidV7(),
    original_filename: 'report.pdf',
    content_type: 'application/pdf',
    size_bytes: 1234,
    sha256: randomBytes(32).toString('hex'),
    storage_element_id: 'se-01',
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    uploaded_by: 'alice',
    retention_policy: 'temporary',
    ttl_expires_at: '2026-02-01T00:00:00.000Z',
    description: 'quarterly',
    tags: ['finance'],
    metadata: { project: 'apollo' },
    version: 1,
    ...overrides,
  };
}

export interface StreamEvent {
  entryId: string;
  fields: Record<string, string>;
}

/** Every entry of the test's `artstore:file-events` stream, oldest first. */
export async function fileEvents(redis: Redis, prefix: string): Promise<StreamEvent[]> {
  const entries = await redis.xrange(`${prefix}${FILE_EVENTS_STREAM}`, '-', '+');
  return entries.map(([entryId, flat]) => {
    const fields: Record<string, string> = {};
    for (let index = 0; index + 1 < flat.length; index += 2) {
      fields[flat[index] ?? ''] = flat[index + 1] ?? '';
    }
    return { entryId, fields };
  });
}

export function eventsFor(events: readonly StreamEvent[], fileId: string): StreamEvent[] {
  return events.filter((event) => event.fields['file_id'] === fileId);
}

/** Stores a small file directly on an element, the way the ingester's store step does. */
export async function putOnElement(
  elementUrl: string,
  token: string,
  fileId: string,
  retention: 'temporary' | 'permanent',
  body: string,
): Promise<Response> {
  const attributes = {
    original_filename: `${fileId}.txt`,
    retention_policy: retention,
    ttl_expires_at: retention === 'temporary' ? '2030-01-01T00:00:00Z' : null,
    description: 'put directly on the element',
    tags: ['reconcile'],
    metadata: { source: 'test' },
  };
  return fetch(`${elementUrl}/api/v1/files/${fileId}`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'text/plain',
      'artstore-attributes': Buffer.from(JSON.stringify(attributes)).toString('base64url'),
    },
    body,
  });
}
