import {
  STORAGE_ELEMENT_MODES,
  STORAGE_ELEMENT_STATUSES,
  type StorageElementEndpoint,
} from '@artstore/contracts';
import { z } from 'zod';
import { ServiceDiscoveryError, ServiceDiscoveryErrorCode } from './service-discovery.errors';
import { describeIssues, elementUrlSchema, storageElementListSchema } from './storage-elements-config.schema';

/** `SE_PRIORITY`'s default on the storage element. */
export const STATIC_ELEMENT_DEFAULT_PRIORITY = 100;

// A static list cannot know capacity: treat it as unbounded and let the element answer 507 when full.
const UNKNOWN_CAPACITY = Number.MAX_SAFE_INTEGER;

const byteCount = z.number().int().nonnegative();

const staticEntrySchema = z.object({
  id: z.string().trim().min(1),
  url: elementUrlSchema,
  mode: z.enum(STORAGE_ELEMENT_MODES).default('rw'),
  priority: z.number().int().nonnegative().default(STATIC_ELEMENT_DEFAULT_PRIORITY),
  capacity_bytes: byteCount.optional(),
  used_bytes: byteCount.optional(),
  free_bytes: byteCount.optional(),
  status: z.enum(STORAGE_ELEMENT_STATUSES).default('online'),
});

function toEndpoint(entry: z.output<typeof staticEntrySchema>): StorageElementEndpoint {
  const capacity = entry.capacity_bytes ?? UNKNOWN_CAPACITY;
  const used = entry.used_bytes ?? 0;
  return {
    id: entry.id,
    url: entry.url,
    mode: entry.mode,
    priority: entry.priority,
    capacity_bytes: capacity,
    used_bytes: used,
    free_bytes: entry.free_bytes ?? Math.max(capacity - used, 0),
    status: entry.status,
  };
}

/** `se-01=http://se-01:8010;mode=edit;priority=1` → an entry; only `mode` and `priority` may follow the URL. */
function parseListEntry(entry: string): Record<string, string | number> | string {
  const [head = '', ...options] = entry.split(';').map((part) => part.trim());
  const separator = head.indexOf('=');
  if (separator <= 0) {
    return `"${entry}" is not id=url`;
  }
  const parsed: Record<string, string | number> = {
    id: head.slice(0, separator),
    url: head.slice(separator + 1),
  };
  for (const option of options) {
    const [name = '', value = ''] = option.split('=', 2).map((part) => part.trim());
    if (name !== 'mode' && name !== 'priority') {
      return `"${entry}": unknown option "${name}" (mode, priority)`;
    }
    // Digits become a number; anything else stays text so validation names the bad priority.
    parsed[name] = name === 'priority' && /^\d+$/.test(value) ? Number(value) : value;
  }
  return parsed;
}

function entriesOf(value: string): unknown {
  if (value.startsWith('[')) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw invalid('not valid JSON');
    }
  }
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map(parseListEntry);
  const problems = entries.filter((entry): entry is string => typeof entry === 'string');
  if (problems.length > 0) {
    throw invalid(problems.join('; '));
  }
  return entries;
}

function invalid(problems: string): ServiceDiscoveryError {
  return new ServiceDiscoveryError(
    ServiceDiscoveryErrorCode.InvalidStaticElements,
    `ARTSTORE_STORAGE_ELEMENTS is invalid: ${problems}`,
  );
}

/**
 * Parses the static fallback list (env `ARTSTORE_STORAGE_ELEMENTS`) used when neither Redis nor the
 * local state file has a configuration. Two forms:
 *
 * - a JSON array of endpoints: `[{"id":"se-01","url":"http://se-01:8010","mode":"edit","priority":1}]`;
 *   `id` and `url` are required, `mode` defaults to `rw`, `priority` to 100, `status` to `online`;
 *   capacity fields may be given, otherwise capacity is unknown (treated as unbounded);
 * - a comma list of `id=url`, each optionally followed by `;mode=<mode>` and/or `;priority=<n>`:
 *   `se-01=http://se-01:8010;mode=edit;priority=1,se-02=http://se-02:8011`.
 *
 * An empty or blank value is an empty list. URLs must be http(s) and ids unique.
 * @throws {ServiceDiscoveryError} `invalid_static_storage_elements`, naming every problem found.
 */
export function parseStaticStorageElements(value: string): StorageElementEndpoint[] {
  const trimmed = value.trim();
  if (trimmed.length === 0) {
    return [];
  }
  const entries = z.array(staticEntrySchema).safeParse(entriesOf(trimmed));
  if (!entries.success) {
    throw invalid(describeIssues(entries.error));
  }
  const elements = entries.data.map(toEndpoint);
  const checked = storageElementListSchema.safeParse(elements);
  if (!checked.success) {
    throw invalid(describeIssues(checked.error));
  }
  return elements;
}
