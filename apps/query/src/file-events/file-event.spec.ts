import { describe, expect, it } from 'vitest';
import type { FileMetadata } from '@artstore/contracts';
import { parseFileEvent, streamFields } from './file-event';

const file: FileMetadata = {
  file_id: '0190f5a2-1b2c-7d3e-8f40-123456789abc',
  original_filename: 'report.pdf',
  content_type: 'application/pdf',
  size_bytes: 10,
  sha256: 'a'.repeat(64),
  storage_element_id: 'se-01',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  uploaded_by: 'alice',
  retention_policy: 'temporary',
  ttl_expires_at: null,
  description: '',
  tags: ['a'],
  metadata: { k: 1 },
  version: 2,
};

function fields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    type: 'file.updated',
    file_id: file.file_id,
    version: '2',
    occurred_at: '2026-01-02T00:00:00+00:00',
    file: JSON.stringify(file),
    ...overrides,
  };
}

describe('parseFileEvent', () => {
  it('reads the admin entry format, with occurred_at in UTC milliseconds', () => {
    expect(parseFileEvent(fields())).toEqual({
      type: 'file.updated',
      fileId: file.file_id,
      version: 2,
      occurredAt: '2026-01-02T00:00:00.000Z',
      file,
    });
  });

  it('ignores metadata fields it does not know', () => {
    const event = parseFileEvent(fields({ file: JSON.stringify({ ...file, schema_version: 1 }) }));
    expect(event?.file).toEqual(file);
  });

  it.each([
    ['an unknown type', { type: 'file.moved' }],
    ['a version that is not a positive integer', { version: '0' }],
    ['a version other than the file’s', { version: '3' }],
    ['another file id in the body', { file_id: '0190f5a2-1b2c-7d3e-8f40-000000000000' }],
    ['a body that is not JSON', { file: '{' }],
    ['a body missing a field', { file: JSON.stringify({ ...file, sha256: undefined }) }],
    ['a NUL character', { file: JSON.stringify({ ...file, description: 'a\u0000b' }) }],
    ['an occurred_at that is not a timestamp', { occurred_at: 'yesterday' }],
  ])('refuses %s', (_case, overrides) => {
    expect(parseFileEvent(fields(overrides))).toBeUndefined();
  });

  it('refuses an entry without fields', () => {
    expect(parseFileEvent({})).toBeUndefined();
  });
});

describe('streamFields', () => {
  it('pairs up field names and values', () => {
    expect(streamFields(['type', 'file.created', 'file_id', 'x'])).toEqual({
      type: 'file.created',
      file_id: 'x',
    });
  });
});
