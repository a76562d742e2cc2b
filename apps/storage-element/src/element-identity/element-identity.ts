import path from 'node:path';
import { z } from 'zod';
import { readFileIfPresent, writeJsonFileDurably } from './durable-json-file';
import { DataDirectoryIdentityError } from './element-identity.errors';

export const ELEMENT_IDENTITY_FILE = 'element.json';

const identityRecordSchema = z.object({
  schema_version: z.literal(1),
  element_id: z.string().min(1),
  claimed_at: z.iso.datetime(),
});

/** Which element owns the data directory, recorded in it the first time the element starts there. */
export class ElementIdentity {
  constructor(
    readonly elementId: string,
    readonly dataDirectory: string,
    readonly claimedAt: string,
  ) {}
}

/**
 * Claims `dataDirectory` for `elementId`: records the id on first use, and refuses a directory that
 * another element (another SE_ID) has claimed, so two elements never mix their files.
 */
export async function claimDataDirectory(
  dataDirectory: string,
  elementId: string,
  now: Date = new Date(),
): Promise<ElementIdentity> {
  const file = path.join(dataDirectory, ELEMENT_IDENTITY_FILE);
  const text = await readFileIfPresent(file);
  if (text === undefined) {
    const claimedAt = now.toISOString();
    await writeJsonFileDurably(file, { schema_version: 1, element_id: elementId, claimed_at: claimedAt });
    return new ElementIdentity(elementId, dataDirectory, claimedAt);
  }
  const record = parseIdentityRecord(file, text);
  if (record.element_id !== elementId) {
    throw DataDirectoryIdentityError.ownedByAnotherElement(file, record.element_id, elementId);
  }
  return new ElementIdentity(elementId, dataDirectory, record.claimed_at);
}

function parseIdentityRecord(file: string, text: string): z.infer<typeof identityRecordSchema> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw DataDirectoryIdentityError.unreadable(file, 'not JSON');
  }
  const result = identityRecordSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map(
      (issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`,
    );
    throw DataDirectoryIdentityError.unreadable(file, issues.join('; '));
  }
  return result.data;
}
