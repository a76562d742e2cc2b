import type { FileMetadata } from '@artstore/contracts';
import { defineSaga, type SagaDefinition, type SagaStepContext } from '@artstore/saga';
import type { ElementTarget } from '../element-files/element-files.adapter';
import type { FileChangeSagaDependencies } from './file-change-saga.dependencies';
import { ELEMENT_NOT_SENT, REGISTRY_TRANSIENT } from './file-change.policies';
import type { FilePatch } from './file-patch.schema';
import { holdsUpdate, updatedRecord } from './registry-records';

export const UPDATE_ATTRIBUTES_SAGA = 'ingester.update-attributes';

export interface UpdateAttributesSagaInput {
  file_id: string;
  client_id: string;
}

/** Persisted as JSON before every step. */
export interface UpdateAttributesSagaState {
  file_id: string;
  element: ElementTarget;
  patch: FilePatch;
  /** The element's attr.json after the change (update_element). */
  updated?: FileMetadata;
  /** What the registry holds afterwards (update_registry). */
  registered?: FileMetadata;
}

/**
 * `PATCH /api/v1/files/{id}`: the element changes attr.json (its mode decides; version + 1) → the
 * registry records the new attributes. The element's change is the pivot: once made it stays, so the
 * registry step retries forward until the admin takes it.
 */
export function updateAttributesSaga(
  deps: FileChangeSagaDependencies,
): SagaDefinition<UpdateAttributesSagaInput, UpdateAttributesSagaState> {
  return defineSaga<UpdateAttributesSagaInput, UpdateAttributesSagaState>({
    type: UPDATE_ATTRIBUTES_SAGA,
    steps: [
      {
        name: 'update_element',
        retry: ELEMENT_NOT_SENT,
        onFailure: 'compensate',
        run: async (state, context) => ({
          updated: await deps.elements.updateAttributes(
            state.element,
            state.file_id,
            state.patch,
            context.signal,
          ),
        }),
      },
      {
        name: 'update_registry',
        retry: REGISTRY_TRANSIENT,
        onFailure: 'retry_forward',
        run: async (state, context) => ({ registered: await registerUpdate(deps, state, context) }),
      },
    ],
  });
}

async function registerUpdate(
  deps: FileChangeSagaDependencies,
  state: UpdateAttributesSagaState,
  context: SagaStepContext,
): Promise<FileMetadata> {
  const { updated } = state;
  if (!updated) {
    throw new Error("the registry step runs without the element's answer");
  }
  // Read again on every round: a retried PUT may have landed, or another change moved the version on.
  const registered = await deps.registry.get(state.file_id, context.signal);
  if (registered && holdsUpdate(registered, updated)) {
    return registered;
  }
  return deps.registry.update(updatedRecord(registered, updated), context.signal);
}
