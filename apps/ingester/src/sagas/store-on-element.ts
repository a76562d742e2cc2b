import type { SagaStepContext } from '@artstore/saga';
import { ElementUnavailableError } from '../element-files/element-files.errors';
import type { UploadSagaDependencies, UploadSagaState } from './upload.saga';
import { ChecksumMismatchError, ElementSkippedError, UploadBodyLostError } from './upload-saga.errors';

/**
 * The store step: streams the body to the candidate of this attempt (attempt n → candidate n), then
 * checks that the element's sha256 and size are the ones computed on the way. An element that
 * failed before it got any byte is skipped for the next one; after that the body is gone.
 */
export async function storeOnElement(
  deps: UploadSagaDependencies,
  state: UploadSagaState,
  context: SagaStepContext,
): Promise<Partial<UploadSagaState>> {
  const body = deps.bodies.find(context.sagaId);
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
    if (error instanceof ElementUnavailableError && !body.touched) {
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
