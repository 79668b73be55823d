/**
 * Builds the Teams app package: manifest/manifest.json with its placeholders filled from
 * configuration (MICROSOFT_APP_ID, PUBLIC_BASE_URL, optional TEAMS_APP_VERSION) and the two icons,
 * zipped into manifest/build/app.zip (or the path given with --out). Sideload that zip in Teams.
 *   npm run package:teams
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, readTeamsPackageConfig } from '../src/config.ts';
import { writeZip } from './lib/zip.ts';

const MANIFEST_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'manifest');

export function buildTeamsPackage(opts: { appId: string; publicBaseUrl: string; version: string; manifestDir?: string }): { zip: Buffer; manifest: Record<string, unknown> } {
  const dir = opts.manifestDir ?? MANIFEST_DIR;
  const values: Record<string, string> = {
    MICROSOFT_APP_ID: opts.appId,
    PUBLIC_BASE_URL: opts.publicBaseUrl,
    PUBLIC_HOST: new URL(opts.publicBaseUrl).host,
    VERSION: opts.version,
  };
  const template = readFileSync(path.join(dir, 'manifest.json'), 'utf8');
  const filled = template.replace(/\{\{([A-Z_]+)\}\}/g, (_m, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`manifest.json: unknown placeholder {{${key}}}`);
    return v;
  });
  const manifest = JSON.parse(filled) as Record<string, unknown>;
  const zip = writeZip([
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2), 'utf8') },
    { name: 'color.png', data: readFileSync(path.join(dir, 'color.png')) },
    { name: 'outline.png', data: readFileSync(path.join(dir, 'outline.png')) },
  ]);
  return { zip, manifest };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    const config = readTeamsPackageConfig();
    const i = process.argv.indexOf('--out');
    const out = i > 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]!) : path.join(MANIFEST_DIR, 'build', 'app.zip');
    const { zip } = buildTeamsPackage(config);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, zip);
    process.stdout.write(`Teams app package written to ${out} (app id ${config.appId}, ${config.publicBaseUrl})\n`);
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(2);
  }
}
