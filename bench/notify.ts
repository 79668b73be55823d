/**
 * The bench's `notify` section: our end-to-end notification rate and the transport's own ceiling,
 * measured in rounds in one process against one long-lived runtime and one long-lived transport
 * (as a service's are). A round creates `conferences` conferences through the API and waits until
 * the SMTP sink has accepted their 12 messages each (ours), lets the queue go idle, then hands
 * the very messages our mailer sent in that round straight to the transport (the ceiling). The
 * first round is a warm-up, both sides, and is not counted: it pays for compiling our code and
 * nodemailer's, and for opening both pools. The figure is the median of the rounds' ratios (each
 * round's two halves run back to back, so a burst of load from elsewhere tends to hit one pair),
 * with the lowest and highest beside it.
 */
import { Redis } from 'ioredis';
import type { Config } from '../src/config.ts';
import { createLogger } from '../src/infra/logger.ts';
import { startRuntime } from '../src/runtime/start.ts';
import { deleteKeysByPrefix } from '../src/storage/redis-keys.ts';
import { benchConfig } from './bench-config.ts';
import { benchConferenceBody } from './conference-body.ts';
import { startMailSink } from './mail-sink.ts';
import { recordSent, startTransport } from './transport.ts';

/** Messages per bench conference: 7 invitations + 5 report requests. */
export const MESSAGES_PER_CONFERENCE = 12;

export interface NotifyRound {
  messages: number;
  /** From the first POST to the sink accepting the round's last message. */
  seconds: number;
  /** Until every POST had been answered. */
  apiSeconds: number;
  perSecond: number;
  /** This process's CPU (the sink's included) over the same window, per message. */
  cpuMsPerMessage: number;
  /** The same messages straight through the transport: absent when the ceiling is not measured. */
  transport?: { messages: number; seconds: number; perSecond: number; cpuMsPerMessage: number };
  /** Ours ÷ the transport's messages per second. */
  ratio?: number;
  /** The transport's CPU per message ÷ ours: what `ratio` comes to where nothing else wants the CPU. */
  cpuRatio?: number;
}

export interface NotifyRounds {
  /** The measured rounds, in the order they ran (the warm-up is not among them). */
  rounds: NotifyRound[];
  smtpPoolSize: number;
  workerConcurrency: number;
}

export interface NotifyOptions {
  conferences: number;
  /** Measured rounds after the warm-up. */
  rounds: number;
  /** @defaultValue true */
  warmUp?: boolean;
  /** @defaultValue true */
  withCeiling?: boolean;
  /** Config variables the runtime runs with (pool size, worker concurrency). */
  tuning?: Record<string, string>;
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const until = async (done: () => boolean | Promise<boolean>, everyMs: number) => {
  while (!(await done())) await new Promise((r) => setTimeout(r, everyMs));
};

export async function notificationRounds(url: string, prefix: string, o: NotifyOptions): Promise<NotifyRounds> {
  const smtp = await startMailSink();
  const config: Config = benchConfig({
    redisUrl: url,
    prefix,
    start: '2026-12-01T09:00:00Z',
    smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
    env: o.tuning ?? {},
  });
  const rt = await startRuntime(config, createLogger({ level: 'error' }));
  const sent = recordSent(rt.deps);
  const transport = o.withCeiling === false ? undefined : startTransport(config);
  const queueIdle = async () => {
    const c = await rt.scheduler.queue.getJobCounts('waiting', 'active', 'prioritized');
    return (c['waiting'] ?? 0) + (c['active'] ?? 0) + (c['prioritized'] ?? 0) === 0;
  };
  let next = 0;
  const round = async (): Promise<NotifyRound> => {
    sent.length = 0;
    const first = next;
    next += o.conferences;
    const expected = o.conferences * MESSAGES_PER_CONFERENCE;
    const before = smtp.accepted;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await Promise.all(
      Array.from({ length: o.conferences }, (_, i) =>
        fetch(`${rt.url}/api/conferences`, {
          method: 'POST',
          headers: { authorization: 'Bearer bench-key-0123456789abcdef', 'content-type': 'application/json' },
          body: JSON.stringify(benchConferenceBody(first + i)),
        }).then((r) => r.arrayBuffer()),
      ),
    );
    // The figure includes creating the conferences: the workers share the process (and its one
    // event loop) with the API, so little is sent until every POST has been answered.
    const apiSeconds = (performance.now() - t0) / 1000;
    await until(() => smtp.accepted - before >= expected, 2);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const messages = smtp.accepted - before;
    // The jobs' last writes (sent marks, completion) finish before the transport starts.
    await until(queueIdle, 5);
    const cpuMsPerMessage = (cpu.user + cpu.system) / 1000 / messages;
    const r: NotifyRound = { messages, seconds, apiSeconds, perSecond: messages / seconds, cpuMsPerMessage };
    if (!transport) return r;
    const tcpu0 = process.cpuUsage();
    const t = await transport.send([...sent], () => smtp.accepted);
    const tcpu = process.cpuUsage(tcpu0);
    const tCpuMs = (tcpu.user + tcpu.system) / 1000 / t.messages;
    return {
      ...r,
      transport: { ...t, cpuMsPerMessage: tCpuMs },
      ratio: r.perSecond / t.perSecond,
      cpuRatio: tCpuMs / cpuMsPerMessage,
    };
  };
  try {
    if (o.warmUp !== false) await round();
    const rounds: NotifyRound[] = [];
    for (let i = 0; i < o.rounds; i++) rounds.push(await round());
    return { rounds, smtpPoolSize: config.SMTP_POOL_SIZE, workerConcurrency: config.WORKER_CONCURRENCY };
  } finally {
    await rt.stop();
    await transport?.close();
    const redis = new Redis(url);
    await deleteKeysByPrefix(redis, prefix);
    redis.disconnect();
    await smtp.close();
  }
}
