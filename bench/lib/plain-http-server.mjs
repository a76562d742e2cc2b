// Baseline: the least a Node HTTP server can do for the same tiny JSON answer.
import http from 'node:http';

const body = JSON.stringify({ status: 'ok', info: {}, error: {}, details: {} });
http
  .createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(body);
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('listening'));
