/** Every step after which a transaction calls the failpoint hook, in protocol order. */
export const FAILPOINT_STEPS = [
  'create:after-body-sync',
  'create:after-intent',
  'create:after-body-rename',
  'create:after-attr-write',
  'create:after-hook',
  'create:after-commit',
  'update:after-intent',
  'update:after-attr-write',
  'update:after-hook',
  'update:after-commit',
  'delete:after-intent',
  'delete:after-hide',
  'delete:after-hook',
  'delete:after-commit',
] as const;
export type FailpointStep = (typeof FAILPOINT_STEPS)[number];

/**
 * Test-only hook called after each step. Throwing fails the transaction (it rolls back); a promise
 * that never settles freezes it mid-way, which is how tests simulate a crash at that step.
 */
export type Failpoint = (step: FailpointStep) => void | Promise<void>;

export const noFailpoint: Failpoint = () => undefined;
