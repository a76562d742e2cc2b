import type { Role, ServiceAccountWithSecret, TokenResponse } from '@artstore/contracts';

/** Small fetch helpers for the admin's identity endpoints, the way a script would call them. */
export class IdentityClient {
  constructor(private readonly baseUrl: string) {}

  async tokenPost(
    clientId: string,
    clientSecret: string,
    extra: Record<string, string> = {},
  ): Promise<Response> {
    return fetch(`${this.baseUrl}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        ...extra,
      }),
    });
  }

  async token(clientId: string, clientSecret: string, scope?: string): Promise<string> {
    const response = await this.tokenPost(clientId, clientSecret, scope ? { scope } : {});
    if (response.status !== 200) {
      throw new Error(`token refused: ${response.status} ${await response.text()}`);
    }
    return ((await response.json()) as TokenResponse).access_token;
  }

  async call(method: string, path: string, token: string, body?: unknown): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  async createAccount(
    adminToken: string,
    role: Role,
    extra: Record<string, unknown> = {},
  ): Promise<ServiceAccountWithSecret> {
    const response = await this.call('POST', '/api/v1/service-accounts', adminToken, {
      name: `${role} account`,
      role,
      ...extra,
    });
    if (response.status !== 201) {
      throw new Error(`account not created: ${response.status} ${await response.text()}`);
    }
    return (await response.json()) as ServiceAccountWithSecret;
  }
}
