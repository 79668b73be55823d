/**
 * Text people type (names, reasons, rationales, report text, file names) must show what it says.
 * Unicode bidirectional controls are invisible and reorder what follows them: a name with U+202E
 * reads backwards on the chair's page and the dashboard, and `report<U+202E>fdp.exe` looks like a
 * PDF. They are refused at every door with the field named; this file is the one definition, used
 * by parseInput (every zod-parsed body, page form and card submit that reaches a use-case), by the
 * use-cases that take text without a schema (a report and its sharing notes, from email, web,
 * Teams or the API) and by the Teams card reader.
 */
import { ValidationError, type FieldIssue } from '../../domain/errors.ts';

/** Embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, the marks U+200E/U+200F and the Arabic letter mark U+061C. */
export const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

/** The message for a field holding one, naming the character found. */
export function bidiMessage(value: string): string {
  const found = BIDI_CONTROL.exec(value)?.[0] ?? '\u202E';
  const code = `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return `contains an invisible text-direction character (${code}), which can make text display differently from what it says: retype it without`;
}

export const hasBidiControl = (value: string): boolean => BIDI_CONTROL.test(value);

/** No real input nests deeper; anything that does is refused by its schema, so the walk stops there (a 10,000-deep body must not overflow the stack). */
const MAX_DEPTH = 32;

/** Every string in a value (object, array, string) holding a bidirectional control, by dotted path. */
export function bidiIssues(value: unknown, path: readonly (string | number)[] = []): FieldIssue[] {
  if (typeof value === 'string')
    return hasBidiControl(value)
      ? [{ field: path.map(String).join('.') || '(root)', message: bidiMessage(value) }]
      : [];
  if (path.length >= MAX_DEPTH) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => bidiIssues(v, [...path, i]));
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value))
    return Object.entries(value).flatMap(([k, v]) => bidiIssues(v, [...path, k]));
  return [];
}

/** Throws a ValidationError naming each field that holds a bidirectional control. */
export function assertNoBidi(fields: Record<string, unknown>, what: string): void {
  const issues = bidiIssues(fields);
  if (issues.length) throw new ValidationError(`Invalid ${what}`, issues);
}
