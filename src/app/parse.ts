import type { z } from 'zod/v4';
import { ValidationError, fieldIssues } from '../domain/errors.ts';

/** Parses input with a schema, or throws a ValidationError naming every bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(`Invalid ${what}`, fieldIssues(result.error.issues));
  return result.data;
}
