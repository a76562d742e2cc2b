import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';
import type { UploadBody } from '../uploads/upload-body';
import { ElementRefusedError, ElementUnavailableError } from './element-files.errors';

/** One streamed `PUT <element>/api/v1/files/{id}`. */
export interface ElementPutRequest {
  elementId: string;
  url: URL;
  headers: Record<string, string>;
  body: UploadBody;
  /** Deadline to connect, and to get the answer once the body was sent. */
  callTimeoutMs: number;
  /** A socket that moves no byte for this long is abandoned. */
  idleTimeoutMs: number;
  signal: AbortSignal;
}

const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Streams the body to the element with node:http (backpressure end to end) and resolves with the
 * element's JSON answer. The body is handed over only once the connection stands, so a connection
 * failure leaves it untouched for the next element. Rejects with the body's own error when the
 * client side failed (too large, aborted, malformed form).
 */
export function putToElement(request: ElementPutRequest): Promise<unknown> {
  const { elementId, url, body } = request;
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<unknown>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const fail = (error: unknown): void => {
      clearTimeout(timer);
      req.destroy();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const arm = (reason: string): void => {
      clearTimeout(timer);
      timer = setTimeout(() => fail(new ElementUnavailableError(elementId, reason)), request.callTimeoutMs);
    };
    const req = transport.request(url, { method: 'PUT', headers: request.headers, signal: request.signal });
    arm('no connection before the deadline');
    req.setTimeout(request.idleTimeoutMs, () => fail(new ElementUnavailableError(elementId, 'idle timeout')));
    req.on('error', (error) => {
      // The client-side failure that stopped the body explains more than the socket error it caused.
      const cause = body.stream.errored ?? error;
      fail(cause instanceof Error && cause !== error ? cause : unavailable(elementId, error));
    });
    req.on('socket', (socket) => {
      const send = (): void => {
        clearTimeout(timer);
        let stream;
        try {
          stream = body.takeFor(elementId);
        } catch (error) {
          fail(error);
          return;
        }
        pipeline(stream, req).then(
          () => {
            body.markComplete(elementId);
            arm('no answer before the deadline');
          },
          (error: unknown) => fail(error),
        );
      };
      if (socket.connecting) {
        socket.once('connect', send);
      } else {
        send();
      }
    });
    req.on('response', (response) => {
      readAnswer(response).then(
        (answer) => {
          clearTimeout(timer);
          if (response.statusCode === 200 || response.statusCode === 201) {
            resolve(answer);
            return;
          }
          // Refused while we may still be sending: stop.
          req.destroy();
          fail(answerError(elementId, response.statusCode ?? 0, answer));
        },
        (error: unknown) => fail(unavailable(elementId, error)),
      );
    });
  });
}

function unavailable(elementId: string, error: unknown): ElementUnavailableError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ElementUnavailableError(elementId, `request failed: ${reason}`, undefined, { cause: error });
}

/** 4xx and 507 are the element's decisions; other statuses are faults. */
export function answerError(elementId: string, status: number, answer: unknown): Error {
  const problem = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {};
  if ((status >= 400 && status < 500) || status === 507) {
    const code = typeof problem['code'] === 'string' ? problem['code'] : undefined;
    const detail = typeof problem['detail'] === 'string' ? problem['detail'] : undefined;
    return new ElementRefusedError(elementId, status, code, detail);
  }
  return new ElementUnavailableError(elementId, `answered ${status}`);
}

async function readAnswer(response: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_ANSWER_BYTES) {
      throw new Error('answer too large');
    }
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}
