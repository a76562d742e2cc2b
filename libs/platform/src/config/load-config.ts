import type { z } from 'zod';

/** Thrown once at boot with every configuration problem, so an operator fixes them in one go. */
export class ConfigValidationError extends Error {
  constructor(
    readonly serviceName: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Invalid configuration for ${serviceName}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'ConfigValidationError';
  }
}

/**
 * Parses the environment against a schema and returns a frozen config. Empty strings count as unset
 * so `PORT=` in a compose file falls back to the default instead of failing as "not a number".
 */
export function loadConfig<Schema extends z.ZodType>(
  serviceName: string,
  schema: Schema,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<Schema> {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const variable = issue.path.join('.') || '(environment)';
      const message =
        issue.code === 'invalid_type' && present[variable] === undefined ? 'is required' : issue.message;
      return `${variable}: ${message}`;
    });
    throw new ConfigValidationError(serviceName, problems);
  }
  Object.freeze(result.data);
  return result.data;
}
