import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimDataDirectory, ELEMENT_IDENTITY_FILE } from './element-identity';
import { DataDirectoryIdentityError } from './element-identity.errors';

async function aDataDirectory(): Promise<string> {
  return path.join(await mkdtemp(path.join(tmpdir(), 'artstore-identity-')), 'data');
}

describe(claimDataDirectory.name, () => {
  it('records the element id in a new data directory', async () => {
    const directory = await aDataDirectory();
    const identity = await claimDataDirectory(directory, 'se-01', new Date('2026-01-02T03:04:05Z'));
    expect(identity).toMatchObject({ elementId: 'se-01', claimedAt: '2026-01-02T03:04:05.000Z' });
    expect(JSON.parse(await readFile(path.join(directory, ELEMENT_IDENTITY_FILE), 'utf8'))).toEqual({
      schema_version: 1,
      element_id: 'se-01',
      claimed_at: '2026-01-02T03:04:05.000Z',
    });
  });

  it('accepts the directory again for the same element, keeping the first claim', async () => {
    const directory = await aDataDirectory();
    await claimDataDirectory(directory, 'se-01', new Date('2026-01-02T03:04:05Z'));
    const again = await claimDataDirectory(directory, 'se-01', new Date('2026-02-01T00:00:00Z'));
    expect(again.claimedAt).toBe('2026-01-02T03:04:05.000Z');
  });

  it('refuses a directory that belongs to another element, naming both', async () => {
    const directory = await aDataDirectory();
    await claimDataDirectory(directory, 'se-01');
    const claim = claimDataDirectory(directory, 'se-02');
    await expect(claim).rejects.toBeInstanceOf(DataDirectoryIdentityError);
    await expect(claim).rejects.toThrow(/belongs to storage element se-01 .* not to SE_ID=se-02/);
  });

  it.each([
    ['not JSON', '{"element_id": '],
    ['a record without an id', '{"schema_version":1,"claimed_at":"2026-01-01T00:00:00Z"}'],
  ])('refuses %s with a clear message', async (_name, content) => {
    const directory = await aDataDirectory();
    await claimDataDirectory(directory, 'se-01');
    await writeFile(path.join(directory, ELEMENT_IDENTITY_FILE), content);
    await expect(claimDataDirectory(directory, 'se-01')).rejects.toThrow(
      /element\.json is not a valid element identity record/,
    );
  });
});
