import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, AuthErrorCode } from '../errors/auth.errors';
import { ServiceTokenClient, type ServiceTokenClientOptions } from './service-token.client';

const CLIENT_ID = 'artstore-query:eu west';
const CLIENT_SECRET = 'p@ss:w+rd/ü%=';

interface TokenCall {
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** A tiny token endpoint: records each call and answers as the test says. */
const endpoint = {
  calls: [] as TokenCall[],
  status: 200,
  expiresIn: 1800,
  delayMs: 0,
  issued: 0,
};

let server: http.Server;
let tokenUrl: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      endpoint.calls.push({
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        body,
      });
      setTimeout(() => {
        response.setHeader('content-type', 'application/json');
        if (endpoint.status !== 200) {
          response.statusCode = endpoint.status;
          response.end(JSON.stringify({ error: 'invalid_client', error_description: 'nope' }));
          return;
        }
        endpoint.issued += 1;
        response.end(
          JSON.stringify({
            access_token: `token-${endpoint.issued}`,
            token_type: 'Bearer',
            expires_in: endpoint.expiresIn,
            scope: 'files:read',
          }),
        );
      }, endpoint.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/auth/token`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let clock = 1_000_000;

beforeEach(() => {
  Object.assign(endpoint, { calls: [], status: 200, expiresIn: 1800, delayMs: 0 });
  clock = 1_000_000;
});

function aClient(overrides: Partial<ServiceTokenClientOptions> = {}): ServiceTokenClient {
  return new ServiceTokenClient({
    tokenUrl,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    now: () => clock,
    ...overrides,
  });
}

async function refusalOf(promise: Promise<string>): Promise<AuthError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe(ServiceTokenClient.name, () => {
  describe('accessToken', () => {
    it('asks for client credentials with client_secret_basic, id and secret form-urlencoded first', async () => {
      await expect(aClient().accessToken()).resolves.toMatch(/^token-/);
      const [call] = endpoint.calls;
      expect(call?.body).toBe('grant_type=client_credentials');
      expect(call?.contentType).toBe('application/x-www-form-urlencoded');
      const basic = Buffer.from(call?.authorization?.replace(/^Basic /, '') ?? '', 'base64').toString('utf8');
      const [id, secret] = basic.split(':').map((part) => decodeURIComponent(part.replaceAll('+', ' ')));
      expect(basic.split(':')).toHaveLength(2);
      expect({ id, secret }).toEqual({ id: CLIENT_ID, secret: CLIENT_SECRET });
    });

    it('reuses the token until 80 % of its lifetime, then refreshes', async () => {
      const client = aClient();
      const first = await client.accessToken();
      clock += 1_439_000;
      expect(await client.accessToken()).toBe(first);
      clock += 1_000;
      expect(await client.accessToken()).not.toBe(first);
      expect(endpoint.calls).toHaveLength(2);
    });

    it('refreshes 60 s before expiry when that comes first', async () => {
      endpoint.expiresIn = 200;
      const client = aClient();
      const first = await client.accessToken();
      clock += 139_000;
      expect(await client.accessToken()).toBe(first);
      clock += 1_000;
      expect(await client.accessToken()).not.toBe(first);
    });

    it('shares one request among concurrent callers', async () => {
      endpoint.delayMs = 100;
      const client = aClient();
      const tokens = await Promise.all(Array.from({ length: 20 }, () => client.accessToken()));
      expect(new Set(tokens).size).toBe(1);
      expect(endpoint.calls).toHaveLength(1);
    });

    it('keeps handing out a still-valid token when an early refresh fails', async () => {
      const client = aClient();
      const first = await client.accessToken();
      endpoint.status = 503;
      clock += 1_500_000;
      expect(await client.accessToken()).toBe(first);
      clock += 300_000;
      expect((await refusalOf(client.accessToken())).code).toBe(AuthErrorCode.ServiceTokenUnavailable);
    });

    it('says clearly that the secret is missing, without calling the admin', async () => {
      const refusal = await refusalOf(aClient({ clientSecret: undefined }).accessToken());
      expect(refusal.code).toBe(AuthErrorCode.ServiceCredentialsMissing);
      expect(refusal.message).toContain('ARTSTORE_CLIENT_SECRET');
      expect(endpoint.calls).toHaveLength(0);
    });

    it('reports a refusal with its OAuth error code and never the secret', async () => {
      endpoint.status = 401;
      const refusal = await refusalOf(aClient().accessToken());
      expect(refusal.code).toBe(AuthErrorCode.ServiceTokenUnavailable);
      expect(refusal.message).toContain('401 invalid_client');
      expect(refusal.message).not.toContain(CLIENT_SECRET);
    });

    it('gives up on a slow admin after the timeout', async () => {
      endpoint.delayMs = 2_000;
      const started = Date.now();
      const refusal = await refusalOf(aClient({ timeoutMs: 200 }).accessToken());
      expect(refusal.message).toContain('timed out');
      expect(Date.now() - started).toBeLessThan(1_500);
    });

    it('reports an unreachable admin', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const refusal = await refusalOf(aClient({ tokenUrl: `http://127.0.0.1:${port}/token` }).accessToken());
      expect(refusal.message).toContain('ECONNREFUSED');
    });
  });
});
