import type { ServiceAudience } from './services';

/** Every permission a token can carry; routes require them and `scope` narrows a token to some. */
export const PERMISSIONS = [
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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The roles people assign to client accounts (SPEC section 3). */
export const CLIENT_ROLES = ['admin', 'user', 'auditor', 'readonly'] as const;
/** Internal roles the services use to call each other. */
export const SERVICE_ROLES = ['service:ingester', 'service:query', 'service:storage'] as const;
export const ROLES = [...CLIENT_ROLES, ...SERVICE_ROLES] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  user: ['files:read', 'files:write', 'files:delete'],
  auditor: ['audit:read', 'files:read', 'storage:read'],
  readonly: ['files:read', 'storage:read'],
  'service:ingester': ['files:read', 'files:write', 'files:delete', 'files:register', 'storage:read'],
  'service:query': ['files:read', 'storage:read'],
  'service:storage': ['storage:read', 'storage:register'],
};

/** Client ids of the internal accounts the admin seeds for the other services. */
export const SERVICE_CLIENT_IDS = {
  ingester: 'artstore-ingester',
  query: 'artstore-query',
  storage: 'artstore-storage',
} as const;

/** Header of every access token (RFC 9068). */
export const ACCESS_TOKEN_TYPE = 'at+jwt';
export const ACCESS_TOKEN_ALGORITHM = 'RS256';

/** Claims of an access token: the seed's plus RFC 9068's. */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  client_id: string;
  role: Role;
  permissions: Permission[];
  /** The same permissions, space-separated. */
  scope: string;
  aud: ServiceAudience[];
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
}

/** The caller of a guarded request, taken from its verified token. */
export interface Principal {
  accountId: string;
  clientId: string;
  role: Role;
  permissions: readonly Permission[];
  tokenId: string;
}

/** RFC 6749 §5.1. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

export const OAUTH_ERROR_CODES = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
] as const;
export type OAuthErrorCode = (typeof OAUTH_ERROR_CODES)[number];

/** RFC 6749 §5.2. */
export interface OAuthErrorResponse {
  error: OAuthErrorCode;
  error_description: string;
}

export type ServiceAccountStatus = 'active' | 'disabled';

export interface ServiceAccount {
  id: string;
  client_id: string;
  name: string;
  description: string | null;
  role: Role;
  status: ServiceAccountStatus;
  /** Requests per minute for this client; null means the service default. */
  rate_limit_per_minute: number | null;
  created_at: string;
  updated_at: string;
  secret_rotated_at: string;
}

export interface CreateServiceAccountRequest {
  name: string;
  role: Role;
  client_id?: string;
  description?: string | null;
  rate_limit_per_minute?: number | null;
}

export type UpdateServiceAccountRequest = Partial<
  Pick<ServiceAccount, 'name' | 'description' | 'role' | 'status' | 'rate_limit_per_minute'>
>;

/** Returned once, at creation: the only time the secret is shown. */
export interface ServiceAccountWithSecret extends ServiceAccount {
  client_secret: string;
}

export interface RotatedSecret {
  client_id: string;
  client_secret: string;
  /** Until then the previous secret still works. */
  previous_secret_valid_until: string;
}

export type SigningKeyStatus = 'next' | 'active' | 'retired';

export interface SigningKeyView {
  kid: string;
  alg: typeof ACCESS_TOKEN_ALGORITHM;
  status: SigningKeyStatus;
  created_at: string;
  /** From then on it signs (it is published in the JWKS before). */
  activates_at: string;
  /** When a newer key took over signing; null while it is the newest. */
  retired_at: string | null;
  /** When it leaves the JWKS; null while it still signs. */
  unpublish_at: string | null;
}

export type AuditResult = 'success' | 'failure';

export interface AuditEvent {
  id: string;
  at: string;
  actor: string;
  action: string;
  resource: string;
  result: AuditResult;
  details: Record<string, unknown>;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  events_checked: number;
  first_broken_id: string | null;
}
