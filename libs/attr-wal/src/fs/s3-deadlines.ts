import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import type * as http from 'node:http';

/** `requestTimeoutMs` when not configured. */
export const DEFAULT_S3_REQUEST_TIMEOUT_MS = 30_000;

/** The part of `node:http` / `node:https` the minio client calls. */
export type S3Transport = Pick<typeof http, 'request'>;

function timedOut(message: string): Error {
  return Object.assign(new Error(message), { code: 'ETIMEDOUT' });
}

/**
 * Wraps `http`/`https` so every request minio makes is destroyed after `idleMs` without socket
 * activity (connecting, waiting for the answer, or a stalled body in either direction). An idle
 * deadline rather than a total one, so a multi-GiB upload or download is never cut while it moves.
 */
export function idleTimeoutTransport(base: S3Transport, idleMs: number): S3Transport {
  const request = (
    options: RequestOptions,
    callback?: (response: IncomingMessage) => void,
  ): ClientRequest => {
    const outgoing = base.request({ ...options, timeout: idleMs }, callback);
    outgoing.on('timeout', () => {
      outgoing.destroy(timedOut(`S3 request idle for ${idleMs} ms`));
    });
    return outgoing;
  };
  // minio only ever calls request(options, callback); the other overloads are never used.
  return { request: request as S3Transport['request'] };
}

/** Rejects with ETIMEDOUT when `operation` has not settled within `ms` (its request is left to the idle timeout). */
export async function withDeadline<T>(operation: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([operation, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
