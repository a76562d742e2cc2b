// Development bootstrap admin credentials: taken from the environment, else generated once and kept
// in the data directory (mode 0600) so they stay the same across restarts. Never a fixed secret.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function bootstrapCredentials(dataDir, env = process.env) {
  if (env.ARTSTORE_BOOTSTRAP_CLIENT_ID && env.ARTSTORE_BOOTSTRAP_CLIENT_SECRET) {
    return { clientId: env.ARTSTORE_BOOTSTRAP_CLIENT_ID, clientSecret: env.ARTSTORE_BOOTSTRAP_CLIENT_SECRET };
  }
  const file = path.join(dataDir, 'bootstrap-admin.json');
  if (existsSync(file)) {
    return JSON.parse(readFileSync(file, 'utf8'));
  }
  const credentials = { clientId: 'artstore-admin', clientSecret: randomBytes(32).toString('base64url') };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}
