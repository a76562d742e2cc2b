import { describe, expect, it } from 'vitest';
import {
  activeKey,
  expiredKeys,
  keyStates,
  publishedKeys,
  scheduledActivation,
  type KeyTimes,
} from './signing-key-timeline';

const HOUR = 3_600_000;
const policy = {
  intervalMs: 24 * HOUR,
  publishLeadMs: HOUR / 6,
  tokenLifetimeMs: HOUR / 2,
  retiredGraceMs: HOUR,
};
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const aKey = (kid: string, activatesAtMs: number): KeyTimes => ({
  kid,
  createdAt: at(activatesAtMs - policy.publishLeadMs),
  activatesAt: at(activatesAtMs),
});

describe('signing key timeline', () => {
  it('creates the first key to sign at once', () => {
    expect(scheduledActivation([], t0, policy)).toEqual(t0);
  });

  it('schedules the next key one interval on, published a lead before it signs', () => {
    const keys = [aKey('a', 0)];
    expect(scheduledActivation(keys, at(24 * HOUR - policy.publishLeadMs - 1), policy)).toBeUndefined();
    expect(scheduledActivation(keys, at(24 * HOUR - policy.publishLeadMs), policy)).toEqual(at(24 * HOUR));
    // Late (the admin was down): still published for the full lead before it signs.
    expect(scheduledActivation(keys, at(30 * HOUR), policy)).toEqual(at(30 * HOUR + policy.publishLeadMs));
  });

  it('does not schedule while a key waits', () => {
    expect(
      scheduledActivation([aKey('a', 0), aKey('b', 24 * HOUR)], at(24 * HOUR - 1), policy),
    ).toBeUndefined();
  });

  it('keeps signing with the old key until the new one activates, then retires it', () => {
    const keys = [aKey('a', 0), aKey('b', 24 * HOUR)];
    expect(activeKey(keys, at(24 * HOUR - 1), policy)?.kid).toBe('a');
    expect(publishedKeys(keys, at(24 * HOUR - 1), policy).map((key) => key.kid)).toEqual(['a', 'b']);
    expect(activeKey(keys, at(24 * HOUR), policy)?.kid).toBe('b');
    const [old] = keyStates(keys, at(24 * HOUR), policy);
    expect(old).toMatchObject({
      status: 'retired',
      retiredAt: at(24 * HOUR),
      unpublishAt: at(24 * HOUR + 1.5 * HOUR),
    });
  });

  it('publishes a retired key until its last token has expired plus the grace, then lets it go', () => {
    const keys = [aKey('a', 0), aKey('b', 24 * HOUR)];
    const unpublish = 24 * HOUR + policy.tokenLifetimeMs + policy.retiredGraceMs;
    expect(publishedKeys(keys, at(unpublish - 1), policy).map((key) => key.kid)).toEqual(['a', 'b']);
    expect(publishedKeys(keys, at(unpublish), policy).map((key) => key.kid)).toEqual(['b']);
    expect(expiredKeys(keys, at(unpublish), policy).map((key) => key.kid)).toEqual(['a']);
  });
});
