import { readFileSync } from 'node:fs';

/** Replaces each `X_FILE` of a schema variable `X` by `X` holding the file's content. */
export function resolveFileVariables(
  variables: readonly string[],
  env: Readonly<Record<string, string>>,
): { values: Record<string, string>; problems: string[]; unresolved: Set<string> } {
  const values = { ...env };
  const problems: string[] = [];
  const unresolved = new Set<string>();
  for (const variable of variables) {
    const fileVariable = `${variable}_FILE`;
    const file = env[fileVariable];
    // A schema that declares X_FILE itself means something else by it.
    if (file === undefined || variables.includes(fileVariable)) {
      continue;
    }
    delete values[fileVariable];
    if (env[variable] !== undefined) {
      problems.push(`${fileVariable}: set either ${variable} or ${fileVariable}, not both`);
      unresolved.add(variable);
      continue;
    }
    let content: string;
    try {
      content = readFileSync(file, 'utf8').replace(/(\r?\n)+$/, '');
    } catch (error) {
      problems.push(`${fileVariable}: cannot read ${file}: ${errorCode(error)}`);
      unresolved.add(variable);
      continue;
    }
    if (content === '') {
      problems.push(`${fileVariable}: ${file} is empty`);
      unresolved.add(variable);
      continue;
    }
    values[variable] = content;
  }
  return { values, problems, unresolved };
}

function errorCode(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return typeof code === 'string' ? code : error.message;
  }
  return String(error);
}
