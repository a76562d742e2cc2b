import type { AttrJson } from '@artstore/contracts';
import contentDisposition from 'content-disposition';
import parseRange from 'range-parser';
import { reprDigestOf } from './repr-digest';

export interface DownloadRequest {
  method: 'GET' | 'HEAD';
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  ifUnmodifiedSince?: string;
  range?: string;
  ifRange?: string;
}

export type DownloadPlan =
  | { status: 200; headers: Record<string, string> }
  | { status: 206; headers: Record<string, string>; range: { start: number; end: number } }
  | { status: 304 | 412; headers: Record<string, string> }
  | { status: 416; headers: Record<string, string> };

// Long names are cut for the header only (the stored name is whole): clients cap header sizes.
const MAX_DISPOSITION_NAME_CHARS = 255;

export function entityTagOf(attributes: AttrJson): string {
  return `"${attributes.sha256}"`;
}

/** Whole seconds: HTTP dates carry no fractions, and comparisons must agree with the header. */
function lastModifiedSeconds(attributes: AttrJson): number {
  return Math.floor(Date.parse(attributes.created_at) / 1000);
}

/**
 * The name offered to the client: control characters (CR/LF, NUL, C1) and path separators become `_`,
 * so it parses to one plain segment (content-disposition's own basename left `filename*=UTF-8''` for
 * "/" and kept control characters); `.` and `..` are offered as `download`.
 */
function dispositionName(stored: string): string {
  const name = /^\.*$/.test(stored) ? 'download' : stored.replace(/[\p{Cc}/\\]/gu, '_');
  const characters = Array.from(name);
  if (characters.length <= MAX_DISPOSITION_NAME_CHARS) {
    return name;
  }
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  return characters.slice(0, MAX_DISPOSITION_NAME_CHARS - Array.from(extension).length).join('') + extension;
}

const RANGE_SPEC = /^(?:(\d+)-(\d*)|-(\d+))$/;

/**
 * The Range header in range-parser's terms, or undefined when it is not a valid bytes ranges-specifier
 * (RFC 9110 §14.1.1, e.g. a last-pos before its first-pos): ignored, not refused with 416. A suffix
 * longer than the file selects the whole file (§14.1.3), which range-parser calls unsatisfiable.
 */
function normalizedRange(header: string, size: number): string | undefined {
  const match = /^bytes\s*=(.*)$/i.exec(header.trim());
  const specs = (match?.[1] ?? '')
    .split(',')
    .map((spec) => spec.trim())
    .filter((spec) => spec !== '');
  if (specs.length === 0) {
    return undefined;
  }
  const normalized: string[] = [];
  for (const spec of specs) {
    const parts = RANGE_SPEC.exec(spec);
    if (!parts) {
      return undefined;
    }
    const [, first, last, suffix] = parts;
    if (suffix !== undefined) {
      normalized.push(`-${Math.min(Number(suffix), size)}`);
    } else if (last !== undefined && last !== '' && Number(last) < Number(first)) {
      return undefined;
    } else {
      normalized.push(spec);
    }
  }
  return `bytes=${normalized.join(',')}`;
}

/** Entity tags of an If-Match / If-None-Match list; `*` matches any. */
function tagsOf(header: string): string[] {
  return header.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
}

function matchesAny(header: string, tag: string): boolean {
  return tagsOf(header).some((candidate) => candidate === '*' || candidate === tag);
}

function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const milliseconds = Date.parse(value);
  return Number.isNaN(milliseconds) ? undefined : Math.floor(milliseconds / 1000);
}

/** Headers every answer about this file carries (RFC 9110 §15.4.5: a 304 repeats the validators). */
function validatorHeaders(attributes: AttrJson): Record<string, string> {
  return {
    etag: entityTagOf(attributes),
    'last-modified': new Date(lastModifiedSeconds(attributes) * 1000).toUTCString(),
  };
}

function representationHeaders(attributes: AttrJson): Record<string, string> {
  return {
    ...validatorHeaders(attributes),
    'accept-ranges': 'bytes',
    'content-type': attributes.content_type,
    'repr-digest': reprDigestOf(attributes.sha256),
    'content-disposition': contentDisposition(dispositionName(attributes.original_filename), {
      type: 'attachment',
    }),
  };
}

/** RFC 9110 §13.2.2 steps 1–4: the preconditions, in their order of evaluation. */
function preconditionOutcome(request: DownloadRequest, attributes: AttrJson): 304 | 412 | undefined {
  const tag = entityTagOf(attributes);
  const modified = lastModifiedSeconds(attributes);
  if (request.ifMatch !== undefined) {
    // Strong comparison: a weak tag never matches If-Match.
    const strong = request.ifMatch.split(',').map((candidate) => candidate.trim());
    if (!strong.some((candidate) => candidate === '*' || candidate === tag)) {
      return 412;
    }
  } else {
    const since = parseHttpDate(request.ifUnmodifiedSince);
    if (since !== undefined && modified > since) {
      return 412;
    }
  }
  if (request.ifNoneMatch !== undefined) {
    return matchesAny(request.ifNoneMatch, tag) ? 304 : undefined;
  }
  const since = parseHttpDate(request.ifModifiedSince);
  return since !== undefined && modified <= since ? 304 : undefined;
}

/** If-Range (§13.1.5): the Range applies only while the validator still matches, strongly. */
function ifRangeHolds(ifRange: string | undefined, attributes: AttrJson): boolean {
  if (ifRange === undefined) {
    return true;
  }
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/')) {
    return value === entityTagOf(attributes);
  }
  const date = parseHttpDate(value);
  return date !== undefined && date === lastModifiedSeconds(attributes);
}

/**
 * What `GET|HEAD /files/{id}` answers: conditional requests first, then a single byte range (several
 * ranges that do not merge into one, or a malformed Range, get the whole file, as RFC 9110 allows).
 */
export function planDownload(request: DownloadRequest, attributes: AttrJson): DownloadPlan {
  const precondition = preconditionOutcome(request, attributes);
  if (precondition === 304) {
    return { status: 304, headers: validatorHeaders(attributes) };
  }
  // No body, said explicitly: Fastify adds `content-length: 0` to a GET but not to a HEAD.
  if (precondition === 412) {
    return { status: 412, headers: { ...validatorHeaders(attributes), 'content-length': '0' } };
  }
  const headers = representationHeaders(attributes);
  const size = attributes.size_bytes;
  if (request.range === undefined || !ifRangeHolds(request.ifRange, attributes)) {
    return { status: 200, headers: { ...headers, 'content-length': String(size) } };
  }
  const range = normalizedRange(request.range, size);
  if (range === undefined) {
    return { status: 200, headers: { ...headers, 'content-length': String(size) } };
  }
  const ranges = parseRange(size, range, { combine: true });
  if (ranges === -1) {
    return {
      status: 416,
      headers: { ...headers, 'content-length': '0', 'content-range': `bytes */${size}` },
    };
  }
  const only = ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1 ? undefined : ranges[0];
  if (!only) {
    return { status: 200, headers: { ...headers, 'content-length': String(size) } };
  }
  return {
    status: 206,
    range: { start: only.start, end: only.end },
    headers: {
      ...headers,
      'content-length': String(only.end - only.start + 1),
      'content-range': `bytes ${only.start}-${only.end}/${size}`,
    },
  };
}
