/**
 * A worker process SIGKILLed while it fans the decision out: a second worker finishes the job, and
 * every recipient gets the letter once. Only the worker that is killed is a process of its own; the
 * one that runs the jobs up to the decision and the one that finishes run in this process. The only allowed second copy is of a message that was on
 * the wire at the kill (the mail server had it, the ledger had not yet been told), and it carries
 * the same Message-ID, so the receiving mail system can drop it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { create, extraAttendees, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';
import { startSlowSink, type SlowMessage } from '../helpers/slow-smtp.ts';
import {
  killWorker,
  spawnWorker as spawnTrackedWorker,
  startInProcessWorker,
  workerEnvFor,
  type InProcessWorker,
  type WorkerProcess,
} from '../helpers/worker-process.ts';
import { until } from '../helpers/wait.ts';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
});

function spawnWorker(env: Record<string, string>): WorkerProcess {
  const w = spawnTrackedWorker(env);
  closers.push(() => killWorker(w.child));
  return w;
}

async function inProcessWorker(env: Record<string, string>): Promise<InProcessWorker> {
  const w = await startInProcessWorker(env);
  closers.push(() => w.stop());
  return w;
}

const kill = killWorker;

describe('exactly once under a worker crash during circulation', () => {
  it('loses and duplicates nothing when the worker is killed mid fan-out', { timeout: 150_000 }, async () => {
    // Jobs take their attempts and backoff from the process that queues them (this one): a killed
    // worker's claims hold for the send lease, so keep retrying past it. The workers' lease is 10 s,
    // not the default 30 s: it only has to outlast one batch of letters through the pool on this
    // slow server (under 6 s), and the retries (0.5, 1.5, 3.5, 7.5, 15.5 s…) then send soon after it
    // ends instead of after 31.5 s (this test took 61 s with the default lease).
    const s: TestService = await startTestService({ WORKERS: 'none', JOB_ATTEMPTS: '12', JOB_BACKOFF_MS: '500' });
    closers.push(() => s.stop());
    const env = (smtp: string): Record<string, string> =>
      workerEnvFor(s, {
        SMTP_URL: smtp,
        JOB_LOCK_MS: '2000',
        JOB_STALLED_INTERVAL_MS: '1000',
        JOB_BACKOFF_MS: '500',
        JOB_ATTEMPTS: '12',
        SEND_LEASE_MS: '10000',
      });

    // Up to the decision with a worker on the fast sink.
    const setup = await inProcessWorker(env(s.smtp.url));
    const base = hackneyInitialBody();
    const c = await create(s, { ...base, attendees: [...base.attendees, ...extraAttendees()] });
    await settle(s);
    await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
    await setup.stop();

    // Approve with no worker running, then fan out on a slow mail server and kill the worker mid-send.
    expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
    const slow = await startSlowSink(800, 400);
    closers.push(() => slow.close());
    const first = spawnWorker(env(slow.url));
    await first.ready;
    // Kill it with some letters accepted (and recorded) and others on the wire.
    const deadline = Date.now() + 30_000;
    while (!(slow.accepted.length >= 2 && slow.inFlight() > 1)) {
      if (Date.now() > deadline) throw new Error(`never caught the worker mid-send: ${first.output()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const killedAt = Date.now();
    await kill(first.child);
    const acceptedAtKill = slow.accepted.length;
    // Whose letter the killed worker had recorded as sent: those must never go again.
    const atKill = (await s.api('GET', `/api/conferences/${c.id}`)).body;
    const recordedAtKill = new Set<string>(
      atKill.circulation.recipients
        .filter((r: any) => r.status === 'sent')
        .map((r: any) => atKill.attendees.find((a: any) => a.id === r.attendeeId)?.email),
    );

    const second = await inProcessWorker(env(slow.url));
    const isLetter = (m: SlowMessage) =>
      /^Decision of child protection conference|^The decision of your/.test(m.subject);
    const expected = [
      'chair@example.gov.uk',
      'sw@example.gov.uk',
      'hv@nhs.example.org',
      'police@police.example.uk',
      'minutes@example.gov.uk',
      'jade@family.example.com',
    ].sort();
    let v: any;
    for (const until = Date.now() + 100_000; Date.now() < until;) {
      v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      if (v.state === 'follow-up') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    // Any straggling duplicate: a job still running or retrying, or a message still on the wire.
    await s.idle(60_000);
    await until('nothing on the wire', () => slow.inFlight() === 0, 30_000);
    const byRecipient = new Map<string, SlowMessage[]>();
    for (const m of slow.accepted.filter(isLetter))
      byRecipient.set(m.envelopeTo.join(','), [...(byRecipient.get(m.envelopeTo.join(',')) ?? []), m]);
    const summary = [...byRecipient]
      .map(
        ([k, ms]) =>
          `${k} ×${ms.length} (first answered ${ms[0]!.at - killedAt} ms from the kill${ms[0]!.clientGoneBeforeAnswer ? ', client gone' : ''})`,
      )
      .join('\n');
    const context = `killed after ${acceptedAtKill} accepted, recorded as sent then: ${[...recordedAtKill].join(', ')}\n${summary}\nstate ${v?.state}\nworker 2: ${second.output()}`;

    // None lost: every recipient, and the post parent's hard copy, and the conference moved on.
    expect([...byRecipient.keys()].sort(), context).toEqual(expected);
    expect(v.state, context).toBe('follow-up');
    expect(v.hardCopies.filter((h: any) => h.document === 'decision-letter')).toHaveLength(1);
    // Every email went; the one letter by post is queued once and waits for the printer.
    for (const r of v.circulation.recipients)
      if (r.channel !== 'none') expect(r.status, r.key).toBe(r.channel === 'post' ? 'waiting-to-print' : 'sent');
    // None duplicated, except a copy on the wire at the kill, repeated exactly: the same Message-ID
    // and Date, which mail stores that detect duplicates drop.
    for (const [k, ms] of byRecipient) {
      expect(new Set(ms.map((m) => m.messageId)).size, `${k}\n${context}`).toBe(1);
      expect(new Set(ms.map((m) => m.date)).size, `${k}\n${context}`).toBe(1);
      if (ms.length > 1) {
        expect(ms.length, `${k}\n${context}`).toBe(2);
        // The first copy was on the wire at the kill: answered after the worker died, or before it
        // but never recorded in the ledger (the ledger, not a time window: on a loaded machine the
        // killed worker can take over 400 ms to record an answer).
        expect(recordedAtKill.has(k), `${k}\n${context}`).toBe(false);
      }
    }
  });
});
