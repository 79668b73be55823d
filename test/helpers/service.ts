import { afterEach } from 'vitest';
import nodemailer from 'nodemailer';
/**
 * The whole service in-process, as main.ts builds it, on the shared test Redis under a unique
 * prefix, with a real SMTP sink, simulated time and port 0 everywhere.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { DNSResolver } from 'mailauth';
import { readConfig } from '../../src/config.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { startRuntime, type Runtime } from '../../src/runtime/start.ts';
import { redisUrl } from './redis.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';

export const TEST_API_KEY = 'test-coordinator-key-0123456789';

export interface TestService {
  rt: Runtime;
  url: string;
  smtp: SmtpSink;
  logs: string[];
  prefix: string;
  api(method: string, path: string, body?: unknown, key?: string | null): Promise<{ status: number; body: any }>;
  advanceTo(iso: string): Promise<{ now: string; ran: { id: string; step: string; outcome: string }[] }>;
  /**
   * Waits until the in-process worker has nothing to do by the real clock: no job waiting or running
   * and none retrying after a failure (jobs parked for simulated time do not count). The clock does
   * not move. Use it before comparing stored state, so a job queued earlier (a report's notices, say)
   * cannot land in between.
   */
  idle(timeoutMs?: number): Promise<void>;
  redisKeys(): Promise<string[]>;
  stop(): Promise<void>;
}

/** `dnsResolver`: the DNS that sender authentication (INBOUND_AUTH=verify) asks; tests serve keys and policies from a stub. */
export async function startTestService(
  env: Record<string, string> = {},
  options: { dnsResolver?: DNSResolver } = {},
): Promise<TestService> {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cpc-test-'));
  const smtp = await startSmtpSink();
  const logs: string[] = [];
  const config = readConfig({
    NODE_ENV: 'test',
    REDIS_URL: redisUrl(),
    REDIS_PREFIX: prefix,
    PORT: '0',
    HOST: '127.0.0.1',
    INBOUND_SMTP_PORT: '0',
    DATA_DIR: dataDir,
    SMTP_URL: smtp.url,
    SMTP_REQUIRE_TLS: 'false',
    SIMULATED_CLOCK: '1',
    SIMULATED_START: '2026-12-01T09:00:00Z',
    COORDINATOR_API_KEY: TEST_API_KEY,
    COORDINATOR_EMAIL: 'coordinator@example.gov.uk',
    JOB_BACKOFF_MS: '200',
    JOB_ATTEMPTS: '3',
    ...env,
  });
  const logger = createLogger({ level: 'debug', write: (l) => logs.push(l) });
  let rt: Runtime;
  try {
    rt = await startRuntime(config, logger, options.dnsResolver ? { dnsResolver: options.dnsResolver } : {});
  } catch (e) {
    await smtp.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  const redis = new Redis(redisUrl());

  const api: TestService['api'] = async (method, p, body, key = TEST_API_KEY) => {
    const headers: Record<string, string> = {};
    if (key !== null) headers['authorization'] = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const logged = logs.length;
    const res = await fetch(rt.url + p, {
      method,
      headers,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    // A 500 says only "something went wrong"; its cause is in the log. Shown with the answer, so a
    // test that prints the body on an unexpected 500 names the cause (a flake seen once is then known).
    if (res.status === 500 && parsed && typeof parsed === 'object') {
      const causes = logs.slice(logged).filter((l) => l.includes('"msg":"request failed"'));
      if (causes.length) parsed = { ...parsed, logged: causes };
    }
    return { status: res.status, body: parsed };
  };

  const redisKeys = async () => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      found.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return found;
  };

  return {
    rt,
    url: rt.url,
    smtp,
    logs,
    prefix,
    api,
    redisKeys,
    advanceTo: async (iso) => {
      const r = await api('POST', '/api/dev/clock', { advanceTo: iso });
      if (r.status !== 200) throw new Error(`clock advance failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    },
    idle: async (timeoutMs = 15_000) => {
      const queue = rt.scheduler.queue;
      const deadline = Date.now() + timeoutMs;
      const key = (type: string) => queue.keys[type] ?? queue.toKey(type);
      for (;;) {
        // One snapshot (MULTI) of the waiting, running and delayed jobs: counted in two calls, a retry
        // moving from running to delayed, or back to waiting, between them was seen in neither, and
        // the service looked idle while a send still waited for its retry (report-chasing-crash).
        const snap = await redis
          .multi()
          .llen(key('wait'))
          .llen(key('active'))
          .zcard(key('prioritized'))
          .zrange(key('delayed'), 0, -1)
          .exec();
        const [waiting, active, prioritized, delayed] = (snap ?? []).map(([err, v]: [Error | null, unknown]) => {
          if (err) throw err;
          return v;
        }) as [number, number, number, string[]];
        const busy = waiting + active + prioritized;
        // A delayed job that has run before is a retry (BullMQ's attempts made, 'atm'; a future chaser parked as delayed has none).
        let retrying = 0;
        if (!busy && delayed.length) {
          const made = await Promise.all(delayed.map((id) => redis.hget(queue.toKey(id), 'atm')));
          retrying = made.filter((m) => Number(m ?? 0) > 0).length;
        }
        if (busy + retrying === 0) return;
        if (Date.now() > deadline)
          throw new Error(
            `service still busy after ${timeoutMs} ms (${busy} waiting or running, ${retrying} retrying)`,
          );
        await new Promise((r) => setTimeout(r, 15));
      }
    },
    stop: async () => {
      await rt.stop();
      const keys = await redisKeys();
      for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
      await redis.quit();
      await smtp.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A Hackney initial conference with two children, as a coordinator would post it. */
export function hackneyInitialBody(overrides: Record<string, unknown> = {}) {
  return {
    policy: 'hackney',
    kind: 'initial',
    startsAt: '2027-01-04T10:00',
    durationMinutes: 120,
    // The day the simulated clock starts: a strategy discussion is never after today (create-checks.ts).
    strategyDiscussionOn: '2026-12-01',
    mode: 'virtual',
    children: [
      { firstName: 'Ruby', lastName: 'Testfamily', dateOfBirth: '2019-05-02' },
      { firstName: 'Leo', lastName: 'Testfamily', dateOfBirth: '2022-09-17' },
    ],
    attendees: [
      { name: 'Chair Person', email: 'chair@example.gov.uk', role: 'chair', agency: 'Safeguarding and Reviewing' },
      {
        name: 'Sam Social',
        email: 'sw@example.gov.uk',
        role: 'social-worker',
        agency: "Children's social care",
        managerEmail: 'sw.manager@example.gov.uk',
      },
      {
        name: 'Hana Health',
        email: 'hv@nhs.example.org',
        role: 'professional',
        agency: 'Health visiting',
        managerEmail: 'hv.manager@nhs.example.org',
      },
      {
        name: 'Pat Police',
        email: 'police@police.example.uk',
        role: 'police',
        agency: 'Police',
        managerEmail: 'police.manager@police.example.uk',
      },
      { name: 'Jade Testfamily', email: 'jade@family.example.com', role: 'parent', contactPreference: 'email' },
      {
        name: 'Marcus Testfamily',
        role: 'parent',
        contactPreference: 'post',
        postalAddress: ['Marcus Testfamily', '14 Example Street', 'Testtown', 'TE1 1ST'],
      },
    ],
    ...overrides,
  };
}

/**
 * `date`, or the simulated clock's London date if that is earlier: a strategy discussion is never after
 * today (create-checks.ts), so a fixture dated before its conference can be booked at any point of a run.
 */
export function notAfterToday(s: TestService, date: string): string {
  const today = s.rt.clock.now().toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
  return date < today ? date : today;
}

/** Lets every job due at the current simulated time run (the dev clock route waits until they have). */
export async function runDueJobs(svc: TestService): Promise<void> {
  const now = (await svc.api('GET', '/api/dev/clock')).body.now as string;
  await svc.advanceTo(now);
}

/** Hands a message to the service's own inbound SMTP server, as a mail server would. */
export async function sendInbound(s: TestService, mail: nodemailer.SendMailOptions): Promise<void> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: s.rt.inbound!.port,
    secure: false,
    ignoreTLS: true,
  });
  try {
    await transport.sendMail(mail);
  } finally {
    transport.close();
  }
}

/**
 * `start(env)` for a test file: every service it starts is stopped after each test. Call once at
 * the top level of the file.
 */
export function startedServices(): (env?: Record<string, string>) => Promise<TestService> {
  const started: TestService[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });
  return async (env = {}) => {
    const s = await startTestService(env);
    started.push(s);
    return s;
  };
}
