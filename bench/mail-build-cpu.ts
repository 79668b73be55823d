/**
 * `npx tsx bench/mail-build-cpu.ts`: CPU per letter of putting a decision email on the wire, with
 * no SMTP server or Redis work in the measurement. One conference like the fan-out bench's is
 * decided and approved; the emails its fan-out hands to the mailer are kept; then each is built
 * ROUNDS times as the SMTP mailer would (toSendMailOptions, nodemailer's MIME stream, the SMTP
 * data stream's dot-escaping) and the CPU per letter printed. Figures, not assertions.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import DataStream from 'nodemailer/lib/smtp-connection/data-stream.js';
import { toSendMailOptions } from '../src/channels/email/message.ts';
import { createLogger } from '../src/infra/logger.ts';
import type { OutgoingEmail } from '../src/ports.ts';
import { startRuntime } from '../src/runtime/start.ts';
import { deleteKeysByPrefix } from '../src/storage/redis-keys.ts';
import { benchApi, benchConfig, BENCH_KEY } from './bench-config.ts';
import { holdAndDecide } from './conference-body.ts';
import { fanOutConferenceBody } from './decision.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `benchmail${Date.now().toString(36)}`;
const rt = await startRuntime(
  benchConfig({ redisUrl: url, prefix, start: '2027-01-04T09:00:00Z', env: { LOG_LEVEL: 'error' } }),
  createLogger({ level: 'error' }),
);
const sent: OutgoingEmail[] = [];
rt.deps.mailer = {
  async send(m) {
    if (/decision/i.test(m.subject)) sent.push(m);
    return { messageId: m.messageId ?? 'x' };
  },
};
const api = benchApi(rt.url, BENCH_KEY);
const idle = async () => {
  for (;;) {
    const c = await rt.scheduler.queue.getJobCounts('waiting', 'active', 'prioritized', 'delayed');
    if ((c['waiting'] ?? 0) + (c['active'] ?? 0) + (c['prioritized'] ?? 0) === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
};
const c = (await api('POST', '/api/conferences', fanOutConferenceBody(0, 30))) as {
  id: string;
  attendees: { id: string }[];
};
await idle();
await api('POST', '/api/dev/clock', { advanceTo: '2027-01-04T10:00' });
await holdAndDecide(api, c);
const base = `/api/conferences/${c.id}`;
await idle();
await api('POST', `${base}/decision/approve`, {});
await idle();
await rt.stop();
const { Redis } = await import('ioredis');
const cleaner = new Redis(url);
await deleteKeysByPrefix(cleaner, prefix);
cleaner.disconnect();

let bytes = 0;
const sink = () =>
  new Writable({
    write(chunk: Buffer, _e, cb) {
      bytes += chunk.length;
      cb();
    },
  });
async function build(m: OutgoingEmail, wire: boolean): Promise<void> {
  const mail = new MailComposer(toSendMailOptions(m, 'bench@example.gov.uk')).compile();
  mail.keepBcc = false;
  const stream = mail.createReadStream();
  if (wire) await pipeline(stream, new DataStream(), sink());
  else await pipeline(stream, sink());
}
const sizes = { text: 0, html: 0, pdf: 0 };
for (const m of sent) {
  sizes.text += m.text.length;
  sizes.html += m.html.length;
  sizes.pdf += (m.attachments ?? []).reduce((n, a) => n + a.content.length, 0);
}
const distinct = new Set(sent.flatMap((m) => (m.attachments ?? []).map((a) => a.content)));
console.log(
  `distinct attachment buffers ${distinct.size}; distinct texts ${new Set(sent.map((m) => m.text)).size}; distinct html ${new Set(sent.map((m) => m.html)).size}`,
);
console.log(
  `${sent.length} decision emails; mean text ${(sizes.text / sent.length).toFixed(0)} chars, html ${(sizes.html / sent.length).toFixed(0)} chars, attachments ${(sizes.pdf / sent.length).toFixed(0)} bytes`,
);
for (const wire of [false, true]) {
  for (const m of sent) await build(m, wire); // warm up
  bytes = 0;
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < ROUNDS; r++) for (const m of sent) await build(m, wire);
  const cpu = process.cpuUsage(cpu0);
  const n = ROUNDS * sent.length;
  console.log(
    `${wire ? 'MIME + SMTP dot-escaping' : 'MIME only              '}: ${((cpu.user + cpu.system) / 1000 / n).toFixed(3)} ms CPU per letter (${(bytes / n / 1024).toFixed(1)} KiB each, ${n} letters)`,
  );
}
process.exit(0);
