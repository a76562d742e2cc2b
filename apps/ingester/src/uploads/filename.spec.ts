import { describe, expect, it } from 'vitest';
import { cleanOriginalFilename } from './filename';

describe('cleanOriginalFilename', () => {
  it('keeps path-like names as plain metadata', () => {
    expect(cleanOriginalFilename('../../etc/passwd')).toBe('../../etc/passwd');
  });

  it('drops control and bidi override characters', () => {
    expect(cleanOriginalFilename('a\u0000b\nc\u202Ed.txt')).toBe('abcd.txt');
  });

  it('names a missing or empty filename "upload"', () => {
    expect(cleanOriginalFilename(undefined)).toBe('upload');
    expect(cleanOriginalFilename('\u0001')).toBe('upload');
  });
});
