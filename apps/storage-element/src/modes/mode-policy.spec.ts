import { describe, expect, it } from 'vitest';
import {
  STORAGE_ELEMENT_MODES,
  type StorageElementMode,
  type StorageElementOperation,
} from '@artstore/contracts';
import {
  allowedTransitions,
  assertCompensationAllowed,
  assertOperationAllowed,
  assertTransitionAllowed,
  canCompensate,
  isOperationAllowed,
} from './mode-policy';
import { mapModeError, ModeError } from './modes.errors';

// SPEC section 4, written out again on purpose: the policy must match this, not itself.
const TABLE: [StorageElementMode, StorageElementOperation, boolean][] = [
  ['edit', 'create', true],
  ['edit', 'read', true],
  ['edit', 'update_metadata', true],
  ['edit', 'delete', true],
  ['rw', 'create', true],
  ['rw', 'read', true],
  ['rw', 'update_metadata', true],
  ['rw', 'delete', false],
  ['ro', 'create', false],
  ['ro', 'read', true],
  ['ro', 'update_metadata', false],
  ['ro', 'delete', false],
  ['ar', 'create', false],
  ['ar', 'read', true],
  ['ar', 'update_metadata', false],
  ['ar', 'delete', false],
];

function refusalOf(action: () => void): ModeError {
  try {
    action();
  } catch (error) {
    if (error instanceof ModeError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a ModeError');
}

describe('mode policy', () => {
  describe(isOperationAllowed.name, () => {
    it.each(TABLE)('in mode %s, %s is allowed: %s', (mode, operation, allowed) => {
      expect(isOperationAllowed(mode, operation)).toBe(allowed);
    });
  });

  describe(assertOperationAllowed.name, () => {
    it.each(TABLE.filter(([, , allowed]) => !allowed))(
      'refuses %s / %s with a 409 naming the mode and the operation',
      (mode, operation) => {
        const error = refusalOf(() => assertOperationAllowed(mode, operation));
        expect(error.code).toBe('operation_not_allowed_in_mode');
        expect(error.mode).toBe(mode);
        expect(error.message).toContain(`mode ${mode}`);
        expect(error.message).toContain(`operation ${operation}`);
        expect(mapModeError(error)).toEqual({ status: 409 });
      },
    );

    it.each(TABLE.filter(([, , allowed]) => allowed))('lets %s / %s through', (mode, operation) => {
      expect(() => assertOperationAllowed(mode, operation)).not.toThrow();
    });
  });

  describe(assertTransitionAllowed.name, () => {
    const allowedPairs = [
      ['rw', 'ro'],
      ['ro', 'ar'],
    ];
    const allPairs = STORAGE_ELEMENT_MODES.flatMap((from) =>
      STORAGE_ELEMENT_MODES.map((to) => [from, to] as const),
    );

    it.each(allPairs)('%s → %s follows the table', (from, to) => {
      const allowed = allowedPairs.some(([a, b]) => a === from && b === to);
      if (allowed) {
        expect(() => assertTransitionAllowed(from, to)).not.toThrow();
        return;
      }
      const error = refusalOf(() => assertTransitionAllowed(from, to));
      expect(error.code).toBe('mode_transition_not_allowed');
      expect(error.message).toContain(`mode ${from}`);
      expect(mapModeError(error)).toEqual({ status: 409 });
    });

    it('lists the allowed transitions in the refusal', () => {
      expect(refusalOf(() => assertTransitionAllowed('rw', 'ar')).message).toContain('allowed from rw: ro');
      expect(refusalOf(() => assertTransitionAllowed('ro', 'rw')).message).toContain('allowed from ro: ar');
    });

    it('says that edit and ar change only through SE_MODE', () => {
      for (const mode of ['edit', 'ar'] as const) {
        expect(allowedTransitions(mode)).toEqual([]);
        expect(refusalOf(() => assertTransitionAllowed(mode, 'ro')).message).toContain(
          `mode ${mode} never changes through the API, only through SE_MODE`,
        );
      }
    });

    it('refuses the current mode as a change', () => {
      expect(refusalOf(() => assertTransitionAllowed('ro', 'ro')).message).toContain('already in mode ro');
    });
  });

  describe(canCompensate.name, () => {
    it.each([
      ['edit', true],
      ['rw', true],
      ['ro', false],
      ['ar', false],
    ] as const)('in mode %s: %s', (mode, allowed) => {
      expect(canCompensate(mode)).toBe(allowed);
      if (allowed) {
        expect(() => assertCompensationAllowed(mode)).not.toThrow();
      } else {
        expect(refusalOf(() => assertCompensationAllowed(mode)).message).toContain(`mode ${mode}`);
      }
    });

    it('allows a compensating delete in rw, where a client delete is refused', () => {
      expect(isOperationAllowed('rw', 'delete')).toBe(false);
      expect(canCompensate('rw')).toBe(true);
    });
  });

  describe('mapModeError', () => {
    it('leaves errors of other modules alone', () => {
      expect(mapModeError(new (class extends Error {})() as never)).toBeUndefined();
    });
  });
});
