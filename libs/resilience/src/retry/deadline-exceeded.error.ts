/** An attempt did not finish within its deadline; its AbortSignal was aborted with this error. */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';

  constructor(readonly timeoutMs: number) {
    super(`operation did not finish within ${timeoutMs} ms`);
  }
}
