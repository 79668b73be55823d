/**
 * The README and docs/*.md link to each other and name files of the repository: every relative link
 * must reach a file, every #anchor a heading of the page it points at, and every repository path
 * named in code (`src/app/handle-step.ts`, `test/unit/`) must exist. A page moved, a heading
 * renamed or a source file moved without its docs fails here, naming the page and the link.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const PAGES = [
  'README.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const PATH_ROOTS = /^(src|test|bench|scripts|jobs|policies|manifest|docs)\/[\w./-]*$/;
/** What a command writes, not what the repository holds. */
const BUILT = /^manifest\/build\//;

/** Fenced blocks out, inline code kept apart (its text is no link, but may name a file). */
function parts(md: string): { prose: string; code: string[] } {
  const code: string[] = [];
  const prose = md.replace(/^```[\s\S]*?^```/gm, '').replace(/`([^`\n]+)`/g, (_, c: string) => {
    code.push(c);
    return 'CODE';
  });
  return { prose, code };
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of md.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = m[1]!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

/** The broken links and paths of one page, given how to read the others. */
export function brokenLinks(page: string, md: string, read: (file: string) => string | undefined): string[] {
  const broken: string[] = [];
  const { prose, code } = parts(md);
  for (const m of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1]!;
    if (/^[a-z]+:/i.test(target)) continue;
    const [path, anchor] = target.split('#') as [string, string | undefined];
    const file = path ? normalize(join(dirname(page), path)) : page;
    const text = read(file);
    if (text === undefined) broken.push(`${target}: no such file`);
    else if (anchor !== undefined && file.endsWith('.md') && !anchors(text).has(anchor))
      broken.push(`${target}: no heading #${anchor} in ${file}`);
  }
  for (const c of code)
    if (PATH_ROOTS.test(c) && !BUILT.test(c) && read(c.replace(/\/$/, '')) === undefined)
      broken.push(`\`${c}\`: no such file`);
  return broken;
}

const readRepo = (file: string) =>
  existsSync(file) ? (file.endsWith('.md') ? readFileSync(file, 'utf8') : '') : undefined;

describe('links in the README and docs', () => {
  it.each(PAGES)('%s: every link, #anchor and repository path it names exists', (page) => {
    expect(brokenLinks(page, readFileSync(page, 'utf8'), readRepo)).toEqual([]);
  });

  it('finds a broken link, a missing anchor and a moved file', () => {
    const files: Record<string, string> = { 'docs/a.md': '# A page\n\n## The `cpc` command\n', 'src/x.ts': '' };
    const md = [
      '[ok](a.md#the-cpc-command) [ok](../src/x.ts) [web](https://example.org/x) `src/x.ts`',
      '[gone](b.md) [no anchor](a.md#the-cpc) [self](#nowhere) `src/app/moved.ts`',
      '```\n[in a fence](nowhere.md)\n```',
    ].join('\n');
    expect(brokenLinks('docs/c.md', md, (f) => files[f] ?? (f === 'docs/c.md' ? md : undefined))).toEqual([
      'b.md: no such file',
      'a.md#the-cpc: no heading #the-cpc in docs/a.md',
      '#nowhere: no heading #nowhere in docs/c.md',
      '`src/app/moved.ts`: no such file',
    ]);
  });
});
