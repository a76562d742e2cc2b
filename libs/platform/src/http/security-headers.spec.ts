import { describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers';

describe(securityHeaders.name, () => {
  it("computes helmet's headers once, lower-cased", () => {
    const headers = securityHeaders();
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toContain('max-age=');
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['x-powered-by']).toBeUndefined();
    expect(Object.isFrozen(headers)).toBe(true);
  });
});
