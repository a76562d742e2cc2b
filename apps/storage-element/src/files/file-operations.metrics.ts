import { Inject, Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { APP_CONFIG, MetricsService } from '@artstore/platform';
import type { StorageElementConfig } from '../config/storage-element.config';

export type FileOperation = 'create' | 'read' | 'update_metadata' | 'delete' | 'list';
export type FileOperationResult = 'success' | 'unchanged' | 'refused' | 'failed';

/** `file_operations_total` (the seed's name) plus the bytes and files written and read. */
@Injectable()
export class FileOperationsMetrics {
  private readonly elementId: string;
  private readonly operations: Counter<'element_id' | 'operation' | 'result'>;
  private readonly bytes: Counter<'element_id' | 'direction'>;
  private readonly files: Counter<'element_id' | 'direction'>;

  constructor(@Inject(APP_CONFIG) config: StorageElementConfig, metrics: MetricsService) {
    this.elementId = config.SE_ID;
    this.operations = new Counter({
      name: 'file_operations_total',
      help: 'File operations by kind and result (success, unchanged for idempotent repeats, refused, failed).',
      labelNames: ['element_id', 'operation', 'result'],
      registers: [metrics.registry],
    });
    this.bytes = new Counter({
      name: 'storage_element_bytes_total',
      help: 'Bytes of file content written (stored) and read (served).',
      labelNames: ['element_id', 'direction'],
      registers: [metrics.registry],
    });
    this.files = new Counter({
      name: 'storage_element_files_total',
      help: 'Files written (stored) and read (served, whole or ranges).',
      labelNames: ['element_id', 'direction'],
      registers: [metrics.registry],
    });
  }

  recordOperation(operation: FileOperation, result: FileOperationResult): void {
    this.operations.inc({ element_id: this.elementId, operation, result });
  }

  recordWritten(bytes: number): void {
    this.bytes.inc({ element_id: this.elementId, direction: 'written' }, bytes);
    this.files.inc({ element_id: this.elementId, direction: 'written' });
  }

  recordRead(bytes: number): void {
    this.bytes.inc({ element_id: this.elementId, direction: 'read' }, bytes);
  }

  recordFileServed(): void {
    this.files.inc({ element_id: this.elementId, direction: 'read' });
  }
}
