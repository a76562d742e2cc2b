import { isConnectFailure } from './connect-failure';
import { answerError } from './element-put.request';
import {
  ElementRefusedError,
  ElementUnavailableError,
  ElementUnreachableError,
} from './element-files.errors';

/** One streamed `PUT <element>/api/v1/files/{id}` whose body is another element's download. */
export interface ElementCopyPut {
  elementId: string;
  url: URL;
  headers: Record<string, string>;
  body: ReadableStream<Uint8Array>;
  /** Deadline to connect, and to get the answer once the body was sent. */
  callTimeoutMs: number;
  /** A body that moves no byte for this long is abandoned. */
  idleTimeoutMs: number;
  signal: AbortSignal;
}

/**
 * Pipes the download into the PUT (backpressure through fetch's streams, nothing buffered) and
 * resolves with the element's JSON answer. A refused connection rejects with ElementUnreachableError:
 * then nothing can have landed. A failure of the source mid-stream surfaces as a failed PUT.
 */
export async function putCopyToElement(request: ElementCopyPut): Promise<unknown> {
  const { elementId } = request;
  const watchdog = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number, reason: string): void => {
    clearTimeout(timer);
    timer = setTimeout(() => watchdog.abort(new ElementUnavailableError(elementId, reason)), ms);
  };
  // Each chunk re-arms the idle timer; the end of the body arms the answer deadline.
  const watched = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        arm(request.idleTimeoutMs, 'idle timeout');
        controller.enqueue(chunk);
      },
      flush() {
        arm(request.callTimeoutMs, 'no answer before the deadline');
      },
    }),
  );
  arm(request.callTimeoutMs, 'no connection before the deadline');
  try {
    const response = await fetch(request.url, {
      method: 'PUT',
      headers: request.headers,
      body: watched,
      duplex: 'half',
      signal: AbortSignal.any([request.signal, watchdog.signal]),
      redirect: 'error',
    });
    const answer: unknown = await response.json().catch(() => undefined);
    if (response.status === 200 || response.status === 201) {
      return answer;
    }
    throw answerError(elementId, response.status, answer);
  } catch (error) {
    if (watchdog.signal.aborted) {
      throw watchdog.signal.reason;
    }
    if (error instanceof ElementRefusedError || error instanceof ElementUnavailableError) {
      throw error;
    }
    const reason = error instanceof Error ? error.message : String(error);
    if (isConnectFailure(error)) {
      throw new ElementUnreachableError(elementId, `no connection: ${reason}`, undefined, { cause: error });
    }
    throw new ElementUnavailableError(elementId, `request failed: ${reason}`, undefined, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
