import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { APP_CONFIG, APP_LOGGER, MetricsService, type AppLogger } from '@artstore/platform';
import {
  PostgresSagaStore,
  sagaCrashFailpoint,
  SagaOrchestrator,
  SagaRecoveryWorker,
  type SagaDefinition,
  type SagaStepObserver,
} from '@artstore/saga';
import { StorageElementsConfigSubscriber } from '@artstore/service-discovery';
import type { IngesterConfig } from '../config/ingester.config';
import { ElementFilesAdapter } from '../element-files/element-files.adapter';
import { FileRegistryAdapter } from '../file-registry/file-registry.adapter';
import { deleteSaga, type DeleteSagaInput, type DeleteSagaState } from '../file-changes/delete.saga';
import type { FileChangeSagaDependencies } from '../file-changes/file-change-saga.dependencies';
import { finalizeSaga, type FinalizeSagaInput, type FinalizeSagaState } from '../file-changes/finalize.saga';
import {
  updateAttributesSaga,
  type UpdateAttributesSagaInput,
  type UpdateAttributesSagaState,
} from '../file-changes/update-attributes.saga';
import { UploadIdempotencyRepository } from '../idempotency/upload-idempotency.repository';
import { UploadBodies } from '../uploads/upload-bodies';
import { UploadMetrics } from '../uploads/upload.metrics';
import { uploadSaga, type UploadSagaInput, type UploadSagaState } from './upload.saga';

/**
 * The ingester's saga runtime: its orchestrator, the upload, finalize, attribute-update and delete
 * sagas, and the recovery worker that finishes any of them after a crash.
 */
@Injectable()
export class IngesterSagas implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly orchestrator: SagaOrchestrator;
  readonly upload: SagaDefinition<UploadSagaInput, UploadSagaState>;
  readonly finalize: SagaDefinition<FinalizeSagaInput, FinalizeSagaState>;
  readonly updateAttributes: SagaDefinition<UpdateAttributesSagaInput, UpdateAttributesSagaState>;
  readonly remove: SagaDefinition<DeleteSagaInput, DeleteSagaState>;
  /** What the file-change sagas call; the file-change use cases read the registry through it too. */
  readonly fileChanges: FileChangeSagaDependencies;
  private readonly worker: SagaRecoveryWorker;

  constructor(
    dataSource: DataSource,
    metrics: MetricsService,
    discovery: StorageElementsConfigSubscriber,
    elements: ElementFilesAdapter,
    registry: FileRegistryAdapter,
    bodies: UploadBodies,
    idempotency: UploadIdempotencyRepository,
    uploadMetrics: UploadMetrics,
    @Inject(APP_CONFIG) config: IngesterConfig,
    @Inject(APP_LOGGER) logger: AppLogger,
  ) {
    const store = new PostgresSagaStore(dataSource);
    this.orchestrator = new SagaOrchestrator({
      store,
      logger,
      registry: metrics.registry,
      ownerId: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
      leaseMs: config.SAGA_LEASE_MS,
      retryForwardDelayMs: config.SAGA_RETRY_FORWARD_DELAY_MS,
      ...crashFailpoint(),
    });
    this.upload = uploadSaga({ discovery, elements, registry, bodies, idempotency, metrics: uploadMetrics });
    this.fileChanges = { discovery, elements, registry };
    this.finalize = finalizeSaga(this.fileChanges);
    this.updateAttributes = updateAttributesSaga(this.fileChanges);
    this.remove = deleteSaga(this.fileChanges);
    this.worker = new SagaRecoveryWorker({
      orchestrator: this.orchestrator,
      store,
      definitions: [this.upload, this.finalize, this.updateAttributes, this.remove],
      logger,
      intervalMs: config.SAGA_RECOVERY_INTERVAL_MS,
    });
  }

  onApplicationBootstrap(): void {
    this.worker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker.stop();
    await this.orchestrator.close();
  }
}

/** Test builds only: `INGESTER_FAILPOINT=<saga type>:after-<step>` kills the ingester after that step. */
function crashFailpoint(): { afterStep?: SagaStepObserver } {
  const afterStep = sagaCrashFailpoint(process.env['INGESTER_FAILPOINT'], 'INGESTER_FAILPOINT');
  return afterStep ? { afterStep } : {};
}
