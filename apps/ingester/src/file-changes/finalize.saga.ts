import type { FileMetadata } from '@artstore/contracts';
import { retry } from '@artstore/resilience';
import { defineSaga, type SagaDefinition, type SagaStepContext } from '@artstore/saga';
import { rankWritableElements } from '@artstore/service-discovery';
import type { ElementTarget } from '../element-files/element-files.adapter';
import { ElementUnreachableError } from '../element-files/element-files.errors';
import { ChecksumMismatchError, NoEligibleElementError } from '../sagas/upload-saga.errors';
import type { FileChangeSagaDependencies } from './file-change-saga.dependencies';
import { ELEMENT_COMPENSATION, ELEMENT_TRANSIENT, REGISTRY_TRANSIENT } from './file-change.policies';
import { finalizedRecord, isFinalizedOn } from './registry-records';

export const FINALIZE_SAGA = 'ingester.finalize';

export interface FinalizeSagaInput {
  file_id: string;
  client_id: string;
}

/** Persisted as JSON before every step. */
export interface FinalizeSagaState {
  file_id: string;
  /** The registry's record when finalize was asked: temporary, held by `source`. */
  file: FileMetadata;
  source: ElementTarget;
  /** The rw element the copy goes to (choose). */
  target?: ElementTarget;
  /** The copy's attr.json (copy). */
  copy?: FileMetadata;
  /** What the registry holds afterwards (register). */
  registered?: FileMetadata;
}

/**
 * SPEC §6 finalize, temporary → permanent: choose a rw element → copy (streamed element to element,
 * checked by Repr-Digest; undo: remove the copy by saga id) → verify → register → remove the
 * original from the edit element. Once the copy is verified both copies exist, so from the registry
 * step on the saga only goes forward (retry_forward): undoing a registry change that may have
 * landed would be a second change that may fail too.
 */
export function finalizeSaga(
  deps: FileChangeSagaDependencies,
): SagaDefinition<FinalizeSagaInput, FinalizeSagaState> {
  // Per saga run in this process: false while no copy request can have reached the target.
  const copyMayExist = new Map<string, boolean>();
  return defineSaga<FinalizeSagaInput, FinalizeSagaState>({
    type: FINALIZE_SAGA,
    steps: [
      {
        name: 'choose',
        onFailure: 'compensate',
        // async: a refusal becomes a rejection, as the saga expects of every step.
        run: async (state) => Promise.resolve({ target: chooseTarget(deps, state) }),
      },
      {
        name: 'copy',
        retry: ELEMENT_TRANSIENT,
        onFailure: 'compensate',
        // A PUT that failed after the body was sent may have landed.
        compensateOwnFailure: true,
        run: (state, context) => copyToTarget(deps, state, context, copyMayExist),
        compensate: async (state, context) => {
          // After a crash nobody knows: the removal is tried (it only removes what this saga created).
          if (copyMayExist.get(context.sagaId) === false || !state.target) {
            copyMayExist.delete(context.sagaId);
            return;
          }
          const target = state.target;
          await retry(
            (_attempt, signal) => deps.elements.removeFile(target, state.file_id, context.sagaId, signal),
            ELEMENT_COMPENSATION,
            { signal: context.signal },
          );
          copyMayExist.delete(context.sagaId);
        },
      },
      {
        name: 'verify',
        onFailure: 'compensate',
        run: async (state) => Promise.resolve(verifyCopy(state)),
      },
      {
        name: 'register',
        retry: REGISTRY_TRANSIENT,
        onFailure: 'retry_forward',
        run: async (state, context) => {
          copyMayExist.delete(context.sagaId);
          return { registered: await registerFinalized(deps, state, context) };
        },
      },
      {
        name: 'remove_original',
        retry: ELEMENT_TRANSIENT,
        onFailure: 'retry_forward',
        run: async (state, context) => {
          // 404: already removed by an earlier attempt.
          await deps.elements.deleteFile(state.source, state.file_id, context.signal);
        },
      },
    ],
  });
}

function chooseTarget(deps: FileChangeSagaDependencies, state: FinalizeSagaState): ElementTarget {
  const ranked = rankWritableElements(
    deps.discovery.current() ?? [],
    { retentionPolicy: 'permanent', sizeBytes: state.file.size_bytes },
    (id) => deps.elements.isCircuitOpen(id),
  );
  const target = ranked.find((element) => element.id !== state.source.id);
  if (!target) {
    throw new NoEligibleElementError('permanent');
  }
  return { id: target.id, url: target.url };
}

async function copyToTarget(
  deps: FileChangeSagaDependencies,
  state: FinalizeSagaState,
  context: SagaStepContext,
  copyMayExist: Map<string, boolean>,
): Promise<Partial<FinalizeSagaState>> {
  const { file, target } = state;
  if (!target) {
    throw new Error('the copy step runs without a chosen element');
  }
  if (!copyMayExist.has(context.sagaId)) {
    copyMayExist.set(context.sagaId, false);
  }
  const download = await deps.elements.openDownload(state.source, file.file_id, context.signal);
  try {
    const copy = await deps.elements.putCopy(
      target,
      file.file_id,
      {
        original_filename: file.original_filename,
        content_type: file.content_type,
        uploaded_by: file.uploaded_by,
        retention_policy: 'permanent',
        ttl_expires_at: null,
        description: file.description,
        tags: file.tags,
        metadata: file.metadata,
        saga_id: context.sagaId,
      },
      file.sha256,
      download,
      context.signal,
    );
    copyMayExist.set(context.sagaId, true);
    return { copy };
  } catch (error) {
    if (!(error instanceof ElementUnreachableError)) {
      copyMayExist.set(context.sagaId, true);
    }
    // Unread when the PUT never started; a started one cancelled it already.
    await download.cancel().catch(() => undefined);
    throw error;
  }
}

function verifyCopy(state: FinalizeSagaState): void {
  const { copy, file, target } = state;
  if (!copy || !target) {
    throw new Error('the verify step runs without a copy');
  }
  if (copy.sha256 !== file.sha256 || copy.size_bytes !== file.size_bytes) {
    throw new ChecksumMismatchError(
      target.id,
      { sha256: file.sha256, size: file.size_bytes },
      { sha256: copy.sha256, size: copy.size_bytes },
    );
  }
}

async function registerFinalized(
  deps: FileChangeSagaDependencies,
  state: FinalizeSagaState,
  context: SagaStepContext,
): Promise<FileMetadata> {
  const { copy } = state;
  if (!copy) {
    throw new Error('the register step runs without a copy');
  }
  // Read again on every round: a retried PUT may have landed, or the record moved on meanwhile.
  const registered = await deps.registry.get(state.file_id, context.signal);
  if (registered && isFinalizedOn(registered, copy.storage_element_id)) {
    return registered;
  }
  return deps.registry.update(finalizedRecord(registered ?? state.file, copy), context.signal);
}
