import type { z } from 'zod/v4';
import { ValidationError, fieldIssues } from '../../domain/errors.ts';
import { bidiIssues } from './text-input.ts';

/** Parses input with a schema, or throws a ValidationError naming every bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  // Refused whatever the schema says: an invisible direction control in any text (see text-input.ts).
  const bidi = bidiIssues(input);
  const result = schema.safeParse(input);
  if (!result.success || bidi.length) {
    if (result.success) throw new ValidationError(`Invalid ${what}`, bidi);
    // An unknown key is reported at its own path, so the field named is the one to remove.
    const issues = result.error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.map((k) => ({ path: [...i.path, k], message: 'not a known field' }))
        : [i],
    );
    // A cross-field check can repeat a field that already failed ("required" after "expected an
    // email address"): say what is wrong with the field once, by its first message.
    const named = fieldIssues(issues, input);
    // A value of the wrong type is only that: zod also measures a string given for a list against
    // the list's limit ("categories": "neglect" was told it was more than 4 long as well).
    const typeOf = (i: number) => (issues[i] as { code?: string } | undefined)?.code === 'invalid_type';
    const wrongType = new Set(
      named.filter((x, i) => typeOf(i) && !x.message.startsWith('required')).map((x) => x.field),
    );
    const once = named.filter(
      (x, i) =>
        !(wrongType.has(x.field) && !typeOf(i)) &&
        !(
          x.message.startsWith('required') &&
          named.some((y, j) => j !== i && y.field === x.field && !y.message.startsWith('required'))
        ),
    );
    const bidiFields = new Set(bidi.map((b) => b.field));
    throw new ValidationError(`Invalid ${what}`, [...bidi, ...once.filter((x) => !bidiFields.has(x.field))]);
  }
  return result.data;
}
