import type { StorageElementStatus } from '@artstore/contracts';

/** Consecutive failed polls before an element counts as degraded, then offline. */
export const FAILED_POLLS_TO_DEGRADED = 2;
export const FAILED_POLLS_TO_OFFLINE = 4;
/** Consecutive healthy polls before a degraded or offline element is online again. */
export const HEALTHY_POLLS_TO_ONLINE = 2;

export interface PollCounters {
  status: StorageElementStatus;
  failedPolls: number;
  healthyPolls: number;
}

/** What one poll saw: no answer, or the status the element reports for itself. */
export type PollOutcome = { reached: false } | { reached: true; reported: StorageElementStatus };

/**
 * Hysteresis: one missed poll never changes the status, and one good poll never brings back an element
 * that was failing. An element that answers but reports itself degraded is degraded at once (it knows).
 */
export function nextPollCounters(current: PollCounters, outcome: PollOutcome): PollCounters {
  if (!outcome.reached) {
    const failedPolls = current.failedPolls + 1;
    const status =
      failedPolls >= FAILED_POLLS_TO_OFFLINE
        ? 'offline'
        : failedPolls >= FAILED_POLLS_TO_DEGRADED && current.status === 'online'
          ? 'degraded'
          : current.status;
    return { status, failedPolls, healthyPolls: 0 };
  }
  const healthyPolls = current.healthyPolls + 1;
  if (outcome.reported !== 'online') {
    return { status: outcome.reported, failedPolls: 0, healthyPolls: 0 };
  }
  const status =
    current.status === 'online' || healthyPolls >= HEALTHY_POLLS_TO_ONLINE ? 'online' : current.status;
  return { status, failedPolls: 0, healthyPolls };
}
