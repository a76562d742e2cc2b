import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import * as openid from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthErrorResponse, ServiceAccount, TokenResponse } from '@artstore/contracts';
import { startAdmin, type AdminUnderTest } from './admin-under-test';
import { IdentityClient } from './identity-clients';

let admin: AdminUnderTest;
let client: IdentityClient;
let adminToken: string;
const secretsSeen: string[] = [];

beforeAll(async () => {
  admin = await startAdmin({ SECRET_ROTATION_GRACE_S: '2' });
  client = new IdentityClient(admin.url);
  adminToken = await client.token(admin.bootstrap.clientId, admin.bootstrap.clientSecret);
  secretsSeen.push(admin.bootstrap.clientSecret, adminToken);
});

afterAll(async () => {
  await admin?.close();
});

function basicHeader(id: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}

async function oauthError(response: Response): Promise<OAuthErrorResponse> {
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as OAuthErrorResponse;
}

describe('discovery', () => {
  it('serves the same metadata at both well-known paths, with the configured issuer', async () => {
    const [openidConfiguration, authorizationServer] = await Promise.all(
      ['openid-configuration', 'oauth-authorization-server'].map(async (name) => {
        const response = await fetch(`${admin.url}/.well-known/${name}`);
        expect(response.status).toBe(200);
        return (await response.json()) as Record<string, unknown>;
      }),
    );
    expect(openidConfiguration).toEqual(authorizationServer);
    expect(openidConfiguration).toMatchObject({
      issuer: admin.url,
      token_endpoint: `${admin.url}/api/v1/auth/token`,
      jwks_uri: `${admin.url}/.well-known/jwks.json`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    });
    for (const field of [
      'scopes_supported',
      'response_types_supported',
      'id_token_signing_alg_values_supported',
      'subject_types_supported',
    ]) {
      expect(openidConfiguration[field]).toBeInstanceOf(Array);
    }
  });

  it('publishes public key members only', async () => {
    const jwks = (await (await fetch(`${admin.url}/.well-known/jwks.json`)).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    }
  });
});

describe('token endpoint with real OAuth clients', () => {
  it('openid-client obtains a token with client_secret_post and with client_secret_basic', async () => {
    const { clientId, clientSecret } = admin.bootstrap;
    const post = await openid.discovery(
      new URL(admin.url),
      clientId,
      clientSecret,
      openid.ClientSecretPost(clientSecret),
      {
        execute: [openid.allowInsecureRequests],
      },
    );
    const postTokens = await openid.clientCredentialsGrant(post, { scope: 'files:read' });
    expect(postTokens.token_type.toLowerCase()).toBe('bearer');
    expect(postTokens.scope).toBe('files:read');

    const basic = await openid.discovery(
      new URL(admin.url),
      clientId,
      undefined,
      openid.ClientSecretBasic(clientSecret),
      {
        execute: [openid.allowInsecureRequests],
      },
    );
    const basicTokens = await openid.clientCredentialsGrant(basic);
    expect(basicTokens.expires_in).toBe(1800);
    secretsSeen.push(postTokens.access_token, basicTokens.access_token);
  });

  it('oauth4webapi obtains a token with ClientSecretBasic that jose verifies against the JWKS', async () => {
    const issuer = new URL(admin.url);
    const as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', [oauth.allowInsecureRequests]: true }),
    );
    const oauthClient: oauth.Client = { client_id: admin.bootstrap.clientId };
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      oauthClient,
      oauth.ClientSecretBasic(admin.bootstrap.clientSecret),
      new URLSearchParams(),
      { [oauth.allowInsecureRequests]: true },
    );
    const tokens = await oauth.processClientCredentialsResponse(as, oauthClient, response);
    secretsSeen.push(tokens.access_token);

    const jwks = createRemoteJWKSet(new URL(`${admin.url}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
      issuer: admin.url,
      audience: 'query',
      typ: 'at+jwt',
      algorithms: ['RS256'],
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(typeof protectedHeader.kid).toBe('string');
    expect(Object.keys(payload).sort()).toEqual(
      ['aud', 'client_id', 'exp', 'iat', 'iss', 'jti', 'nbf', 'permissions', 'role', 'scope', 'sub'].sort(),
    );
    expect(payload).toMatchObject({
      client_id: admin.bootstrap.clientId,
      role: 'admin',
      aud: ['admin', 'storage', 'ingester', 'query'],
    });
    expect(payload.scope).toBe((payload.permissions as string[]).join(' '));
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(1800);
  });

  it('accepts the original JSON body', async () => {
    const response = await fetch(`${admin.url}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: admin.bootstrap.clientId,
        client_secret: admin.bootstrap.clientSecret,
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const token = (await response.json()) as TokenResponse;
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 1800 });
    expect(decodeProtectedHeader(token.access_token).typ).toBe('at+jwt');
  });
});

describe('token refusals', () => {
  const url = () => `${admin.url}/api/v1/auth/token`;
  const form = 'application/x-www-form-urlencoded';

  it('wrong secret: 401 invalid_client, with a Basic challenge only when Basic was used', async () => {
    const basic = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': form, authorization: basicHeader(admin.bootstrap.clientId, 'wrong') },
      body: 'grant_type=client_credentials',
    });
    expect(basic.status).toBe(401);
    expect(basic.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect((await oauthError(basic)).error).toBe('invalid_client');

    const post = await client.tokenPost(admin.bootstrap.clientId, 'wrong');
    expect(post.status).toBe(401);
    expect(post.headers.get('www-authenticate')).toBeNull();
    expect((await oauthError(post)).error).toBe('invalid_client');
  });

  it('unknown client and disabled account: 401 invalid_client', async () => {
    expect((await oauthError(await client.tokenPost('nobody-here', 'whatever'))).error).toBe(
      'invalid_client',
    );

    const account = await client.createAccount(adminToken, 'user');
    secretsSeen.push(account.client_secret);
    const disable = await client.call('PATCH', `/api/v1/service-accounts/${account.id}`, adminToken, {
      status: 'disabled',
    });
    expect(disable.status).toBe(200);
    const refused = await client.tokenPost(account.client_id, account.client_secret);
    expect(refused.status).toBe(401);
    expect((await oauthError(refused)).error).toBe('invalid_client');
  });

  it('missing grant_type, another grant, both methods at once, a scope beyond the role', async () => {
    const { clientId, clientSecret } = admin.bootstrap;
    const missing = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': form },
      body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret }),
    });
    expect(missing.status).toBe(400);
    expect((await oauthError(missing)).error).toBe('invalid_request');

    const password = await client.tokenPost(clientId, clientSecret, { grant_type: 'password' });
    expect(password.status).toBe(400);
    expect((await oauthError(password)).error).toBe('unsupported_grant_type');

    const both = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': form, authorization: basicHeader(clientId, clientSecret) },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      }),
    });
    expect(both.status).toBe(400);
    expect((await oauthError(both)).error).toBe('invalid_request');

    const user = await client.createAccount(adminToken, 'user');
    secretsSeen.push(user.client_secret);
    const scope = await client.tokenPost(user.client_id, user.client_secret, {
      scope: 'files:read accounts:write',
    });
    expect(scope.status).toBe(400);
    expect((await oauthError(scope)).error).toBe('invalid_scope');
  });
});

describe('service accounts', () => {
  it('shows a generated secret once, lists, reads, updates and deletes', async () => {
    const created = await client.createAccount(adminToken, 'readonly', {
      description: 'reporting',
      rate_limit_per_minute: 500,
    });
    secretsSeen.push(created.client_secret);
    expect(Buffer.from(created.client_secret, 'base64url').length).toBeGreaterThanOrEqual(32);

    const read = (await (
      await client.call('GET', `/api/v1/service-accounts/${created.id}`, adminToken)
    ).json()) as ServiceAccount;
    expect(read).toMatchObject({
      client_id: created.client_id,
      role: 'readonly',
      status: 'active',
      rate_limit_per_minute: 500,
    });
    expect(JSON.stringify(read)).not.toContain(created.client_secret);

    const listed = new Set<string>();
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = (await (
        await client.call('GET', `/api/v1/service-accounts?limit=1${query}`, adminToken)
      ).json()) as {
        items: ServiceAccount[];
        next_cursor: string | null;
      };
      for (const item of page.items) {
        expect(listed.has(item.id)).toBe(false);
        listed.add(item.id);
      }
      cursor = page.next_cursor;
    } while (cursor);
    expect(listed.has(created.id)).toBe(true);

    const updated = await client.call('PATCH', `/api/v1/service-accounts/${created.id}`, adminToken, {
      role: 'auditor',
    });
    expect(((await updated.json()) as ServiceAccount).role).toBe('auditor');

    expect((await client.call('DELETE', `/api/v1/service-accounts/${created.id}`, adminToken)).status).toBe(
      204,
    );
    expect((await client.call('GET', `/api/v1/service-accounts/${created.id}`, adminToken)).status).toBe(404);
    expect((await client.tokenPost(created.client_id, created.client_secret)).status).toBe(401);
  });

  it('answers bad input with 400 problem+json and unknown ids with 404', async () => {
    const bad = await client.call('POST', '/api/v1/service-accounts', adminToken, {
      name: '',
      role: 'root',
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await client.call('GET', '/api/v1/service-accounts/not-a-uuid', adminToken)).status).toBe(404);
    expect((await client.call('GET', '/api/v1/service-accounts?cursor=%%%', adminToken)).status).toBe(400);
    expect((await client.call('GET', '/api/v1/service-accounts?limit=5000', adminToken)).status).toBe(400);
  });

  it('keeps the previous secret valid for the grace period after rotation', async () => {
    const account = await client.createAccount(adminToken, 'user');
    const rotated = await client.call(
      'POST',
      `/api/v1/service-accounts/${account.id}/rotate-secret`,
      adminToken,
    );
    expect(rotated.status).toBe(200);
    const { client_secret: newSecret } = (await rotated.json()) as { client_secret: string };
    secretsSeen.push(account.client_secret, newSecret);
    expect((await client.tokenPost(account.client_id, account.client_secret)).status).toBe(200);
    expect((await client.tokenPost(account.client_id, newSecret)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    expect((await client.tokenPost(account.client_id, account.client_secret)).status).toBe(401);
    expect((await client.tokenPost(account.client_id, newSecret)).status).toBe(200);
  });

  it('refuses to disable or delete the last active admin', async () => {
    const accounts = (await (
      await client.call('GET', '/api/v1/service-accounts?role=admin', adminToken)
    ).json()) as {
      items: ServiceAccount[];
    };
    const bootstrap = accounts.items.find((account) => account.client_id === admin.bootstrap.clientId);
    expect(bootstrap).toBeDefined();
    const disable = await client.call('PATCH', `/api/v1/service-accounts/${bootstrap?.id}`, adminToken, {
      status: 'disabled',
    });
    expect(disable.status).toBe(409);
    expect(
      (await client.call('DELETE', `/api/v1/service-accounts/${bootstrap?.id}`, adminToken)).status,
    ).toBe(409);
  });
});

describe('permissions', () => {
  it('a user cannot manage accounts; a readonly token cannot either; an auditor reads the audit log', async () => {
    const user = await client.createAccount(adminToken, 'user');
    const auditor = await client.createAccount(adminToken, 'auditor');
    const userToken = await client.token(user.client_id, user.client_secret);
    const auditorToken = await client.token(auditor.client_id, auditor.client_secret);
    secretsSeen.push(user.client_secret, auditor.client_secret, userToken, auditorToken);

    const forbidden = await client.call('GET', '/api/v1/service-accounts', userToken);
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(
      (await client.call('POST', '/api/v1/service-accounts', userToken, { name: 'x', role: 'admin' })).status,
    ).toBe(403);

    expect((await client.call('GET', '/api/v1/audit-events', auditorToken)).status).toBe(200);
    expect((await client.call('GET', '/api/v1/audit-events', userToken)).status).toBe(403);
    expect((await client.call('GET', '/api/v1/audit-events/verify', auditorToken)).status).toBe(200);
  });

  it('a narrowed scope limits the token', async () => {
    const narrow = await client.token(admin.bootstrap.clientId, admin.bootstrap.clientSecret, 'files:read');
    secretsSeen.push(narrow);
    expect((await client.call('GET', '/api/v1/service-accounts', narrow)).status).toBe(403);
  });

  it('refuses a request without a token with a Bearer challenge', async () => {
    const response = await fetch(`${admin.url}/api/v1/service-accounts`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });
});

describe('audit of identity events', () => {
  it('records token issuance and refusals and account changes in an intact chain', async () => {
    const page = (await (await client.call('GET', '/api/v1/audit-events?limit=1000', adminToken)).json()) as {
      items: { action: string; details: Record<string, unknown> }[];
    };
    const actions = new Set(page.items.map((event) => event.action));
    for (const action of [
      'token.issued',
      'token.refused',
      'account.created',
      'account.updated',
      'account.disabled',
      'account.deleted',
      'account.secret_rotated',
      'key.rotated',
    ]) {
      expect(actions).toContain(action);
    }
    const verification = (await (
      await client.call('GET', '/api/v1/audit-events/verify', adminToken)
    ).json()) as { ok: boolean };
    expect(verification.ok).toBe(true);
  });
});

describe('logs', () => {
  it('contain no secret and no access token', () => {
    const log = admin.logLines.join('\n');
    expect(admin.logLines.length).toBeGreaterThan(0);
    for (const secret of secretsSeen) {
      expect(log).not.toContain(secret);
    }
  });
});
