/**
 * The README's figures are the benchmark's own: the block between the markers is exactly what
 * bench/readme-figures.ts writes from bench/results/latest.json (`npm run bench` does it after a
 * full run, `npm run bench:readme` from the file as it stands).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { END, START, figuresBlock, withFigures } from '../../bench/readme-figures.ts';

const readme = readFileSync('README.md', 'utf8');

describe('README figures', () => {
  it('are the ones in bench/results/latest.json, with the command that made them', () => {
    expect(existsSync('bench/results/latest.json'), 'bench/results/latest.json is committed with the README').toBe(
      true,
    );
    const figures = JSON.parse(readFileSync('bench/results/latest.json', 'utf8'));
    const block = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);
    expect(block, 'README figures differ from bench/results/latest.json: run npm run bench:readme').toBe(
      figuresBlock(figures),
    );
    expect(block).toContain(`\`${figures.command}\``);
    expect(block).toContain('ratio ours ÷ transport');
  });

  it('replace the block in place, leaving the rest of the README as it was', () => {
    const before = `# Title\n\nIntro.\n\n${START}\nold figures\n${END}\n\n## Documentation\n`;
    const after = withFigures(before, {
      command: 'npm run bench',
      at: '2026-12-06T20:00:00Z',
      ratioOursToTransport: 0.61,
      decisionToLastRecipientMs: {
        p50: 1200,
        p99: 3400,
        conferences: 50,
        recipientsEach: 30,
        workerProcesses: 2,
        workerConcurrency: 10,
        smtpPoolSize: 8,
      },
    });
    expect(after.startsWith('# Title\n\nIntro.\n\n')).toBe(true);
    expect(after.endsWith('\n\n## Documentation\n')).toBe(true);
    expect(after).not.toContain('old figures');
    expect(after).toContain('| ratio ours ÷ transport (target ≥ 0.5) | 0.61 |');
    expect(
      withFigures(before, {
        ratioOursToTransport: 0.61,
        ratioOursToTransportRange: { min: 0.55, max: 0.64, rounds: 5 },
      }),
    ).toContain('| ratio ours ÷ transport (target ≥ 0.5) | 0.61 (median of 5 rounds after a warm-up, 0.55–0.64) |');
    expect(after).toContain('p50 1.2 s, p99 3.4 s (2 worker processes × 10 jobs, SMTP pool 8)');
    expect(after).toContain(
      '| Redis per active conference after its whole lifecycle (target ≤ 20 KB) | not measured |',
    );
  });
});
