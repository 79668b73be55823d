/**
 * Attacks on the jobs in Redis: a conference's report-request job (one per conference) edited to
 * name another conference, or an attendee the conference never had. A job's id says what it is
 * (`conf-<id>-<step>-<attendee|all>-v<version>`): a payload that no longer agrees with it can never
 * be the job that was queued, so it fails at once (no retries), visibly in the failed list with
 * the field named, and sends nothing. Before, the edited jobs "completed": nobody was asked for a
 * report and nothing told the coordinator.
 */
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
import { redisUrl } from '../helpers/redis.ts';
import { handleStep } from '../../src/app/handle-step.ts';
import { StepCannotSucceedError } from '../../src/ports/jobs.ts';

const start = startedServices();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function book(s: TestService, startsAt: string): Promise<{ id: string; reference: string }> {
  const r = await s.api('POST', '/api/conferences', hackneyInitialBody({ startsAt }));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

describe('a job edited in Redis', () => {
  it('fails at once, visibly, naming the field, and sends nothing', async () => {
    const s = await start();
    const first = await book(s, '2027-01-04T10:00');
    const second = await book(s, '2027-01-05T10:00');
    await s.advanceTo(new Date(s.rt.clock.now().getTime() + 1000).toISOString()); // invitations and requests
    const queue = new Queue('workflow', { connection: { url: redisUrl() } as any, prefix: `${s.prefix}-bull` });
    closers.push(() => queue.close());
    // Each conference's first reminder (one job, reminding its social worker a2 among others), waiting in Redis.
    const reminder = async (id: string) => {
      const job = (await s.rt.deps.jobs.pending(id)).find((j) => j.step === 'report-reminder-1');
      expect(job, id).toBeDefined();
      return job!;
    };
    const [mine, theirs] = [await reminder(first.id), await reminder(second.id)];
    const edit = async (id: string, change: Record<string, unknown>) => {
      const job = (await queue.getJob(id))!;
      await job.updateData({ ...job.data, ...change });
    };
    await edit(mine.id, { conferenceId: second.id }); // the other conference's author, reminded early
    await edit(theirs.id, { attendeeId: 'a99' }); // an attendee it never had: nobody reminded
    // What either conference holds about its social worker's report, and what was sent to them.
    const socialWorkers = async () =>
      JSON.stringify(
        await Promise.all(
          [first.id, second.id].map(async (id) => [
            (await s.rt.deps.store.get(id))!.reports['a2'],
            Object.keys(await s.rt.deps.ledger.list(id)).filter((k) => k.includes('-a2-')),
          ]),
        ),
      );
    const before = await socialWorkers();
    const { ran } = await s.advanceTo(mine.runAt > theirs.runAt ? mine.runAt : theirs.runAt);
    expect(ran.filter((r) => r.id === mine.id || r.id === theirs.id).map((r) => [r.id, r.outcome])).toEqual(
      expect.arrayContaining([
        [mine.id, 'failed'],
        [theirs.id, 'failed'],
      ]),
    );
    expect(await socialWorkers()).toBe(before); // nobody reminded, nothing recorded

    // The coordinator sees both in the failed list, each tried once, with what was wrong.
    const failed = (await s.api('GET', '/api/jobs/failed')).body as {
      id: string;
      failedReason: string;
      attemptsMade: number;
    }[];
    const of = (id: string) => failed.find((j) => j.id === id)!;
    expect(of(mine.id)).toMatchObject({ attemptsMade: 1 });
    expect(of(mine.id).failedReason).toMatch(/invalid job payload: conferenceId: not the conference of this job/);
    expect(of(theirs.id)).toMatchObject({ attemptsMade: 1 });
    expect(of(theirs.id).failedReason).toMatch(/invalid job payload: attendeeId: not the attendee of this job/);
  });

  it('a whole job forged in Redis (id and payload agreeing) naming an attendee never added fails at once, visibly', async () => {
    const s = await start();
    const conf = await book(s, '2027-01-04T10:00');
    await s.advanceTo(new Date(s.rt.clock.now().getTime() + 1000).toISOString()); // invitations and requests
    const queue = new Queue('workflow', { connection: { url: redisUrl() } as any, prefix: `${s.prefix}-bull` });
    closers.push(() => queue.close());
    const runAt = new Date(s.rt.clock.now().getTime() + 60_000).toISOString();
    // As a chaser queued before chasers were shared would be, and an added author's request (their number).
    const forged = [
      { id: `conf-${conf.id}-report-reminder-1-a99-v1`, data: { step: 'report-reminder-1', attendeeId: 'a99' } },
      { id: `conf-${conf.id}-report-sharing-check-a98-v1`, data: { step: 'report-sharing-check', attendeeId: 'a98' } },
      { id: `conf-${conf.id}-report-request-all-v1-s97`, data: { step: 'report-request', seq: 97 } },
    ];
    for (const f of forged)
      await queue.add(f.data.step, { conferenceId: conf.id, version: 1, runAt, ...f.data }, { jobId: f.id, delay: 0 });
    const audit = (await s.rt.deps.store.readAudit(conf.id)).length;
    await s.idle();
    const failed = (await s.api('GET', '/api/jobs/failed')).body as {
      id: string;
      failedReason: string;
      attemptsMade: number;
    }[];
    for (const [f, who] of forged.map((x, i) => [x, ['a99', 'a98', 'a97'][i]] as const)) {
      const job = failed.find((j) => j.id === f.id);
      expect(job, f.id).toMatchObject({ attemptsMade: 1 });
      expect(job!.failedReason).toBe(`${f.data.step}: no attendee ${who} was ever added to ${conf.reference}`);
    }
    expect((await s.rt.deps.store.readAudit(conf.id)).length).toBe(audit);
  });
});

describe('a shared report chaser forged in Redis with a run time still to come', () => {
  it('chases nobody before their time: no overdue email, no manager told, nothing recorded', async () => {
    const s = await start();
    // Reports due Tuesday 29 December 17:00: overdue chasers the 30th, managers told the 31st.
    const conf = await book(s, '2027-01-04T10:00');
    await s.advanceTo('2026-12-21T12:00'); // the requests have gone; nobody is late yet
    const c = (await s.rt.deps.store.get(conf.id))!;
    const audit = (await s.rt.deps.store.readAudit(conf.id)).length;
    const mails = s.smtp.messages.length;
    // Id and payload agree (conf-<id>-<step>-all-v<version>-t<time>), so the worker hands it on; a
    // worker on the real clock runs it at once. Its time is after every author's chaser, so without
    // a check each one is "late" and never sent that step.
    for (const step of ['report-overdue', 'report-escalation'] as const) {
      const payload = { conferenceId: conf.id, version: c.version, step, runAt: '2027-01-01T12:00:00.000Z' };
      const err = await handleStep(s.rt.deps, payload).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err, step).toBeInstanceOf(StepCannotSucceedError);
      expect(err!.message).toContain('runAt');
    }
    const sent = s.smtp.messages.slice(mails).map((m) => `${m.envelopeTo.join(',')}: ${m.parsed.subject ?? ''}`);
    expect(sent).toEqual([]);
    expect((await s.rt.deps.store.readAudit(conf.id)).length).toBe(audit);
    // The real chasers still go at their time, once each.
    await s.advanceTo('2026-12-31T12:00');
    const managers = s.smtp.messages.filter((m) => m.envelopeTo.includes('sw.manager@example.gov.uk'));
    expect(managers).toHaveLength(1);
  });
});
