import type { AttrJson } from '@artstore/contracts';
import { randomUUID } from 'node:crypto';
import { AttrWalError, AttrWalErrorCode, toAttrWalError } from '../attr-wal.errors';
import type { WalOperation } from '../wal/wal-record';
import type { FailpointStep } from './failpoints';
import type { BeforeCommitHook, TransactionContext } from './transaction-context';

/** Handed to a transaction's steps: its id, its compensation stack and its failpoints. */
export interface TransactionScope {
  tx: string;
  /**
   * Resolves once the intent record is durable. Steps may prepare invisible temp files before, but
   * must await this before any change a reader or recovery could see (a rename).
   */
  intentDurable(): Promise<void>;
  /** Pushes an undo; on failure undos run newest first. */
  onRollback(compensation: () => Promise<void>): void;
  reached(step: FailpointStep): Promise<void>;
  /** Runs the caller's hook; its returned compensation joins the stack. */
  runHook(hook: BeforeCommitHook | undefined, attributes: AttrJson): Promise<void>;
}

export interface TransactionPlan<T> {
  op: WalOperation;
  fileId: string;
  previous: AttrJson | null;
  steps: (scope: TransactionScope) => Promise<T>;
  /** Called after the commit record is durable; its failures are ignored (recovery cleans up). */
  afterCommit?: (scope: TransactionScope, result: T) => Promise<void>;
}

/** Journals intent → steps → commit (steps may overlap the intent's fsync, see `intentDurable`); any failure unwinds the compensations and journals an abort. */
export async function runTransaction<T>(context: TransactionContext, plan: TransactionPlan<T>): Promise<T> {
  const tx = randomUUID();
  const compensations: (() => Promise<void>)[] = [];
  const record = { tx, op: plan.op, file_id: plan.fileId };
  const intent = context.wal.append({
    ...record,
    phase: 'intent',
    previous: plan.previous,
    at: context.now().toISOString(),
  });
  // Settled outcome, so an early failure of the steps can wait for it without an unhandled rejection.
  const intentOutcome = intent.then(
    () => true,
    () => false,
  );
  const scope: TransactionScope = {
    tx,
    intentDurable: () => intent,
    onRollback: (compensation) => compensations.push(compensation),
    reached: async (step) => context.failpoint(step),
    runHook: async (hook, attributes) => {
      if (!hook) {
        return;
      }
      try {
        const compensation = await hook(attributes);
        if (compensation) {
          compensations.push(compensation);
        }
      } catch (error) {
        throw new AttrWalError(AttrWalErrorCode.HookFailed, 'The pre-commit hook failed.', { cause: error });
      }
    },
  };

  let result: T;
  try {
    result = await plan.steps(scope);
    await intent;
    await context.wal.append({ ...record, phase: 'commit', at: context.now().toISOString() });
  } catch (cause) {
    const error = toAttrWalError(cause, `the ${plan.op} of ${plan.fileId}`);
    await intentOutcome; // never undo while the intent append is still in flight
    for (const compensation of compensations.reverse()) {
      try {
        await compensation();
      } catch (failure) {
        error.rollbackFailures.push(failure);
      }
    }
    if ((await intentOutcome) && error.rollbackFailures.length === 0) {
      // If this append fails too, the intent stays open and recovery rolls back again (idempotent).
      await context.wal
        .append({ ...record, phase: 'abort', reason: error.code, at: context.now().toISOString() })
        .catch(() => undefined);
    }
    throw error;
  }
  // Committed: what follows is cleanup that recovery redoes, so its failure is not the caller's.
  await plan.afterCommit?.(scope, result).catch(() => undefined);
  return result;
}
