import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@artstore/platform';
import type { IngesterConfig } from '../config/ingester.config';
import { UploadIdempotencyRepository } from '../idempotency/upload-idempotency.repository';
import type { UploadResponse } from './upload-response';
import { UploadError } from './upload.errors';

const ENDED_WITHOUT_FILE = new Set(['compensated', 'failed']);

/**
 * `Idempotency-Key` for uploads, scoped to the calling client: the first request claims the key;
 * a repeat gets the first result, a different request 409 `idempotency_key_reused`, a repeat while
 * the first runs 409 `idempotency_key_in_progress`. A key whose upload did not complete is free again.
 */
@Injectable()
export class IdempotentUploads {
  constructor(
    private readonly repository: UploadIdempotencyRepository,
    @Inject(APP_CONFIG) private readonly config: IngesterConfig,
  ) {}

  /** Undefined when this request now holds the key; the earlier result when it repeats a completed one. */
  async claim(
    clientId: string,
    key: string,
    fingerprint: string,
    sagaId: string,
  ): Promise<UploadResponse | undefined> {
    for (let round = 0; round < 3; round += 1) {
      const earlier = await this.repository.claim(clientId, key, fingerprint, sagaId);
      if (!earlier) {
        return undefined;
      }
      if (earlier.fingerprint !== fingerprint) {
        throw new UploadError(
          'idempotency_key_reused',
          'This Idempotency-Key was used for a different upload; use a new key.',
        );
      }
      if (earlier.response) {
        return earlier.response;
      }
      // A saga that never started (crash right after the claim) is given up after one lease.
      const abandoned = earlier.sagaStatus === null && earlier.ageMs > this.config.SAGA_LEASE_MS;
      if (!abandoned && !ENDED_WITHOUT_FILE.has(earlier.sagaStatus ?? '')) {
        throw new UploadError(
          'idempotency_key_in_progress',
          'An upload with this Idempotency-Key is still running; retry when it has finished.',
          1,
        );
      }
      await this.repository.release(earlier.sagaId);
    }
    throw new UploadError('idempotency_key_in_progress', 'The Idempotency-Key is contended; retry.', 1);
  }

  /** Frees the key after an upload that did not complete. */
  async release(sagaId: string): Promise<void> {
    await this.repository.release(sagaId);
  }
}
