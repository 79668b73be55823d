/**
 * `npx tsx bench/pdf-cpu.ts`: CPU per decision-letter PDF, and each PDF's SHA-256 (so a change to
 * the renderer can show the bytes are the same). One conference like the fan-out bench's is decided
 * and approved; the letters its fan-out asks the render cache for are kept (their LetterInput);
 * then each is drawn BENCH_ROUNDS times in this process (renderLetterPdf, as a cache miss does) and
 * the CPU per PDF printed. Figures, not assertions.
 */
import { createHash } from 'node:crypto';
import { renderLetterPdf, type LetterInput } from '../src/content/pdf-letter.ts';
import { createLogger } from '../src/infra/logger.ts';
import { startRuntime } from '../src/runtime/start.ts';
import { deleteKeysByPrefix } from '../src/storage/redis-keys.ts';
import { benchApi, benchConfig, BENCH_KEY } from './bench-config.ts';
import { holdAndDecide } from './conference-body.ts';
import { fanOutConferenceBody } from './decision.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `benchpdf${Date.now().toString(36)}`;
const rt = await startRuntime(
  benchConfig({ redisUrl: url, prefix, start: '2027-01-04T09:00:00Z', env: { LOG_LEVEL: 'error' } }),
  createLogger({ level: 'error' }),
);
const letters = new Map<string, LetterInput>();
const renders = rt.deps.renders;
rt.deps.renders = {
  ...renders,
  getOrRender(conferenceId, artefact, inputs, render) {
    letters.set(JSON.stringify(inputs), inputs as LetterInput);
    return renders.getOrRender(conferenceId, artefact, inputs, render);
  },
  forget: (id) => renders.forget(id),
};
rt.deps.mailer = { send: async (m) => ({ messageId: m.messageId ?? 'x' }) };
const api = benchApi(rt.url, BENCH_KEY);
const idle = async () => {
  for (;;) {
    const c = await rt.scheduler.queue.getJobCounts('waiting', 'active', 'prioritized');
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
await idle();
letters.clear();
await api('POST', `/api/conferences/${c.id}/decision/approve`, {});
await idle();
await rt.stop();
const { Redis } = await import('ioredis');
const cleaner = new Redis(url);
await deleteKeysByPrefix(cleaner, prefix);
cleaner.disconnect();

const inputs = [...letters.values()];
for (const input of inputs) {
  const pdf = await renderLetterPdf(input);
  console.log(`${input.title}: ${pdf.length} bytes, sha256 ${createHash('sha256').update(pdf).digest('hex')}`);
}
for (let r = 0; r < 5; r++) for (const input of inputs) await renderLetterPdf(input); // warm up
const cpu0 = process.cpuUsage();
for (let r = 0; r < ROUNDS; r++) for (const input of inputs) await renderLetterPdf(input);
const cpu = process.cpuUsage(cpu0);
const n = ROUNDS * inputs.length;
console.log(`${inputs.length} letters x ${ROUNDS}: ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms CPU per PDF`);
process.exit(0);
