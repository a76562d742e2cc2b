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

// `password=...`, `token: ...` and credentials inside URLs, as drivers put them in error messages.
const SECRET_ASSIGNMENT =
  /\b(password|passwd|secret|client_secret|token|access_token|api_key)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&"']+)/gi;
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]+:)[^@\s/]+@/gi;

/** Masks secrets that libraries embed in free text (error messages, stacks). */
export function scrubSecrets(text: string): string {
  return text.replace(SECRET_ASSIGNMENT, `$1$2${REDACTED}`).replace(URL_CREDENTIALS, `$1${REDACTED}@`);
}
