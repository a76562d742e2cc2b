// Correctness around the timed runs: the routes behave before anything is measured, and afterwards
// every acknowledged upload is on the element (disk and cache), in the admin's registry and in a
// completed upload saga — no more, no fewer.
import { Buffer } from 'node:buffer';
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { listFiles } from '../lib/disk.mjs';
import { newFileId } from '../lib/uuid-v7.mjs';
import { check, parseJson } from '../storage-element/timed-run.mjs';
import { ELEMENT_ID } from './service-processes.mjs';
import { elementAttributes, multipartFrame, sendSmall } from './upload-requests.mjs';

async function query(databaseUrl, text, values) {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** 401 without a token; one upload through the ingester read back from the element and the registry; one direct PUT. */
export async function preflight(ctx) {
  const content = randomBytes(4096);
  const sha256 = createHash('sha256').update(content).digest('hex');
  const frame = multipartFrame(`bench-${randomBytes(8).toString('hex')}`, 'preflight.bin');
  const form = Buffer.concat([frame.head, content, frame.tail]);
  const uploadUrl = `${ctx.stack.ingester.url}/api/v1/files/upload`;
  const auth = { authorization: `Bearer ${ctx.token()}` };

  const refused = await sendSmall(uploadUrl, {
    method: 'POST',
    agent: false,
    body: form,
    headers: { 'content-type': frame.contentType },
  });
  check(
    refused.status === 401,
    `upload without a token answered ${refused.status}: ${refused.body.slice(0, 500)}`,
  );

  const uploaded = await sendSmall(uploadUrl, {
    method: 'POST',
    agent: false,
    body: form,
    headers: { ...auth, 'content-type': frame.contentType },
  });
  check(uploaded.status === 201, `upload answered ${uploaded.status}: ${uploaded.body.slice(0, 1000)}`);
  const stored = parseJson(uploaded.body, 'upload');
  check(stored.sha256 === sha256 && stored.size_bytes === 4096, `upload answered ${uploaded.body}`);
  ctx.counts.elementFiles += 1;
  ctx.counts.registered += 1;

  const read = await fetch(`${ctx.stack.element.url}/api/v1/files/${stored.file_id}`, { headers: auth });
  const readSha256 = createHash('sha256')
    .update(Buffer.from(await read.arrayBuffer()))
    .digest('hex');
  check(read.status === 200 && readSha256 === sha256, `element GET ${read.status}, sha256 ${readSha256}`);
  const registered = await fetch(`${ctx.stack.admin.url}/api/v1/files/${stored.file_id}`, { headers: auth });
  const entry = await registered.json();
  check(
    registered.status === 200 && entry.storage_element_id === ELEMENT_ID && entry.sha256 === sha256,
    `registry GET ${registered.status}: ${JSON.stringify(entry).slice(0, 500)}`,
  );

  const id = newFileId();
  const put = await sendSmall(`${ctx.stack.element.url}/api/v1/files/${id}`, {
    method: 'PUT',
    agent: false,
    body: content,
    headers: {
      ...auth,
      'content-type': 'application/octet-stream',
      'artstore-attributes': elementAttributes('preflight.bin', ctx.clientId),
    },
  });
  check(put.status === 201, `element PUT answered ${put.status}: ${put.body.slice(0, 1000)}`);
  ctx.counts.elementFiles += 1;
}

/** Element, registry and saga log agree with what the bench was told (counts.elementFiles, counts.registered). */
export async function checkCounts(ctx) {
  const { elementFiles, registered } = ctx.counts;
  const attrFiles = await listFiles(ctx.dirs.element, (name) => name.endsWith('.attr.json'));
  check(
    attrFiles.length === elementFiles,
    `${attrFiles.length} attr.json files, ${elementFiles} acknowledged`,
  );
  const info = await (await fetch(`${ctx.stack.element.url}/api/v1/info`)).json();
  check(
    info.file_count === elementFiles,
    `element /info file_count ${info.file_count}, ${elementFiles} acknowledged`,
  );

  const [{ count: inRegistry }] = await query(
    ctx.databases.admin,
    'SELECT count(*)::int AS count FROM registered_files WHERE storage_element_id = $1',
    [ELEMENT_ID],
  );
  check(
    inRegistry === registered,
    `admin registry holds ${inRegistry} files, ${registered} uploads acknowledged`,
  );
  const sagas = await query(
    ctx.databases.ingester,
    `SELECT status, count(*)::int AS count FROM sagas WHERE type = 'ingester.upload' GROUP BY status`,
  );
  const completed = sagas.find((row) => row.status === 'completed')?.count ?? 0;
  check(
    completed === registered && sagas.every((row) => row.status === 'completed'),
    `upload sagas ${JSON.stringify(sagas)}, ${registered} uploads acknowledged`,
  );
}
