// A stand-in for the admin's identity side (plain JS twin of libs/testing's startTestIssuer): one RS256
// key pair, its JWKS served over HTTP, and access tokens minted for any role.
import { Buffer } from 'node:buffer';
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import http from 'node:http';

const PERMISSIONS = {
  admin: [
    'files:read',
    'files:write',
    'files:delete',
    'files:register',
    'storage:read',
    'storage:write',
    'storage:register',
    'accounts:read',
    'accounts:write',
    'keys:read',
    'keys:write',
    'audit:read',
  ],
  'service:ingester': ['files:read', 'files:write', 'files:delete', 'files:register', 'storage:read'],
};
const AUDIENCES = ['admin', 'storage', 'ingester', 'query'];

const segment = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Starts the JWKS endpoint; `mint` signs a token the services accept once their issuer is `issuer`. */
export async function startTokenIssuer() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `bench-${randomUUID().slice(0, 8)}`;
  const jwks = JSON.stringify({
    keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }],
  });
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/.well-known/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;

  const mint = (role = 'admin', lifetimeSeconds = 3600) => {
    const now = Math.floor(Date.now() / 1000);
    const permissions = PERMISSIONS[role];
    const claims = {
      iss: issuer,
      sub: `bench-${role}`,
      client_id: `bench-${role}`,
      role,
      permissions,
      scope: permissions.join(' '),
      aud: AUDIENCES,
      iat: now,
      nbf: now,
      exp: now + lifetimeSeconds,
      jti: randomUUID(),
    };
    const input = `${segment({ alg: 'RS256', kid, typ: 'at+jwt' })}.${segment(claims)}`;
    return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  };

  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { issuer, jwksUrl: `${issuer}/.well-known/jwks.json`, mint, close };
}
