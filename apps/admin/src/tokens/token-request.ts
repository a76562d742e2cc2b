import { OAuthError } from './oauth.errors';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'json';

export interface TokenRequest {
  clientId: string;
  clientSecret: string;
  method: ClientAuthMethod;
  /** Space-separated permissions the client asks for; undefined means all its role allows. */
  scope: string | undefined;
}

interface RawTokenRequest {
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

const MAX_PARAMETER_LENGTH = 4096;

/**
 * Reads a client-credentials token request (RFC 6749 §4.4): form-encoded with client_secret_basic or
 * client_secret_post, or the original ArtStore's JSON body. Checks shape and grant type only; the
 * credentials are checked by the caller.
 */
export function parseTokenRequest(raw: RawTokenRequest): TokenRequest {
  const mediaType = raw.contentType?.split(';')[0]?.trim().toLowerCase();
  const isJson = mediaType === 'application/json';
  if (mediaType !== 'application/x-www-form-urlencoded' && !isJson) {
    throw new OAuthError('invalid_request', 'Send the request as application/x-www-form-urlencoded.');
  }
  const parameters = readParameters(raw.body);
  const basic = raw.authorization === undefined ? undefined : parseBasicCredentials(raw.authorization);

  const grantType = parameters.get('grant_type') ?? (isJson ? 'client_credentials' : undefined);
  if (grantType === undefined) {
    throw new OAuthError('invalid_request', 'The grant_type parameter is required.', basic !== undefined);
  }
  if (grantType !== 'client_credentials') {
    throw new OAuthError(
      'unsupported_grant_type',
      'Only the client_credentials grant is supported.',
      basic !== undefined,
    );
  }
  const scope = parameters.get('scope');
  const bodyId = parameters.get('client_id');
  const bodySecret = parameters.get('client_secret');

  if (basic) {
    if (bodySecret !== undefined) {
      throw new OAuthError('invalid_request', 'Use one client authentication method, not both.', true);
    }
    if (bodyId !== undefined && bodyId !== basic.clientId) {
      throw new OAuthError('invalid_request', 'client_id differs from the Basic credentials.', true);
    }
    return { ...basic, method: 'client_secret_basic', scope };
  }
  if (bodyId === undefined || bodySecret === undefined) {
    throw new OAuthError(
      'invalid_client',
      'Client authentication is required (client_secret_basic or client_secret_post).',
    );
  }
  return {
    clientId: bodyId,
    clientSecret: bodySecret,
    method: isJson ? 'json' : 'client_secret_post',
    scope,
  };
}

/** Parameters as single strings; a repeated or non-string parameter is refused (RFC 6749 §3.2). */
function readParameters(body: unknown): Map<string, string> {
  const parameters = new Map<string, string>();
  if (body === undefined || body === null) {
    return parameters;
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new OAuthError('invalid_request', 'The request body must be a set of parameters.');
  }
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (Array.isArray(value)) {
      throw new OAuthError('invalid_request', `The ${name} parameter must not be repeated.`);
    }
    if (value === undefined || value === null) {
      continue;
    }
    if (typeof value !== 'string') {
      throw new OAuthError('invalid_request', `The ${name} parameter must be a string.`);
    }
    if (value.length > MAX_PARAMETER_LENGTH) {
      throw new OAuthError('invalid_request', `The ${name} parameter is too long.`);
    }
    // An empty parameter counts as omitted (RFC 6749 §3.1).
    if (value !== '') {
      parameters.set(name, value);
    }
  }
  return parameters;
}

/** RFC 6749 §2.3.1: base64 of form-urlencoded id ":" form-urlencoded secret, split at the first colon. */
function parseBasicCredentials(authorization: string): { clientId: string; clientSecret: string } {
  const match = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(authorization);
  if (!match?.[1]) {
    throw new OAuthError('invalid_client', 'The Authorization header is not valid Basic credentials.', true);
  }
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) {
    throw new OAuthError(
      'invalid_client',
      'The Basic credentials lack the colon between id and secret.',
      true,
    );
  }
  const clientId = formUrlDecode(decoded.slice(0, colon));
  const clientSecret = formUrlDecode(decoded.slice(colon + 1));
  if (clientId === undefined || clientSecret === undefined || clientId === '') {
    throw new OAuthError('invalid_client', 'The Basic credentials are not correctly encoded.', true);
  }
  return { clientId, clientSecret };
}

function formUrlDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
