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
import { UploadIdempotencyRepository } from '../idempotency/upload-idempotency.repository';
import { UploadBodies } from '../uploads/upload-bodies';
import { UploadMetrics } from '../uploads/upload.metrics';
import { uploadSaga, type UploadSagaInput, type UploadSagaState } from './upload.saga';

/** The ingester's saga runtime: its orchestrator, the upload saga, and the recovery worker. */
@Injectable()
export class IngesterSagas implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly orchestrator: SagaOrchestrator;
  readonly upload: SagaDefinition<UploadSagaInput, UploadSagaState>;
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
      ...crashFailpoint(),
    });
    this.upload = uploadSaga({ discovery, elements, registry, bodies, idempotency, metrics: uploadMetrics });
    this.worker = new SagaRecoveryWorker({
      orchestrator: this.orchestrator,
      store,
      definitions: [this.upload],
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
