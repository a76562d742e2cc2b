import { crc32 } from 'node:zlib';
import type { WalRecord } from './wal-record';
import { WAL_OPERATIONS, WAL_PHASES } from './wal-record';

// A line is `{"crc32":"xxxxxxxx","record":<json>}`: still one JSON object per line for jq, and the
// fixed-width prefix lets the checksum cover the record's exact bytes.
const PREFIX = '{"crc32":"';
const MIDDLE = '","record":';
const RECORD_START = PREFIX.length + 8 + MIDDLE.length;

function checksumOf(text: string): string {
  return crc32(text).toString(16).padStart(8, '0');
}

/** One WAL line, newline included. */
export function encodeWalLine(record: WalRecord): string {
  const json = JSON.stringify(record);
  return `${PREFIX}${checksumOf(json)}${MIDDLE}${json}}\n`;
}

function isWalRecord(value: unknown): value is WalRecord {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const record = value as Record<string, unknown>;
  return (
    typeof record['tx'] === 'string' &&
    typeof record['file_id'] === 'string' &&
    WAL_OPERATIONS.includes(record['op'] as WalRecord['op']) &&
    WAL_PHASES.includes(record['phase'] as WalRecord['phase'])
  );
}

/** The record of one line (without its newline), or undefined for a torn or corrupt line. */
export function decodeWalLine(line: string): WalRecord | undefined {
  if (
    !line.startsWith(PREFIX) ||
    line.slice(PREFIX.length + 8, RECORD_START) !== MIDDLE ||
    !line.endsWith('}')
  ) {
    return undefined;
  }
  const json = line.slice(RECORD_START, -1);
  if (checksumOf(json) !== line.slice(PREFIX.length, PREFIX.length + 8)) {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(json);
    return isWalRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
