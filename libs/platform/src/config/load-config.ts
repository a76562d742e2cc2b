import { z } from 'zod';
import { withDatabasePassword } from './database-password';
import { resolveFileVariables } from './secret-files';

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
 *
 * Docker-secrets convention: for a variable `X` of the schema, `X_FILE` names a file holding its value
 * (UTF-8, trailing newlines trimmed), so a secret need not sit in the environment or the image.
 * `DATABASE_PASSWORD`, when the config has it, becomes the password of `DATABASE_URL`.
 * Reading those files is the only side effect.
 */
export function loadConfig<Schema extends z.ZodType>(
  serviceName: string,
  schema: Schema,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<Schema> {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') {
      present[name] = value;
    }
  }
  const { values, problems, unresolved } = resolveFileVariables(schemaVariables(schema), present);
  const result = schema.safeParse(values);
  if (result.success) {
    const config = withDatabasePassword(result.data, problems);
    if (problems.length === 0) {
      Object.freeze(config);
      return config;
    }
  } else {
    for (const issue of result.error.issues) {
      const variable = issue.path.join('.') || '(environment)';
      // Already reported as a problem with its file; "is required" would only repeat it.
      if (unresolved.has(variable)) {
        continue;
      }
      const message =
        issue.code === 'invalid_type' && values[variable] === undefined ? 'is required' : issue.message;
      problems.push(`${variable}: ${message}`);
    }
  }
  throw new ConfigValidationError(serviceName, problems);
}

/** Top-level variables of an object schema, also behind `.superRefine()` and `.transform()`. */
function schemaVariables(schema: z.ZodType): string[] {
  if (schema instanceof z.ZodObject) {
    return Object.keys(schema.shape);
  }
  if (schema instanceof z.ZodPipe) {
    return schemaVariables(schema.in as z.ZodType);
  }
  return [];
}
