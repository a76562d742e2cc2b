import { Injectable } from '@nestjs/common';
import type { UploadBody } from './upload-body';

/**
 * The request bodies of the uploads this process is running, by saga id. The saga's store step
 * takes its body from here; after a crash the recovery worker finds none and the step fails, so
 * the saga compensates (a body cannot outlive the request that carried it).
 */
@Injectable()
export class UploadBodies {
  private readonly bodies = new Map<string, UploadBody>();

  attach(sagaId: string, body: UploadBody): void {
    this.bodies.set(sagaId, body);
  }

  find(sagaId: string): UploadBody | undefined {
    return this.bodies.get(sagaId);
  }

  detach(sagaId: string): void {
    this.bodies.delete(sagaId);
  }
}
