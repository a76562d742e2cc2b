import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envInt } from './env-fields';
import { ConfigValidationError, loadConfig } from './load-config';
import { platformEnvSchema, platformEnvShape } from './platform-env.schema';

const schema = platformEnvSchema.extend({
  PORT: envInt({ min: 1, max: 65535 }).default(8000),
  SE_ID: z.string(),
});

describe('loadConfig', () => {
  it('applies defaults and returns a frozen config', () => {
    const config = loadConfig('svc', schema, { DATABASE_URL: 'postgres://localhost/db', SE_ID: 'se-01' });
    expect(config.PORT).toBe(8000);
    expect(config.HTTP_BODY_LIMIT_BYTES).toBe(1024 * 1024);
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every problem in one message', () => {
    const attempt = () =>
      loadConfig('svc', schema, {
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        DATABASE_URL: 'mysql://x',
        REDIS_URL: '',
      });
    expect(attempt).toThrow(ConfigValidationError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigValidationError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('LOG_LEVEL');
      expect(problems).toContain('DATABASE_URL: must be a URL (postgres, postgresql)');
      expect(problems).toContain('SE_ID: is required');
      expect((error as Error).message).toMatch(/^Invalid configuration for svc:\n {2}- /);
    }
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig('svc', schema, { DATABASE_URL: 'postgres://h/db', SE_ID: 'x', PORT: '' });
    expect(config.PORT).toBe(8000);
  });

  it('rejects a shutdown timeout above 30 seconds', () => {
    expect(() =>
      loadConfig('svc', schema, {
        DATABASE_URL: 'postgres://h/db',
        SE_ID: 'x',
        SHUTDOWN_TIMEOUT_MS: '60000',
      }),
    ).toThrow(/SHUTDOWN_TIMEOUT_MS/);
  });
});

/** Real files in a fresh temp directory, removed when the suite ends. */
const scratch = mkdtempSync(path.join(tmpdir(), 'artstore-load-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let fileCount = 0;
function aSecretFile(content: string): string {
  fileCount += 1;
  const file = path.join(scratch, `secret-${fileCount}`);
  writeFileSync(file, content, 'utf8');
  return file;
}

const base = { DATABASE_URL: 'postgres://artstore@postgres:5432/db', SE_ID: 'se-01' };

function configErrorOf(attempt: () => unknown): ConfigValidationError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a ConfigValidationError');
}

describe('loadConfig with X_FILE variables', () => {
  it('reads a variable from the file X_FILE names, trimming the trailing newline', () => {
    const config = loadConfig('svc', schema, { ...base, SE_ID: '', SE_ID_FILE: aSecretFile('se-07\n') });
    expect(config.SE_ID).toBe('se-07');
    expect(config).not.toHaveProperty('SE_ID_FILE');
  });

  it('trims CRLF line ends but keeps other whitespace', () => {
    const config = loadConfig('svc', schema, {
      DATABASE_URL: base.DATABASE_URL,
      SE_ID_FILE: aSecretFile(' a b \r\n\r\n'),
    });
    expect(config.SE_ID).toBe(' a b ');
  });

  it('reports an unreadable file in the same message as every other problem', () => {
    const missing = path.join(scratch, 'missing');
    const error = configErrorOf(() =>
      loadConfig('svc', schema, { DATABASE_URL: base.DATABASE_URL, PORT: 'eighty', SE_ID_FILE: missing }),
    );
    expect(error.problems).toContain(`SE_ID_FILE: cannot read ${missing}: ENOENT`);
    expect(error.problems.some((problem) => problem.startsWith('PORT: '))).toBe(true);
    // Not reported a second time as "SE_ID: is required".
    expect(error.problems.filter((problem) => problem.startsWith('SE_ID:'))).toEqual([]);
    expect(error.message).toMatch(/^Invalid configuration for svc:\n {2}- /);
  });

  it('reports a file that is a directory', () => {
    const error = configErrorOf(() => loadConfig('svc', schema, { ...base, SE_ID: '', SE_ID_FILE: scratch }));
    expect(error.problems).toEqual([`SE_ID_FILE: cannot read ${scratch}: EISDIR`]);
  });

  it('reports an empty file instead of treating the variable as unset', () => {
    const empty = aSecretFile('\n');
    const error = configErrorOf(() => loadConfig('svc', schema, { ...base, DATABASE_PASSWORD_FILE: empty }));
    expect(error.problems).toEqual([`DATABASE_PASSWORD_FILE: ${empty} is empty`]);
  });

  it('refuses a variable set both directly and through X_FILE', () => {
    const error = configErrorOf(() =>
      loadConfig('svc', schema, { ...base, SE_ID_FILE: aSecretFile('se-02') }),
    );
    expect(error.problems).toEqual(['SE_ID_FILE: set either SE_ID or SE_ID_FILE, not both']);
  });

  it('ignores X_FILE for a variable the schema does not declare', () => {
    const config = loadConfig('svc', schema, { ...base, UNRELATED_FILE: path.join(scratch, 'missing') });
    expect(config).not.toHaveProperty('UNRELATED');
  });

  it('finds the variables of a schema behind superRefine and transform', () => {
    const refined = schema.superRefine(() => undefined).transform((env) => ({ ...env, extra: true }));
    const config = loadConfig('svc', refined, { ...base, SE_ID: '', SE_ID_FILE: aSecretFile('se-09') });
    expect(config.SE_ID).toBe('se-09');
  });
});

describe('loadConfig with DATABASE_PASSWORD', () => {
  const password = 'p@ss/w:rd %#?ü';

  it('puts the password into DATABASE_URL, URL-encoded, replacing one already there', () => {
    const config = loadConfig('svc', schema, {
      ...base,
      DATABASE_URL: 'postgres://artstore:old@postgres:5432/db?sslmode=disable',
      DATABASE_PASSWORD: password,
    });
    const url = new URL(config.DATABASE_URL);
    expect(url.password).toBe(encodeURIComponent(password));
    expect(url.username).toBe('artstore');
    expect(url.host).toBe('postgres:5432');
    expect(url.pathname).toBe('/db');
    expect(url.search).toBe('?sslmode=disable');
  });

  it('reads it from DATABASE_PASSWORD_FILE', () => {
    const config = loadConfig('svc', schema, {
      ...base,
      DATABASE_PASSWORD_FILE: aSecretFile(`${password}\n`),
    });
    expect(decodeURIComponent(new URL(config.DATABASE_URL).password)).toBe(password);
  });

  it('leaves DATABASE_URL alone without it', () => {
    expect(loadConfig('svc', schema, base).DATABASE_URL).toBe(base.DATABASE_URL);
  });

  it('also reaches a DATABASE_URL an app derives in its own transform', () => {
    const derived = z
      .object({ ...platformEnvShape, PORT: envInt().default(1), DATABASE_URL: z.string().optional() })
      .transform((env) => ({ ...env, DATABASE_URL: env.DATABASE_URL ?? 'postgres://artstore@h/derived' }));
    const config = loadConfig('svc', derived, { DATABASE_PASSWORD: 'secret' });
    expect(config.DATABASE_URL).toBe('postgres://artstore:secret@h/derived');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('refuses a URL without a host to carry it, without quoting the password', () => {
    const error = configErrorOf(() =>
      loadConfig('svc', schema, {
        ...base,
        DATABASE_URL: 'postgres:///db?host=/var/run/postgresql',
        DATABASE_PASSWORD: password,
      }),
    );
    expect(error.problems).toEqual(['DATABASE_PASSWORD: DATABASE_URL has no host to carry it']);
  });

  it('keeps the password out of the message when other variables are wrong', () => {
    const error = configErrorOf(() =>
      loadConfig('svc', schema, { ...base, PORT: 'eighty', DATABASE_PASSWORD: 'hunter2-hunter2' }),
    );
    expect(error.message).toContain('PORT');
    expect(error.message).not.toContain('hunter2');
  });
});
