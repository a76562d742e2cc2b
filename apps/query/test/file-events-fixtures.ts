import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { FILE_EVENTS_STREAM, type FileEventType, type FileMetadata } from '@artstore/contracts';

/** A canonical lowercase UUIDv7, ordered by `atMs`. */
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
    description: 'quarterly figures',
    tags: ['finance'],
    metadata: { project: 'apollo' },
    version: 1,
    ...overrides,
  };
}

export interface EventOptions {
  occurredAt?: string;
}

/** The stream fields the admin's relay writes (docs/file-registry.md). */
export function eventFields(type: FileEventType, file: FileMetadata, options: EventOptions = {}): string[] {
  return [
    'type',
    type,
    'file_id',
    file.file_id,
    'version',
    String(file.version),
    'occurred_at',
    options.occurredAt ?? new Date().toISOString(),
    'file',
    JSON.stringify(file),
  ];
}

/** XADDs the events in order to the test's `artstore:file-events` (a raw client: keys prefixed here). */
export async function publishEvents(
  redis: Redis,
  prefix: string,
  events: readonly { type: FileEventType; file: FileMetadata; occurredAt?: string }[],
): Promise<void> {
  const pipeline = redis.pipeline();
  for (const event of events) {
    const options = event.occurredAt === undefined ? {} : { occurredAt: event.occurredAt };
    pipeline.xadd(`${prefix}${FILE_EVENTS_STREAM}`, '*', ...eventFields(event.type, event.file, options));
  }
  const results = (await pipeline.exec()) ?? [];
  for (const [error] of results) {
    if (error) {
      throw error;
    }
  }
}
