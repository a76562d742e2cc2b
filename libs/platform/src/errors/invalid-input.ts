import type { z } from 'zod';
import { DomainError } from './domain-error';

/** A request body, query or path parameter that fails its schema: 400 with one entry per field. */
export class InvalidInputError extends DomainError<'invalid_input'> {
  constructor(where: string, fieldErrors: readonly { field: string; message: string }[]) {
    super('invalid_input', `The ${where} is invalid: ${fieldErrors.map(describe).join('; ')}`, fieldErrors);
  }
}

function describe(error: { field: string; message: string }): string {
  return error.field ? `${error.field}: ${error.message}` : error.message;
}

/**
 * Validates client input against a zod schema; `where` names the part of the request
 * ("request body", "query") in the message.
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  where: string,
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) {
    return result.data;
  }
  throw new InvalidInputError(
    where,
    result.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
  );
}
