/** Hackney's rules as "Quietshire", with names on the personal page only (`caseNames: link-page-only`). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Writes the policy file in a new folder: its path, and how to remove the folder afterwards. */
export function quietPolicyFile(): { file: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'cpc-policy-'));
  const file = path.join(dir, 'quiet.yaml');
  writeFileSync(
    file,
    [
      'extends: hackney',
      'id: quietshire',
      'name: Quietshire',
      'authority: Quietshire Council (fictional)',
      'example: true',
      'basis: test policy',
      'caseNames: link-page-only',
      '',
    ].join('\n'),
  );
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
