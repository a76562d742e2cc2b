import type { AttrJson } from '@artstore/contracts';
import { pathsFor, trashPathsFor } from '../layout/file-layout';
import { purgeHiddenFile, restoreHiddenFile } from './compensations';
import type { BeforeCommitHook, TransactionContext } from './transaction-context';
import { runTransaction } from './transaction-runner';
import { requireAttributes } from './update-attributes.transaction';

/**
 * Hides the file under trash names (attr.json first, so listings drop it first), runs the hook, commits,
 * then removes the hidden files; until the commit a rollback can still bring the file back.
 */
export async function deleteFile(
  context: TransactionContext,
  fileId: string,
  beforeCommit?: BeforeCommitHook,
): Promise<AttrJson> {
  const { fs, root } = context;
  const previous = await requireAttributes(context, fileId);
  const paths = pathsFor(root, fileId);
  return runTransaction(context, {
    op: 'delete',
    fileId,
    previous,
    steps: async (scope) => {
      const trash = trashPathsFor(root, fileId, scope.tx);
      scope.onRollback(() => restoreHiddenFile(fs, root, fileId, scope.tx, context.directories));
      await scope.intentDurable();
      await scope.reached('delete:after-intent');
      await fs.rename(paths.attributes, trash.attributes);
      await fs.rename(paths.data, trash.data);
      await context.directories.sync(paths.directory);
      await scope.reached('delete:after-hide');
      await scope.runHook(beforeCommit, previous);
      await scope.reached('delete:after-hook');
      return previous;
    },
    afterCommit: async (scope) => {
      await scope.reached('delete:after-commit');
      await purgeHiddenFile(fs, root, fileId, scope.tx);
    },
  });
}
