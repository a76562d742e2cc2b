import type { AppLogger } from '@artstore/platform';
import type { AuditService } from '../../audit/audit.service';

/** What one reconcile did (snake_case: it is the HTTP answer and the audit details). */
export interface ReconcileReport {
  elements_scanned: number;
  elements_failed: number;
  files_seen: number;
  registered: number;
  updated: number;
  unregistered: number;
}

export function emptyReconcileReport(): ReconcileReport {
  return {
    elements_scanned: 0,
    elements_failed: 0,
    files_seen: 0,
    registered: 0,
    updated: 0,
    unregistered: 0,
  };
}

/** The `files.reconciled` audit event (result `failure` when an element could not be read) and a log line. */
export async function recordReconcile(
  deps: { audit: AuditService; logger: AppLogger },
  actor: string,
  resource: string,
  report: ReconcileReport,
): Promise<void> {
  await deps.audit.record({
    actor,
    action: 'files.reconciled',
    resource,
    result: report.elements_failed === 0 ? 'success' : 'failure',
    details: { ...report },
  });
  deps.logger.info({ ...report, resource }, 'file registry reconciled');
}
