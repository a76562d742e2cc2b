import { describe, expect, it } from 'vitest';
import type { FileMetadata } from '@artstore/contracts';
import { decideRegistration, sameFileContent } from './file-version-rule';

function aFile(overrides: Partial<FileMetadata> = {}): FileMetadata {
  return {
    file_id: '019a0000-0000-7000-8000-000000000001',
    original_filename: 'report.pdf',
    content_type: 'application/pdf',
    size_bytes: 10,
    sha256: 'a'.repeat(64),
    storage_element_id: 'se-01',
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    uploaded_by: 'ingester',
    retention_policy: 'temporary',
    ttl_expires_at: '2026-02-01T00:00:00.000Z',
    description: '',
    tags: ['a', 'b'],
    metadata: { project: 'x', nested: { one: 1, two: 2 } },
    version: 2,
    ...overrides,
  };
}

describe('decideRegistration', () => {
  it('creates a file the registry does not hold', () => {
    expect(decideRegistration(undefined, aFile())).toBe('create');
  });

  it('updates to a higher version', () => {
    expect(decideRegistration(aFile(), aFile({ version: 3, description: 'new' }))).toBe('update');
  });

  it('treats the same version with the same content as a retry', () => {
    expect(decideRegistration(aFile(), aFile())).toBe('unchanged');
  });

  it('refuses the same version with other content as a conflict', () => {
    expect(decideRegistration(aFile(), aFile({ description: 'other' }))).toBe('version_conflict');
    expect(decideRegistration(aFile(), aFile({ storage_element_id: 'se-02' }))).toBe('version_conflict');
  });

  it('refuses a lower version as stale, whatever its content', () => {
    expect(decideRegistration(aFile(), aFile({ version: 1 }))).toBe('stale_version');
    expect(decideRegistration(aFile(), aFile({ version: 1, description: 'x' }))).toBe('stale_version');
  });
});

describe('sameFileContent', () => {
  it('ignores the order of keys, as jsonb does', () => {
    const reordered = aFile({ metadata: { nested: { two: 2, one: 1 }, project: 'x' } });
    expect(sameFileContent(aFile(), reordered)).toBe(true);
  });

  it('keeps the order of tags, which is content', () => {
    expect(sameFileContent(aFile(), aFile({ tags: ['b', 'a'] }))).toBe(false);
  });

  it('tells null from a timestamp', () => {
    expect(sameFileContent(aFile(), aFile({ ttl_expires_at: null }))).toBe(false);
  });
});
