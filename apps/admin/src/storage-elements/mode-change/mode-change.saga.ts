import type { StorageElementMode } from '@artstore/contracts';
import type { RetryPolicy } from '@artstore/resilience';
import { defineSaga, type SagaDefinition } from '@artstore/saga';
import type { AuditService } from '../../audit/audit.service';
import { type ElementApiAdapter } from '../element-api.adapter';
import { ElementRefusedError } from '../element-api.errors';
import type { ElementsConfigPublication } from '../elements-config.publication';
import type { StorageElementsRepository } from '../storage-elements.repository';

export const MODE_CHANGE_SAGA = 'storage-element.mode-change';

export interface ModeChangeInput {
  element_id: string;
  mode: StorageElementMode;
  reason: string;
}

/** Persisted as JSON before every step. */
export interface ModeChangeState {
  element_id: string;
  url: string;
  from: StorageElementMode;
  to: StorageElementMode;
  reason: string;
  actor: string;
  config_version?: number;
}

export interface ModeChangeDependencies {
  api: ElementApiAdapter;
  elements: StorageElementsRepository;
  publication: ElementsConfigPublication;
  audit: AuditService;
  /** Test-only crash injection after a step (compiled out of production bundles). */
  reached?: (step: string) => Promise<void>;
}

const TRANSIENT: RetryPolicy = {
  attempts: 4,
  backoff: { kind: 'exponential', baseMs: 100, maxMs: 2_000, jitter: true },
  isRetryable: (error) => !(error instanceof ElementRefusedError),
};

/**
 * SPEC §5: element → registry → publish → audit. The element's API transitions (rw → ro → ar) cannot
 * be undone, so once the element changed, every later step retries forward until it succeeds; a
 * failure of the first step leaves nothing to undo.
 */
export function modeChangeSaga(
  deps: ModeChangeDependencies,
): SagaDefinition<ModeChangeInput, ModeChangeState> {
  const reached = deps.reached ?? (() => Promise.resolve());
  return defineSaga<ModeChangeInput, ModeChangeState>({
    type: MODE_CHANGE_SAGA,
    steps: [
      {
        name: 'change-element-mode',
        retry: TRANSIENT,
        onFailure: 'compensate',
        run: async (state) => {
          await changeElementMode(deps.api, state);
          await reached('after-element');
        },
      },
      {
        name: 'update-registry',
        retry: TRANSIENT,
        onFailure: 'retry_forward',
        run: async (state) => {
          await deps.elements.setMode(state.element_id, state.to);
          await reached('after-registry');
        },
      },
      {
        name: 'publish-configuration',
        retry: TRANSIENT,
        onFailure: 'retry_forward',
        run: async () => {
          const published = await deps.publication.publish();
          return { config_version: published.version };
        },
      },
      {
        name: 'audit',
        retry: TRANSIENT,
        onFailure: 'retry_forward',
        run: async (state, context) => {
          await deps.audit.recordOnceForSaga(
            {
              actor: state.actor,
              action: 'element.mode_changed',
              resource: `storage-element:${state.element_id}`,
              result: 'success',
              details: {
                from: state.from,
                to: state.to,
                reason: state.reason,
                config_version: state.config_version,
              },
            },
            context.sagaId,
          );
        },
      },
    ],
  });
}

/**
 * Idempotent: when the call fails or is refused, the element's own `/info` decides — already in the
 * target mode means an earlier attempt (or run before a crash) took effect.
 */
async function changeElementMode(api: ElementApiAdapter, state: ModeChangeState): Promise<void> {
  try {
    await api.changeMode(state.element_id, state.url, state.to, state.reason);
  } catch (error) {
    const info = await api.readInfo(state.url).catch(() => undefined);
    if (info?.element_id === state.element_id && info.mode === state.to) {
      return;
    }
    throw error;
  }
}
