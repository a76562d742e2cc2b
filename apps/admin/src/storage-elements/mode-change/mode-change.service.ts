import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  STORAGE_ELEMENT_API_TRANSITIONS,
  type StorageElementModeChangeRequest,
  type StorageElementRecord,
} from '@artstore/contracts';
import { APP_CONFIG } from '@artstore/platform';
import type { AdminConfig } from '../../config/admin.config';
import { ElementRefusedError } from '../element-api.errors';
import { StorageElementsError } from '../storage-elements.errors';
import { StorageElementsRepository } from '../storage-elements.repository';
import { AdminSagas } from './admin-sagas';

/** What the route answers: the element, and whether the saga had finished (else it retries forward). */
export interface ModeChangeOutcome {
  element: StorageElementRecord;
  sagaId: string;
  finished: boolean;
}

/** `POST /api/v1/storage-elements/{id}/mode`: checks the transition, then runs the saga. */
@Injectable()
export class ModeChangeService {
  constructor(
    private readonly elements: StorageElementsRepository,
    private readonly sagas: AdminSagas,
    @Inject(APP_CONFIG) private readonly config: AdminConfig,
  ) {}

  /**
   * Waits for the saga up to `MODE_CHANGE_WAIT_MS`. A saga still running then has changed the element
   * and is retrying the registry, publication or audit forward: `finished` is false (the route's 202).
   */
  async changeMode(
    id: string,
    request: StorageElementModeChangeRequest,
    actor: string,
  ): Promise<ModeChangeOutcome> {
    const entry = await this.elements.findById(id);
    if (!entry) {
      throw StorageElementsError.notFound(id);
    }
    const { record } = entry;
    const allowed = STORAGE_ELEMENT_API_TRANSITIONS[record.mode];
    if (!allowed.includes(request.mode)) {
      throw StorageElementsError.transitionNotAllowed(id, record.mode, request.mode, allowed);
    }
    const sagaId = randomUUID();
    const running = this.sagas.orchestrator.start(
      this.sagas.modeChange,
      { element_id: id, mode: request.mode, reason: request.reason },
      {
        sagaId,
        initialState: {
          element_id: id,
          url: record.url,
          from: record.mode,
          to: request.mode,
          reason: request.reason,
          actor,
        },
      },
    );
    const result = await Promise.race([running, wait(this.config.MODE_CHANGE_WAIT_MS)]);
    if (result === undefined) {
      // The saga goes on in this instance (or the recovery worker's); its outcome lands in the log.
      running.catch(() => undefined);
      const current = await this.elements.findById(id);
      return { element: current?.record ?? record, sagaId, finished: false };
    }
    if (result.status !== 'completed') {
      const cause = result.error?.cause;
      if (cause instanceof ElementRefusedError) {
        throw StorageElementsError.refused(id, cause.detail);
      }
      throw StorageElementsError.modeChangeFailed(id, result.sagaId);
    }
    const changed = await this.elements.findById(id);
    return { element: changed?.record ?? record, sagaId, finished: true };
  }
}

function wait(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}
