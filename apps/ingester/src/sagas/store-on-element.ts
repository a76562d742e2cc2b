import type { SagaStepContext } from '@artstore/saga';
import { ElementUnavailableError } from '../element-files/element-files.errors';
import type { UploadSagaDependencies, UploadSagaState } from './upload.saga';
import { ChecksumMismatchError, ElementSkippedError, UploadBodyLostError } from './upload-saga.errors';

/**
 * The store step: streams the body to the candidate of this attempt (attempt n → candidate n), then
 * checks that the element's sha256 and size are the ones computed on the way. An element that
 * failed before it got any byte is skipped for the next one; after that a streamed body is gone,
 * while a staged body is read again for the next element.
 */
export async function storeOnElement(
  deps: UploadSagaDependencies,
  state: UploadSagaState,
  context: SagaStepContext,
): Promise<Partial<UploadSagaState>> {
  const body =
    state.staged_body_path === undefined
      ? deps.bodies.find(context.sagaId)
      : deps.bodies.openStaged(context.sagaId, state.staged_body_path);
  if (!body) {
    throw new UploadBodyLostError();
  }
  const target = state.candidates?.[context.attempt - 1];
  if (!target) {
    throw body.lastSkipReason ?? new ElementUnavailableError('none', 'no candidate element left');
  }
  let file;
  try {
    file = await deps.elements.putFile(target, state.file_id, state.attributes, body, context.signal);
  } catch (error) {
    // A staged body can be sent again, unless this element may have committed the whole of it.
    const canMoveOn = state.staged_body_path === undefined ? !body.touched : !body.mayHaveLanded(target.id);
    if (error instanceof ElementUnavailableError && canMoveOn) {
      body.lastSkipReason = error;
      throw new ElementSkippedError(error);
    }
    throw error;
  }
  const expected = { sha256: body.digest.sha256 ?? '', size: body.digest.sizeBytes };
  if (file.sha256 !== expected.sha256 || file.size_bytes !== expected.size) {
    // The element holds it under our saga id: the step's own compensation removes it.
    body.markComplete(target.id);
    throw new ChecksumMismatchError(target.id, expected, { sha256: file.sha256, size: file.size_bytes });
  }
  return { element: target, file };
}
