import { describe, expect, it } from 'vitest';
import type { SagaResult } from '@artstore/saga';
import { ElementRefusedError, ElementUnavailableError } from '../element-files/element-files.errors';
import { RegistryUnavailableError } from '../file-registry/file-registry.errors';
import { ChecksumMismatchError, NoEligibleElementError } from '../sagas/upload-saga.errors';
import { fileChangeFailureOf } from './file-change-failure';
import { FileChangeError, mapFileChangeError } from './file-change.errors';

const FILE_ID = '0193a5c0-0000-7000-8000-000000000001';

function compensatedBy(cause: unknown): SagaResult<unknown> {
  return {
    sagaId: 'saga',
    status: 'compensated',
    state: {},
    error: { step: 'step', code: 'X', message: 'failed', cause },
  };
}

function answerFor(cause: unknown): { code: string; status: number | undefined } {
  const error = fileChangeFailureOf(compensatedBy(cause), FILE_ID);
  if (!(error instanceof FileChangeError)) {
    throw new Error(`not a FileChangeError: ${error.message}`);
  }
  return { code: error.code, status: mapFileChangeError(error)?.status };
}

describe('fileChangeFailureOf', () => {
  it("answers 409 with the element's words when its mode refuses", () => {
    const refusal = new ElementRefusedError(
      'se-02',
      409,
      'operation_not_allowed_in_mode',
      'The storage element is in mode rw, which does not allow it to delete files.',
    );
    const error = fileChangeFailureOf(compensatedBy(refusal), FILE_ID);
    expect(error).toBeInstanceOf(FileChangeError);
    expect(error.message).toContain('mode rw');
    expect(answerFor(refusal)).toEqual({ code: 'operation_not_allowed_in_mode', status: 409 });
  });

  it('tells another 409 of the element (other content under the id) from a mode refusal', () => {
    const conflict = new ElementRefusedError('se-02', 409, 'file_exists_with_other_content', undefined);
    expect(answerFor(conflict)).toEqual({ code: 'element_refused', status: 502 });
  });

  it('maps the element not having the file to 404', () => {
    expect(answerFor(new ElementRefusedError('se-01', 404, 'file_not_found', undefined)).status).toBe(404);
  });

  it('answers 503 for an unavailable element or registry and when no element can take the copy', () => {
    expect(answerFor(new ElementUnavailableError('se-01', 'down')).status).toBe(503);
    expect(answerFor(new RegistryUnavailableError('down', false)).status).toBe(503);
    expect(answerFor(new NoEligibleElementError('permanent')).status).toBe(503);
    expect(answerFor(new ElementRefusedError('se-02', 507, 'insufficient_storage', undefined)).status).toBe(
      503,
    );
  });

  it('answers 502 when the copy does not match', () => {
    const mismatch = new ChecksumMismatchError('se-02', { sha256: 'a', size: 1 }, { sha256: 'b', size: 1 });
    expect(answerFor(mismatch)).toEqual({ code: 'element_checksum_mismatch', status: 502 });
  });

  it('leaves an unknown failure to the 500 handler', () => {
    expect(fileChangeFailureOf(compensatedBy(new Error('bug')), FILE_ID)).not.toBeInstanceOf(FileChangeError);
  });
});

describe('mapFileChangeError', () => {
  it('sends Retry-After with a 503', () => {
    const mapping = mapFileChangeError(new FileChangeError('element_unavailable', 'down', 7));
    expect(mapping).toEqual({ status: 503, headers: { 'Retry-After': '7' } });
  });
});
