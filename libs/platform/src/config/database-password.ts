/**
 * Puts DATABASE_PASSWORD (URL-encoded) into DATABASE_URL, so the password can come from a secret
 * file while the URL stays plain wiring. This runs here, on the parsed config, and not in the shared
 * schema: apps spread `platformEnvShape` into their own `z.object()` (a transform on the shape would
 * not come along) and some derive DATABASE_URL in their own transform (storage-element), so only the
 * parsed config is the same place for all of them. Problems never quote the password.
 */
export function withDatabasePassword<Config>(config: Config, problems: string[]): Config {
  if (typeof config !== 'object' || config === null) {
    return config;
  }
  const { DATABASE_URL: url, DATABASE_PASSWORD: password } = config as Record<string, unknown>;
  if (typeof url !== 'string' || typeof password !== 'string') {
    return config;
  }
  let merged: URL;
  try {
    merged = new URL(url);
  } catch {
    problems.push('DATABASE_URL: must be a URL to carry DATABASE_PASSWORD');
    return config;
  }
  merged.password = encodeURIComponent(password);
  // The URL standard ignores a password on a URL without a host (e.g. a Unix socket in the query).
  if (merged.password === '') {
    problems.push('DATABASE_PASSWORD: DATABASE_URL has no host to carry it');
    return config;
  }
  return { ...config, DATABASE_URL: merged.toString() };
}
