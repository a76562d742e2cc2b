import type { SagaLogEntry, SagaRecord, SagaStatus } from '../saga-record';

/** A `sagas` row as `pg` returns it. */
export interface SagaRow {
  id: string;
  type: string;
  status: SagaStatus;
  step_index: number;
  state: Record<string, unknown>;
  log: SagaLogEntry[];
  owner: string | null;
  lease_until: Date | null;
  attempts: number;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

export const SAGA_COLUMNS =
  'id, type, status, step_index, state, log, owner, lease_until, attempts, created_at, updated_at, finished_at';

export function sagaFromRow(row: SagaRow): SagaRecord {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    stepIndex: row.step_index,
    state: row.state,
    log: row.log,
    owner: row.owner,
    leaseUntil: row.lease_until,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

// The platform lib has the same helper, but importing it would pull Nest into this plain lib.
/**
 * The rows a raw query returned: TypeORM answers UPDATE … RETURNING with `[rows, affected]`,
 * other statements with the rows alone.
 */
export function returnedRows<Row>(result: unknown): Row[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as Row[];
  }
  return result as Row[];
}
