import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger';
import { redactUrl } from './redaction';
import { RequestContext, runWithRequestContext } from './request-context';

function captureLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  const logger = createLogger({ serviceName: 'test', level: 'info', format: 'json', destination });
  return { logger, lines };
}

describe('createLogger', () => {
  it('redacts credentials at any depth', () => {
    const { logger, lines } = captureLogger();
    logger.info(
      {
        headers: { authorization: 'Bearer abc.def', cookie: 'sid=1' },
        body: { client_id: 'c', client_secret: 's3cret' },
        nested: { deeper: { token: 'tkn', password: 'pw' } },
      },
      'request',
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of ['abc.def', 'sid=1', 's3cret', 'tkn', '"pw"']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('"client_id":"c"');
  });

  it('adds the request id from the async context', () => {
    const { logger, lines } = captureLogger();
    runWithRequestContext(new RequestContext('req-42'), () => logger.info('inside'));
    logger.info('outside');
    expect(lines[0]?.['request_id']).toBe('req-42');
    expect(lines[1]?.['request_id']).toBeUndefined();
    expect(lines[0]?.['service']).toBe('test');
  });
});

describe(redactUrl.name, () => {
  it('hides token query parameters and keeps the rest', () => {
    expect(redactUrl('/a?access_token=xyz&limit=5')).toBe('/a?access_token=%5BREDACTED%5D&limit=5');
    expect(redactUrl('/plain')).toBe('/plain');
  });
});

describe('error serialization', () => {
  it('masks secrets that libraries put in error messages', () => {
    const { logger, lines } = captureLogger();
    logger.error(
      { err: new Error('auth failed for postgres://app:pa55@db/x with password=hunter2') },
      'boom',
    );
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('pa55');
    expect(text).not.toContain('hunter2');
    expect(text).toContain('postgres://app:[REDACTED]@db/x');
  });
});
