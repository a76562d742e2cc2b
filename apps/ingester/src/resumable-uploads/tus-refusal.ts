/**
 * A tus answer other than success. @tus/server sends `status_code` and `body` of what a hook throws
 * as they are (tus routes answer plain text, not problem+json).
 */
export class TusRefusal extends Error {
  override readonly name = 'TusRefusal';
  readonly body: string;

  constructor(
    readonly status_code: number,
    message: string,
  ) {
    super(message);
    this.body = `${message}\n`;
  }
}
