/**
 * A coordinator cancels (or moves) a conference just as a worker starts sending its invitations.
 * Withdrawing reads each of the conference's jobs, sees it waiting, then removes it: a worker that
 * takes the job in between holds it, and BullMQ will not remove a held job. That answered 500
 * ("nothing was changed") although the conference was already cancelled, and nobody was told (a
 * fresh-clone run of the whole suite, api.test's cancel). The race is made here, not waited for: the
 * web process runs no worker, and a worker of the test's own takes the invitations' job at the moment
 * the withdrawal has seen it waiting.
 */
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { WORKFLOW_QUEUE } from '../../jobs/queues.ts';
import { redisUrl } from '../helpers/redis.ts';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
import { startInProcessWorker, workerEnvFor } from '../helpers/worker-process.ts';

const start = startedServices();
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
});

/**
 * When the service next reads its conference's invitations job as waiting, a worker takes that job
 * (and any queued before it) before the service acts on what it read. `release` hands them back.
 */
async function takeInvitationsWhenSeenWaiting(s: TestService) {
  const connection = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  const worker = new Worker(WORKFLOW_QUEUE, null, { connection, prefix: `${s.prefix}-bull` });
  closers.push(async () => {
    await worker.close();
    await connection.quit();
  });
  const token = 'test-worker';
  const held: Job[] = [];
  const queue = s.rt.scheduler.queue;
  const getJob = queue.getJob.bind(queue);
  queue.getJob = async (id: string) => {
    const job = await getJob(id);
    if (!job || job.name !== 'send-invites') return job;
    const getState = job.getState.bind(job);
    job.getState = async () => {
      const state = await getState();
      if (state !== 'waiting' || held.some((h) => h.id === job.id)) return state;
      for (;;) {
        const next = await worker.getNextJob(token, { block: false });
        if (!next) throw new Error('the invitations job was not waiting to be taken');
        held.push(next);
        if (next.id === job.id) return state;
      }
    };
    return job;
  };
  return {
    held: () => held.map((j) => j.name),
    release: async () => {
      queue.getJob = getJob;
      for (const job of held) await job.moveToWait(token);
    },
  };
}

/** A worker as `npm run worker` starts it, to send what is left once the race is over. */
async function runWorker(s: TestService) {
  const w = await startInProcessWorker(workerEnvFor(s));
  closers.push(() => w.stop());
  await s.idle();
}

describe('withdrawing a conference while a worker takes its invitations', () => {
  it('cancel answers 200, is recorded, and the invitations the worker took send nothing', async () => {
    const s = await start({ WORKERS: 'none' });
    const created = await s.api('POST', '/api/conferences', hackneyInitialBody());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const race = await takeInvitationsWhenSeenWaiting(s);

    const r = await s.api('POST', `/api/conferences/${id}/cancel`, {
      reason: 'Family moved away',
      requestedBy: 'Team Manager',
    });
    expect(race.held()).toContain('send-invites');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.state).toBe('cancelled');

    await race.release();
    await runWorker(s);
    const view = (await s.api('GET', `/api/conferences/${id}`)).body;
    expect(view.state).toBe('cancelled');
    expect(view.audit.find((e: any) => e.action === 'conference.cancelled')?.detail).toMatchObject({
      requestedBy: 'Team Manager',
      reason: 'Family moved away',
    });
    // Nobody was invited to it, so nobody has anything to withdraw: no mail at all.
    expect(s.smtp.messages.map((m) => m.parsed.subject)).toEqual([]);
    expect(view.pendingJobs).toEqual([]);
    expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
  });

  it('reschedule answers 200 and everyone is invited once, at the new time', async () => {
    const s = await start({ WORKERS: 'none' });
    const created = await s.api('POST', '/api/conferences', hackneyInitialBody());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const race = await takeInvitationsWhenSeenWaiting(s);

    const r = await s.api('POST', `/api/conferences/${id}/reschedule`, {
      startsAt: '2027-01-05T14:00',
      reason: 'Room',
      requestedBy: 'Coordinator',
    });
    expect(race.held()).toContain('send-invites');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.version).toBe(2);

    await race.release();
    await runWorker(s);
    const invited = s.smtp.messages.filter((m) => /invit/i.test(m.parsed.subject ?? ''));
    const to = invited.map((m) => m.envelopeTo.join(','));
    expect(invited.length).toBeGreaterThan(0);
    expect(new Set(to).size).toBe(to.length);
    for (const m of invited) {
      expect(m.parsed.subject).toContain('Tue 5 Jan 2027');
      expect(m.parsed.text ?? '', m.parsed.subject).toContain('5 January');
      expect(m.parsed.text ?? '', m.parsed.subject).not.toContain('4 January');
    }
    expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
  });
});
