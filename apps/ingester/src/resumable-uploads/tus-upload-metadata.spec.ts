import { describe, expect, it } from 'vitest';
import { parseTusUploadMetadata } from './tus-upload-metadata';

describe(parseTusUploadMetadata.name, () => {
  it('defaults like the multipart form when nothing is given', () => {
    expect(parseTusUploadMetadata(undefined)).toEqual({
      form: { description: '', tags: [], retention_policy: 'temporary', ttl_days: 30, metadata: {} },
      filename: 'upload',
      contentType: 'application/octet-stream',
      sha256: null,
    });
  });

  it('reads every key', () => {
    const parsed = parseTusUploadMetadata({
      filename: 'a/b.txt',
      filetype: 'text/plain',
      retention_policy: 'permanent',
      description: 'notes',
      tags: 'x, y,x',
      metadata: '{"k":1}',
      sha256: 'A'.repeat(64),
    });
    expect(parsed).toEqual({
      form: {
        description: 'notes',
        tags: ['x', 'y'],
        retention_policy: 'permanent',
        ttl_days: null,
        metadata: { k: 1 },
      },
      filename: 'a/b.txt',
      contentType: 'text/plain',
      sha256: 'a'.repeat(64),
    });
  });

  it('falls back to application/octet-stream for a malformed filetype', () => {
    expect(parseTusUploadMetadata({ filetype: 'not a type' }).contentType).toBe('application/octet-stream');
  });

  it.each([
    [{ retention_policy: 'forever' }, /retention_policy/],
    [{ ttl_days: '0' }, /ttl_days/],
    [{ ttl_days: '366' }, /ttl_days/],
    [{ metadata: '[1]' }, /metadata/],
    [{ metadata: '{' }, /metadata/],
    [{ sha256: 'abc' }, /sha256/],
    [{ colour: 'red' }, /Unknown Upload-Metadata key "colour"/],
    [{ retention_policy: 'permanent', ttl_days: '5' }, /temporary files only/],
  ])('refuses %j', (metadata, message) => {
    expect(() => parseTusUploadMetadata(metadata)).toThrow(message);
  });
});
