import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdmin, type AdminUnderTest } from './admin-under-test';
import { IdentityClient } from './identity-clients';

let admin: AdminUnderTest;
let client: IdentityClient;

beforeAll(async () => {
  admin = await startAdmin({ TOKEN_RATE_LIMIT_PER_MINUTE: '4', TOKEN_RATE_LIMIT_BURST: '4' });
  client = new IdentityClient(admin.url);
});

afterAll(async () => {
  await admin?.close();
});

describe('rate limits', () => {
  it('answers a client over its own limit with 429 while another client is unaffected', async () => {
    const adminToken = await client.token(admin.bootstrap.clientId, admin.bootstrap.clientSecret);
    const limited = await client.createAccount(adminToken, 'auditor', { rate_limit_per_minute: 4 });
    const other = await client.createAccount(adminToken, 'auditor');
    const limitedToken = await client.token(limited.client_id, limited.client_secret);
    const otherToken = await client.token(other.client_id, other.client_secret);

    const statuses: number[] = [];
    let refusal: Response | undefined;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const response = await client.call('GET', '/api/v1/audit-events?limit=1', limitedToken);
      statuses.push(response.status);
      if (response.status === 429) {
        refusal ??= response;
      }
      await response.arrayBuffer();
    }
    expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(refusal?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refusal?.headers.get('ratelimit')).toMatch(/remaining=0/);
    expect(refusal?.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect((await client.call('GET', '/api/v1/audit-events?limit=1', otherToken)).status).toBe(200);
    }
  });

  it('limits the token endpoint per IP and client id', async () => {
    const account = await client.createAccount(
      await client.token(admin.bootstrap.clientId, admin.bootstrap.clientSecret),
      'readonly',
    );
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const response = await client.tokenPost(account.client_id, account.client_secret);
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(4);
    // Another client id from the same address still gets in.
    expect((await client.tokenPost('someone-else', 'wrong')).status).toBe(401);
  });
});
