/**
 * Checks a Teams app manifest against Microsoft's own JSON schema for its `manifestVersion`, the
 * schema Teams applies when an app is uploaded (field lengths, formats, required properties).
 * The schema files come from Microsoft's `@microsoft/app-manifest` package, which bundles every
 * published version; its JavaScript entry point is not used because it does not load on Node 20
 * (it requires `fs-extra`, which it does not declare). The schemas are draft-04, so they are
 * compiled with ajv's draft-04 class and the same formats that package enables.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

// CommonJS packages: under NodeNext their default import is module.exports, whose `default` is the export.
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;
const SCHEMAS = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json')),
  'build',
  'json-schemas',
  'teams',
);

/** The bundled schema for a manifest version such as `1.17`; throws for a version Microsoft has not published. */
export function teamsManifestSchema(manifestVersion: string): Record<string, unknown> {
  if (!/^\d+\.\d+$/.test(manifestVersion))
    throw new Error(`manifestVersion: expected a version such as 1.17, got "${manifestVersion}"`);
  const file = path.join(SCHEMAS, `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    throw new Error(`manifestVersion: no published Teams schema for ${manifestVersion}`);
  }
}

/** Every way the manifest breaks its schema, one line each (`/developer/name: must NOT have more than 32 characters`); empty when valid. */
export function teamsManifestProblems(manifest: Record<string, unknown>): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(teamsManifestSchema(String(manifest['manifestVersion'] ?? '')));
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${e.instancePath || '/'}: ${e.message ?? e.keyword}${e.keyword === 'additionalProperties' ? ` (${String(e.params['additionalProperty'])})` : ''}`,
  );
}
