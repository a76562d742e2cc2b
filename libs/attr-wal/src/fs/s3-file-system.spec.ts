import { randomUUID } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newFileId } from '../layout/file-id';
import { pathsFor, tempPathFor, trashPathsFor } from '../layout/file-layout';
import {
  aPlainClient,
  anS3Backend,
  startS3Server,
  type RunningS3rver,
  type S3Backend,
} from '../test/s3-backend.fixtures';
import { createS3FileSystem } from './create-s3-file-system';
import type { FileSystem } from './file-system';
import { S3FileSystem } from './s3-file-system';

const AT = new Date('2026-02-03T04:05:06.000Z');
const HOUR = '2026/02/03/04';

async function readAll(stream: Readable | undefined): Promise<Buffer | undefined> {
  if (!stream) {
    return undefined;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** An HTTP server standing in for S3, answering as `handle` says (or never). */
async function aFakeEndpoint(
  handle: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ endpoint: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const fake = createServer(handle);
  fake.on('connection', (socket: Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`,
    close: async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => fake.close(resolve));
    },
  };
}

async function writeLocal(fs: FileSystem, path: string, content: Buffer): Promise<void> {
  const file = await fs.openForWrite(path, 'exclusive');
  await file.write(content);
  await file.sync();
  await file.close();
}

describe(S3FileSystem.name, () => {
  let server: RunningS3rver;
  let backend: S3Backend;
  let fs: S3FileSystem;
  let dataDir: string;
  let fileId: string;
  const content = Buffer.from('0123456789abcdef'.repeat(64));

  beforeAll(async () => {
    server = await startS3Server();
  });
  afterAll(() => server.stop());
  beforeEach(async () => {
    backend = await anS3Backend(server);
    ({ fileSystem: fs, dataDir } = backend);
    fileId = newFileId(AT);
  });
  afterEach(() => backend.cleanup());

  /** A stored data file, written the way the protocol does: local temp, then rename into the tree. */
  async function storeData(body = content): Promise<string> {
    const { directory, data } = pathsFor(dataDir, fileId);
    await fs.makeDirectory(directory);
    const temp = tempPathFor(directory, 'data');
    await writeLocal(fs, temp, body);
    await fs.rename(temp, data);
    return data;
  }

  describe('createS3FileSystem', () => {
    it('creates the bucket when it is missing', async () => {
      const bucket = `fresh-${randomUUID().slice(0, 8)}`;
      const created = await createS3FileSystem({ ...server, bucket, region: 'us-east-1', dataDir });
      await created.close();
      expect(await aPlainClient(server).bucketExists(bucket)).toBe(true);
    });

    it('fails with ETIMEDOUT when the endpoint never answers', async () => {
      const silent = await aFakeEndpoint(() => undefined);
      try {
        const attempt = createS3FileSystem({
          ...server,
          endpoint: silent.endpoint,
          region: 'us-east-1',
          dataDir,
          requestTimeoutMs: 200,
        });
        await expect(attempt).rejects.toMatchObject({ code: 'ETIMEDOUT' });
      } finally {
        await silent.close();
      }
    });

    it('destroys a download whose body stalls longer than the idle timeout', async () => {
      const stalling = await aFakeEndpoint((request, response) => {
        if (request.method === 'HEAD') {
          response.writeHead(200).end(); // the bucket exists
          return;
        }
        response.writeHead(200, { 'Content-Length': '100' });
        response.write(Buffer.alloc(10)); // …and nothing more
      });
      try {
        const stalled = await createS3FileSystem({
          ...server,
          endpoint: stalling.endpoint,
          region: 'us-east-1',
          dataDir,
          requestTimeoutMs: 300,
        });
        const body = await stalled.openRead(pathsFor(dataDir, fileId).data);
        await expect(readAll(body)).rejects.toThrow();
        await stalled.close();
      } finally {
        await stalling.close();
      }
    });
  });

  describe('routing', () => {
    it('keeps the WAL and other top-level files on the local disk', async () => {
      const walFile = join(dataDir, 'wal', 'wal-000000000001.log');
      await fs.makeDirectory(join(dataDir, 'wal'));
      const segment = await fs.openForWrite(walFile, 'append');
      await segment.write(Buffer.from('record\n'));
      await segment.close();
      await writeLocal(fs, join(dataDir, 'mode.json'), Buffer.from('{}'));

      expect(await readFile(walFile, 'utf8')).toBe('record\n');
      expect((await fs.readFile(join(dataDir, 'mode.json')))?.toString()).toBe('{}');
      expect(await backend.listObjectKeys()).toEqual([]);
    });

    it('writes temp files of the hour tree locally, creating their directory when needed', async () => {
      const temp = tempPathFor(pathsFor(dataDir, fileId).directory, 'data');
      await writeLocal(fs, temp, content);
      expect(await readFile(temp)).toEqual(content);
      expect(await backend.listObjectKeys()).toEqual([]);
    });

    it('refuses to open a file of the hour tree for writing in place', async () => {
      await expect(fs.openForWrite(pathsFor(dataDir, fileId).data, 'exclusive')).rejects.toMatchObject({
        code: 'ENOTSUP',
      });
    });
  });

  describe('rename', () => {
    it('uploads a temp file to its final key and removes the temp', async () => {
      const { directory, data } = pathsFor(dataDir, fileId);
      await fs.makeDirectory(directory);
      const temp = tempPathFor(directory, 'data');
      await writeLocal(fs, temp, content);

      await fs.rename(temp, data);

      expect(await backend.listObjectKeys()).toEqual([`${HOUR}/${fileId}`]);
      expect(
        await readAll(
          await backend.client.getObject(backend.bucket, backend.keyPrefix + `${HOUR}/${fileId}`),
        ),
      ).toEqual(content);
      await expect(stat(temp)).rejects.toMatchObject({ code: 'ENOENT' });
      await expect(stat(data)).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('uploads an empty file', async () => {
      const data = await storeData(Buffer.alloc(0));
      expect(await fs.stat(data)).toEqual({ size: 0, isDirectory: false });
      expect(await fs.readFile(data)).toEqual(Buffer.alloc(0));
    });

    it('overwrites an existing object, as an atomic rename over a file does', async () => {
      const data = await storeData();
      const temp = tempPathFor(pathsFor(dataDir, fileId).directory, 'attr');
      await writeLocal(fs, temp, Buffer.from('newer'));
      await fs.rename(temp, data);
      expect((await fs.readFile(data))?.toString()).toBe('newer');
    });

    it('moves an object to its trash name and back with a server-side copy', async () => {
      const data = await storeData();
      const trash = trashPathsFor(dataDir, fileId, 'tx1').data;

      await fs.rename(data, trash);
      expect(await backend.listObjectKeys()).toEqual([`${HOUR}/.trash-tx1-${fileId}`]);
      expect(await readAll(await fs.openRead(trash))).toEqual(content);

      await fs.rename(trash, data);
      expect(await backend.listObjectKeys()).toEqual([`${HOUR}/${fileId}`]);
      expect(await fs.readFile(data)).toEqual(content);
    });

    it('fails with ENOENT when the source does not exist', async () => {
      const { directory, data } = pathsFor(dataDir, fileId);
      await expect(fs.rename(data, trashPathsFor(dataDir, fileId, 'tx1').data)).rejects.toMatchObject({
        code: 'ENOENT',
      });
      await expect(fs.rename(join(directory, '.tmp-missing-data'), data)).rejects.toMatchObject({
        code: 'ENOENT',
      });
      expect(await backend.listObjectKeys()).toEqual([]);
    });
  });

  describe('readDirectory', () => {
    it('lists local temp files and S3 objects of an hour directory together', async () => {
      const { directory } = pathsFor(dataDir, fileId);
      await storeData();
      const temp = tempPathFor(directory, 'attr');
      await writeLocal(fs, temp, Buffer.from('{}'));

      const entries = await fs.readDirectory(directory);

      expect(entries.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        { name: temp.slice(directory.length + 1), isDirectory: false },
        { name: fileId, isDirectory: false },
      ]);
    });

    it('lists key prefixes as directories, also at the top next to the local WAL', async () => {
      await storeData();
      await fs.makeDirectory(join(dataDir, 'wal'));
      const fresh = await anS3Backend({ ...server });
      try {
        // Another data directory on the same keys: the tree exists only in S3 there.
        const sameKeys = new S3FileSystem({
          client: aPlainClient(server),
          bucket: server.bucket,
          dataDir: fresh.dataDir,
          keyPrefix: backend.keyPrefix,
        });
        expect(await sameKeys.readDirectory(fresh.dataDir)).toEqual([{ name: '2026', isDirectory: true }]);
        expect(await sameKeys.readDirectory(join(fresh.dataDir, '2026', '02'))).toEqual([
          { name: '03', isDirectory: true },
        ]);
        expect(await sameKeys.stat(join(fresh.dataDir, '2026', '02'))).toEqual({
          size: 0,
          isDirectory: true,
        });
      } finally {
        await fresh.cleanup();
      }
      const top = await fs.readDirectory(dataDir);
      expect(top.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        { name: '2026', isDirectory: true },
        { name: 'wal', isDirectory: true },
      ]);
    });

    it('is empty for a directory that exists nowhere', async () => {
      expect(await fs.readDirectory(join(dataDir, '1999', '01'))).toEqual([]);
      expect(await fs.readDirectory(join(dataDir, 'wal'))).toEqual([]);
    });

    it('propagates S3 failures other than a missing object', async () => {
      const noBucket = new S3FileSystem({
        client: aPlainClient(server),
        bucket: 'no-such-bucket',
        dataDir,
      });
      await expect(noBucket.readDirectory(pathsFor(dataDir, fileId).directory)).rejects.toMatchObject({
        code: 'NoSuchBucket',
        message: expect.stringMatching(/^NoSuchBucket: listing /),
      });
    });
  });

  describe('reading', () => {
    it('stats, reads and streams an object', async () => {
      const data = await storeData();
      expect(await fs.stat(data)).toEqual({ size: content.byteLength, isDirectory: false });
      expect(await fs.readFile(data)).toEqual(content);
      expect(await readAll(await fs.openRead(data))).toEqual(content);
    });

    it('streams an inclusive byte range', async () => {
      const data = await storeData();
      expect(await readAll(await fs.openRead(data, { start: 10, end: 19 }))).toEqual(
        content.subarray(10, 20),
      );
      // (not `0-0`: s3rver 3.7.1 reads an end of 0 as "to the end", unlike S3)
      expect(await readAll(await fs.openRead(data, { start: 0, end: 1 }))).toEqual(content.subarray(0, 2));
      const last = content.byteLength - 1;
      expect(await readAll(await fs.openRead(data, { start: last, end: last }))).toEqual(
        content.subarray(last),
      );
    });

    it('answers undefined for a missing object', async () => {
      const { data, attributes } = pathsFor(dataDir, fileId);
      expect(await fs.stat(data)).toBeUndefined();
      expect(await fs.readFile(attributes)).toBeUndefined();
      expect(await fs.openRead(data)).toBeUndefined();
      expect(await fs.openRead(data, { start: 0, end: 9 })).toBeUndefined();
    });

    it('reports a local hour directory as a directory', async () => {
      const { directory } = pathsFor(dataDir, fileId);
      await fs.makeDirectory(directory);
      await fs.syncDirectory(directory);
      expect(await fs.stat(directory)).toMatchObject({ isDirectory: true });
    });
  });

  describe('removeFile', () => {
    it('removes an object and says whether there was one', async () => {
      const data = await storeData();
      expect(await fs.removeFile(data)).toBe(true);
      expect(await fs.removeFile(data)).toBe(false);
      expect(await backend.listObjectKeys()).toEqual([]);
    });

    it('removes local temp files from the local disk', async () => {
      const temp = tempPathFor(pathsFor(dataDir, fileId).directory, 'data');
      await writeLocal(fs, temp, content);
      expect(await fs.removeFile(temp)).toBe(true);
      expect(await fs.removeFile(temp)).toBe(false);
    });
  });

  it('syncs an hour directory that exists only in S3 without failing', async () => {
    await storeData();
    const fresh = join(dataDir, '2025', '01', '01', '00');
    await expect(fs.syncDirectory(fresh)).resolves.toBeUndefined();
    await writeFile(join(dataDir, 'outside'), 'x');
    await expect(fs.syncDirectory(join(dataDir, 'missing-local'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
