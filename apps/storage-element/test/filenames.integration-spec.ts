import { readFile } from 'node:fs/promises';
import path from 'node:path';
import contentDisposition from 'content-disposition';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newFileId, pathsFor } from '@artstore/attr-wal';
import type { AttrJson } from '@artstore/contracts';
import {
  startServiceUnderTest,
  startTestIssuer,
  type RunningTestService,
  type TestIssuer,
} from '@artstore/testing';
import {
  aDataDirectory,
  anElement,
  expectProblem,
  FileApiClient,
  filesUnder,
  hourTreeFiles,
  someAttributes,
} from './file-api-client';

const MIXED_SCRIPTS = 'Ünïcødé Кириллица 中文字符 العربية हिन्दी 日本語 한국어 ελληνικά עברית 😀🎉👩‍👩‍👧‍👦🏳️‍🌈 ';

/** ≈1 KiB (UTF-8) of mixed scripts and emoji, ending in an extension. */
function aUnicodeName(bytes: number): string {
  let name = '';
  while (Buffer.byteLength(`${name}${MIXED_SCRIPTS}`) < bytes) {
    name += MIXED_SCRIPTS;
  }
  return `${name}.pdf`;
}

const HOSTILE_NAMES: readonly (readonly [string, string])[] = [
  ['a POSIX traversal', '../../etc/passwd'],
  ['a Windows traversal', '..\\..\\windows'],
  ['an encoded traversal', '%2e%2e%2fetc'],
  ['an absolute path', '/etc/shadow'],
  ['a bare slash', '/'],
  ['a bare backslash', '\\'],
  ['dots only', '..'],
  ['a CR/LF header injection', 'report.pdf\r\nContent-Type: text/html\r\n\r\n<script>'],
  ['a lone LF', 'line\nbreak.txt'],
  ['quotes', 'say "hello" \'there\'.txt'],
  ['backslashes and quotes', 'a\\"b\\".txt'],
  ['a slash in the middle', 'reports/2025/q1.pdf'],
  ['semicolons and equals', 'a; filename="evil.exe"; b=c.txt'],
  ['tabs and DEL', 'a\tb\u007fc.txt'],
  ['C1 controls', 'a\u0085b\u009bc.txt'],
  ['≈1 KiB of unicode', aUnicodeName(1024)],
];

describe('original filenames on the storage element', () => {
  const { parent, dataDir } = aDataDirectory('artstore-se-names-');
  let issuer: TestIssuer;
  let service: RunningTestService;
  let files: FileApiClient;
  let besideDataDir: string[];

  /** Everything under the temp parent except the data directory itself. */
  const outsideDataDir = async (): Promise<string[]> =>
    (await filesUnder(parent)).filter((file) => file !== 'data' && !file.startsWith(`data${path.sep}`));

  beforeAll(async () => {
    issuer = await startTestIssuer();
    service = await startServiceUnderTest(anElement({ SE_ID: 'se-names', SE_DATA_DIR: dataDir }), { issuer });
    files = new FileApiClient(() => service, issuer);
    besideDataDir = await outsideDataDir();
  });

  afterAll(async () => {
    await service?.close();
    await issuer?.stop();
  });

  it.each(HOSTILE_NAMES)('stores %s verbatim and offers a safe download name', async (_label, name) => {
    const fileId = newFileId();
    const created = await files.create(fileId, 'content', {
      attributes: someAttributes({ original_filename: name }),
    });
    expect(created.original_filename).toBe(name);
    expect((await files.attributesOrUndefined(fileId))?.original_filename).toBe(name);

    const onDisk = JSON.parse(await readFile(pathsFor(dataDir, fileId).attributes, 'utf8')) as AttrJson;
    expect(onDisk.original_filename).toBe(name);

    const download = await files.get(fileId);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('content');
    const header = download.headers.get('content-disposition') ?? '';
    expect(header).not.toMatch(/[\r\n]/);
    const parsed = contentDisposition.parse(header);
    expect(parsed.type).toBe('attachment');
    const offered = parsed.parameters['filename'] ?? '';
    expect(offered.length).toBeGreaterThan(0);
    expect(offered).not.toMatch(/[/\\]/);
    expect(offered).not.toMatch(/\p{Cc}/u);
    expect(['.', '..']).not.toContain(offered);
  });

  it('keeps a plain unicode name whole in the download name', async () => {
    const name = 'Отчёт «итоги» 2025 — 日本語 😀.pdf';
    const fileId = newFileId();
    await files.create(fileId, 'x', { attributes: someAttributes({ original_filename: name }) });
    const download = await files.get(fileId);
    await download.arrayBuffer();
    const parsed = contentDisposition.parse(download.headers.get('content-disposition') ?? '');
    expect(parsed.parameters['filename']).toBe(name);
  });

  it('refuses a NUL in the name with 400 and stores nothing', async () => {
    const before = await files.info();
    const fileId = newFileId();
    const problem = await expectProblem(
      await files.put(fileId, 'x', { attributes: someAttributes({ original_filename: 'a\u0000b.txt' }) }),
      400,
      'invalid_input',
    );
    expect(problem.detail).toContain('original_filename');
    expect(await files.attributesOrUndefined(fileId)).toBeUndefined();
    expect((await hourTreeFiles(dataDir)).filter((file) => file.includes(fileId))).toEqual([]);
    expect(await files.info()).toEqual(before);
  });

  it('refuses a ≈4 KiB unicode name with 400 attributes_too_large (attr.json ≤ 4 KiB) and stores nothing', async () => {
    const before = await files.info();
    const name = aUnicodeName(4096);
    expect(Array.from(name).length).toBeLessThanOrEqual(4096);
    const fileId = newFileId();
    await expectProblem(
      await files.put(fileId, 'x', { attributes: someAttributes({ original_filename: name }) }),
      400,
      'attributes_too_large',
    );
    expect(await files.attributesOrUndefined(fileId)).toBeUndefined();
    expect((await hourTreeFiles(dataDir)).filter((file) => file.includes(fileId))).toEqual([]);
    expect(await files.info()).toEqual(before);
  });

  it('has written nothing outside the data directory, and only id-named files in the hour tree', async () => {
    expect(await outsideDataDir()).toEqual(besideDataDir);
    const hourTree = await hourTreeFiles(dataDir);
    expect(hourTree.length).toBeGreaterThan(0);
    const idNamed =
      /^\d{4}\/\d{2}\/\d{2}\/\d{2}\/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}(\.attr\.json)?$/;
    for (const file of hourTree) {
      expect(file.split(path.sep).join('/')).toMatch(idNamed);
    }
  });
});
