import type { FileMetadata, NewFileAttributes, RetentionPolicy } from '@artstore/contracts';
import { defineSaga, type SagaDefinition, type SagaStepContext } from '@artstore/saga';
import { rankWritableElements, type StorageElementsConfigSubscriber } from '@artstore/service-discovery';
import type { ElementFilesAdapter, ElementTarget } from '../element-files/element-files.adapter';
import type { FileRegistryAdapter } from '../file-registry/file-registry.adapter';
import { RegistryUnavailableError } from '../file-registry/file-registry.errors';
import type { UploadIdempotencyRepository } from '../idempotency/upload-idempotency.repository';
import type { UploadBodies } from '../uploads/upload-bodies';
import type { UploadMetrics } from '../uploads/upload.metrics';
import { uploadResponseOf } from '../uploads/upload-response';
import { removeStoredFile } from './remove-stored-file';
import { storeOnElement } from './store-on-element';
import { NoEligibleElementError } from './upload-saga.errors';
import { DATABASE_TRANSIENT, NEXT_ELEMENT, REGISTRY_TRANSIENT } from './upload-saga.policies';

export const UPLOAD_SAGA = 'ingester.upload';

/** What `start` is asked to do (the saga log's `started` entry). */
export interface UploadSagaInput {
  file_id: string;
  client_id: string;
  retention_policy: RetentionPolicy;
}

/** Persisted as JSON before every step. */
export interface UploadSagaState {
  file_id: string;
  attributes: NewFileAttributes;
  idempotency_key: string | null;
  /** Upper bound of the file size (the request's Content-Length), when the client sent one. */
  size_hint: number | null;
  max_element_attempts: number;
  /**
   * Where the whole body waits on this instance's disk (a finished resumable upload). Each store
   * attempt then reads it afresh, so the saga can move to another element or finish after a crash.
   */
  staged_body_path?: string;
  /** The intent: elements this upload may write to, best first (reserve). */
  candidates?: ElementTarget[];
  /** The element that holds the file and what it stored (store). */
  element?: ElementTarget;
  file?: FileMetadata;
}

export interface UploadSagaDependencies {
  discovery: StorageElementsConfigSubscriber;
  elements: ElementFilesAdapter;
  registry: FileRegistryAdapter;
  bodies: UploadBodies;
  idempotency: UploadIdempotencyRepository;
  metrics: UploadMetrics;
}

/**
 * SPEC §6: reserve → store on the element → register → commit. The admin's registry appends the
 * file event in the same transaction as the registration (its outbox), so there is no publish step.
 */
export function uploadSaga(deps: UploadSagaDependencies): SagaDefinition<UploadSagaInput, UploadSagaState> {
  return defineSaga<UploadSagaInput, UploadSagaState>({
    type: UPLOAD_SAGA,
    steps: [
      {
        name: 'reserve',
        onFailure: 'compensate',
        run: (state) =>
          deps.metrics.timed('reserve', () => Promise.resolve({ candidates: reserve(deps, state) })),
        // Frees the Idempotency-Key of an upload that did not complete (also after a crash).
        compensate: (_state, context) => deps.idempotency.release(context.sagaId),
      },
      {
        name: 'store',
        retry: NEXT_ELEMENT,
        onFailure: 'compensate',
        // A PUT that timed out after the whole body was sent may have landed.
        compensateOwnFailure: true,
        run: (state, context) => deps.metrics.timed('store', () => storeOnElement(deps, state, context)),
        compensate: (state, context) => removeStoredFile(deps, state, context),
      },
      {
        name: 'register',
        retry: REGISTRY_TRANSIENT,
        onFailure: 'compensate',
        compensateOwnFailure: true,
        run: (state, context) => deps.metrics.timed('register', () => register(deps, state, context)),
        compensate: async (state, context) => {
          const body = deps.bodies.find(context.sagaId);
          // In this process we know whether any call can have reached the admin; after a crash we do not.
          if (body && !body.registryMayHoldFile) {
            return;
          }
          await deps.registry.unregister(state.file_id, context.signal);
        },
      },
      {
        name: 'commit',
        retry: DATABASE_TRANSIENT,
        onFailure: 'compensate',
        run: (state, context) =>
          deps.metrics.timed('commit', async () => {
            if (state.idempotency_key !== null && state.file) {
              await deps.idempotency.complete(context.sagaId, uploadResponseOf(state.file));
            }
          }),
      },
    ],
  });
}

function reserve(deps: UploadSagaDependencies, state: UploadSagaState): ElementTarget[] {
  const config = deps.discovery.current();
  const ranked = rankWritableElements(
    config ?? [],
    {
      retentionPolicy: state.attributes.retention_policy,
      ...(state.size_hint === null ? {} : { sizeBytes: state.size_hint }),
    },
    (id) => deps.elements.isCircuitOpen(id),
  );
  if (ranked.length === 0) {
    throw new NoEligibleElementError(state.attributes.retention_policy);
  }
  return ranked.slice(0, state.max_element_attempts).map(({ id, url }) => ({ id, url }));
}

async function register(
  deps: UploadSagaDependencies,
  state: UploadSagaState,
  context: SagaStepContext,
): Promise<void> {
  if (!state.file) {
    throw new Error('the register step runs without a stored file');
  }
  const body = deps.bodies.find(context.sagaId);
  try {
    await deps.registry.register(state.file, context.signal);
  } catch (error) {
    if (body && !(error instanceof RegistryUnavailableError && !error.mayHaveLanded)) {
      body.registryMayHoldFile = true;
    }
    throw error;
  }
}
