import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICE_CLIENT_IDS } from '@artstore/contracts';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

// No Docker engine runs in CI, so these checks read the deployment files the way compose, the
// Docker builder, kustomize and Prometheus would, and cross-check them against each other and apps/.

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

type YamlMap = Record<string, unknown>;

function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asMap(value: unknown, what: string): YamlMap {
  if (!isMap(value)) {
    throw new Error(`${what} is not a mapping`);
  }
  return value;
}

function asList(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) {
    throw new Error(`${what} is not a list`);
  }
  return value;
}

function asString(value: unknown, what: string): string {
  if (typeof value !== 'string') {
    throw new Error(`${what} is not a string`);
  }
  return value;
}

/** Follows a path of keys through nested mappings; undefined when any step is missing. */
function dig(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (!isMap(current)) {
      return undefined;
    }
    current = current[key];
  }
  return current;
}

const APP_PORTS: Record<string, number> = {
  admin: 8000,
  'se-01': 8010,
  'se-02': 8011,
  'se-03': 8012,
  ingester: 8020,
  query: 8030,
};
const APP_SERVICES = Object.keys(APP_PORTS);
const ELEMENTS = ['se-01', 'se-02', 'se-03'];
const NON_ADMIN_SERVICES = APP_SERVICES.filter((name) => name !== 'admin');

type ServiceAccount = keyof typeof SERVICE_CLIENT_IDS;

/** The internal account a process of `app` calls the others with: every storage element shares one. */
function accountOf(app: string): ServiceAccount {
  const account = app === 'storage-element' ? 'storage' : app;
  if (!(account in SERVICE_CLIENT_IDS)) {
    throw new Error(`no internal account for ${app}`);
  }
  return account as ServiceAccount;
}

/** The admin variable that seeds an internal account's secret, e.g. ARTSTORE_STORAGE_CLIENT_SECRET. */
const seedVariable = (account: ServiceAccount): string => `ARTSTORE_${account.toUpperCase()}_CLIENT_SECRET`;
const DATABASES: Record<string, string> = {
  admin: 'artstore_admin',
  'se-01': 'artstore_se_01',
  'se-02': 'artstore_se_02',
  'se-03': 'artstore_se_03',
  ingester: 'artstore_ingester',
  query: 'artstore_query',
};

// Compose's own merge-key (`<<`) semantics, which the file uses for its shared blocks.
const compose = asMap(parse(read('docker-compose.yml'), { merge: true }), 'docker-compose.yml');
const services = asMap(compose['services'], 'services');
const service = (name: string): YamlMap => asMap(services[name], `service ${name}`);

function environment(name: string): Record<string, string> {
  const env = service(name)['environment'] ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const [key = '', ...rest] = asString(entry, `${name} environment entry`).split('=');
        return [key, rest.join('=')];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(asMap(env, `${name} environment`)).map(([key, value]) => [key, String(value)]),
  );
}

function dependencies(name: string): Record<string, string> {
  const dependsOn = service(name)['depends_on'] ?? {};
  if (Array.isArray(dependsOn)) {
    return Object.fromEntries(dependsOn.map((dep) => [String(dep), 'service_started']));
  }
  return Object.fromEntries(
    Object.entries(asMap(dependsOn, `${name} depends_on`)).map(([dep, options]) => [
      dep,
      asString(dig(options, 'condition') ?? 'service_started', `${name} → ${dep} condition`),
    ]),
  );
}

/** `[published, target]` pairs from short ("127.0.0.1:9001:9001") or long port syntax. */
function publishedPorts(name: string): [number, number][] {
  return asList(service(name)['ports'] ?? [], `${name} ports`).map((port) => {
    if (isMap(port)) {
      return [Number(port['published']), Number(port['target'])];
    }
    const parts = String(port)
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    return [Number(parts.at(-2)), Number(parts.at(-1))];
  });
}

const INTERPOLATION = /^\$\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?\}$/;
const SECRET_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|ENCRYPTION_KEY/i;
const URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:([^@\s]+)@/i;
// Where secrets-init writes the secrets (the `secrets` volume) and every service reads them.
const SECRETS_DIR = '/run/secrets';
// The admin's key-encryption key, in the `admin-secrets` volume that no other service mounts.
const ADMIN_SECRETS_DIR = '/run/admin-secrets';
const SECRET_FILE = new RegExp(`^(${SECRETS_DIR}|${ADMIN_SECRETS_DIR})/[a-z0-9_]+$`);

/**
 * Problems with secrets written into an environment: each must be a file in the secrets volume
 * (`X_FILE`), or come from the host env or .env with no default.
 */
function literalSecrets(env: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(env)) {
    if (SECRET_NAME.test(key) && key.endsWith('_FILE')) {
      // A file name, however long, is not the secret.
      if (!SECRET_FILE.test(value)) {
        problems.push(`${key} does not name a file in ${SECRETS_DIR} or ${ADMIN_SECRETS_DIR}`);
      }
      continue;
    }
    if (SECRET_NAME.test(key)) {
      const match = INTERPOLATION.exec(value);
      const isDefault = match?.[2] === '-' || match?.[2] === ':-';
      if (!match || (isDefault && match[3] !== '')) {
        problems.push(`${key} is not a bare \${VARIABLE} interpolation`);
      }
    }
    const password = URL_PASSWORD.exec(value)?.[1];
    if (password !== undefined && !INTERPOLATION.test(password)) {
      problems.push(`${key} embeds a literal password`);
    }
    if (/[A-Za-z0-9+=_-]{32,}/.test(value.replace(/\$\{[^}]*\}/g, ''))) {
      problems.push(`${key} holds a long token-like literal`);
    }
  }
  return problems;
}

describe('docker-compose.yml', () => {
  it('defines the infrastructure and every ArtStore process', () => {
    for (const name of [...APP_SERVICES, 'postgres', 'redis', 'minio', 'minio-init', 'secrets-init']) {
      expect(services, name).toHaveProperty(name);
    }
  });

  it('builds a service from deploy/Dockerfile for every directory in apps/', () => {
    const appDirectories = readdirSync(path.join(root, 'apps'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(appDirectories.length).toBeGreaterThanOrEqual(4);
    const builtApps = new Set(
      Object.keys(services).map((name) => dig(service(name), 'build', 'args', 'APP')),
    );
    for (const app of appDirectories) {
      expect(builtApps, `no compose service builds APP=${app}`).toContain(app);
    }
    for (const name of APP_SERVICES) {
      expect(dig(service(name), 'build', 'dockerfile'), name).toBe('deploy/Dockerfile');
      const app = asString(dig(service(name), 'build', 'args', 'APP'), `${name} APP`);
      expect(existsSync(path.join(root, 'apps', app, 'src/main.ts')), `${name}: apps/${app}`).toBe(true);
    }
  });

  it('publishes each process on its default port, the port it listens on', () => {
    for (const [name, port] of Object.entries(APP_PORTS)) {
      expect(publishedPorts(name), name).toEqual([[port, port]]);
      expect(environment(name)['PORT'], name).toBe(String(port));
    }
  });

  it('health-checks every long-running service', () => {
    const oneShot = new Set(
      Object.keys(services).flatMap((name) =>
        Object.entries(dependencies(name))
          .filter(([, condition]) => condition === 'service_completed_successfully')
          .map(([dep]) => dep),
      ),
    );
    expect([...oneShot].sort()).toEqual(['minio-init', 'secrets-init']);
    for (const name of oneShot) {
      expect(service(name)['restart'], name).toBe('no');
    }
    for (const name of Object.keys(services).filter((each) => !oneShot.has(each))) {
      const test = asList(dig(service(name), 'healthcheck', 'test'), `${name} healthcheck`);
      expect(test.length, name).toBeGreaterThan(1);
      expect(dig(service(name), 'healthcheck', 'disable'), name).toBeUndefined();
    }
    for (const name of APP_SERVICES) {
      const probe = asList(dig(service(name), 'healthcheck', 'test'), name).join(' ');
      expect(probe, name).toContain('/health/ready');
      expect(probe, name).toContain('process.env.PORT');
      // Compose would interpolate a bare `$` itself.
      expect(probe, name).not.toMatch(/\$(?!\$)/);
    }
  });

  it('starts every app only after PostgreSQL and Redis are healthy', () => {
    for (const name of APP_SERVICES) {
      expect(dependencies(name), name).toMatchObject({
        postgres: 'service_healthy',
        redis: 'service_healthy',
      });
      expect(environment(name)['REDIS_URL'], name).toBe('redis://redis:6379');
    }
    for (const name of APP_SERVICES.filter((each) => each !== 'admin')) {
      expect(dependencies(name)['admin'], name).toBe('service_healthy');
    }
  });

  it('points every app at its own database on the postgres service', () => {
    for (const [name, database] of Object.entries(DATABASES)) {
      const url = environment(name)['DATABASE_URL'] ?? '';
      expect(url, name).toMatch(new RegExp(`^postgres://[^@]+@postgres:5432/${database}$`));
    }
  });

  it('runs se-01 in edit mode and se-02/se-03 in rw, se-03 on MinIO', () => {
    expect(environment('se-01')).toMatchObject({ SE_MODE: 'edit', SE_BACKEND: 'fs' });
    expect(environment('se-02')).toMatchObject({ SE_MODE: 'rw', SE_BACKEND: 'fs' });
    expect(environment('se-03')).toMatchObject({
      SE_MODE: 'rw',
      SE_BACKEND: 's3',
      SE_S3_ENDPOINT: 'http://minio:9000',
    });
    expect(dependencies('se-03')).toMatchObject({
      minio: 'service_healthy',
      'minio-init': 'service_completed_successfully',
    });
    expect(dependencies('minio-init')).toMatchObject({ minio: 'service_healthy' });
    // The bucket minio-init creates is the one se-03 writes to.
    expect(environment('minio-init')['BUCKET']).toBe(environment('se-03')['SE_S3_BUCKET']);
    for (const key of ['SE_S3_BUCKET', 'SE_S3_ACCESS_KEY', 'SE_S3_SECRET_KEY']) {
      const env = environment('se-03');
      expect(env[key] ?? env[`${key}_FILE`], key).toBeTruthy();
    }
  });

  it('gives each storage element its id, public URL and its own data volume', () => {
    const volumes = new Set<string>();
    for (const name of ELEMENTS) {
      const env = environment(name);
      expect(env['SE_ID']).toBe(name);
      expect(env['SE_PUBLIC_URL']).toBe(`http://${name}:${APP_PORTS[name]}`);
      expect(Number(env['SE_PRIORITY']), name).toBeGreaterThanOrEqual(0);
      const mounts = asList(service(name)['volumes'], `${name} volumes`).map(String);
      const dataMount = mounts.find((mount) => mount.split(':')[1] === env['SE_DATA_DIR']);
      expect(dataMount, `${name} mounts a volume on SE_DATA_DIR`).toBeDefined();
      volumes.add(String(dataMount).split(':')[0] ?? '');
    }
    expect(volumes.size).toBe(ELEMENTS.length);
  });

  it('declares every named volume it mounts', () => {
    const declared = Object.keys(asMap(compose['volumes'], 'volumes'));
    const used = Object.keys(services).flatMap((name) =>
      asList(service(name)['volumes'] ?? [], `${name} volumes`)
        .map((mount) => (isMap(mount) ? String(mount['source']) : (String(mount).split(':')[0] ?? '')))
        .filter((source) => !source.startsWith('.') && !source.startsWith('/')),
    );
    expect(used).toEqual(expect.arrayContaining(['postgres-data', 'se-01-data', 'se-02-data', 'se-03-data']));
    for (const volume of used) {
      expect(declared, volume).toContain(volume);
    }
  });

  it('creates every database from the postgres init directory', () => {
    const mounts = asList(service('postgres')['volumes'], 'postgres volumes').map(String);
    expect(mounts).toContain('./deploy/postgres/init:/docker-entrypoint-initdb.d:ro');
    const sql = readdirSync(path.join(root, 'deploy/postgres/init'))
      .map((file) => read(path.join('deploy/postgres/init', file)))
      .join('\n');
    const created = [...sql.matchAll(/^\s*CREATE DATABASE\s+"?(\w+)"?/gim)].map((match) => match[1]);
    expect(created.sort()).toEqual(Object.values(DATABASES).sort());
  });

  it('keeps every secret out of docker-compose.yml: services read them from the secrets volume', () => {
    for (const name of Object.keys(services)) {
      expect(literalSecrets(environment(name)), name).toEqual([]);
    }
    expect(environment('postgres')).toMatchObject({
      POSTGRES_PASSWORD_FILE: `${SECRETS_DIR}/postgres_password`,
    });
    expect(environment('minio')).toMatchObject({
      MINIO_ROOT_PASSWORD_FILE: `${SECRETS_DIR}/minio_root_password`,
    });
    expect(environment('minio-init')['MINIO_ROOT_PASSWORD_FILE']).toBe(
      environment('minio')['MINIO_ROOT_PASSWORD_FILE'],
    );
    expect(environment('admin')['ARTSTORE_BOOTSTRAP_CLIENT_SECRET_FILE']).toBe(
      `${SECRETS_DIR}/artstore_bootstrap_client_secret`,
    );
    // se-03 signs its S3 requests with MinIO's root credentials.
    expect(environment('se-03')['SE_S3_SECRET_KEY_FILE']).toBe(
      environment('minio')['MINIO_ROOT_PASSWORD_FILE'],
    );
    for (const name of APP_SERVICES) {
      expect(environment(name)['DATABASE_PASSWORD_FILE'], name).toBe(
        environment('postgres')['POSTGRES_PASSWORD_FILE'],
      );
      expect(new URL(environment(name)['DATABASE_URL'] ?? '').password, name).toBe('');
    }
    // The variable and its file together are a config error in every reader.
    for (const name of Object.keys(services)) {
      const env = environment(name);
      for (const key of Object.keys(env).filter((each) => each.endsWith('_FILE'))) {
        expect(env, `${name} sets ${key} and ${key.slice(0, -5)}`).not.toHaveProperty(key.slice(0, -5));
      }
    }
  });

  it('starts with no .env: nothing requires a variable', () => {
    const interpolations = [...read('docker-compose.yml').matchAll(/(?<!\$)\$\{([^}]*)\}/g)].map(
      (match) => match[1] ?? '',
    );
    expect(interpolations.length).toBeGreaterThan(0);
    for (const interpolation of interpolations) {
      // `${X:?…}` stops `docker compose up` when X is unset; a bare `${X}` silently becomes empty.
      expect(interpolation, interpolation).toMatch(/^[A-Z0-9_]+:-/);
    }
  });

  it('creates the secrets in a one-shot secrets-init that everything needing one waits for', () => {
    const script = 'deploy/secrets/init-secrets.sh';
    expect(asList(service('secrets-init')['volumes'], 'secrets-init volumes')).toEqual(
      expect.arrayContaining([`secrets:${SECRETS_DIR}`, `./${script}:/usr/local/bin/init-secrets.sh:ro`]),
    );
    expect(service('secrets-init')['command']).toEqual(['sh', '/usr/local/bin/init-secrets.sh']);
    // A value from .env is written instead of a random one; unset, it stays empty.
    const seeded = Object.keys(SERVICE_CLIENT_IDS).map((account) => seedVariable(account as ServiceAccount));
    expect(environment('secrets-init')).toMatchObject({
      ARTSTORE_BOOTSTRAP_CLIENT_SECRET: '${ARTSTORE_BOOTSTRAP_CLIENT_SECRET:-}',
      POSTGRES_PASSWORD: '${POSTGRES_PASSWORD:-}',
      MINIO_ROOT_PASSWORD: '${MINIO_ROOT_PASSWORD:-}',
      ARTSTORE_KEY_ENCRYPTION_KEY: '${ARTSTORE_KEY_ENCRYPTION_KEY:-}',
      ...Object.fromEntries(seeded.map((variable) => [variable, `\${${variable}:-}`])),
      ARTSTORE_BOOTSTRAP_CLIENT_ID: environment('admin')['ARTSTORE_BOOTSTRAP_CLIENT_ID'],
    });
    // `ensure_secret "$DIR" file VARIABLE …`, with the script's directories as compose mounts them.
    const directories: Record<string, string> = {
      SECRETS_DIR: SECRETS_DIR,
      ADMIN_SECRETS_DIR: ADMIN_SECRETS_DIR,
    };
    expect(read(script)).toContain(`ADMIN_SECRETS_DIR="\${ADMIN_SECRETS_DIR:-${ADMIN_SECRETS_DIR}}"`);
    expect(read(script)).toContain(`SECRETS_DIR="\${SECRETS_DIR:-${SECRETS_DIR}}"`);
    const created = new Set(
      [...read(script).matchAll(/^ensure_secret "\$(\w+)" (\w+) /gm)].map(
        (match) => `${directories[match[1] ?? ''] ?? `unknown directory ${match[1]}`}/${match[2]}`,
      ),
    );
    expect(created.size).toBeGreaterThanOrEqual(7);
    for (const [directory, volume, readerNames] of [
      [SECRETS_DIR, 'secrets', [...APP_SERVICES, 'minio', 'minio-init', 'postgres']],
      [ADMIN_SECRETS_DIR, 'admin-secrets', ['admin']],
    ] as const) {
      expect(asList(service('secrets-init')['volumes'], 'secrets-init volumes')).toContain(
        `${volume}:${directory}`,
      );
      const readers = Object.keys(services).filter((name) =>
        Object.values(environment(name)).some((value) => value.startsWith(`${directory}/`)),
      );
      expect(readers.sort(), directory).toEqual([...readerNames].sort());
      for (const name of readers) {
        expect(dependencies(name)['secrets-init'], name).toBe('service_completed_successfully');
        expect(asList(service(name)['volumes'], `${name} volumes`), name).toContain(
          `${volume}:${directory}:ro`,
        );
        for (const value of Object.values(environment(name)).filter((each) =>
          each.startsWith(`${directory}/`),
        )) {
          expect(created, `${name}: nothing creates ${value}`).toContain(value);
        }
      }
    }
  });

  it("mounts the admin's key-encryption key into the admin only", () => {
    const keyFile = environment('admin')['ARTSTORE_KEY_ENCRYPTION_KEY_FILE'] ?? '';
    expect(keyFile).toBe(`${ADMIN_SECRETS_DIR}/artstore_key_encryption_key`);
    for (const name of Object.keys(services)) {
      const mounts = asList(service(name)['volumes'] ?? [], `${name} volumes`).map(String);
      const mountsKey = mounts.some((mount) => mount.split(':')[0] === 'admin-secrets');
      expect(mountsKey, `${name} mounts admin-secrets`).toBe(['admin', 'secrets-init'].includes(name));
      if (name !== 'admin') {
        expect(Object.keys(environment(name)), name).not.toContain('ARTSTORE_KEY_ENCRYPTION_KEY_FILE');
        expect(Object.values(environment(name)), name).not.toContain(keyFile);
      }
    }
  });

  it('gives every other process the client secret the admin seeds its internal account with', () => {
    const admin = environment('admin');
    const seededFiles = Object.keys(SERVICE_CLIENT_IDS).map(
      (account) => admin[`${seedVariable(account as ServiceAccount)}_FILE`],
    );
    expect(new Set(seededFiles).size, 'one secret file per internal account').toBe(seededFiles.length);
    for (const name of NON_ADMIN_SERVICES) {
      const env = environment(name);
      const account = accountOf(asString(dig(service(name), 'build', 'args', 'APP'), `${name} APP`));
      expect(env['ARTSTORE_CLIENT_ID'], name).toBe(SERVICE_CLIENT_IDS[account]);
      expect(env['ARTSTORE_CLIENT_SECRET_FILE'], name).toMatch(SECRET_FILE);
      expect(env['ARTSTORE_CLIENT_SECRET_FILE'], name).toBe(admin[`${seedVariable(account)}_FILE`]);
    }
    expect(admin).not.toHaveProperty('ARTSTORE_CLIENT_SECRET_FILE');
  });

  it("has every process trust the admin's issuer and reach the admin inside the network", () => {
    expect(environment('admin')['ARTSTORE_ISSUER']).toBe('${ARTSTORE_ISSUER:-http://localhost:8000}');
    for (const name of NON_ADMIN_SERVICES) {
      expect(environment(name)['ARTSTORE_ISSUER'], name).toBe(environment('admin')['ARTSTORE_ISSUER']);
      expect(environment(name)['ARTSTORE_ADMIN_URL'], name).toBe(`http://admin:${APP_PORTS['admin']}`);
    }
  });

  it('recognises a literal secret when it sees one', () => {
    expect(literalSecrets({ ARTSTORE_BOOTSTRAP_CLIENT_SECRET: 'x'.repeat(32) })).toHaveLength(2);
    expect(literalSecrets({ POSTGRES_PASSWORD_FILE: '/etc/hostname' })).toHaveLength(1);
    expect(literalSecrets({ POSTGRES_PASSWORD_FILE: `${SECRETS_DIR}/postgres_password` })).toEqual([]);
    expect(literalSecrets({ POSTGRES_PASSWORD: '${POSTGRES_PASSWORD:-postgres}' })).toHaveLength(1);
    expect(literalSecrets({ DATABASE_URL: 'postgres://artstore:hunter2@postgres:5432/db' })).toHaveLength(1);
    expect(literalSecrets({ POSTGRES_PASSWORD: '${POSTGRES_PASSWORD:?set it}' })).toEqual([]);
    expect(literalSecrets({ DATABASE_URL: 'postgres://artstore:${POSTGRES_PASSWORD}@postgres/db' })).toEqual(
      [],
    );
  });

  it('documents every variable it takes from .env in .env.example, secrets without a value', () => {
    const variables = new Set(
      [...read('docker-compose.yml').matchAll(/(?<!\$)\$\{([A-Z0-9_]+)/g)].map((match) => match[1] ?? ''),
    );
    expect(variables).toContain('POSTGRES_PASSWORD');
    const example = read('.env.example');
    for (const variable of variables) {
      expect(example, variable).toMatch(new RegExp(`^#?${variable}=`, 'm'));
      if (SECRET_NAME.test(variable)) {
        // Nobody should start with a secret copied from the repo.
        expect(example, variable).toMatch(new RegExp(`^#?${variable}=$`, 'm'));
      }
    }
  });

  it('keeps tracing off unless OTEL_EXPORTER_OTLP_ENDPOINT is set, with Jaeger behind a profile', () => {
    for (const name of APP_SERVICES) {
      expect(environment(name)['OTEL_EXPORTER_OTLP_ENDPOINT'], name).toBe('${OTEL_EXPORTER_OTLP_ENDPOINT:-}');
    }
    expect(service('jaeger')['profiles']).toEqual(['tracing']);
    expect(String(service('jaeger')['image'])).toMatch(/^jaegertracing\/all-in-one:/);
  });

  it('gives the apps longer than their 30 s drain to stop', () => {
    for (const name of APP_SERVICES) {
      expect(service(name)['stop_grace_period'], name).toBe('40s');
    }
  });
});

/** Dockerfile instructions with line continuations joined, in order. */
function dockerInstructions(text: string): { keyword: string; args: string }[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

describe('deploy/Dockerfile', () => {
  const instructions = dockerInstructions(read('deploy/Dockerfile'));
  const lastFrom = instructions.map((each) => each.keyword).lastIndexOf('FROM');
  const runtime = instructions.slice(lastFrom);
  const runtimeArgs = (keyword: string): string[] =>
    runtime.filter((each) => each.keyword === keyword).map((each) => each.args);

  it('builds the app named by ARG APP', () => {
    expect(instructions.filter((each) => each.keyword === 'ARG').map((each) => each.args)).toContain('APP');
    const build = instructions.find((each) => each.args.includes('tools/build/build-app.mjs'));
    expect(build?.args).toMatch(/node tools\/build\/build-app\.mjs "?\$\{?APP\}?"?$/);
    expect(instructions.some((each) => each.keyword === 'RUN' && /npm ci(?!.*--omit)/.test(each.args))).toBe(
      true,
    );
  });

  it('runs the bundle as a non-root user in production mode', () => {
    expect(runtimeArgs('ARG')).toContain('APP');
    const users = runtimeArgs('USER');
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    expect(runtimeArgs('ENV').join(' ')).toMatch(/NODE_ENV=production/);
    expect(runtimeArgs('COPY').join('\n')).toMatch(/dist\/apps\/\$\{APP\}/);
    expect(runtimeArgs('COPY').join('\n')).toMatch(/package\.json/);
    expect(
      instructions.some((each) => each.keyword === 'RUN' && each.args.includes('npm ci --omit=dev')),
    ).toBe(true);
    expect(runtimeArgs('CMD').join(' ')).toMatch(/node dist\/apps\/\$\{?APP\}?\/main\.js/);
    expect(runtimeArgs('EXPOSE').join(' ')).toMatch(/\b8000\b/);
    expect(runtimeArgs('HEALTHCHECK').join(' ')).toContain('/health/ready');
  });

  it('keeps local state and secrets out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim());
    for (const entry of ['node_modules', 'dist', 'data', 'tmp', '.git', '.nx', 'coverage', '.env']) {
      expect(ignored, entry).toContain(entry);
    }
  });
});

describe('deploy/k8s', () => {
  const kustomization = asMap(parse(read('deploy/k8s/kustomization.yaml')), 'kustomization');
  const resources = asList(kustomization['resources'], 'resources').map((entry) =>
    asString(entry, 'resource'),
  );
  const objects = resources.flatMap((file) =>
    parseAllDocuments(read(path.join('deploy/k8s', file))).map((document) => {
      expect(document.errors, file).toEqual([]);
      return asMap(document.toJS(), file);
    }),
  );
  const find = (kind: string, name: string): YamlMap | undefined =>
    objects.find((object) => object['kind'] === kind && dig(object, 'metadata', 'name') === name);
  const workloads = objects.filter((object) =>
    ['Deployment', 'StatefulSet'].includes(String(object['kind'])),
  );
  const containers = (workload: YamlMap): YamlMap[] =>
    asList(dig(workload, 'spec', 'template', 'spec', 'containers'), 'containers').map((each) =>
      asMap(each, 'container'),
    );
  const envEntry = (container: YamlMap, name: string): YamlMap | undefined =>
    asList(container['env'] ?? [], 'env')
      .map((each) => asMap(each, 'env entry'))
      .find((each) => each['name'] === name);
  const envValue = (container: YamlMap, name: string): unknown => envEntry(container, name)?.['value'];
  /** The Secret key an env variable is read from, if it is read from one. */
  const envSecretKey = (container: YamlMap, name: string): unknown =>
    dig(envEntry(container, name), 'valueFrom', 'secretKeyRef', 'key');
  const workloadName = (workload: YamlMap): string => String(dig(workload, 'metadata', 'name'));

  it('lists only files that exist', () => {
    expect(resources.length).toBeGreaterThan(0);
    for (const file of resources) {
      expect(existsSync(path.join(root, 'deploy/k8s', file)), file).toBe(true);
    }
  });

  it('deploys admin, ingester and query with probes, limits and a non-root pod', () => {
    for (const name of ['admin', 'ingester', 'query']) {
      const deployment = find('Deployment', name);
      expect(deployment, name).toBeDefined();
      expect(find('Service', name), `${name} Service`).toBeDefined();
    }
    expect(workloads.map((each) => dig(each, 'metadata', 'name')).sort()).toEqual([...APP_SERVICES].sort());
    for (const workload of workloads) {
      const name = String(dig(workload, 'metadata', 'name'));
      const pod = dig(workload, 'spec', 'template', 'spec');
      expect(dig(pod, 'terminationGracePeriodSeconds'), name).toBe(40);
      expect(dig(pod, 'securityContext', 'runAsNonRoot'), name).toBe(true);
      for (const container of containers(workload)) {
        expect(dig(container, 'readinessProbe', 'httpGet', 'path'), name).toBe('/health/ready');
        expect(dig(container, 'livenessProbe', 'httpGet', 'path'), name).toBe('/health/live');
        expect(dig(container, 'resources', 'requests', 'memory'), name).toBeDefined();
        expect(dig(container, 'resources', 'limits', 'memory'), name).toBeDefined();
        expect(dig(container, 'securityContext', 'allowPrivilegeEscalation'), name).toBe(false);
        expect(envValue(container, 'PORT'), name).toBe(String(APP_PORTS[name]));
      }
    }
  });

  it('runs each storage element as a single-replica StatefulSet with its own volume', () => {
    for (const name of ELEMENTS) {
      const statefulSet = find('StatefulSet', name);
      expect(statefulSet, name).toBeDefined();
      expect(dig(statefulSet, 'spec', 'replicas'), name).toBe(1);
      expect(asList(dig(statefulSet, 'spec', 'volumeClaimTemplates'), `${name} claims`)).toHaveLength(1);
      expect(find('Service', name), `${name} Service`).toBeDefined();
      const [container] = containers(asMap(statefulSet, name));
      for (const key of ['SE_ID', 'SE_MODE', 'SE_BACKEND', 'SE_PUBLIC_URL']) {
        expect(envValue(asMap(container, name), key), `${name} ${key}`).toBe(environment(name)[key]);
      }
    }
  });

  it('gives the admin its key-encryption key and every internal secret, and no one else the key', () => {
    const [admin] = containers(asMap(find('Deployment', 'admin'), 'admin'));
    const adminContainer = asMap(admin, 'admin container');
    const keyRef = envSecretKey(adminContainer, 'ARTSTORE_KEY_ENCRYPTION_KEY');
    expect(keyRef).toBeDefined();
    for (const account of Object.keys(SERVICE_CLIENT_IDS)) {
      const variable = seedVariable(account as ServiceAccount);
      expect(envSecretKey(adminContainer, variable), variable).toBeDefined();
    }
    for (const workload of workloads.filter((each) => workloadName(each) !== 'admin')) {
      for (const container of containers(workload)) {
        const keys = asList(container['env'] ?? [], 'env').map((each) =>
          dig(each, 'valueFrom', 'secretKeyRef', 'key'),
        );
        expect(keys, workloadName(workload)).not.toContain(keyRef);
      }
    }
  });

  it('gives every other workload the secret the admin seeds its internal account with', () => {
    const [admin] = containers(asMap(find('Deployment', 'admin'), 'admin'));
    for (const workload of workloads.filter((each) => workloadName(each) !== 'admin')) {
      const name = workloadName(workload);
      const account = accountOf(String(dig(workload, 'metadata', 'labels', 'app.kubernetes.io/component')));
      for (const container of containers(workload)) {
        expect(envValue(container, 'ARTSTORE_CLIENT_ID'), name).toBe(SERVICE_CLIENT_IDS[account]);
        const secretKey = envSecretKey(container, 'ARTSTORE_CLIENT_SECRET');
        expect(secretKey, name).toBeDefined();
        expect(secretKey, name).toBe(envSecretKey(asMap(admin, 'admin container'), seedVariable(account)));
      }
    }
  });

  it('has every workload share the issuer and reach the admin through its Service', () => {
    const config = asMap(dig(find('ConfigMap', 'artstore-config'), 'data'), 'artstore-config data');
    expect(config['ARTSTORE_ISSUER']).toMatch(/^https?:\/\//);
    const adminPort = asList(dig(find('Service', 'admin'), 'spec', 'ports'), 'admin ports')[0];
    expect(config['ARTSTORE_ADMIN_URL']).toBe(`http://admin:${String(dig(adminPort, 'port'))}`);
    for (const workload of workloads) {
      for (const container of containers(workload)) {
        const configMaps = asList(container['envFrom'] ?? [], 'envFrom').map((each) =>
          dig(each, 'configMapRef', 'name'),
        );
        expect(configMaps, workloadName(workload)).toContain('artstore-config');
        for (const variable of ['ARTSTORE_ISSUER', 'ARTSTORE_ADMIN_URL', 'ARTSTORE_JWKS_URL']) {
          expect(
            envEntry(container, variable),
            `${workloadName(workload)} overrides ${variable}`,
          ).toBeUndefined();
        }
      }
    }
  });

  it('reads secrets only from keys the Secret template defines, and ships no real secret', () => {
    expect(resources).not.toContain('secret.example.yaml');
    const template = asMap(parse(read('deploy/k8s/secret.example.yaml')), 'secret template');
    const data = asMap(template['stringData'], 'stringData');
    const referenced = workloads.flatMap((workload) =>
      containers(workload).flatMap((container) =>
        asList(container['env'] ?? [], 'env').map((each) => dig(each, 'valueFrom', 'secretKeyRef')),
      ),
    );
    for (const ref of referenced.filter(isMap)) {
      expect(ref['name']).toBe(dig(template, 'metadata', 'name'));
      expect(Object.keys(data), String(ref['key'])).toContain(ref['key']);
    }
    for (const [key, value] of Object.entries(data)) {
      if (SECRET_NAME.test(key) || key.endsWith('_URL') || key.endsWith('_KEY')) {
        expect(String(value), key).toContain('REPLACE_ME');
      }
    }
    for (const object of objects) {
      expect(object['kind'], 'secrets are applied outside kustomize').not.toBe('Secret');
    }
  });
});

describe('deploy/prometheus', () => {
  const config = asMap(parse(read('deploy/prometheus/prometheus.yml')), 'prometheus.yml');
  const targets = asList(config['scrape_configs'], 'scrape_configs').flatMap((job) =>
    asList(dig(job, 'static_configs'), 'static_configs').flatMap((group) =>
      asList(dig(group, 'targets'), 'targets').map((target) => ({
        job: String(dig(job, 'job_name')),
        path: asString(dig(job, 'metrics_path') ?? '/metrics', 'metrics_path'),
        target: String(target),
        service: String(dig(group, 'labels', 'service')),
      })),
    ),
  );

  it('scrapes /metrics on each of the six processes at its compose address', () => {
    for (const [name, port] of Object.entries(APP_PORTS)) {
      expect(targets, name).toContainEqual(
        expect.objectContaining({ target: `${name}:${port}`, path: '/metrics', service: name }),
      );
    }
  });

  it('loads alert rules for errors, latency and down targets', () => {
    const ruleFiles = asList(config['rule_files'], 'rule_files').map(String);
    expect(ruleFiles).toEqual(['alerts.yml']);
    const rules = asList(dig(parse(read('deploy/prometheus/alerts.yml')), 'groups'), 'groups').flatMap(
      (group) => asList(dig(group, 'rules'), 'rules'),
    );
    const expressions = rules.map((rule) => asString(dig(rule, 'expr'), 'expr'));
    expect(expressions.some((expr) => /status=~"5\.\."/.test(expr))).toBe(true);
    expect(expressions.some((expr) => expr.includes('histogram_quantile(0.99'))).toBe(true);
    expect(expressions.some((expr) => /\bup\{.*\} == 0/.test(expr))).toBe(true);
    for (const rule of rules) {
      expect(dig(rule, 'labels', 'severity'), String(dig(rule, 'alert'))).toMatch(/^(warning|critical)$/);
    }
  });
});

describe('deploy/grafana', () => {
  it('charts rate, errors and duration, templated by job and service', () => {
    const dashboard: unknown = JSON.parse(read('deploy/grafana/artstore-red.json'));
    const variables = asList(dig(dashboard, 'templating', 'list'), 'templating').map((each) =>
      dig(each, 'name'),
    );
    expect(variables).toEqual(expect.arrayContaining(['job', 'service']));
    const expressions = asList(dig(dashboard, 'panels'), 'panels')
      .flatMap((panel) => asList(dig(panel, 'targets') ?? [], 'targets'))
      .map((target) => asString(dig(target, 'expr'), 'expr'));
    expect(expressions.some((expr) => expr.includes('rate(http_requests_total'))).toBe(true);
    expect(expressions.some((expr) => expr.includes('status=~"5.."'))).toBe(true);
    expect(expressions.some((expr) => expr.includes('histogram_quantile(0.5,'))).toBe(true);
    expect(expressions.some((expr) => expr.includes('histogram_quantile(0.99,'))).toBe(true);
    for (const expr of expressions) {
      expect(expr).toContain('job=~"$job"');
    }
  });

  it('provisions the Prometheus data source and the dashboard file compose mounts', () => {
    const datasource = parse(read('deploy/grafana/provisioning/datasources/prometheus.yaml'));
    expect(dig(asList(dig(datasource, 'datasources'), 'datasources')[0], 'url')).toBe(
      'http://prometheus:9090',
    );
    const provider = parse(read('deploy/grafana/provisioning/dashboards/artstore.yaml'));
    const dashboardDir = asString(
      dig(asList(dig(provider, 'providers'), 'providers')[0], 'options', 'path'),
      'provider path',
    );
    const mounts = asList(service('grafana')['volumes'], 'grafana volumes').map(String);
    expect(mounts).toContain(`./deploy/grafana/artstore-red.json:${dashboardDir}/artstore-red.json:ro`);
    expect(service('grafana')['profiles']).toEqual(['monitoring']);
    expect(service('prometheus')['profiles']).toEqual(['monitoring']);
  });
});
