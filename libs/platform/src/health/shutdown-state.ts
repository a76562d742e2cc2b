import { Injectable } from '@nestjs/common';

/** Flipped when shutdown starts, so readiness fails and load balancers stop sending new work. */
@Injectable()
export class ShutdownState {
  private shuttingDown = false;

  begin(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }
}
