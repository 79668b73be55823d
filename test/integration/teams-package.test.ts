/**
 * `npm run package:teams` produces a zip Teams accepts: the manifest inside validates against
 * Microsoft's schema for its manifestVersion (ajv over the schema @microsoft/app-manifest ships),
 * placeholders are filled, both icons have Teams' sizes; a package Teams would refuse is not written.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readZip } from '../../scripts/lib/zip.ts';
import { buildTeamsPackage } from '../../scripts/package-teams.ts';
import { encodePng, pngSize } from '../../scripts/lib/png.ts';
import { teamsManifestProblems } from '../../scripts/lib/teams-manifest-schema.ts';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const dir = mkdtempSync(path.join(tmpdir(), 'teams-pkg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runPackage(env: Record<string, string>, out: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/package-teams.ts', '--out', out], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    encoding: 'utf8',
  });
}

describe('Teams app package', () => {
  it('zips manifest.json (placeholders filled from configuration) and valid 192×192 and 32×32 icons', () => {
    const out = path.join(dir, 'app.zip');
    const r = runPackage({ MICROSOFT_APP_ID: APP_ID, PUBLIC_BASE_URL: 'https://cpc.example.gov.uk/' }, out);
    expect(r.status, r.stderr).toBe(0);
    const zip = readFileSync(out);
    // The system unzip reads it (so will Teams), and so does our own reader (which checks every CRC).
    const manifest = JSON.parse(execFileSync('unzip', ['-p', out, 'manifest.json'], { encoding: 'utf8' }));
    const entries = readZip(zip);
    expect(entries.map((e) => e.name).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(JSON.parse(entries.find((e) => e.name === 'manifest.json')!.data.toString('utf8'))).toEqual(manifest);

    // The official v1.17 schema (field lengths, formats, required properties) finds nothing.
    expect(teamsManifestProblems(manifest)).toEqual([]);
    expect([...manifest.developer.name].length).toBeLessThanOrEqual(32);
    expect([...manifest.description.short].length).toBeLessThanOrEqual(80);
    expect(manifest.developer.privacyUrl).toBe('https://cpc.example.gov.uk/privacy');
    expect(manifest.developer.termsOfUseUrl).toBe('https://cpc.example.gov.uk/terms');
    expect(JSON.stringify(manifest)).not.toContain('{{');
    expect(manifest.manifestVersion).toBe('1.17');
    expect(manifest.$schema).toContain('/v1.17/');
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.bots[0].scopes).toEqual(['personal', 'groupChat', 'team']);
    expect(manifest.configurableTabs[0].configurationUrl).toBe('https://cpc.example.gov.uk/tab/config');
    expect(manifest.configurableTabs[0].context).toContain('meetingSidePanel');
    expect(manifest.validDomains).toEqual(['cpc.example.gov.uk']);
    expect(manifest.webApplicationInfo.id).toBe(APP_ID);
    expect(manifest.authorization.permissions.resourceSpecific.map((p: { name: string }) => p.name)).toContain(
      'OnlineMeeting.ReadBasic.Chat',
    );

    const colour = pngSize(entries.find((e) => e.name === 'color.png')!.data);
    const outline = pngSize(entries.find((e) => e.name === 'outline.png')!.data);
    expect([colour.width, colour.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
  });

  it('the schema check can fail: the long publisher name and description Teams refused are caught, field by field', () => {
    const { manifest } = buildTeamsPackage({
      appId: APP_ID,
      publicBaseUrl: 'https://cpc.example.gov.uk',
      version: '1.0.0',
    }) as { manifest: Record<string, any> };
    const bad = {
      ...manifest,
      developer: { ...manifest.developer, name: 'Safeguarding and Reviewing Service' },
      description: { ...manifest.description, short: 'x'.repeat(81) },
      accentColor: 'blue',
    };
    expect(teamsManifestProblems(bad)).toEqual(
      expect.arrayContaining([
        '/developer/name: must NOT have more than 32 characters',
        '/description/short: must NOT have more than 80 characters',
        expect.stringMatching(/^\/accentColor: /),
      ]),
    );
    expect(() => teamsManifestProblems({ ...manifest, manifestVersion: '0.9' })).toThrow(
      /manifestVersion: no published Teams schema for 0.9/,
    );
  });

  it('names its publisher from TEAMS_DEVELOPER_NAME, and refuses one longer than Teams allows', () => {
    const out = path.join(dir, 'named.zip');
    const ok = runPackage(
      {
        MICROSOFT_APP_ID: APP_ID,
        PUBLIC_BASE_URL: 'https://cpc.example.gov.uk',
        TEAMS_DEVELOPER_NAME: 'Riverside "Borough" Council',
      },
      out,
    );
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(execFileSync('unzip', ['-p', out, 'manifest.json'], { encoding: 'utf8' })).developer.name).toBe(
      'Riverside "Borough" Council',
    );
    const long = runPackage(
      {
        MICROSOFT_APP_ID: APP_ID,
        PUBLIC_BASE_URL: 'https://cpc.example.gov.uk',
        TEAMS_DEVELOPER_NAME: 'Riverside Borough Council Children’s Services',
      },
      path.join(dir, 'long.zip'),
    );
    expect(long.status).toBe(2);
    expect(long.stderr).toMatch(/TEAMS_DEVELOPER_NAME: at most 32 characters/);
  });

  it('writes no package whose icon Teams would refuse', () => {
    const manifestDir = path.join(dir, 'bad-icons');
    mkdirSync(manifestDir);
    for (const f of ['manifest.json', 'color.png']) copyFileSync(path.join('manifest', f), path.join(manifestDir, f));
    writeFileSync(
      path.join(manifestDir, 'outline.png'),
      encodePng(48, 48, () => [255, 255, 255, 255]),
    );
    expect(() =>
      buildTeamsPackage({ appId: APP_ID, publicBaseUrl: 'https://cpc.example.gov.uk', version: '1.0.0', manifestDir }),
    ).toThrow(/outline\.png: must be 32×32 pixels, is 48×48/);
  });

  it('refuses to package without a GUID app id and an https base URL', () => {
    const r = runPackage(
      { MICROSOFT_APP_ID: 'my-bot', PUBLIC_BASE_URL: 'http://localhost:3978' },
      path.join(dir, 'bad.zip'),
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/MICROSOFT_APP_ID/);
    expect(r.stderr).toMatch(/PUBLIC_BASE_URL/);
  });
});
