import { Inject, Injectable } from '@nestjs/common';
import type { FileMetadata, Page } from '@artstore/contracts';
import { APP_CONFIG, APP_LOGGER, type AppLogger } from '@artstore/platform';
import type { SagaDefinition } from '@artstore/saga';
import type { IngesterConfig } from '../config/ingester.config';
import type { RegistryListQuery, UnregisterReason } from '../file-registry/file-registry.adapter';
import { IngesterSagas } from '../sagas/ingester-sagas';
import { fileChangeFailureOf } from './file-change-failure';
import { runSagaWithin, type FileChangeOutcome } from './file-change-outcome';
import { FileChangeError, mapFileChangeError } from './file-change.errors';
import { FileChangeMetrics, type FileChangeOperation } from './file-change.metrics';
import type { FilePatch } from './file-patch.schema';
import type { DeleteSagaState } from './delete.saga';
import type { FinalizeSagaState } from './finalize.saga';
import { holdingElement, locateRegisteredFile } from './registered-file.locator';
import type { UpdateAttributesSagaState } from './update-attributes.saga';

/** Finalize, attribute changes and deletes: find the file in the registry, then run its saga. */
@Injectable()
export class FileChangesService {
  constructor(
    private readonly sagas: IngesterSagas,
    private readonly metrics: FileChangeMetrics,
    @Inject(APP_CONFIG) private readonly config: IngesterConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  async finalize(fileId: string, clientId: string): Promise<FileChangeOutcome<FileMetadata>> {
    return this.measured('finalize', async () => {
      const { file, element } = await locateRegisteredFile(this.sagas.fileChanges, fileId);
      if (file.retention_policy === 'permanent') {
        throw new FileChangeError('file_already_permanent', `File ${fileId} is already permanent.`);
      }
      const state: FinalizeSagaState = { file_id: fileId, file, source: element };
      return this.run(this.sagas.finalize, { file_id: fileId, client_id: clientId }, state, (end) =>
        registeredAfter(end),
      );
    });
  }

  async updateAttributes(
    fileId: string,
    patch: FilePatch,
    clientId: string,
  ): Promise<FileChangeOutcome<FileMetadata>> {
    return this.measured('update', async () => {
      const { element } = await locateRegisteredFile(this.sagas.fileChanges, fileId);
      const state: UpdateAttributesSagaState = { file_id: fileId, element, patch };
      return this.run(this.sagas.updateAttributes, { file_id: fileId, client_id: clientId }, state, (end) =>
        registeredAfter(end),
      );
    });
  }

  async delete(fileId: string, clientId: string): Promise<FileChangeOutcome<void>> {
    return this.measured('delete', async () =>
      this.deleteRegistered(
        (await locateRegisteredFile(this.sagas.fileChanges, fileId)).file,
        'deleted',
        clientId,
      ),
    );
  }

  /** The delete saga for a file the caller already read from the registry (the TTL expiry). */
  async deleteRegistered(
    file: FileMetadata,
    reason: UnregisterReason,
    requestedBy: string,
  ): Promise<FileChangeOutcome<void>> {
    const state: DeleteSagaState = {
      file_id: file.file_id,
      element: holdingElement(this.sagas.fileChanges, file),
      reason,
      requested_by: requestedBy,
    };
    return this.run(this.sagas.remove, { file_id: file.file_id, reason }, state, () => undefined);
  }

  /** One page of the registry's listing (the TTL expiry's source). */
  listRegistered(query: RegistryListQuery, signal: AbortSignal): Promise<Page<FileMetadata>> {
    return this.sagas.fileChanges.registry.list(query, signal);
  }

  private async run<Input, State extends { file_id: string }, T>(
    definition: SagaDefinition<Input, State>,
    input: Input,
    initialState: State,
    valueOf: (state: State) => T,
  ): Promise<FileChangeOutcome<T>> {
    const fileId = initialState.file_id;
    const run = await runSagaWithin(
      this.sagas.orchestrator,
      definition,
      input,
      initialState,
      this.config.FILE_CHANGE_WAIT_MS,
      (error) =>
        this.logger.error({ err: error, file_id: fileId }, 'file change saga failed after the answer'),
    );
    if (run.status === 'running') {
      return { status: 'accepted', sagaId: run.sagaId };
    }
    if (run.result.status !== 'completed') {
      throw fileChangeFailureOf(run.result, fileId);
    }
    return { status: 'completed', value: valueOf(run.result.state) };
  }

  private async measured<T>(
    operation: FileChangeOperation,
    work: () => Promise<FileChangeOutcome<T>>,
  ): Promise<FileChangeOutcome<T>> {
    try {
      const outcome = await work();
      this.metrics.record(operation, outcome.status);
      return outcome;
    } catch (error) {
      const status = error instanceof FileChangeError ? (mapFileChangeError(error)?.status ?? 500) : 500;
      this.metrics.record(operation, status < 500 ? 'rejected' : 'failed');
      throw error;
    }
  }
}

// A completed finalize or attribute update always ends with the registry's record.
function registeredAfter(state: { registered?: FileMetadata }): FileMetadata {
  if (!state.registered) {
    throw new Error('the saga completed without a registry record');
  }
  return state.registered;
}
