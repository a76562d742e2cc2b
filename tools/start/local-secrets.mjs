// The admin's key-encryption key and the internal accounts' client secrets for `npm start`: taken
// from the environment, else generated once into `<data dir>/secrets.json` (mode 0600) and reused.
// An existing value is never regenerated: a new key-encryption key would make every signing key and
// generated secret in the admin database unreadable.
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const KEY = { isValid: isKey, rule: '32 bytes, base64-encoded' };
const SECRET = { isValid: isSecret, rule: 'at least 32 characters' };
/** Each admin variable, its field in secrets.json, and what its value must be. */
const SECRETS = [
  { variable: 'ARTSTORE_KEY_ENCRYPTION_KEY', field: 'keyEncryptionKey', ...KEY },
  { variable: 'ARTSTORE_INGESTER_CLIENT_SECRET', field: 'ingesterClientSecret', ...SECRET },
  { variable: 'ARTSTORE_QUERY_CLIENT_SECRET', field: 'queryClientSecret', ...SECRET },
  { variable: 'ARTSTORE_STORAGE_CLIENT_SECRET', field: 'storageClientSecret', ...SECRET },
];

/** The admin variable holding the secret of each internal account (topology's `account`). */
const ACCOUNT_SECRET_VARIABLES = {
  ingester: 'ARTSTORE_INGESTER_CLIENT_SECRET',
  query: 'ARTSTORE_QUERY_CLIENT_SECRET',
  storage: 'ARTSTORE_STORAGE_CLIENT_SECRET',
};

function isKey(value) {
  return Buffer.from(value, 'base64').length === 32;
}

function isSecret(value) {
  return value.length >= 32;
}

// A broken file is never replaced by a fresh one: that would lose the key the admin database needs.
function readSecretsFile(file) {
  let stored;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `cannot read ${file} (${error instanceof Error ? error.message : String(error)}); fix or restore it`,
    );
  }
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
    throw new Error(`${file} is not a JSON object; fix or restore it`);
  }
  return stored;
}

/**
 * `{ ARTSTORE_KEY_ENCRYPTION_KEY, ARTSTORE_<ACCOUNT>_CLIENT_SECRET… }`, the admin's view of them.
 * @param {string} dataDir
 * @param {Record<string, string | undefined>} [env]
 * @returns {Record<string, string>}
 */
export function localSecrets(dataDir, env = process.env) {
  const file = path.join(dataDir, 'secrets.json');
  const stored = existsSync(file) ? readSecretsFile(file) : {};
  const values = {};
  let missing = false;
  for (const { variable, field, isValid, rule } of SECRETS) {
    const [value, source] = env[variable] ? [env[variable], variable] : [stored[field], `${file} ${field}`];
    if (value === undefined) {
      stored[field] = randomBytes(32).toString('base64url');
      values[variable] = stored[field];
      missing = true;
    } else if (typeof value !== 'string' || !isValid(value)) {
      throw new Error(`${source} must be ${rule}`);
    } else {
      values[variable] = value;
    }
  }
  if (missing) {
    // Whole or not at all, so an interrupted first start cannot leave a half-written key behind.
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(`${file}.tmp`, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }
  return values;
}

/**
 * What a service needs on top of its topology env to take part in identity.
 * @param {{ app: string, account?: string }} service
 * @param {{ clientId: string, clientSecret: string }} credentials
 * @param {Record<string, string>} secrets what localSecrets returned
 * @returns {Record<string, string>}
 */
export function identityEnv(service, credentials, secrets) {
  if (service.app === 'admin') {
    return {
      ...secrets,
      ARTSTORE_BOOTSTRAP_CLIENT_ID: credentials.clientId,
      ARTSTORE_BOOTSTRAP_CLIENT_SECRET: credentials.clientSecret,
    };
  }
  return { ARTSTORE_CLIENT_SECRET: secrets[ACCOUNT_SECRET_VARIABLES[service.account]] };
}
