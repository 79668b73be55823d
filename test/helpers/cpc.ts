/**
 * The `cpc` command in this process: the same `run` the bin (src/cli/bin.ts) calls, with its output
 * captured and an environment of the test's choosing (nothing from this process's own env), so a
 * test sees what the person at the terminal would see without paying for a tsx start each time.
 * test/integration/cli.test.ts keeps one real spawn of the bin.
 */
import { run } from '../../src/cli/cpc.ts';

export interface CpcResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The `cpc: …` lines on stderr: what the command says went wrong. */
  errorLines: string[];
}

export async function cpcInProcess(args: string[], env: Record<string, string> = {}): Promise<CpcResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { ...env },
  });
  return { code, stdout, stderr, errorLines: stderr.split('\n').filter((l) => l.startsWith('cpc:')) };
}
