import { describe, expect, it } from 'vitest';
import { parseUploadForm } from './upload-form.schema';
import { UploadError } from './upload.errors';

const form = (entries: Record<string, string | string[]>) =>
  new Map(Object.entries(entries).map(([name, value]) => [name, Array.isArray(value) ? value : [value]]));

const refusal = (entries: Record<string, string | string[]>): string => {
  try {
    parseUploadForm(form(entries));
  } catch (error) {
    expect(error).toBeInstanceOf(UploadError);
    return (error as UploadError).message;
  }
  throw new Error('accepted');
};

describe('parseUploadForm', () => {
  it('defaults to a temporary file kept 30 days', () => {
    expect(parseUploadForm(form({}))).toEqual({
      description: '',
      tags: [],
      retention_policy: 'temporary',
      ttl_days: 30,
      metadata: {},
    });
  });

  it('merges repeated and comma-separated tags, dropping blanks and duplicates', () => {
    expect(parseUploadForm(form({ tags: ['a, b', 'c', ' ,a'] })).tags).toEqual(['a', 'b', 'c']);
  });

  it('gives permanent files no ttl', () => {
    expect(parseUploadForm(form({ retention_policy: 'permanent' })).ttl_days).toBeNull();
  });

  it('accepts ttl_days 1 and 365', () => {
    expect(parseUploadForm(form({ ttl_days: '1' })).ttl_days).toBe(1);
    expect(parseUploadForm(form({ ttl_days: '365' })).ttl_days).toBe(365);
  });

  it.each(['0', '366', '1.5', '-1', 'ten', ''])('refuses ttl_days %j', (value) => {
    expect(refusal({ ttl_days: value })).toContain('ttl_days');
  });

  it('refuses ttl_days on a permanent file', () => {
    expect(refusal({ retention_policy: 'permanent', ttl_days: '5' })).toContain('temporary files only');
  });

  it('refuses an unknown retention_policy', () => {
    expect(refusal({ retention_policy: 'forever' })).toContain('retention_policy');
  });

  it.each(['[]', '"text"', '42', 'null', '{bad'])('refuses metadata %s', (value) => {
    expect(refusal({ metadata: value })).toContain('metadata');
  });

  it('refuses NUL in metadata', () => {
    expect(refusal({ metadata: '{"a":"\\u0000"}' })).toContain('metadata');
  });

  it('refuses unknown and repeated single-valued fields', () => {
    expect(refusal({ colour: 'red' })).toContain('colour');
    expect(refusal({ description: ['a', 'b'] })).toContain('only once');
  });
});
