import { Injectable } from '@nestjs/common';
import type { StorageElementRecord } from '@artstore/contracts';

export type FirstRegistrationListener = (element: StorageElementRecord) => void;

/**
 * Tells other features that an element joined the registry for the first time, without the registry
 * depending on them (the file registry reconciles the newcomer). Listeners must not throw or block.
 */
@Injectable()
export class ElementRegistrations {
  private readonly listeners: FirstRegistrationListener[] = [];

  onFirstRegistration(listener: FirstRegistrationListener): void {
    this.listeners.push(listener);
  }

  announceFirstRegistration(element: StorageElementRecord): void {
    for (const listener of this.listeners) {
      listener(element);
    }
  }
}
