import { LRUCache } from 'lru-cache';
import type { Principal } from '@artstore/contracts';

const MAX_ENTRIES = 10_000;

interface Entry {
  principal: Principal;
  /** Epoch ms after which jose would refuse the token as expired. */
  usableUntil: number;
}

/**
 * Tokens already verified, until they expire. An RS256 check through WebCrypto costs ~100-200 µs,
 * several times a whole tiny request, and clients send the same token for its whole lifetime.
 * Only verified tokens enter, keyed by the exact token text, so a hit proves as much as a check.
 */
export class VerifiedTokenCache {
  private readonly entries = new LRUCache<string, Entry>({ max: MAX_ENTRIES });

  get(token: string): Principal | undefined {
    const entry = this.entries.get(token);
    if (entry && Date.now() < entry.usableUntil) {
      return entry.principal;
    }
    if (entry) {
      this.entries.delete(token);
    }
    return undefined;
  }

  /** Keeps the principal until `exp` plus the clock tolerance, as jose would still accept it. */
  remember(token: string, principal: Principal, expiresAtSeconds: number, toleranceSeconds: number): void {
    const usableUntil = (expiresAtSeconds + toleranceSeconds) * 1000;
    if (usableUntil > Date.now()) {
      this.entries.set(token, { principal, usableUntil });
    }
  }
}
