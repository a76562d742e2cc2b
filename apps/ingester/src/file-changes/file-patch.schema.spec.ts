import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '@artstore/platform';
import { parseFilePatch } from './file-patch.schema';

describe('parseFilePatch', () => {
  it('takes any of description, tags and metadata', () => {
    expect(parseFilePatch({ description: 'd' })).toEqual({ description: 'd' });
    expect(parseFilePatch({ tags: [' x ', 'y'], metadata: { k: [1] } })).toEqual({
      tags: ['x', 'y'],
      metadata: { k: [1] },
    });
  });

  it.each([
    ['an empty patch', {}],
    ['an unknown field', { color: 'red' }],
    ['a field only the element may change', { retention_policy: 'permanent' }],
    ['tags that are not a list', { tags: 'x' }],
    ['an empty tag', { tags: ['  '] }],
    ['more than 100 tags', { tags: Array.from({ length: 101 }, (_, i) => `t${i}`) }],
    ['metadata that is not an object', { metadata: [1] }],
    ['a NUL character', { description: 'a\u0000b' }],
    ['a description over 4096 characters', { description: 'x'.repeat(4097) }],
    ['a body that is not an object', 'text'],
  ])('refuses %s', (_label, body) => {
    expect(() => parseFilePatch(body)).toThrow(InvalidInputError);
  });
});
