import { describe, expect, it } from 'vitest';
import { decodeWalLine, encodeWalLine } from './wal-line.codec';
import type { WalRecord } from './wal-record';

const record: WalRecord = {
  tx: 't1',
  op: 'create',
  phase: 'commit',
  file_id: 'f1',
  at: '2026-01-01T00:00:00.000Z',
};

describe('encodeWalLine', () => {
  it('writes one JSON object per line that decodes back', () => {
    const line = encodeWalLine(record);
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toMatchObject({ record });
    expect(decodeWalLine(line.trimEnd())).toEqual(record);
  });

  it('refuses a torn line', () => {
    const line = encodeWalLine(record).trimEnd();
    expect(decodeWalLine(line.slice(0, -5))).toBeUndefined();
  });

  it('refuses a line whose bytes changed', () => {
    const line = encodeWalLine(record).trimEnd().replace('"f1"', '"f2"');
    expect(decodeWalLine(line)).toBeUndefined();
  });

  it('refuses a valid checksum over a record of the wrong shape', () => {
    const line = encodeWalLine({ ...record, phase: 'maybe' } as unknown as WalRecord).trimEnd();
    expect(decodeWalLine(line)).toBeUndefined();
  });
});
