/**
 * Nothing reaches a family before the chair approves the decision. The first core group is booked
 * with the decision, before approval (a correction replaces it), so its invitation would tell the
 * family that a child protection plan is coming. Attacked while the decision waits for approval: a
 * core group invitation job forged in Redis (id and payload agreeing), and the core group's record
 * filed through the API once its time has passed. Neither may send anything to anyone.
 */
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { jobId } from '../../jobs/job-ids.ts';
import { coreGroupSeq } from '../../src/domain/core-groups.ts';
import { byRole, create, holdMeeting, settle, type Created } from '../helpers/decision-flow.ts';
import { redisUrl } from '../helpers/redis.ts';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';

const start = startedServices();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const JADE = 'jade@family.example.com';

/** Decided at the meeting on 4 January with the first core group on the 7th, Jade in it; not approved. */
async function decidedNotApproved(s: TestService): Promise<Created> {
  const c = await create(s, hackneyInitialBody());
  await settle(s);
  const sw = byRole(c, 'social-worker');
  const jade = c.attendees.find((a) => a.email === JADE)!;
  await holdMeeting(s, c, {
    at: '2027-01-04T10:00',
    decideAt: '2027-01-04T11:45',
    decision: {
      coreGroup: [sw.id, jade.id],
      firstCoreGroup: { startsAt: '2027-01-07T14:00', durationMinutes: 60, mode: 'virtual', chairAttendeeId: sw.id },
    },
  });
  await s.idle();
  expect((await s.rt.deps.store.get(c.id))!.state).toBe('decided');
  return c;
}

describe('before the chair approves the decision', () => {
  it('a core group invitation job forged in Redis sends nothing', { timeout: 90_000 }, async () => {
    const s = await start();
    const c = await decidedNotApproved(s);
    const conf = (await s.rt.deps.store.get(c.id))!;
    const g = conf.coreGroups![0]!;
    const sent = s.smtp.messages.length;
    const queue = new Queue('workflow', { connection: { url: redisUrl() } as any, prefix: `${s.prefix}-bull` });
    closers.push(() => queue.close());
    const job = {
      conferenceId: c.id,
      version: conf.version,
      step: 'core-group-invites' as const,
      seq: coreGroupSeq(g),
      runAt: s.rt.clock.now().toISOString(),
    };
    await queue.add(job.step, job, { jobId: jobId(job), delay: 0 });
    await s.idle();
    expect(s.smtp.messages.slice(sent).map((m) => `${m.envelopeTo.join(',')}: ${m.parsed.subject}`)).toEqual([]);
    expect(Object.keys(await s.rt.deps.ledger.list(c.id)).filter((k) => k.startsWith('core-group'))).toEqual([]);
  });

  it('the core group’s record is refused, naming why, and nothing is sent or kept', { timeout: 90_000 }, async () => {
    const s = await start();
    const c = await decidedNotApproved(s);
    await s.advanceTo('2027-01-07T16:00'); // the core group's time has passed; still not approved
    const sw = byRole(c, 'social-worker');
    const jade = c.attendees.find((a) => a.email === JADE)!;
    const before = JSON.stringify((await s.rt.deps.store.get(c.id))!.coreGroups);
    const sent = s.smtp.messages.length;
    const r = await s.api('POST', `/api/conferences/${c.id}/core-groups/cg1/record`, {
      present: [sw.id, jade.id],
      progress: [{ actionId: 'p1', status: 'in-progress', note: 'Appointments kept so far' }],
      notes: 'Met at the family home',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(409);
    expect(r.body.message).toMatch(/approved/);
    await s.idle();
    expect(JSON.stringify((await s.rt.deps.store.get(c.id))!.coreGroups)).toBe(before);
    expect(s.smtp.messages.slice(sent).map((m) => `${m.envelopeTo.join(',')}: ${m.parsed.subject}`)).toEqual([]);
  });
});
