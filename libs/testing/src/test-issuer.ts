import { createHmac, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROLE_PERMISSIONS, SERVICE_AUDIENCES, type Role } from '@artstore/contracts';

type KeyName = 'primary' | 'secondary';

export interface MintOptions {
  /** Sets `role` and the permissions of that role (default `user`). */
  role?: Role;
  /** Claims to replace; `undefined` removes one. */
  claims?: Record<string, unknown>;
  /**
   * Header fields to replace; `undefined` removes one. `alg` also picks the signature: `RS256`
   * (the key), `HS256` (HMAC with the public key PEM as the secret), anything else none at all.
   */
  header?: Record<string, unknown>;
  /** Which key pair signs (default primary); the secondary is not in the JWKS unless published. */
  key?: KeyName;
}

export interface TestIssuer {
  /** The `iss` of its tokens, also its base URL. */
  issuer: string;
  jwksUrl: string;
  /** How many times the JWKS was fetched. */
  readonly jwksRequests: number;
  mint(options?: MintOptions): string;
  /** Adds the secondary key to the JWKS, as a rotation publishes the next key. */
  publishSecondaryKey(): void;
  /** Stops serving the JWKS (connections refused) until `resume()`. */
  stop(): Promise<void>;
  resume(): Promise<void>;
}

interface KeyPair {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function aKeyPair(name: KeyName): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: `test-${name}-${randomUUID().slice(0, 8)}`, privateKey, publicKey };
}

function segment(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined));
}

/**
 * A stand-in for the admin's identity side: RS256 key pairs, a JWKS served over real HTTP, and
 * tokens minted with any claims, header, key or algorithm, so tests can forge hostile ones.
 */
export async function startTestIssuer(): Promise<TestIssuer> {
  const keys: Record<KeyName, KeyPair> = { primary: aKeyPair('primary'), secondary: aKeyPair('secondary') };
  const published = new Set<KeyName>(['primary']);
  let jwksRequests = 0;
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/.well-known/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    jwksRequests += 1;
    const jwks = [...published].map((name) => ({
      ...keys[name].publicKey.export({ format: 'jwk' }),
      kid: keys[name].kid,
      alg: 'RS256',
      use: 'sig',
    }));
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: jwks }));
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const mint = (options: MintOptions = {}): string => {
    const key = keys[options.key ?? 'primary'];
    const role = options.role ?? 'user';
    const now = Math.floor(Date.now() / 1000);
    const header = withoutUndefined({ alg: 'RS256', kid: key.kid, typ: 'at+jwt', ...options.header });
    const claims = withoutUndefined({
      iss: issuer,
      sub: `account-${role}`,
      client_id: `client-${role}`,
      role,
      permissions: ROLE_PERMISSIONS[role],
      scope: ROLE_PERMISSIONS[role].join(' '),
      aud: [...SERVICE_AUDIENCES],
      iat: now,
      nbf: now,
      exp: now + 1800,
      jti: randomUUID(),
      ...options.claims,
    });
    const input = `${segment(header)}.${segment(claims)}`;
    if (header['alg'] === 'RS256') {
      return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
    }
    if (header['alg'] === 'HS256') {
      const secret = key.publicKey.export({ type: 'spki', format: 'pem' });
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    }
    return `${input}.`;
  };

  return {
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    get jwksRequests() {
      return jwksRequests;
    },
    mint,
    publishSecondaryKey: () => {
      published.add('secondary');
    },
    stop: async () => {
      if (!server.listening) {
        return;
      }
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
    resume: () => (server.listening ? Promise.resolve() : listen(port)),
  };
}
