import {
  STORAGE_ELEMENT_API_TRANSITIONS,
  type StorageElementMode,
  type StorageElementOperation,
} from '@artstore/contracts';
import { ModeError } from './modes.errors';

// SPEC section 4, the modes table, cell for cell.
const ALLOWED_OPERATIONS: Readonly<Record<StorageElementMode, readonly StorageElementOperation[]>> = {
  edit: ['create', 'read', 'update_metadata', 'delete'],
  rw: ['create', 'read', 'update_metadata'],
  ro: ['read'],
  ar: ['read'],
};

export function isOperationAllowed(mode: StorageElementMode, operation: StorageElementOperation): boolean {
  return ALLOWED_OPERATIONS[mode].includes(operation);
}

/** Throws the 409 refusal naming the mode and the operation when the mode does not allow it. */
export function assertOperationAllowed(mode: StorageElementMode, operation: StorageElementOperation): void {
  if (!isOperationAllowed(mode, operation)) {
    throw ModeError.operationNotAllowed(mode, operation);
  }
}

/** Modes `POST /api/v1/mode` may move to from `mode`. */
export function allowedTransitions(mode: StorageElementMode): readonly StorageElementMode[] {
  return STORAGE_ELEMENT_API_TRANSITIONS[mode];
}

/** Throws the 409 refusal listing the allowed transitions when the API may not move `from` to `to`. */
export function assertTransitionAllowed(from: StorageElementMode, to: StorageElementMode): void {
  const allowed = allowedTransitions(from);
  if (!allowed.includes(to)) {
    throw ModeError.transitionNotAllowed(from, to, allowed);
  }
}

/**
 * Whether a saga compensation may remove a file that the same saga created (matching saga_id, never
 * acknowledged to a client): in any writable mode, even rw, which refuses ordinary deletes.
 */
export function canCompensate(mode: StorageElementMode): boolean {
  return isOperationAllowed(mode, 'create');
}

/** Throws the refusal for a compensating delete in a mode that accepts no writes. */
export function assertCompensationAllowed(mode: StorageElementMode): void {
  if (!canCompensate(mode)) {
    throw ModeError.operationNotAllowed(mode, 'delete');
  }
}
