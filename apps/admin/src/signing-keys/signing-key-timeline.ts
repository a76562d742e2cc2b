import type { SigningKeyStatus } from '@artstore/contracts';

/** What the rotation schedule needs to know of a key. */
export interface KeyTimes {
  kid: string;
  createdAt: Date;
  activatesAt: Date;
}

export interface RotationPolicy {
  intervalMs: number;
  /** A new key is published this long before it signs (≥ the verifiers' JWKS cache age). */
  publishLeadMs: number;
  /** A retired key stays published for the token lifetime plus this grace. */
  tokenLifetimeMs: number;
  retiredGraceMs: number;
}

export interface KeyState<Key extends KeyTimes> {
  key: Key;
  status: SigningKeyStatus;
  retiredAt: Date | null;
  unpublishAt: Date | null;
}

/**
 * Places every key on the schedule at `now`: the newest key whose activation has come signs, later
 * ones are published and waiting, earlier ones are retired and published until their last token
 * has expired.
 */
export function keyStates<Key extends KeyTimes>(
  keys: readonly Key[],
  now: Date,
  policy: RotationPolicy,
): KeyState<Key>[] {
  const ordered = [...keys].sort((a, b) => a.activatesAt.getTime() - b.activatesAt.getTime());
  return ordered.map((key, index) => {
    const successor = ordered[index + 1];
    if (key.activatesAt > now) {
      return { key, status: 'next', retiredAt: null, unpublishAt: null };
    }
    if (!successor || successor.activatesAt > now) {
      return { key, status: 'active', retiredAt: null, unpublishAt: null };
    }
    const retiredAt = successor.activatesAt;
    const unpublishAt = new Date(retiredAt.getTime() + policy.tokenLifetimeMs + policy.retiredGraceMs);
    return { key, status: 'retired', retiredAt, unpublishAt };
  });
}

/** Keys that belong in the JWKS at `now`. */
export function publishedKeys<Key extends KeyTimes>(
  keys: readonly Key[],
  now: Date,
  policy: RotationPolicy,
): Key[] {
  return keyStates(keys, now, policy)
    .filter((state) => state.unpublishAt === null || state.unpublishAt > now)
    .map((state) => state.key);
}

/** The key that signs at `now`, if any. */
export function activeKey<Key extends KeyTimes>(
  keys: readonly Key[],
  now: Date,
  policy: RotationPolicy,
): Key | undefined {
  return keyStates(keys, now, policy).find((state) => state.status === 'active')?.key;
}

/**
 * When the schedule wants a new key, the time it should start signing: at once when there is no key
 * at all (nobody can hold an older key set), otherwise one interval after the active key but never
 * before it has been published for the lead time. Undefined when a key is already waiting or it is
 * not yet time.
 */
export function scheduledActivation(
  keys: readonly KeyTimes[],
  now: Date,
  policy: RotationPolicy,
): Date | undefined {
  const states = keyStates(keys, now, policy);
  if (states.length === 0) {
    return now;
  }
  if (states.some((state) => state.status === 'next')) {
    return undefined;
  }
  const active = states.find((state) => state.status === 'active');
  const due = active ? active.key.activatesAt.getTime() + policy.intervalMs : now.getTime();
  if (now.getTime() < due - policy.publishLeadMs) {
    return undefined;
  }
  return new Date(Math.max(due, now.getTime() + policy.publishLeadMs));
}

/** Retired keys past their unpublish time, safe to delete. */
export function expiredKeys<Key extends KeyTimes>(
  keys: readonly Key[],
  now: Date,
  policy: RotationPolicy,
): Key[] {
  return keyStates(keys, now, policy)
    .filter((state) => state.unpublishAt !== null && state.unpublishAt <= now)
    .map((state) => state.key);
}
