/**
 * Completed jobs are not kept in Redis (JOB_KEEP_COMPLETED=0 here): the send ledger and the audit
 * trail hold what happened. Job ids are deterministic, so the same deadline added again must still
 * send nothing twice: the conference's `ran` hash makes the re-add a no-op, and should that marker be
 * lost the send ledger finds every send already made.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJobId } from '../../jobs/job-ids.ts';
import type { Step } from '../../src/ports.ts';
import type { ScheduledJob } from '../../src/ports/jobs.ts';
import { redisUrl } from '../helpers/redis.ts';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';

describe('completed jobs are not kept, and nothing is sent twice', () => {
  let svc: TestService;
  let redis: Redis;
  let id: string;
  const sent = (step: string) =>
    svc.smtp.messages.filter((m) => new RegExp(`^<${step}-a\\d+-v1\\.${id}@`).test(m.parsed.messageId ?? ''));

  beforeAll(async () => {
    svc = await startTestService({ JOB_KEEP_COMPLETED: '0' });
    redis = new Redis(redisUrl());
    const created = await svc.api('POST', '/api/conferences', hackneyInitialBody());
    expect(created.status).toBe(201);
    id = created.body.id;
    await svc.idle();
  });

  afterAll(async () => {
    redis.disconnect();
    await svc.stop();
  });

  it('keeps no completed job, only the ids that ran', async () => {
    const invitations = sent('send-invites');
    expect(invitations.length).toBeGreaterThan(3);
    expect(await svc.rt.scheduler.queue.getJobs(['completed'])).toEqual([]);
    const ran = await redis.hkeys(`${svc.prefix}:conf:${id}:ran`);
    expect(ran.filter((r) => r.startsWith('send-invites-'))).not.toEqual([]);
    // What the coordinator sees: every invitation delivered, and the pending jobs are only future deadlines.
    const view = (await svc.api('GET', `/api/conferences/${id}`)).body;
    for (const m of invitations)
      expect(view.deliveries[/^<([^.]+)\./.exec(m.parsed.messageId!)![1]!]).toMatchObject({ state: 'sent' });
    expect(
      view.pendingJobs.every((j: { runAt: string }) => Date.parse(j.runAt) > Date.parse('2026-12-01T09:00:00Z')),
    ).toBe(true);
  });

  it('does not add a job that already ran; with its marker lost, the ledger still sends nothing twice', async () => {
    const ranKey = `${svc.prefix}:conf:${id}:ran`;
    const ran = (await redis.hkeys(ranKey)).filter(
      (r) => r.startsWith('send-invites-') || r.startsWith('report-request-'),
    );
    const jobs = ran.map((short) => {
      const p = parseJobId(`conf-${id}-${short}`)!;
      return {
        conferenceId: id,
        version: p.version,
        step: p.step as Step,
        ...(p.attendeeId ? { attendeeId: p.attendeeId } : {}),
        runAt: new Date('2026-12-01T09:00:00Z'),
      } as ScheduledJob;
    });
    // The invitations and the report requests: one job each for the conference.
    expect(jobs.map((j) => j.step).sort()).toEqual(['report-request', 'send-invites']);
    const before = {
      invites: sent('send-invites').length,
      requests: sent('report-request').length,
      total: svc.smtp.messages.length,
    };
    const ledgerBefore = (await svc.api('GET', `/api/conferences/${id}`)).body.deliveries;

    // The same deterministic ids again: nothing is queued.
    await svc.rt.deps.jobs.schedule(jobs);
    for (const short of ran) expect(await svc.rt.scheduler.queue.getJob(`conf-${id}-${short}`)).toBeUndefined();

    // The marker lost (as the last writes can be in a failover): the jobs run again, and send nothing.
    await redis.del(ranKey);
    await svc.rt.deps.jobs.schedule(jobs);
    await svc.idle();
    expect((await redis.hkeys(ranKey)).sort()).toEqual(ran.sort());
    expect(sent('send-invites')).toHaveLength(before.invites);
    expect(sent('report-request')).toHaveLength(before.requests);
    expect(svc.smtp.messages).toHaveLength(before.total);
    const ledgerAfter = (await svc.api('GET', `/api/conferences/${id}`)).body.deliveries;
    expect(ledgerAfter).toEqual(ledgerBefore);
    expect(await svc.rt.scheduler.queue.getJobs(['completed', 'failed'])).toEqual([]);
  });
});
