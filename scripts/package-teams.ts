/**
 * Builds the Teams app package: manifest/manifest.json with its placeholders filled from
 * configuration (MICROSOFT_APP_ID, PUBLIC_BASE_URL, optional TEAMS_APP_VERSION and
 * TEAMS_DEVELOPER_NAME) and the two icons, zipped into manifest/build/app.zip (or the path given
 * with --out). The package is checked before it is written, as Teams checks it on upload: the
 * manifest against Microsoft's schema for its manifestVersion, the icons' sizes.
 *   npm run package:teams
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../src/config.ts';
import {
  DEFAULT_TEAMS_DEVELOPER_NAME,
  readTeamsPackageConfig,
  type TeamsPackageConfig,
} from '../src/teams-package-config.ts';
import { pngSize } from './lib/png.ts';
import { teamsManifestProblems } from './lib/teams-manifest-schema.ts';
import { writeZip } from './lib/zip.ts';

const MANIFEST_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'manifest');
/** Teams' required icon sizes: the colour icon 192×192, the outline 32×32. */
const ICON_SIZES = { 'color.png': 192, 'outline.png': 32 } as const;

export class TeamsPackageError extends Error {
  override name = 'TeamsPackageError';
  constructor(readonly problems: string[]) {
    super(`The Teams package would be refused:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** What Teams would refuse in a package: schema problems in the manifest, icons of the wrong size. */
export function teamsPackageProblems(
  manifest: Record<string, unknown>,
  icons: Record<keyof typeof ICON_SIZES, Buffer>,
): string[] {
  const problems = teamsManifestProblems(manifest).map((p) => `manifest.json ${p}`);
  for (const [name, size] of Object.entries(ICON_SIZES) as [keyof typeof ICON_SIZES, number][]) {
    const { width, height } = pngSize(icons[name]);
    if (width !== size || height !== size)
      problems.push(`${name}: must be ${size}×${size} pixels, is ${width}×${height}`);
  }
  return problems;
}

export function buildTeamsPackage(
  opts: Omit<TeamsPackageConfig, 'developerName'> & { developerName?: string; manifestDir?: string },
): { zip: Buffer; manifest: Record<string, unknown> } {
  const dir = opts.manifestDir ?? MANIFEST_DIR;
  const values: Record<string, string> = {
    MICROSOFT_APP_ID: opts.appId,
    PUBLIC_BASE_URL: opts.publicBaseUrl,
    PUBLIC_HOST: new URL(opts.publicBaseUrl).host,
    VERSION: opts.version,
    DEVELOPER_NAME: opts.developerName ?? DEFAULT_TEAMS_DEVELOPER_NAME,
  };
  const template = readFileSync(path.join(dir, 'manifest.json'), 'utf8');
  const filled = template.replace(/\{\{([A-Z_]+)\}\}/g, (_m, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`manifest.json: unknown placeholder {{${key}}}`);
    return JSON.stringify(v).slice(1, -1); // every placeholder sits inside a JSON string
  });
  const manifest = JSON.parse(filled) as Record<string, unknown>;
  const icons = {
    'color.png': readFileSync(path.join(dir, 'color.png')),
    'outline.png': readFileSync(path.join(dir, 'outline.png')),
  };
  const problems = teamsPackageProblems(manifest, icons);
  if (problems.length) throw new TeamsPackageError(problems);
  const zip = writeZip([
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2), 'utf8') },
    ...Object.entries(icons).map(([name, data]) => ({ name, data })),
  ]);
  return { zip, manifest };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    const config = readTeamsPackageConfig();
    const i = process.argv.indexOf('--out');
    const out =
      i > 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]!) : path.join(MANIFEST_DIR, 'build', 'app.zip');
    const { zip } = buildTeamsPackage(config);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, zip);
    process.stdout.write(`Teams app package written to ${out} (app id ${config.appId}, ${config.publicBaseUrl})\n`);
  } catch (err) {
    process.stderr.write(
      `${err instanceof ConfigError || err instanceof TeamsPackageError ? err.message : String(err)}\n`,
    );
    process.exit(2);
  }
}
