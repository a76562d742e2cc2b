/**
 * The rows a raw query returned: TypeORM answers UPDATE and DELETE … RETURNING with
 * `[rows, affected]`, every other statement with the rows alone.
 */
export function returnedRows<Row>(result: unknown): Row[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as Row[];
  }
  return result as Row[];
}
