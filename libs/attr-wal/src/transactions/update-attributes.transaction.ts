import type { AttrJson, FileAttributesPatch } from '@artstore/contracts';
import { AttrWalError, AttrWalErrorCode } from '../attr-wal.errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { pathsFor } from '../layout/file-layout';
import { encodeAttributes, readAttributesFile } from './attributes.codec';
import { restoreAttributes } from './compensations';
import type { BeforeCommitHook, TransactionContext } from './transaction-context';
import { runTransaction } from './transaction-runner';

/** Reads attr.json or fails with `not_found`. */
export async function requireAttributes(context: TransactionContext, fileId: string): Promise<AttrJson> {
  const existing = await readAttributesFile(context.fs, pathsFor(context.root, fileId).attributes);
  if (!existing) {
    throw new AttrWalError(AttrWalErrorCode.NotFound, `File ${fileId} does not exist.`);
  }
  return existing;
}

/** Applies `patch`, bumps `version` and `updated_at`; the intent keeps the old attributes for rollback. */
export async function updateAttributes(
  context: TransactionContext,
  fileId: string,
  patch: FileAttributesPatch,
  beforeCommit?: BeforeCommitHook,
): Promise<AttrJson> {
  const previous = await requireAttributes(context, fileId);
  const next: AttrJson = {
    ...previous,
    ...patch,
    version: previous.version + 1,
    updated_at: context.now().toISOString(),
  };
  const bytes = encodeAttributes(next);
  return runTransaction(context, {
    op: 'update',
    fileId,
    previous,
    steps: async (scope) => {
      scope.onRollback(() => restoreAttributes(context.fs, context.root, previous, context.directories));
      await scope.intentDurable();
      await scope.reached('update:after-intent');
      await writeFileAtomic(
        context.fs,
        pathsFor(context.root, fileId).attributes,
        bytes,
        context.directories,
      );
      await scope.reached('update:after-attr-write');
      await scope.runHook(beforeCommit, next);
      await scope.reached('update:after-hook');
      return next;
    },
    afterCommit: (scope) => scope.reached('update:after-commit'),
  });
}
