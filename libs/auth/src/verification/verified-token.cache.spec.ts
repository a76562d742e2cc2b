import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Principal } from '@artstore/contracts';
import { VerifiedTokenCache } from './verified-token.cache';

const caller: Principal = {
  accountId: 'account-1',
  clientId: 'client-1',
  role: 'user',
  permissions: ['files:read'],
  tokenId: 'token-1',
};
const NOW_S = 1_800_000_000;

describe(VerifiedTokenCache.name, () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW_S * 1000);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  describe('get', () => {
    it('answers a remembered token until exp plus the tolerance, then forgets it', () => {
      const cache = new VerifiedTokenCache();
      cache.remember('a.b.c', caller, NOW_S + 60, 30);
      vi.setSystemTime((NOW_S + 89) * 1000);
      expect(cache.get('a.b.c')).toBe(caller);
      vi.setSystemTime((NOW_S + 90) * 1000);
      expect(cache.get('a.b.c')).toBeUndefined();
      vi.setSystemTime((NOW_S + 10) * 1000);
      expect(cache.get('a.b.c')).toBeUndefined();
    });

    it('knows only the exact token text', () => {
      const cache = new VerifiedTokenCache();
      cache.remember('a.b.c', caller, NOW_S + 60, 0);
      expect(cache.get('a.b.d')).toBeUndefined();
    });
  });

  describe('remember', () => {
    it('does not keep a token that is already past use', () => {
      const cache = new VerifiedTokenCache();
      cache.remember('a.b.c', caller, NOW_S - 31, 30);
      expect(cache.get('a.b.c')).toBeUndefined();
    });
  });
});
