import { parseDocument } from 'yaml';
import { ValidationError, fieldIssues } from '../errors.ts';
import type { FieldIssue } from '../errors.ts';
import { PRESET_IDS, getPreset } from './presets/index.ts';
import { deepMerge, isPlainObject } from './merge.ts';
import { PolicySchema } from './schema.ts';
import type { Policy } from './schema.ts';

export type PolicyFormat = 'json' | 'yaml';

function fail(sourceName: string, issues: FieldIssue[]): never {
  throw new ValidationError(`Invalid policy file ${sourceName}`, issues);
}

function parseText(text: string, format: PolicyFormat, sourceName: string): unknown {
  if (format === 'json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      return fail(sourceName, [
        { field: '(root)', message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` },
      ]);
    }
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    return fail(
      sourceName,
      doc.errors.map((e) => ({
        field: '(root)',
        message: `not valid YAML: ${(e.message.split('\n')[0] ?? e.code).replace(/:$/, '')}`,
      })),
    );
  }
  try {
    // toJS resolves aliases and can still throw (an alias to an anchor that is not there, or too many
    // alias expansions): that is a bad file too, not a crash.
    return doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (err) {
    return fail(sourceName, [
      { field: '(root)', message: `not valid YAML: ${err instanceof Error ? err.message : String(err)}` },
    ]);
  }
}

/**
 * An authority's own policy from JSON or YAML text. With `extends: "<preset id>"` the file holds
 * only what differs from that preset; the merged result is validated as a whole, and every issue
 * names the field path (e.g. `reports.due.initial.unit`). Pure: the caller reads the file.
 */
export function parsePolicy(text: string, format: PolicyFormat, sourceName: string): Policy {
  const raw = parseText(text, format, sourceName);
  if (!isPlainObject(raw)) fail(sourceName, [{ field: '(root)', message: 'expected a mapping of policy fields' }]);

  const { extends: parentId, ...own } = raw;
  let merged: unknown = own;
  if (parentId !== undefined) {
    if (typeof parentId !== 'string' || !PRESET_IDS.includes(parentId)) {
      fail(sourceName, [{ field: 'extends', message: `expected one of ${PRESET_IDS.join(', ')}` }]);
    }
    // Without its own id the custom policy would silently pass itself off as the preset.
    if (own.id === undefined || own.id === parentId) {
      fail(sourceName, [{ field: 'id', message: `a policy that extends "${parentId}" needs its own id` }]);
    }
    // Its short name is its own (or its id in words), never the preset's: "the Hackney policy" is Hackney's.
    const { shortName: _parents, ...parent } = getPreset(parentId);
    merged = deepMerge(parent, own);
  }

  const result = PolicySchema.safeParse(merged);
  if (!result.success) fail(sourceName, fieldIssues(result.error.issues));
  return result.data;
}
