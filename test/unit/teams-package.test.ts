/** `npm run package:teams` produces a zip Teams accepts: a parsable manifest with placeholders filled and both icons. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readZip } from '../../scripts/lib/zip.ts';
import { pngSize } from '../../scripts/lib/png.ts';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const dir = mkdtempSync(path.join(tmpdir(), 'teams-pkg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runPackage(env: Record<string, string>, out: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/package-teams.ts', '--out', out], { env: { PATH: process.env['PATH'] ?? '', ...env }, encoding: 'utf8' });
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
    expect(manifest.authorization.permissions.resourceSpecific.map((p: { name: string }) => p.name)).toContain('OnlineMeeting.ReadBasic.Chat');

    const colour = pngSize(entries.find((e) => e.name === 'color.png')!.data);
    const outline = pngSize(entries.find((e) => e.name === 'outline.png')!.data);
    expect([colour.width, colour.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
  });

  it('refuses to package without a GUID app id and an https base URL', () => {
    const r = runPackage({ MICROSOFT_APP_ID: 'my-bot', PUBLIC_BASE_URL: 'http://localhost:3978' }, path.join(dir, 'bad.zip'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/MICROSOFT_APP_ID/);
    expect(r.stderr).toMatch(/PUBLIC_BASE_URL/);
  });
});
