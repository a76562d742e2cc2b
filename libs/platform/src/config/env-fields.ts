import { z } from 'zod';

/** Reusable parsers for environment variables, which always arrive as strings. */
export const envInt = (options: { min?: number; max?: number } = {}) =>
  z.coerce
    .number()
    .int()
    .min(options.min ?? Number.MIN_SAFE_INTEGER)
    .max(options.max ?? Number.MAX_SAFE_INTEGER);

// 0 asks the OS for a free port (tests, sidecars).
export const envPort = () => envInt({ min: 0, max: 65535 });

export const envBoolean = () =>
  z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((value) => ['true', '1', 'yes'].includes(value));

/** Comma-separated list; empty entries dropped. */
export const envList = () =>
  z.string().transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0),
  );

export const envUrl = (protocols: readonly string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    { message: `must be a URL (${protocols.join(', ')})` },
  );
