/**
 * `npx tsx bench/smtp-latency.ts`: how long one SMTP connection takes per message, apart from CPU.
 * BENCH_LETTERS letters the size of a decision letter (text, HTML and a 35 KB PDF) are sent one
 * after another through the production mailer (createSmtpMailer, one pooled connection) to the
 * bench's mail sink in this process, and the wall time and CPU per message printed. On an idle
 * machine the two should be close: a gap of tens of milliseconds a message is waiting on the
 * network stack (e.g. Nagle's algorithm), which no CPU cut removes. The wall time is only
 * meaningful on a quiet machine; the median is printed beside the mean. Figures, not assertions.
 */
import { randomBytes } from 'node:crypto';
import { createSmtpMailer } from '../src/channels/email/smtp-mailer.ts';
import { startMailSink } from './mail-sink.ts';

const LETTERS = Number(process.env.BENCH_LETTERS ?? 200);
const sink = await startMailSink();
const mailer = createSmtpMailer({
  url: `smtp://127.0.0.1:${sink.port}`,
  from: { name: 'Bench', address: 'bench@example.gov.uk' },
  requireTLS: false,
  ignoreTLS: true,
  pool: true,
  maxConnections: 1,
});
const letter = (i: number) => ({
  to: `p${i}@example.org`,
  subject: `CPC-2027-0001 decision`,
  text: 'The conference decided that the child will have a child protection plan.\n'.repeat(40),
  html: `<p>${'The conference decided that the child will have a child protection plan.</p>\n<p>'.repeat(40)}</p>`,
  attachments: [{ filename: 'decision.pdf', content: randomBytes(35_000), contentType: 'application/pdf' }],
});
for (let i = 0; i < 10; i++) await mailer.send(letter(i)); // connect and warm up
const walls: number[] = [];
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < LETTERS; i++) {
  const t = performance.now();
  await mailer.send(letter(i));
  walls.push(performance.now() - t);
}
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
await mailer.close?.();
await sink.close();
walls.sort((a, b) => a - b);
console.log(
  `${LETTERS} letters over one SMTP connection: wall ${(wall / LETTERS).toFixed(2)} ms per letter (median ${walls[Math.floor(LETTERS / 2)]!.toFixed(2)} ms), CPU ${((cpu.user + cpu.system) / 1000 / LETTERS).toFixed(2)} ms per letter (client and sink)`,
);
process.exit(0);
