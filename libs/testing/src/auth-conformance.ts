import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformEnv } from '@artstore/platform';
import { startServiceUnderTest, type RunningTestService, type ServiceUnderTest } from './service-under-test';
import { startTestIssuer, type TestIssuer } from './test-issuer';
import { waitFor } from './wait-for';

const CHALLENGE = 'Bearer realm="artstore"';
const INVALID_TOKEN = /^Bearer realm="artstore", error="invalid_token", error_description="[^"\\]+"$/;
const PROBLEM = /^application\/problem\+json/;

async function get(url: string, authorization?: string): Promise<Response> {
  return fetch(url, { headers: authorization === undefined ? {} : { authorization } });
}

async function expectProblem(response: Response, status: number, code: string): Promise<string> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(PROBLEM);
  expect(JSON.parse(text)).toMatchObject({ status, code });
  return text;
}

/** Tokens a client could send that must each be refused with 401 invalid_token. */
function hostileTokens(mint: TestIssuer['mint'], audience: string): [string, () => string][] {
  const now = () => Math.floor(Date.now() / 1000);
  const others = ['admin', 'storage', 'ingester', 'query'].filter((name) => name !== audience);
  return [
    ['alg none', () => `Bearer ${mint({ header: { alg: 'none' } })}`],
    ['HS256 signed with the public key', () => `Bearer ${mint({ header: { alg: 'HS256' } })}`],
    ['an unknown kid', () => `Bearer ${mint({ key: 'secondary' })}`],
    ['an expired token', () => `Bearer ${mint({ claims: { exp: now() - 120 } })}`],
    ['a token valid only in the future', () => `Bearer ${mint({ claims: { nbf: now() + 120 } })}`],
    ['another issuer', () => `Bearer ${mint({ claims: { iss: 'http://evil.example' } })}`],
    ['another audience', () => `Bearer ${mint({ claims: { aud: others } })}`],
    ['another typ', () => `Bearer ${mint({ header: { typ: 'JWT' } })}`],
    [
      'a tampered payload',
      () => {
        const [header, , signature] = mint({ role: 'readonly' }).split('.');
        const forged = mint({ role: 'admin' }).split('.')[1];
        return `Bearer ${header}.${forged}.${signature}`;
      },
    ],
    ['garbage', () => 'Bearer not-a-jwt-at-all'],
    ['another scheme', () => `Basic ${Buffer.from('user:secret').toString('base64')}`],
    ['a 16 KiB Authorization header', () => `Bearer ${'a'.repeat(16 * 1024)}`],
  ];
}

/**
 * How every service that verifies the admin's tokens treats callers, over real HTTP against the
 * probe routes: valid tokens pass, every forged, stale or foreign one gets 401 (never 500), missing
 * permissions 403, and without keys it fails closed (503) until the JWKS can be loaded.
 */
export function describeAuthConformance<Config extends PlatformEnv>(target: ServiceUnderTest<Config>): void {
  const audience =
    target.definition.serviceName === 'storage-element' ? 'storage' : target.definition.serviceName;

  describe(`${target.app} access tokens`, () => {
    let issuer: TestIssuer;
    let service: RunningTestService;

    beforeAll(async () => {
      issuer = await startTestIssuer();
      service = await startServiceUnderTest(
        { ...target, usesRemoteJwks: true },
        { issuer, env: { AUTH_JWKS_CACHE_MAX_AGE_MS: '1000' } },
      );
    });

    afterAll(async () => {
      await service?.close();
      await issuer?.stop();
    });

    it('serves a guarded route to a token with the permission', async () => {
      const response = await get(
        `${service.url}/__probe/read`,
        `Bearer ${issuer.mint({ role: 'readonly' })}`,
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true });
    });

    it('is ready with its key set loaded', async () => {
      const response = await get(`${service.url}/health/ready`);
      const body = (await response.json()) as { details: Record<string, { status: string }> };
      expect(response.status).toBe(200);
      expect(body.details['jwks']?.status).toBe('up');
    });

    it('asks for a token with a bare Bearer challenge', async () => {
      const response = await get(`${service.url}/__probe/read`);
      expect(response.headers.get('www-authenticate')).toBe(CHALLENGE);
      await expectProblem(response, 401, 'missing_token');
    });

    it.each(hostileTokens((options) => issuer.mint(options), audience))(
      'refuses %s with 401 invalid_token',
      async (_name, authorization) => {
        const header = authorization();
        const response = await get(`${service.url}/__probe/read`, header);
        expect(response.headers.get('www-authenticate')).toMatch(INVALID_TOKEN);
        const body = await expectProblem(response, 401, 'invalid_token');
        const token = header.slice(header.indexOf(' ') + 1);
        expect(body).not.toContain(token.slice(0, 40));
      },
    );

    it('refuses a token without every permission with 403 insufficient_scope', async () => {
      const response = await get(
        `${service.url}/__probe/write`,
        `Bearer ${issuer.mint({ role: 'readonly' })}`,
      );
      expect(response.headers.get('www-authenticate')).toBe(
        `${CHALLENGE}, error="insufficient_scope", scope="files:read files:write"`,
      );
      await expectProblem(response, 403, 'insufficient_scope');
    });

    it('refuses a route that declares no access rule, whatever the token', async () => {
      const response = await get(
        `${service.url}/__probe/undeclared`,
        `Bearer ${issuer.mint({ role: 'admin' })}`,
      );
      await expectProblem(response, 403, 'route_access_undeclared');
    });

    it('verifies a key published after start, refetching for its kid', async () => {
      issuer.publishSecondaryKey();
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const response = await get(
        `${service.url}/__probe/read`,
        `Bearer ${issuer.mint({ key: 'secondary' })}`,
      );
      expect(response.status).toBe(200);
    });

    // Last: it takes the issuer away.
    it('keeps verifying with the last good key set when the JWKS endpoint goes away', async () => {
      await issuer.stop();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const response = await get(`${service.url}/__probe/read`, `Bearer ${issuer.mint()}`);
        expect(response.status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 600));
      }
      expect(service.logLines.some((line) => line.includes('cannot load the JWKS'))).toBe(true);
      expect((await get(`${service.url}/health/ready`)).status).toBe(200);
    });
  });

  describe(`${target.app} started while the JWKS is unreachable`, () => {
    let issuer: TestIssuer;
    let service: RunningTestService;

    beforeAll(async () => {
      issuer = await startTestIssuer();
      await issuer.stop();
      service = await startServiceUnderTest({ ...target, usesRemoteJwks: true }, { issuer });
    });

    afterAll(async () => {
      await service?.close();
      await issuer?.stop();
    });

    it('is not ready and fails closed with 503, then recovers when the issuer appears', async () => {
      const ready = await get(`${service.url}/health/ready`);
      const body = (await ready.json()) as { error: Record<string, { status: string }> };
      expect(ready.status).toBe(503);
      expect(body.error['jwks']?.status).toBe('down');

      const guarded = await get(`${service.url}/__probe/read`, `Bearer ${issuer.mint()}`);
      expect(guarded.headers.get('retry-after')).toMatch(/^\d+$/);
      await expectProblem(guarded, 503, 'verification_keys_unavailable');
      expect((await get(`${service.url}/health/live`)).status).toBe(200);

      await issuer.resume();
      await waitFor(async () => (await get(`${service.url}/health/ready`)).status === 200, 15_000);
      expect((await get(`${service.url}/__probe/read`, `Bearer ${issuer.mint()}`)).status).toBe(200);
    });
  });
}
