import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkRateLimitEnv, rateLimitEnvShape, rateLimitOptionsFromEnv } from './rate-limit.config';

const schema = z.object(rateLimitEnvShape).superRefine(checkRateLimitEnv);

describe('rateLimitEnvShape', () => {
  it('defaults to 100/min bursting to 150, and 30/min bursting to 60 on the token endpoint', () => {
    expect(schema.parse({})).toEqual({
      RATE_LIMIT_PER_MINUTE: 100,
      RATE_LIMIT_BURST: 150,
      TOKEN_RATE_LIMIT_PER_MINUTE: 30,
      TOKEN_RATE_LIMIT_BURST: 60,
    });
  });

  it('names every variable that is wrong: a burst below its limit, a limit of zero', () => {
    const result = schema.safeParse({ RATE_LIMIT_PER_MINUTE: '200', TOKEN_RATE_LIMIT_PER_MINUTE: '0' });

    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'RATE_LIMIT_BURST',
      'TOKEN_RATE_LIMIT_PER_MINUTE',
    ]);
  });

  it('accepts a burst equal to its limit (no burst)', () => {
    expect(schema.safeParse({ RATE_LIMIT_PER_MINUTE: '150', TOKEN_RATE_LIMIT_BURST: '30' }).success).toBe(
      true,
    );
  });
});

describe(rateLimitOptionsFromEnv.name, () => {
  it('takes its deadline from the Redis command timeout', () => {
    const options = rateLimitOptionsFromEnv({ ...schema.parse({}), REDIS_COMMAND_TIMEOUT_MS: 750 });

    expect(options).toEqual({
      client: { perMinute: 100, burst: 150 },
      tokenEndpoint: { perMinute: 30, burst: 60 },
      timeoutMs: 750,
    });
  });
});
