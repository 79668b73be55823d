/**
 * Cross-field rules that still run when another field is wrong, so one 400 names every problem at
 * once (trial finding 5). zod skips a `superRefine` while the object has any issue, so a body with a
 * missing field and a cross-field error used to report only the first.
 *
 * A rule names the fields it reads: it runs whenever none of them failed. Issues it raises on a field
 * that already failed are dropped (the field's own message says what is wrong), and when other fields
 * failed a rule that trips over one of them is skipped rather than answering with a 500.
 */
import { z } from 'zod/v4';
import { ValidationError, type FieldIssue } from '../../domain/errors.ts';
import { parseInput } from './parse.ts';

/** The top-level field an issue is about (`''` for the object itself, e.g. an unknown key). */
const topField = (i: { path?: readonly PropertyKey[] | undefined }): string => String(i.path?.[0] ?? '');
const failedFields = (issues: readonly { path?: readonly PropertyKey[] | undefined }[]): Set<string> =>
  new Set(issues.map(topField));

/** `schema.check(crossCheck(['mode', 'venue'], (c, ctx) => …))`: a superRefine that runs when `reads` are valid. */
export function crossCheck<T>(
  reads: readonly string[],
  rule: (value: T, ctx: z.RefinementCtx<T>) => void,
): z.core.$ZodCheck<T> {
  const check = z.superRefine<T>((value, ctx) => {
    const before = ctx.issues.length;
    const failed = failedFields(ctx.issues);
    if (failed.size === 0) return rule(value, ctx);
    try {
      rule(value, ctx);
    } catch {
      ctx.issues.length = before; // it read a field that failed: that field's own message stands
      return;
    }
    const added = ctx.issues.splice(before);
    ctx.issues.push(...added.filter((i) => !failed.has(topField(i))));
  });
  check._zod.def.when = (payload) =>
    typeof payload.value === 'object' &&
    payload.value !== null &&
    !payload.issues.some((i) => reads.includes(topField(i)));
  return check;
}

/**
 * Parses a body and runs the use-case's cross-field `checks` (those that need the conference) on the
 * fields that are valid, so a bad field and a cross-field problem come back together. `checks` sees
 * only the fields that parsed (a failed one is absent) and must skip a rule whose fields are missing;
 * a check that reads the rows of a list that failed as a whole (create-checks.ts) reads the raw rows.
 */
export function parseWithChecks<S extends z.ZodObject>(
  schema: S,
  input: unknown,
  what: string,
  checks: (valid: Partial<z.output<S>>) => FieldIssue[],
): z.output<S> {
  let parsed: z.output<S>;
  try {
    parsed = parseInput(schema, input, what);
  } catch (e) {
    if (!(e instanceof ValidationError) || typeof input !== 'object' || input === null) throw e;
    const raw = input as Record<string, unknown>;
    const valid: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(schema.shape)) {
      const r = (field as z.ZodType).safeParse(raw[key]);
      if (r.success && r.data !== undefined) valid[key] = r.data;
    }
    // Each field once: a check's issue on a field the schema already named gives way to the schema's.
    const named = new Set(e.issues.map((i) => i.field));
    const more = checks(valid as Partial<z.output<S>>).filter((i) => !named.has(i.field));
    throw more.length ? new ValidationError(`Invalid ${what}`, [...e.issues, ...more]) : e;
  }
  const issues = checks(parsed);
  if (issues.length) throw new ValidationError(`Invalid ${what}`, issues);
  return parsed;
}
