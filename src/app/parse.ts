import type { z } from 'zod/v4';
import { ValidationError, fieldIssues } from '../domain/errors.ts';

/** Parses input with a schema, or throws a ValidationError naming every bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    // An unknown key is reported at its own path, so the field named is the one to remove.
    const issues = result.error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys' ? i.keys.map((k) => ({ path: [...i.path, k], message: 'not a known field' })) : [i],
    );
    throw new ValidationError(`Invalid ${what}`, fieldIssues(issues));
  }
  return result.data;
}
