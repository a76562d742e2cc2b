import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envInt } from './env-fields';
import { ConfigValidationError, loadConfig } from './load-config';
import { platformEnvSchema } from './platform-env.schema';

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
