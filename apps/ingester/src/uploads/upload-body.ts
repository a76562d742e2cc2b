import type { Readable } from 'node:stream';
import type { DigestCounter } from './digest-counter.transform';

/**
 * The file bytes of one upload on their way to an element. Tracks what the saga's compensation and
 * the element fallback need to know: whether any byte has been handed to an element (after that the
 * body cannot be sent anywhere else) and which elements received the whole body (only those can
 * have committed the file).
 */
export class UploadBody {
  private sentTo: string | undefined;
  private readonly completeOn = new Set<string>();
  /** The last element failure that let the upload move on to the next element. */
  lastSkipReason: Error | undefined;
  /** Set once a register call may have reached the admin; until then unregistering is pointless. */
  registryMayHoldFile = false;

  constructor(
    readonly stream: Readable,
    readonly digest: DigestCounter,
  ) {}

  /**
   * A fresh body with the same bytes for the next attempt (a staged upload read again); keeps what
   * earlier attempts learned about the elements and the registry.
   */
  continueWith(stream: Readable, digest: DigestCounter): UploadBody {
    const next = new UploadBody(stream, digest);
    for (const elementId of this.completeOn) {
      next.completeOn.add(elementId);
    }
    next.registryMayHoldFile = this.registryMayHoldFile;
    return next;
  }

  /** True once the stream was handed to an element request. */
  get touched(): boolean {
    return this.sentTo !== undefined;
  }

  /** Hands the stream to the request to `elementId`; refuses a second hand-off. */
  takeFor(elementId: string): Readable {
    if (this.sentTo !== undefined) {
      throw new Error(`the upload body was already sent to ${this.sentTo}`);
    }
    this.sentTo = elementId;
    return this.stream;
  }

  markComplete(elementId: string): void {
    this.completeOn.add(elementId);
  }

  /** Whether `elementId` got every byte and the end of the body, so it may hold the file. */
  mayHaveLanded(elementId: string): boolean {
    return this.completeOn.has(elementId);
  }

  /** Gives up on the body: the client's remaining bytes are not read. */
  discard(error: Error): void {
    this.stream.destroy(error);
  }
}
