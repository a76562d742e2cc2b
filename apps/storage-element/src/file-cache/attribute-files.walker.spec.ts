import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createS3FileSystem, NodeFileSystem, newFileId, pathsFor, type FileSystem } from '@artstore/attr-wal';
import { startS3rver } from '@artstore/testing';
import { walkAttributeFiles, type AttributeFile, type SkippedEntry } from './attribute-files.walker';

describe('walkAttributeFiles', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'artstore-se-walker-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const put = async (path: string, content = '{}'): Promise<string> => {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, content);
    return path;
  };
  const aStoredFile = async (at?: Date): Promise<string> => {
    const fileId = newFileId(at);
    const paths = pathsFor(dataDir, fileId);
    await put(paths.data, 'bytes');
    await put(paths.attributes);
    return fileId;
  };
  const walk = async (
    fs: FileSystem = new NodeFileSystem(),
  ): Promise<{ files: AttributeFile[]; skipped: SkippedEntry[] }> => {
    const files: AttributeFile[] = [];
    const skipped: SkippedEntry[] = [];
    for await (const entry of walkAttributeFiles(fs, dataDir)) {
      if (entry.kind === 'file') {
        files.push(entry);
      } else {
        skipped.push(entry);
      }
    }
    return { files, skipped };
  };

  it('finds every attr.json with its data file, across hours', async () => {
    const ids = [
      await aStoredFile(new Date('2024-12-31T23:59:59.999Z')),
      await aStoredFile(new Date('2025-01-01T00:00:00.000Z')),
      await aStoredFile(),
      await aStoredFile(),
    ];

    const { files, skipped } = await walk();

    expect(skipped).toEqual([]);
    expect(files.map((file) => file.fileId).sort()).toEqual([...ids].sort());
    const [first] = files.filter((file) => file.fileId === ids[0]);
    expect(first).toEqual({
      kind: 'file',
      fileId: ids[0],
      attributesPath: pathsFor(dataDir, ids[0]).attributes,
      dataPath: pathsFor(dataDir, ids[0]).data,
    });
  });

  it('skips temp, trash, foreign and misplaced names and attr.json files without data', async () => {
    const kept = await aStoredFile();
    const { directory } = pathsFor(dataDir, kept);
    const otherId = newFileId();
    const trashed = newFileId();
    const foreignHour = join(dataDir, '2025', '01', '01', '00');
    const dataless = newFileId();
    const misplacedId = newFileId(new Date('2020-06-01T10:00:00.000Z'));
    const expected: { path: string; reason: SkippedEntry['reason'] }[] = [
      { path: await put(join(directory, '.tmp-0123456789abcdef-attr')), reason: 'temporary_file' },
      { path: await put(join(directory, '.tmp-0123456789abcdef-data')), reason: 'temporary_file' },
      { path: await put(join(directory, `.trash-tx1-${trashed}.attr.json`)), reason: 'trash_file' },
      { path: await put(join(directory, `.trash-tx1-${trashed}`)), reason: 'trash_file' },
      { path: await put(join(directory, `${otherId.toUpperCase()}.attr.json`)), reason: 'foreign_name' },
      { path: await put(join(directory, 'notes.txt')), reason: 'foreign_name' },
      {
        path: await put(join(directory, '3b241101-e2bb-4255-8caf-4136c566a962.attr.json')),
        reason: 'foreign_name',
      },
      { path: await put(join(directory, `${otherId}.attr.json.bak`)), reason: 'foreign_name' },
      {
        path: await put(join(directory, 'subdir', 'x')).then(() => join(directory, 'subdir')),
        reason: 'foreign_name',
      },
      {
        path: await put(join(dataDir, '2025', 'xx', 'stray')).then(() => join(dataDir, '2025', 'xx')),
        reason: 'foreign_name',
      },
      { path: await put(join(foreignHour, `${misplacedId}.attr.json`)), reason: 'misplaced' },
      { path: await put(pathsFor(dataDir, dataless).attributes), reason: 'missing_data' },
    ];
    await put(join(foreignHour, misplacedId), 'bytes');
    // Outside the hour tree: the element's own files, none of the walker's business.
    await put(join(dataDir, 'mode.json'));
    await put(join(dataDir, 'wal', 'wal-000000000001.log'));

    const { files, skipped } = await walk();

    expect(files.map((file) => file.fileId)).toEqual([kept]);
    expect(skipped).toHaveLength(expected.length);
    expect(skipped).toEqual(expect.arrayContaining(expected.map((entry) => ({ kind: 'skipped', ...entry }))));
  });

  it('yields nothing for a data directory that does not exist yet', async () => {
    const entries: unknown[] = [];
    for await (const entry of walkAttributeFiles(new NodeFileSystem(), join(dataDir, 'absent'))) {
      entries.push(entry);
    }

    expect(entries).toEqual([]);
  });

  it('walks the hour tree of the S3 backend, listing key prefixes as directories', async () => {
    const server = await startS3rver();
    const fs = await createS3FileSystem({ ...server, region: 'us-east-1', dataDir });
    try {
      const upload = async (path: string, content: string): Promise<void> => {
        await fs.makeDirectory(join(path, '..'));
        const temp = join(path, '..', `.tmp-${newFileId()}`);
        const file = await fs.openForWrite(temp, 'exclusive');
        await file.write(Buffer.from(content));
        await file.close();
        await fs.rename(temp, path);
      };
      const stored = newFileId(new Date('2025-01-01T00:00:00.000Z'));
      const dataless = newFileId();
      await upload(pathsFor(dataDir, stored).data, 'bytes');
      await upload(pathsFor(dataDir, stored).attributes, '{}');
      await upload(pathsFor(dataDir, dataless).attributes, '{}');
      // Only S3 holds the tree now, as on a fresh local disk.
      await rm(join(dataDir, '2025'), { recursive: true, force: true });

      const { files, skipped } = await walk(fs);

      expect(files.map((file) => file.fileId)).toEqual([stored]);
      expect(skipped).toEqual([
        { kind: 'skipped', path: pathsFor(dataDir, dataless).attributes, reason: 'missing_data' },
      ]);
    } finally {
      await fs.close();
      await server.stop();
    }
  });
});
