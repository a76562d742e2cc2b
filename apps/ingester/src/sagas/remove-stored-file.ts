import { retry } from '@artstore/resilience';
import type { SagaStepContext } from '@artstore/saga';
import type { UploadSagaDependencies, UploadSagaState } from './upload.saga';
import { ELEMENT_COMPENSATION } from './upload-saga.policies';

/**
 * Removes the file from every element that may hold it. In this process the body knows which
 * elements got it whole (only those can have committed); after a crash every candidate is asked,
 * and so it is for a staged saga this process took over (its attempts spanned another run).
 */
export async function removeStoredFile(
  deps: UploadSagaDependencies,
  state: UploadSagaState,
  context: SagaStepContext,
): Promise<void> {
  const body =
    state.staged_body_path === undefined
      ? deps.bodies.find(context.sagaId)
      : deps.bodies.findStagedStartedHere(context.sagaId);
  const candidates = state.element ? [state.element] : (state.candidates ?? []);
  const targets = body && !state.element ? candidates.filter((c) => body.mayHaveLanded(c.id)) : candidates;
  for (const target of targets) {
    await retry(
      (_attempt, signal) => deps.elements.removeFile(target, state.file_id, context.sagaId, signal),
      ELEMENT_COMPENSATION,
      { signal: context.signal },
    );
  }
}
