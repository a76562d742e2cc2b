import { describe, expect, it } from 'vitest';
import { uuidV7 } from './uuid-v7';

describe('uuidV7', () => {
  it('has the version 7 and RFC 9562 variant bits', () => {
    expect(uuidV7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('carries the millisecond timestamp in its first 48 bits, so ids sort by time', () => {
    const at = Date.UTC(2026, 11, 4, 18, 0, 0, 123);
    expect(parseInt(uuidV7(at).replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    expect(uuidV7(at) < uuidV7(at + 1)).toBe(true);
  });
});
