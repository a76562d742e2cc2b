/** Log paths whose values never reach a log line: credentials in headers, bodies and errors. */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'secret',
  'client_secret',
  'clientSecret',
  'token',
  'access_token',
  'accessToken',
  'refresh_token',
  'private_key',
  'privateKey',
  'x-api-key',
];

export const REDACTED = '[REDACTED]';

export const redactPaths: string[] = [
  ...SECRET_KEYS.map((key) => `["${key}"]`),
  ...SECRET_KEYS.map((key) => `*["${key}"]`),
  ...SECRET_KEYS.map((key) => `*.*["${key}"]`),
  ...SECRET_KEYS.map((key) => `*.*.*["${key}"]`),
];

const SECRET_QUERY_PARAMS = /^(access_token|token|client_secret|secret|password|api_key)$/i;

/** Replaces credential-bearing query parameters in a URL path (`?access_token=...`). */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) {
    return url;
  }
  const params = new URLSearchParams(url.slice(queryStart + 1));
  for (const key of [...params.keys()]) {
    if (SECRET_QUERY_PARAMS.test(key)) {
      params.set(key, REDACTED);
    }
  }
  return `${url.slice(0, queryStart)}?${params.toString()}`;
}
