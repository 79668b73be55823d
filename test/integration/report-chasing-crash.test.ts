/**
 * Report chasing under a worker crash (split from report-chasing.test.ts so the two files can run
 * on different vitest workers): a worker process is SIGKILLed while invitations and report
 * requests are on the wire, a second worker (in this process: no one kills it) finishes the jobs,
 * and every recipient gets each message once.
 */
import type { ChildProcess } from 'node:child_process';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { redisUrl } from '../helpers/redis.ts';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';
import {
  killWorker,
  spawnWorker as spawnTrackedWorker,
  startInProcessWorker,
  type WorkerProcess,
} from '../helpers/worker-process.ts';
import { until } from '../helpers/wait.ts';

const COORDINATOR = 'coordinator@example.gov.uk';

const services: TestService[] = [];
const children: ChildProcess[] = [];
const closers: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  // Each worker runs in its own process group: kill the group.
  for (const c of children.splice(0))
    if (c.exitCode === null && c.signalCode === null) await killGroup(c).catch(() => undefined);
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  for (const s of services.splice(0)) await s.stop();
});

async function start(env: Record<string, string> = {}): Promise<TestService> {
  const s = await startTestService(env);
  services.push(s);
  return s;
}

async function createConference(s: TestService, body: unknown): Promise<{ id: string }> {
  const r = await s.api('POST', '/api/conferences', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

async function view(s: TestService, id: string): Promise<any> {
  const r = await s.api('GET', `/api/conferences/${id}`);
  expect(r.status).toBe(200);
  return r.body;
}

interface SlowMessage {
  envelopeTo: string[];
  messageId: string;
  subject: string;
  /**
   * The client had gone (worker killed) before the server's answer to the end of DATA. Such a copy
   * is not accepted as far as the sender can know; a real MTA may still deliver it, which is the
   * one window where a duplicate (with the same Message-ID) is unavoidable.
   */
  clientGoneBeforeAnswer: boolean;
}

/** An SMTP server that takes `delayMs` to answer the end of each DATA. */
async function startSlowSink(delayMs: number) {
  const messages: SlowMessage[] = [];
  let inFlight = 0;
  const openSockets = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        inFlight++;
        const parsed: ParsedMail = await simpleParser(Buffer.concat(chunks));
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        setTimeout(() => {
          inFlight--;
          const gone = !openSockets.has(`${session.remoteAddress}:${session.remotePort}`);
          messages.push({
            envelopeTo,
            messageId: parsed.messageId ?? '',
            subject: parsed.subject ?? '',
            clientGoneBeforeAnswer: gone,
          });
          try {
            cb();
          } catch {
            /* the client is gone */
          }
        }, delayMs);
      });
    },
  });
  server.server.on('connection', (socket) => {
    const key = `${socket.remoteAddress?.replace(/^::ffff:/, '')}:${socket.remotePort}`;
    openSockets.add(key);
    socket.once('close', () => openSockets.delete(key));
  });
  // A client that dies mid-conversation (a killed worker) resets its socket: not a test failure.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** Copies the sender saw accepted (it was still there for the answer). */
    accepted: () => messages.filter((m) => !m.clientGoneBeforeAnswer),
    inFlight: () => inFlight,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function spawnWorker(env: Record<string, string>): WorkerProcess {
  const w = spawnTrackedWorker(env);
  children.push(w.child);
  return w;
}

const killGroup = killWorker;

/*
 * A message the killed worker had claimed in the send ledger but never got accepted must still go
 * out, once (src/app/shared/deliver.ts, src/storage/redis-ledger.ts): a re-run that finds a live `sending`
 * lease retries (SendInProgressError) rather than treating it as sent, and the lease is measured on
 * the real clock, since the simulated clock never moves in a worker process.
 */
describe('exactly once under a worker crash', () => {
  it(
    'sends every invitation and report request once per recipient when a worker is killed mid-send',
    { timeout: 120_000 },
    async () => {
      const slow = await startSlowSink(1500);
      closers.push(() => slow.close());
      // Jobs take their attempts and backoff from the process that queues them: retries must outlast
      // the send lease of a message the killed worker had claimed. The lease is 8 s here, not the
      // default 30 s (it only has to outlast a send on this slow server: 1.5 s each, four at a time
      // through the pool), so the retries (0.5, 1.5, 3.5, 7.5, 15.5 s…) send soon after it ends
      // instead of waiting out 30 s and the next doubling (this test took 70 s with the default).
      const retries = { JOB_ATTEMPTS: '10', JOB_BACKOFF_MS: '500', SEND_LEASE_MS: '8000' };
      const s = await start({ WORKERS: 'none', ...retries });
      const workerEnv = {
        NODE_ENV: 'test',
        REDIS_URL: redisUrl(),
        REDIS_PREFIX: s.prefix,
        SMTP_URL: slow.url,
        SMTP_REQUIRE_TLS: 'false',
        JOB_LOCK_MS: '2000',
        JOB_STALLED_INTERVAL_MS: '1000',
        ...retries,
        SIMULATED_CLOCK: '1',
        SIMULATED_START: '2026-12-01T09:00:00Z',
        COORDINATOR_EMAIL: COORDINATOR,
        LOG_LEVEL: 'warn',
      };
      const first = spawnWorker(workerEnv);
      closers.push(() => killGroup(first.child));
      await first.ready;

      const conf = await createConference(s, hackneyInitialBody());
      // Kill the worker while it is sending: messages on the wire, waiting for the server's answer.
      const deadline = Date.now() + 20_000;
      while (slow.inFlight() === 0) {
        if (Date.now() > deadline) throw new Error(`never caught the worker mid-send: ${first.output()}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      await killGroup(first.child);
      const acceptedBeforeKill = slow.accepted().length;
      expect(acceptedBeforeKill).toBeLessThan(8);

      const second = await startInProcessWorker(workerEnv);
      closers.push(() => second.stop());

      // Until no job is waiting, running or retrying (future chasers parked as delayed jobs do not
      // count: s.idle) and nothing is on the wire.
      await s.idle(90_000);
      await until('nothing on the wire', () => slow.inFlight() === 0, 30_000);

      // Every invitation (chair, social worker, health visitor, police, the emailing parent) and every report request.
      const expected = [
        ...[
          'chair@example.gov.uk',
          'sw@example.gov.uk',
          'hv@nhs.example.org',
          'police@police.example.uk',
          'jade@family.example.com',
        ].map((r) => `invite ${r}`),
        ...['sw@example.gov.uk', 'hv@nhs.example.org', 'police@police.example.uk'].map((r) => `request ${r}`),
      ].sort();
      const label = (m: SlowMessage) =>
        `${m.subject.startsWith('Report request') ? 'request' : 'invite'} ${m.envelopeTo.join(',')}`;
      const byLabel = new Map<string, SlowMessage[]>();
      for (const m of slow.messages) byLabel.set(label(m), [...(byLabel.get(label(m)) ?? []), m]);
      const summary = [...byLabel]
        .map(
          ([k, ms]) =>
            `${k}: ${ms.filter((m) => !m.clientGoneBeforeAnswer).length} accepted${ms.some((m) => m.clientGoneBeforeAnswer) ? ` + ${ms.filter((m) => m.clientGoneBeforeAnswer).length} on the wire at the kill` : ''}`,
        )
        .join('\n');
      const v = await view(s, conf.id);
      const failed = await s.api('GET', '/api/jobs/failed');
      const ledger = Object.entries<any>(v.deliveries)
        .map(([k, e]) => `${k}=${e.state}`)
        .join(' ');
      const context = `killed after ${acceptedBeforeKill} accepted\n${summary}\nledger: ${ledger}\nfailed jobs: ${JSON.stringify(failed.body)}\nworker 2: ${second.output()}`;

      // Each recipient has each message accepted exactly once: none missing, none twice.
      for (const k of expected) {
        const ms = byLabel.get(k) ?? [];
        expect(ms.filter((m) => !m.clientGoneBeforeAnswer).length, `${k} accepted\n${context}`).toBe(1);
        // The only possible extra copy is one the killed worker had on the wire, and it carries the same Message-ID.
        expect(new Set(ms.map((m) => m.messageId)).size, `${k} Message-IDs\n${context}`).toBe(1);
      }
      expect([...byLabel.keys()].sort(), context).toEqual(expected);
      for (const [key, entry] of Object.entries<any>(v.deliveries))
        if (
          /^(send-invites|report-request)-a\d+-v1$/.test(key) &&
          !/^(post|via-social-worker):/.test(entry.messageId ?? '')
        )
          expect(entry.state, `${key}\n${context}`).toBe('sent');
      expect(failed.body, context).toEqual([]);
      for (const a of v.attendees.filter((x: any) => x.report)) expect(a.report.status).toBe('requested');
    },
  );
});
