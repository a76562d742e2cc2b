import { isConnectFailure } from './connect-failure';
import { ElementUnavailableError, ElementUnreachableError } from './element-files.errors';
import { answerError } from './element-put.request';

/** One `GET <element>/api/v1/files/{id}` whose body the caller streams on. */
export interface ElementDownloadRequest {
  elementId: string;
  url: URL;
  headers: Record<string, string>;
  /** Deadline for the answer's headers; the body has none (the consumer's idle timeout bounds it). */
  headersTimeoutMs: number;
  signal: AbortSignal;
}

/** The download's body once the element answered 200; its refusals and faults as element errors. */
export async function openElementDownload(
  request: ElementDownloadRequest,
): Promise<ReadableStream<Uint8Array>> {
  const { elementId } = request;
  const headersArrived = new AbortController();
  const deadline = abortUnless(AbortSignal.timeout(request.headersTimeoutMs), headersArrived.signal);
  const response = await fetch(request.url, {
    headers: request.headers,
    signal: AbortSignal.any([request.signal, deadline]),
    redirect: 'error',
  }).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    throw isConnectFailure(error)
      ? new ElementUnreachableError(elementId, `no connection: ${reason}`, undefined, { cause: error })
      : new ElementUnavailableError(elementId, `download failed: ${reason}`, undefined, { cause: error });
  });
  headersArrived.abort();
  if (response.status !== 200 || !response.body) {
    const answer: unknown = await response.json().catch(() => undefined);
    throw answerError(elementId, response.status, answer);
  }
  return response.body;
}

// Aborts when `deadline` does, unless `settled` aborted first (the deadline no longer applies).
function abortUnless(deadline: AbortSignal, settled: AbortSignal): AbortSignal {
  const controller = new AbortController();
  deadline.addEventListener(
    'abort',
    () => {
      if (!settled.aborted) {
        controller.abort(new DOMException('no answer before the deadline', 'TimeoutError'));
      }
    },
    { once: true },
  );
  return controller.signal;
}
