/**
 * The README's figures, written from bench/results/latest.json so the two never disagree: `npm run
 * bench` rewrites the block between the markers after every run; `npm run bench:readme` rewrites
 * it from the file as it stands. Also the settings the README recommends, which the fan-out
 * section of the bench is measured with.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** What the README recommends for a fan-out, and what the bench's fan-out uses. */
export const RECOMMENDED = { workerProcesses: 2, workerConcurrency: 10, smtpPoolSize: 8 } as const;

export const START = '<!-- bench figures: written by npm run bench from bench/results/latest.json -->';
export const END = '<!-- end of bench figures -->';

type Figures = Record<string, any>;
const n = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x.toLocaleString('en-GB') : '—');
const s = (ms: unknown) => (typeof ms === 'number' ? `${(ms / 1000).toFixed(1)} s` : '—');

/** The Markdown block for the README. */
export function figuresBlock(f: Figures): string {
  const d = f['decisionToLastRecipientMs'];
  const w = f['workerSpeedup'];
  const late = f['delayedJobLatenessMs'];
  const range = f['ratioOursToTransportRange'];
  const rows: string[] = [
    `| our notifications (invites and report requests, end to end) | ${n(f['notificationMessagesPerSecond'])} messages/s |`,
    `| the transport's own ceiling (same messages, same pooled nodemailer, same SMTP sink) | ${n(f['transportMessagesPerSecond'])} messages/s |`,
    `| ratio ours ÷ transport (target ≥ 0.5) | ${f['ratioOursToTransport'] ?? '—'}${range ? ` (median of ${n(range.rounds)} rounds after a warm-up, ${range.min}–${range.max})` : ''} |`,
    `| ratio ours ÷ raw BullMQ no-op jobs (${n(f['rawBullmqNoopJobsPerSecond'])} jobs/s) | ${f['ratioOursToRaw'] ?? '—'} |`,
    d
      ? `| decision to last recipient, ${n(d.conferences)} conferences × ${n(d.recipientsEach)} approved at once (target p99 ≤ 5 s) | p50 ${s(d.p50)}, p99 ${s(d.p99)} (${n(d.workerProcesses)} worker processes × ${n(d.workerConcurrency)} jobs, SMTP pool ${n(d.smtpPoolSize)}) |`
      : '| decision to last recipient | not measured |',
    w
      ? `| fan-out with ${w.to.workerProcesses} worker processes instead of ${w.from.workerProcesses} (one Redis${w.warmUpConferences ? ', workers warmed first' : ''}) | ×${w.speedup} (${w.from.fanOutSeconds} s → ${w.to.fanOutSeconds} s) |`
      : '| worker speed-up | not measured |',
    late
      ? `| delayed-job lateness | p50 ${n(late.p50)} ms, p99 ${n(late.p99)} ms |`
      : '| delayed-job lateness | not measured |',
    `| Redis per active conference after its whole lifecycle (target ≤ 20 KB) | ${typeof f['redisBytesPerActiveConference'] === 'number' ? `${(f['redisBytesPerActiveConference'] / 1024).toFixed(1)} KB` : 'not measured'} |`,
  ];
  const when = typeof f['at'] === 'string' ? f['at'].slice(0, 10) : 'unknown date';
  return [
    START,
    f['command'] === 'npm run bench'
      ? `\`npm run bench\` (${when}, Node ${f['node'] ?? '?'}; every figure from that one run, also in \`bench/results/latest.json\`):`
      : `\`${f['command'] ?? 'npm run bench'}\` (${when}, Node ${f['node'] ?? '?'}; a partial run: the other sections' figures are from earlier runs, each section's time is in \`bench/results/latest.json\`):`,
    '',
    '| figure | value |',
    '|---|---|',
    ...rows,
    '',
    `Recommended for the fan-out: ${RECOMMENDED.workerProcesses} worker processes (\`npm run worker\`, one per core) beside a web process started with \`WORKERS=none\`, \`WORKER_CONCURRENCY=${RECOMMENDED.workerConcurrency}\`, \`SMTP_POOL_SIZE=${RECOMMENDED.smtpPoolSize}\` (as many connections as your mail provider allows). How the figures are made: [Benchmarks](docs/benchmarks.md).`,
    END,
  ].join('\n');
}

/** Replaces the block between the markers (or appends it under a "Figures" heading). */
export function withFigures(readme: string, f: Figures): string {
  const block = figuresBlock(f);
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a >= 0 && b > a) return readme.slice(0, a) + block + readme.slice(b + END.length);
  return `${readme.trimEnd()}\n\n## Figures\n\n${block}\n`;
}

export function updateReadme(file: string, f: Figures): void {
  writeFileSync(file, withFigures(readFileSync(file, 'utf8'), f));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  updateReadme('README.md', JSON.parse(readFileSync('bench/results/latest.json', 'utf8')) as Figures);
  process.stdout.write('README.md figures rewritten from bench/results/latest.json\n');
}
