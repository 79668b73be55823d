/**
 * The worklist index keeps each conference's items as `potentialWork` gave them, and takes out on a
 * write the members of the conference as it was: an index built under other rules keeps members the
 * rules no longer give (or lacks new ones) until it is rebuilt. It is rebuilt at start when built
 * under another WORK_INDEX_VERSION, which carries the fingerprint of the rules: this test works the
 * fingerprint out from the code and fails, giving the new value, when the rules changed and the
 * version was not moved with them.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { WORK_INDEX_VERSION } from '../../src/storage/redis-work-index.ts';

const ROOT = join(import.meta.dirname, '../..');

/** worklist.ts and every module it imports for its code (not only its types), transitively. */
function ruleModules(start: string): string[] {
  const seen = new Set<string>();
  const todo = [start];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^import (?!type )[^;]*? from '(\.[^']+)';/gms))
      todo.push(join(dirname(file), m[1]!));
  }
  return [...seen].sort();
}

/** The code as it runs: no types, comments or formatting, so only a change of behaviour moves it. */
function codeOf(file: string): string {
  const js = ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: true },
  }).outputText;
  return js.replace(/\s+/g, '').replace(/,([)\]}])/g, '$1');
}

function rulesFingerprint(): string {
  const hash = createHash('sha256');
  for (const file of ruleModules(join(ROOT, 'src/domain/worklist.ts')))
    hash.update(`${relative(ROOT, file)}\n${codeOf(file)}\n`);
  return hash.digest('hex').slice(0, 12);
}

describe('worklist index version', () => {
  it('moves with the rules behind potentialWork (worklist.ts and the domain code it runs)', () => {
    const rules = rulesFingerprint();
    const [, stated] = WORK_INDEX_VERSION.split(':');
    expect(
      stated,
      `The worklist rules changed: set WORK_INDEX_VERSION in src/storage/redis-work-index.ts to ` +
        `'${WORK_INDEX_VERSION.split(':')[0]}:${rules}' so that the next start rebuilds the index under them`,
    ).toBe(rules);
  });

  it('ignores comments and formatting', () => {
    const file = join(ROOT, 'src/domain/worklist.ts');
    const text = readFileSync(file, 'utf8');
    const same = ts.transpileModule(`// a note\n${text.replace(/\n/g, '\n\n')}`, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: true },
    }).outputText;
    expect(same.replace(/\s+/g, '').replace(/,([)\]}])/g, '$1')).toBe(codeOf(file));
  });
});
