import { Inject, Injectable } from '@nestjs/common';
import type {
  StorageElementMode,
  StorageElementModeRequest,
  StorageElementModeState,
  StorageElementOperation,
} from '@artstore/contracts';
import { APP_LOGGER, type AppLogger } from '@artstore/platform';
import { ElementIdentity } from '../element-identity/element-identity';
import { allowedTransitions, assertCompensationAllowed, assertOperationAllowed } from './mode-policy';
import type { ModeRecord } from './mode-record';
import { ModeMetrics } from './mode.metrics';
import { ModeStore } from './mode.store';

/** The element's mode for the rest of the app: what it allows, and its changes through the API. */
@Injectable()
export class ModesService {
  constructor(
    private readonly store: ModeStore,
    private readonly metrics: ModeMetrics,
    private readonly identity: ElementIdentity,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {
    const last = store.record.history.at(-1);
    if (store.startupOutcome === 'configured_mode_changed' && last) {
      metrics.recordChange(last.from, last.to, last.source);
    } else {
      metrics.recordCurrentMode(store.mode);
    }
  }

  currentMode(): StorageElementMode {
    return this.store.mode;
  }

  /** Throws the 409 refusal when the current mode does not allow `operation`. */
  assertAllows(operation: StorageElementOperation): void {
    assertOperationAllowed(this.store.mode, operation);
  }

  /** Throws unless a saga may remove a file it created itself (any writable mode). */
  assertAllowsCompensation(): void {
    assertCompensationAllowed(this.store.mode);
  }

  state(): StorageElementModeState {
    return this.stateOf(this.store.record);
  }

  async changeMode(request: StorageElementModeRequest, actor: string): Promise<StorageElementModeState> {
    const from = this.store.mode;
    const record = await this.store.changeByApi(request.mode, request.reason, actor);
    this.metrics.recordChange(from, record.mode, 'api');
    this.logger.warn(
      { element_id: this.identity.elementId, from, to: record.mode, actor, reason: request.reason },
      'storage element mode changed through the API',
    );
    return this.stateOf(record);
  }

  private stateOf(record: ModeRecord): StorageElementModeState {
    const last = record.history[record.history.length - 1];
    if (!last) {
      throw new Error('A mode record without history');
    }
    return {
      element_id: this.identity.elementId,
      mode: record.mode,
      configured_mode: record.configured_mode,
      changed_at: record.changed_at,
      allowed_transitions: [...allowedTransitions(record.mode)],
      last_change: last,
    };
  }
}
