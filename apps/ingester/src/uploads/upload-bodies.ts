import { Injectable } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { DigestCounter } from './digest-counter.transform';
import { UploadBody } from './upload-body';

// A staged body was already held to the size limit when it was received.
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/**
 * The request bodies of the uploads this process is running, by saga id. The saga's store step
 * takes its body from here; after a crash the recovery worker finds none and the step fails, so
 * the saga compensates (a body cannot outlive the request that carried it). A staged body (a
 * finished resumable upload on disk) is opened afresh for every store attempt instead.
 */
@Injectable()
export class UploadBodies {
  private readonly bodies = new Map<string, UploadBody>();
  private readonly stagedStartedHere = new Set<string>();

  attach(sagaId: string, body: UploadBody): void {
    this.bodies.set(sagaId, body);
  }

  find(sagaId: string): UploadBody | undefined {
    return this.bodies.get(sagaId);
  }

  /** Notes that this process starts the staged saga, so its bodies will have seen every store attempt. */
  startStaged(sagaId: string): void {
    this.stagedStartedHere.add(sagaId);
  }

  /**
   * The body of a staged saga when it knows every store attempt; undefined when the saga was
   * taken over from another run, whose attempts it cannot know.
   */
  findStagedStartedHere(sagaId: string): UploadBody | undefined {
    return this.stagedStartedHere.has(sagaId) ? this.bodies.get(sagaId) : undefined;
  }

  /** Opens the staged file at `path` as the body of the saga's next store attempt. */
  openStaged(sagaId: string, path: string): UploadBody {
    const digest = new DigestCounter(NO_LIMIT);
    const file = createReadStream(path);
    file.on('error', (error) => digest.destroy(error));
    // Whoever reads the body sees its error; unread (no element connected), it must not crash.
    digest.on('error', () => undefined);
    digest.on('close', () => file.destroy());
    file.pipe(digest);
    const previous = this.bodies.get(sagaId);
    previous?.stream.destroy();
    const body = previous ? previous.continueWith(digest, digest) : new UploadBody(digest, digest);
    this.bodies.set(sagaId, body);
    return body;
  }

  detach(sagaId: string): void {
    this.bodies.delete(sagaId);
    this.stagedStartedHere.delete(sagaId);
  }
}
