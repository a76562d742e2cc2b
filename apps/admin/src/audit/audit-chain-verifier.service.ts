import { Injectable } from '@nestjs/common';
import type { AuditVerification } from '@artstore/contracts';
import { computeAuditHash, GENESIS_HASH } from './audit-hash';
import { AuditRepository } from './audit.repository';

const DEFAULT_BATCH_SIZE = 1_000;

/**
 * Walks the chain from the first event, in batches so memory stays flat however long the log is.
 * An edited row fails its own hash; a deleted or moved row breaks the next row's link (a deleted
 * head shows because the first link must be the genesis hash). Truncating the newest events leaves a
 * valid shorter chain — only a copy of the last hash kept elsewhere can catch that.
 */
@Injectable()
export class AuditChainVerifier {
  constructor(private readonly events: AuditRepository) {}

  async verifyChain(batchSize = DEFAULT_BATCH_SIZE): Promise<AuditVerification> {
    let expectedPrevHash = GENESIS_HASH;
    let afterId = '0';
    let checked = 0;
    for (;;) {
      const batch = await this.events.findChainBatch(afterId, batchSize);
      for (const row of batch) {
        checked += 1;
        if (row.prev_hash !== expectedPrevHash || computeAuditHash(row.prev_hash, row) !== row.hash) {
          return { ok: false, events_checked: checked, first_broken_id: row.id };
        }
        expectedPrevHash = row.hash;
        afterId = row.id;
      }
      if (batch.length < batchSize) {
        return { ok: true, events_checked: checked, first_broken_id: null };
      }
    }
  }
}
