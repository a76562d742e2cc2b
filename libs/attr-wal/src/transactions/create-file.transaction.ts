import type { AttrJson, NewFileAttributes } from '@artstore/contracts';
import type { Readable } from 'node:stream';
import { AttrWalError, AttrWalErrorCode } from '../attr-wal.errors';
import { closeQuietly, syncAndClose, writeSyncedTempFile } from '../fs/atomic-write';
import type { FileSystem } from '../fs/file-system';
import { ensureDirectory } from '../fs/ensure-directory';
import { pathsFor, tempPathFor } from '../layout/file-layout';
import { ATTR_SCHEMA_VERSION, encodeAttributes, readAttributesFile } from './attributes.codec';
import { consumeBody, type BodyLimits } from './body-writer';
import { removeCreatedFile } from './compensations';
import type { BeforeCommitHook, TransactionContext } from './transaction-context';
import { runTransaction, type TransactionScope } from './transaction-runner';

export interface CreateFileInput extends BodyLimits {
  fileId: string;
  body: Readable;
  /** Lowercase hex sha256 the body must have (from `Repr-Digest`). */
  expectedSha256?: string;
  attributes: NewFileAttributes;
  beforeCommit?: BeforeCommitHook;
}

export interface CreateFileResult {
  attributes: AttrJson;
  /** false when the same content already existed under this id (idempotent retry). */
  created: boolean;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

function buildAttributes(
  context: TransactionContext,
  input: CreateFileInput,
  body: { sha256: string; sizeBytes: number },
): AttrJson {
  const now = context.now().toISOString();
  const a = input.attributes;
  return {
    schema_version: ATTR_SCHEMA_VERSION,
    file_id: input.fileId,
    original_filename: a.original_filename,
    content_type: a.content_type,
    size_bytes: body.sizeBytes,
    sha256: body.sha256,
    storage_element_id: context.storageElementId,
    created_at: now,
    updated_at: now,
    uploaded_by: a.uploaded_by,
    retention_policy: a.retention_policy,
    ttl_expires_at: a.ttl_expires_at,
    description: a.description,
    tags: a.tags,
    metadata: a.metadata,
    version: 1,
    saga_id: a.saga_id,
  };
}

function validate(context: TransactionContext, input: CreateFileInput): void {
  if (input.expectedSha256 !== undefined && !SHA256_HEX.test(input.expectedSha256)) {
    throw new AttrWalError(
      AttrWalErrorCode.InvalidAttributes,
      'expectedSha256 must be 64 lowercase hex digits.',
    );
  }
  // Refuse oversized attributes before any byte of the body is written.
  encodeAttributes(
    buildAttributes(context, input, { sha256: '0'.repeat(64), sizeBytes: Number.MAX_SAFE_INTEGER }),
  );
}

/** The attr.json temp path once both fsyncs succeeded; any temp file written is queued for removal first. */
function attributesTempOrThrow(scope: TransactionScope, fs: FileSystem) {
  return ([data, attributes]: [PromiseSettledResult<void>, PromiseSettledResult<string>]): string => {
    if (attributes.status === 'fulfilled') {
      scope.onRollback(async () => void (await fs.removeFile(attributes.value)));
    }
    if (data.status === 'rejected') {
      throw data.reason;
    }
    if (attributes.status === 'rejected') {
      throw attributes.reason;
    }
    return attributes.value;
  };
}

/** An id that already holds a file: same content → the stored attributes, else `conflict`. */
async function answerExisting(input: CreateFileInput, existing: AttrJson): Promise<CreateFileResult> {
  const digest = await consumeBody(input.body, input);
  if (input.expectedSha256 !== undefined && input.expectedSha256 !== digest.sha256) {
    throw new AttrWalError(AttrWalErrorCode.DigestMismatch, 'The body does not match the expected sha256.');
  }
  if (digest.sha256 !== existing.sha256) {
    throw new AttrWalError(
      AttrWalErrorCode.Conflict,
      `File ${input.fileId} already exists with other content.`,
    );
  }
  return { attributes: existing, created: false };
}

/**
 * SPEC §4 create: intent → body to temp (hash, size) → fsync → rename → attr.json → hook → commit.
 * The temp files are written while the intent is being synced; nothing is renamed before it is durable.
 */
export async function createFile(
  context: TransactionContext,
  input: CreateFileInput,
): Promise<CreateFileResult> {
  const { fs, root } = context;
  const paths = pathsFor(root, input.fileId);
  validate(context, input);
  const existing = await readAttributesFile(fs, paths.attributes);
  if (existing) {
    return answerExisting(input, existing);
  }
  await ensureDirectory(fs, root, paths.directory);
  return runTransaction(context, {
    op: 'create',
    fileId: input.fileId,
    previous: null,
    steps: async (scope) => {
      scope.onRollback(() => removeCreatedFile(fs, root, input.fileId));
      // The body streams into an invisible temp file while the intent's fdatasync runs.
      const tempPath = tempPathFor(paths.directory, 'data');
      const file = await fs.openForWrite(tempPath, 'exclusive');
      scope.onRollback(async () => void (await fs.removeFile(tempPath)));
      let digest;
      try {
        digest = await consumeBody(input.body, input, file);
        if (input.expectedSha256 !== undefined && input.expectedSha256 !== digest.sha256) {
          throw new AttrWalError(
            AttrWalErrorCode.DigestMismatch,
            'The body does not match the expected sha256.',
          );
        }
      } catch (error) {
        await closeQuietly(file);
        throw error;
      }
      const attributes = buildAttributes(context, input, digest);
      // attr.json's temp file is invisible until renamed, so its fsync runs alongside the data fsync.
      const attributesTemp = await Promise.allSettled([
        syncAndClose(file),
        writeSyncedTempFile(fs, paths.directory, encodeAttributes(attributes)),
      ]).then(attributesTempOrThrow(scope, fs));
      await scope.reached('create:after-body-sync');
      await scope.intentDurable();
      await scope.reached('create:after-intent');

      await fs.rename(tempPath, paths.data);
      await scope.reached('create:after-body-rename');

      await fs.rename(attributesTemp, paths.attributes);
      // One directory fsync, shared with concurrent creates in this hour, makes both renames durable.
      await context.directories.sync(paths.directory);
      await scope.reached('create:after-attr-write');

      await scope.runHook(input.beforeCommit, attributes);
      await scope.reached('create:after-hook');
      return { attributes, created: true };
    },
    afterCommit: (scope) => scope.reached('create:after-commit'),
  });
}
