import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { APP_CONFIG, APP_LOGGER, MetricsService, type AppLogger } from '@artstore/platform';
import { PostgresSagaStore, SagaOrchestrator, SagaRecoveryWorker, type SagaDefinition } from '@artstore/saga';
import { AuditService } from '../../audit/audit.service';
import type { AdminConfig } from '../../config/admin.config';
import { ElementApiAdapter } from '../element-api.adapter';
import { ElementsConfigPublication } from '../elements-config.publication';
import { StorageElementsRepository } from '../storage-elements.repository';
import { modeChangeFailpoint } from './mode-change.failpoint';
import { modeChangeSaga, type ModeChangeInput, type ModeChangeState } from './mode-change.saga';

/** The admin's saga runtime: its orchestrator, the saga types it runs, and the recovery worker. */
@Injectable()
export class AdminSagas implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly orchestrator: SagaOrchestrator;
  readonly modeChange: SagaDefinition<ModeChangeInput, ModeChangeState>;
  private readonly worker: SagaRecoveryWorker;

  constructor(
    dataSource: DataSource,
    metrics: MetricsService,
    api: ElementApiAdapter,
    elements: StorageElementsRepository,
    publication: ElementsConfigPublication,
    audit: AuditService,
    @Inject(APP_CONFIG) config: AdminConfig,
    @Inject(APP_LOGGER) logger: AppLogger,
  ) {
    const store = new PostgresSagaStore(dataSource);
    this.orchestrator = new SagaOrchestrator({
      store,
      logger,
      registry: metrics.registry,
      ownerId: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
      leaseMs: config.SAGA_LEASE_MS,
    });
    const reached = modeChangeFailpoint();
    this.modeChange = modeChangeSaga({ api, elements, publication, audit, ...(reached ? { reached } : {}) });
    this.worker = new SagaRecoveryWorker({
      orchestrator: this.orchestrator,
      store,
      definitions: [this.modeChange],
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
