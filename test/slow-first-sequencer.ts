/**
 * The order vitest hands test files to its workers: the files known to take longest first, then
 * vitest's own order. vitest sorts by the durations it cached from the last run, but a fresh clone
 * (CI) has no cache and falls back to the largest file first, which put chaos.test.ts (a 2 KB file
 * that runs for most of a minute) among the last integration files: it then ran on alone while the
 * other workers had finished. Started first, the long files overlap the many short ones and the
 * workers finish together.
 */
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Longest first, by their time in a full run (in the file's own terms: child processes, Chromium,
 * a Sentinel failover, waits on leases). Add a file here when it runs for much longer than its size
 * suggests; a file missing from the list still runs, in vitest's order.
 */
export const SLOW_FILES = [
  'test/e2e/desk-browser.test.ts',
  'test/integration/chaos.test.ts',
  'test/integration/circulation-crash.test.ts',
  'test/integration/startup.test.ts',
  'test/e2e/browser.test.ts',
  'test/integration/redis-sentinel.test.ts',
  'test/integration/demo.test.ts',
  'test/integration/report-chasing-crash.test.ts',
  'test/e2e/figures-browser.test.ts',
  'test/integration/outcome-letters.test.ts',
  'test/integration/held-letter-waits.test.ts',
  // Per preset, one lifecycle each (about 20 s CPU, 50-70 s on a loaded machine).
  'test/integration/companion-core-group.test.ts',
  'test/integration/decision-safeguards.test.ts',
];

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const rank = (f: TestSpecification) => {
      const i = SLOW_FILES.indexOf(path.relative(root, f.moduleId).split(path.sep).join('/'));
      return i === -1 ? SLOW_FILES.length : i;
    };
    // Projects stay in vitest's order (one after the other, so a worker goes on to the next file of
    // its project without importing everything again); within a project the slow files go first.
    const project = new Map<string, number>();
    for (const f of sorted) if (!project.has(f.project.name)) project.set(f.project.name, project.size);
    return sorted
      .map((f, i) => ({ f, i }))
      .sort(
        (a, b) => project.get(a.f.project.name)! - project.get(b.f.project.name)! || rank(a.f) - rank(b.f) || a.i - b.i,
      )
      .map(({ f }) => f);
  }
}
