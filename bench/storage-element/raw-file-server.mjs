// Baseline for the element's PUT and GET: the least a Node HTTP server does to store a streamed body
// durably (write, fsync, close, then answer) and to stream a stored file back.
//   PUT /files/<name>   body → <ROOT>/<name>, fsync, 201 {"size_bytes": n}
//   GET /files/<path>   <ROOT>/<path> streamed with Content-Length
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const root = path.resolve(process.env.ROOT ?? '.');
// The same buffer sizes as the element (4 MiB write batches, 1 MiB reads): the ratio then measures
// what the element adds, not a buffer-size choice either side could make.
const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;
const READ_CHUNK_BYTES = 1024 * 1024;

function resolveInRoot(url) {
  const relative = decodeURIComponent(url.slice('/files/'.length));
  const target = path.resolve(root, relative);
  return target.startsWith(`${root}${path.sep}`) ? target : null;
}

async function storeBody(request, response, target) {
  // `flush` fsyncs the file before it is closed; the answer waits for the close.
  const file = createWriteStream(target, { flush: true, highWaterMark: WRITE_BUFFER_BYTES });
  await pipeline(request, file);
  if (!file.closed) {
    await once(file, 'close');
  }
  const { size } = await stat(target);
  response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ size_bytes: size }));
}

async function streamFile(response, target) {
  const { size } = await stat(target);
  response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
  await pipeline(createReadStream(target, { highWaterMark: READ_CHUNK_BYTES }), response);
}

http
  .createServer((request, response) => {
    const target = request.url?.startsWith('/files/') ? resolveInRoot(request.url) : null;
    if (!target) {
      response.writeHead(404).end();
      return;
    }
    const work =
      request.method === 'PUT'
        ? storeBody(request, response, target)
        : request.method === 'GET'
          ? streamFile(response, target)
          : Promise.resolve(response.writeHead(405).end());
    work.catch((error) => {
      if (!response.headersSent) {
        response.writeHead(500).end(String(error.message));
      } else {
        response.destroy(error);
      }
    });
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('listening'));
