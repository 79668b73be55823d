/**
 * Imports only point inward: domain ← content ← app ← channels/storage/jobs ← runtime/main.
 * Every relative import (static, type-only, re-export or dynamic) of src/ and jobs/ is read with
 * the TypeScript compiler's own pre-processor and checked against the layer table below.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

type Layer =
  | 'domain'
  | 'content'
  | 'ports'
  | 'infra'
  | 'app'
  | 'channels'
  | 'storage'
  | 'jobs'
  | 'config'
  | 'runtime'
  | 'cli'
  | 'main';

/** What each layer may import besides itself. Peers (channels, storage, jobs) do not import each other. */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  domain: [],
  content: ['domain'],
  ports: ['domain'],
  /** Logger, redaction, clock, the data cipher, the rate limiter's interface: used by every layer from app outwards. */
  infra: ['domain', 'ports'],
  app: ['domain', 'content', 'ports', 'infra'],
  channels: ['domain', 'content', 'ports', 'infra', 'app'],
  storage: ['domain', 'content', 'ports', 'infra', 'app'],
  jobs: ['domain', 'content', 'ports', 'infra', 'app'],
  /** The one place that reads process.env, for the composition root. */
  config: ['domain', 'content', 'ports', 'infra', 'app', 'channels', 'storage', 'jobs'],
  runtime: ['domain', 'content', 'ports', 'infra', 'app', 'channels', 'storage', 'jobs', 'config'],
  cli: ['domain', 'content', 'ports', 'infra', 'app', 'channels', 'storage', 'jobs', 'config', 'runtime'],
  /** src/main.ts and src/worker.ts: nothing imports them. */
  main: ['domain', 'content', 'ports', 'infra', 'app', 'channels', 'storage', 'jobs', 'config', 'runtime'],
};

function layerOf(file: string): Layer | undefined {
  const [top, second] = file.split('/');
  if (top === 'jobs') return 'jobs';
  if (top !== 'src' || !second) return undefined;
  if (second === 'main.ts' || second === 'worker.ts') return 'main';
  if (second === 'ports.ts') return 'ports';
  // config.ts and its companions (config-docs.ts, notify-config.ts): read by the composition root.
  if (second === 'config.ts' || /^[a-z-]*config[a-z-]*\.ts$/.test(second)) return 'config';
  const dir = second as Layer;
  return dir in MAY_IMPORT ? dir : undefined;
}

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** Relative imports of a file, resolved to repository paths. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(path.join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
}

const SOURCES = [...tsFiles('src'), ...tsFiles('jobs')];
const EVERYTHING = [...SOURCES, ...tsFiles('test'), ...tsFiles('scripts'), ...tsFiles('bench')];

/** The longest a source file may grow before it is split (by responsibility, not by squeezing lines). */
const MAX_LINES = 300;

/** Whether a file of layer `from` may not import `target`. */
function forbidden(from: Layer, target: string): boolean {
  const to = layerOf(target);
  if (!to || to === from) return false;
  return to === 'main' || !MAY_IMPORT[from].includes(to);
}

function violations(): string[] {
  const out: string[] = [];
  for (const file of SOURCES) {
    const from = layerOf(file);
    if (!from) {
      out.push(`${file}: in no layer (add its folder to MAY_IMPORT)`);
      continue;
    }
    for (const target of importsOf(file)) if (forbidden(from, target)) out.push(`${file} -> ${target}`);
  }
  return out;
}

/** The tree's own code: what runs, and the scripts and benches that drive it (not the tests). */
const CODE = [...SOURCES, ...tsFiles('scripts'), ...tsFiles('bench')];

/** The import circles of src/, jobs/, scripts/ and bench/ (strongly connected files, type-only imports included), each sorted. */
function circles(): string[][] {
  const edges = new Map(CODE.map((f) => [f, importsOf(f).filter((t) => t !== f)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (f: string) => {
    index.set(f, index.size);
    low.set(f, index.get(f)!);
    stack.push(f);
    for (const t of edges.get(f) ?? []) {
      if (!edges.has(t)) continue;
      if (!index.has(t)) {
        visit(t);
        low.set(f, Math.min(low.get(f)!, low.get(t)!));
      } else if (stack.includes(t)) low.set(f, Math.min(low.get(f)!, index.get(t)!));
    }
    if (low.get(f) !== index.get(f)) return;
    const circle: string[] = [];
    let t: string;
    do {
      t = stack.pop()!;
      circle.push(t);
    } while (t !== f);
    if (circle.length > 1) found.push(circle.sort());
  };
  for (const f of CODE) if (!index.has(f)) visit(f);
  return found;
}

describe('architecture', () => {
  it('reads the imports (the check itself works)', () => {
    expect(SOURCES.length).toBeGreaterThan(100);
    expect(importsOf('src/app/shared/deliver.ts')).toContain('src/ports.ts');
    expect(layerOf('src/domain/steps.ts')).toBe('domain');
    // The imports the tree once had and no longer may: channels reading Config or storage, infra reading storage.
    expect(forbidden('channels', 'src/config.ts')).toBe(true);
    expect(forbidden('channels', 'src/storage/redis-store.ts')).toBe(true);
    expect(forbidden('jobs', 'src/storage/redis-store.ts')).toBe(true);
    expect(forbidden('infra', 'src/storage/redis-script.ts')).toBe(true);
    expect(forbidden('channels', 'src/infra/data-cipher.ts')).toBe(false);
  });

  it('has no import across a forbidden boundary (none tolerated)', () => {
    expect(
      violations(),
      'imports that point outward (domain ← content ← app ← channels/storage/jobs ← runtime/main)',
    ).toEqual([]);
  });

  it('has no import circle: no files import each other, directly or round a loop (type-only imports count)', () => {
    expect(circles()).toEqual([]);
  });

  it('re-exports nothing: each name is imported from the file that defines it, so no module hides where a thing lives', () => {
    const reExport = /^export (type )?(\*|\{[^}]*\})( as \w+)? from /m;
    expect(SOURCES.filter((f) => reExport.test(readFileSync(path.join(ROOT, f), 'utf8')))).toEqual([]);
  });

  it('keeps every file under src/ to 300 lines or fewer (a longer one is split by responsibility)', () => {
    const lines = (f: string) => readFileSync(path.join(ROOT, f), 'utf8').replace(/\n$/, '').split('\n').length;
    const tooLong = tsFiles('src')
      .filter((f) => lines(f) > MAX_LINES)
      .map((f) => `${f}: ${lines(f)} lines`);
    expect(tooLong, `files under src/ over ${MAX_LINES} lines`).toEqual([]);
  });

  it('keeps use-cases in feature folders: src/app itself holds only the step registry and the ports bundle', () => {
    const loose = tsFiles('src/app')
      .filter((f) => f.split('/').length === 3)
      .sort();
    expect(loose, 'a use-case belongs in its feature folder (src/app/<feature>/)').toEqual([
      'src/app/deps.ts',
      'src/app/handle-step.ts',
    ]);
  });

  it('nothing imports the entry points (src/main.ts, src/worker.ts): they are started, not imported', () => {
    const importers = EVERYTHING.filter((f) => importsOf(f).some((t) => t === 'src/main.ts' || t === 'src/worker.ts'));
    expect(importers).toEqual([]);
  });
});
