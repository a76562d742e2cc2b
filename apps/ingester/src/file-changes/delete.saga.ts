import { defineSaga, type SagaDefinition } from '@artstore/saga';
import type { ElementTarget } from '../element-files/element-files.adapter';
import type { UnregisterReason } from '../file-registry/file-registry.adapter';
import type { FileChangeSagaDependencies } from './file-change-saga.dependencies';
import { ELEMENT_TRANSIENT, REGISTRY_TRANSIENT } from './file-change.policies';

export const DELETE_SAGA = 'ingester.delete';

export interface DeleteSagaInput {
  file_id: string;
  reason: UnregisterReason;
}

/** Persisted as JSON before every step. */
export interface DeleteSagaState {
  file_id: string;
  element: ElementTarget;
  reason: UnregisterReason;
  /** The client that asked (or `system` for the TTL expiry); the admin's audit actor. */
  requested_by: string;
}

/**
 * `DELETE /api/v1/files/{id}` and the TTL expiry: the element deletes (its mode decides; a refusal
 * ends the saga with nothing changed) → the registry forgets the file. Deleted bytes cannot come
 * back, so the registry step retries forward until the admin takes it.
 */
export function deleteSaga(
  deps: FileChangeSagaDependencies,
): SagaDefinition<DeleteSagaInput, DeleteSagaState> {
  return defineSaga<DeleteSagaInput, DeleteSagaState>({
    type: DELETE_SAGA,
    steps: [
      {
        name: 'delete_on_element',
        // Idempotent: a repeat after a delete that landed finds nothing (404) and is done.
        retry: ELEMENT_TRANSIENT,
        onFailure: 'compensate',
        run: async (state, context) => {
          await deps.elements.deleteFile(state.element, state.file_id, context.signal);
        },
      },
      {
        name: 'unregister',
        retry: REGISTRY_TRANSIENT,
        onFailure: 'retry_forward',
        run: (state, context) =>
          deps.registry.unregister(state.file_id, context.signal, {
            reason: state.reason,
            requestedBy: state.requested_by,
          }),
      },
    ],
  });
}
