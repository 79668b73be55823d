/**
 * A coordinator cancels or moves a conference and the change is stored, but what carries it out
 * (removing the old version's jobs, queueing the cancellations or the new invitations) fails just
 * after. That answered 500 "nothing was changed" although the conference was cancelled or moved,
 * nobody was told, and trying again got a 409. The change now stores its follow-on work with itself
 * (domain/follow-on.ts): the answer is 202 saying what is still to happen, and the work is done by
 * a repair job, or by the sweep when a worker starts, so everyone is told exactly once.
 * The failures are injected through the scheduler port, once or until released; nothing waits on time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hackneyInitialBody, startedServices, TEST_API_KEY, type TestService } from '../helpers/service.ts';
import { plainText, signedInDashboard } from '../helpers/pages.ts';
import { startInProcessWorker, workerEnvFor } from '../helpers/worker-process.ts';
import { create, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { failScheduler } from '../helpers/fail-scheduler.ts';

const start = startedServices();
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
});

/** Messages of one step and version: every Message-ID is `<step>-<recipient>-v<version>.<conferenceId>@domain`. */
const sent = (s: TestService, id: string, step: string, version: number) =>
  s.smtp.messages.filter((m) => new RegExp(`^<${step}-a\\d+-v${version}\\.${id}@`).test(m.parsed.messageId ?? ''));
const recipients = (ms: { envelopeTo: string[] }[]) => ms.map((m) => m.envelopeTo.join(',')).sort();

/** A worker as `npm run worker` starts it (its start-up sweep included), then until nothing is left to run. */
async function runWorker(s: TestService) {
  const w = await startInProcessWorker(workerEnvFor(s));
  closers.push(() => w.stop());
  await s.idle();
}

async function created(s: TestService) {
  const r = await s.api('POST', '/api/conferences', hackneyInitialBody());
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

describe('a cancel or reschedule whose jobs fail after it was stored', () => {
  it('cancel: 202 saying the notices will follow, and everyone invited gets one cancellation', async () => {
    const s = await start();
    const id = await created(s);
    await s.idle();
    const invited = recipients(sent(s, id, 'send-invites', 1));
    expect(invited.length).toBeGreaterThan(0);
    // Queueing the cancellations fails once, as when Redis drops the connection at that moment.
    let once = true;
    const fault = failScheduler(s, 'schedule', (jobs) => {
      const hit = once && !!jobs?.some((j) => j.step === 'send-cancellations');
      if (hit) once = false;
      return hit;
    });

    const r = await s.api('POST', `/api/conferences/${id}/cancel`, {
      reason: 'Family moved away',
      requestedBy: 'Team Manager',
    });
    expect(fault.failures()).toBe(1);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body.state).toBe('cancelled');
    expect(r.body.pending).toMatch(/cancellation is saved.*will be sent shortly/);

    await s.idle();
    const view = (await s.api('GET', `/api/conferences/${id}`)).body;
    expect(view.state).toBe('cancelled');
    expect(view.followOn).toBeUndefined();
    const audited = view.audit.filter((e: any) => e.action === 'conference.cancelled');
    expect(audited).toHaveLength(1);
    expect(audited[0].detail).toMatchObject({ requestedBy: 'Team Manager', reason: 'Family moved away' });
    expect(recipients(sent(s, id, 'send-cancellations', 2))).toEqual(invited);
    // Trying again is refused as a second cancel, not taken for a first.
    const again = await s.api('POST', `/api/conferences/${id}/cancel`, {
      reason: 'again',
      requestedBy: 'Team Manager',
    });
    expect(again.status).toBe(409);
    expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
  });

  it('reschedule: 202 and the conference shows what is pending; the repair invites everyone once, at the new time', async () => {
    const s = await start({ WORKERS: 'none' });
    const id = await created(s);
    // Removing the old version's jobs fails once.
    let once = true;
    const fault = failScheduler(s, 'cancelConference', () => {
      const hit = once;
      once = false;
      return hit;
    });

    const r = await s.api('POST', `/api/conferences/${id}/reschedule`, {
      startsAt: '2027-01-05T14:00',
      reason: 'Room',
      requestedBy: 'Coordinator',
    });
    expect(fault.failures()).toBe(1);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body.version).toBe(2);
    expect(r.body.pending).toMatch(/new time is saved.*will be sent shortly/);

    // Until a worker runs the repair, the conference says what was changed and what is still to happen.
    const before = (await s.api('GET', `/api/conferences/${id}`)).body;
    expect(before.state).toBe('rescheduled');
    expect(before.version).toBe(2);
    expect(before.followOn).toMatchObject({ kind: 'replan', version: 2 });
    expect(before.pendingJobs.map((j: any) => j.step)).toContain('complete-follow-on');
    const dashboard = await signedInDashboard(s.url, TEST_API_KEY);
    const page = async () => plainText((await dashboard.get(`/dashboard/c/${id}`)).text);
    expect(await page()).toContain(
      'The new time is saved. The updated invitations and reminders could not be queued yet',
    );

    await runWorker(s);
    const view = (await s.api('GET', `/api/conferences/${id}`)).body;
    expect(view.followOn).toBeUndefined();
    expect(await page()).not.toContain('could not be queued yet');
    expect(view.audit.filter((e: any) => e.action === 'conference.rescheduled')).toHaveLength(1);
    expect(view.pendingJobs.filter((j: any) => j.version === 1)).toEqual([]);
    expect(sent(s, id, 'send-invites', 1)).toEqual([]);
    const invites = sent(s, id, 'send-invites', 2);
    expect(invites.length).toBeGreaterThan(0);
    expect(new Set(recipients(invites)).size).toBe(invites.length);
    for (const m of invites) expect(m.parsed.subject).toContain('Tue 5 Jan 2027');
    expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
  });

  it('reschedule with the scheduler down throughout: 202, and the next worker to start does the rest', async () => {
    const s = await start({ WORKERS: 'none' });
    const id = await created(s);
    // Every queueing fails (the repair job's too) until released.
    const fault = failScheduler(s, 'schedule', () => true);

    const r = await s.api('POST', `/api/conferences/${id}/reschedule`, {
      startsAt: '2027-01-05T14:00',
      reason: 'Room',
      requestedBy: 'Coordinator',
    });
    expect(fault.failures()).toBe(2);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const before = (await s.api('GET', `/api/conferences/${id}`)).body;
    expect(before.followOn).toMatchObject({ kind: 'replan', version: 2 });
    expect(before.pendingJobs).toEqual([]);

    fault.release();
    await runWorker(s);
    const view = (await s.api('GET', `/api/conferences/${id}`)).body;
    expect(view.followOn).toBeUndefined();
    expect(view.audit.filter((e: any) => e.action === 'conference.rescheduled')).toHaveLength(1);
    const invites = sent(s, id, 'send-invites', 2);
    expect(invites.length).toBeGreaterThan(0);
    expect(new Set(recipients(invites)).size).toBe(invites.length);
    expect(sent(s, id, 'send-invites', 1)).toEqual([]);
    expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
  });
});

describe('the periodic sweep, Redis staying connected', () => {
  it('cancel whose notices and repair job both failed to queue: the next sweep sends each cancellation once', async () => {
    const s = await start({ FOLLOW_ON_SWEEP_MINUTES: '10' });
    const id = await created(s);
    await s.idle();
    const invited = recipients(sent(s, id, 'send-invites', 1));
    expect(invited.length).toBeGreaterThan(0);
    // The request's queueing of the cancellations fails, and so does its repair job's; Redis stays up.
    const fault = failScheduler(
      s,
      'schedule',
      (jobs) => !!jobs?.some((j) => j.step === 'send-cancellations' || j.step === 'complete-follow-on'),
    );
    const r = await s.api('POST', `/api/conferences/${id}/cancel`, {
      reason: 'Family moved away',
      requestedBy: 'Team Manager',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(fault.failures()).toBe(2);
    fault.release();

    // Nothing else picks it up: no start-up, no reconnection.
    await s.idle();
    expect((await s.api('GET', `/api/conferences/${id}`)).body.followOn).toMatchObject({ kind: 'withdraw' });
    expect(sent(s, id, 'send-cancellations', 2)).toEqual([]);

    // Ten simulated minutes on, the periodic sweep has run.
    const now = (await s.api('GET', '/api/dev/clock')).body.now as string;
    await s.advanceTo(new Date(Date.parse(now) + 10 * 60_000).toISOString());
    await s.idle();
    const view = (await s.api('GET', `/api/conferences/${id}`)).body;
    expect(view.followOn).toBeUndefined();
    expect(view.audit.filter((e: any) => e.action === 'conference.cancelled')).toHaveLength(1);
    expect(recipients(sent(s, id, 'send-cancellations', 2))).toEqual(invited);
    expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
  });
});

describe('follow-on work still pending after the grace period', () => {
  it('is on the coordinator’s worklist until it is done', async () => {
    // No periodic sweep (off by default under the simulated clock): the work waits for a worker's start-up.
    const s = await start({ WORKERS: 'none' });
    const id = await created(s);
    const fault = failScheduler(s, 'schedule', () => true);
    const r = await s.api('POST', `/api/conferences/${id}/cancel`, {
      reason: 'Family moved away',
      requestedBy: 'Team Manager',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    fault.release();
    const pending = async () =>
      (
        (await s.api('GET', '/api/worklist')).body.items as { kind: string; conferenceId: string; what: string }[]
      ).filter((i) => i.kind === 'follow-on-pending' && i.conferenceId === id);
    // Not at once: it is retried meanwhile.
    expect(await pending()).toEqual([]);

    const now = (await s.api('GET', '/api/dev/clock')).body.now as string;
    await s.advanceTo(new Date(Date.parse(now) + 31 * 60_000).toISOString());
    const shown = await pending();
    expect(shown).toHaveLength(1);
    expect(shown[0]!.what).toMatch(/notices telling everyone invited .* could not be queued yet/);

    await runWorker(s);
    expect(await pending()).toEqual([]);
    expect((await s.api('GET', `/api/conferences/${id}`)).body.followOn).toBeUndefined();
  });
});

describe('a booking or an approval whose jobs fail after it was stored', () => {
  it('booking: 202 with the conference, one conference, and everyone invited once', async () => {
    const s = await start();
    let once = true;
    const fault = failScheduler(s, 'schedule', (jobs) => {
      const hit = once && !!jobs?.some((j) => j.step === 'send-invites');
      if (hit) once = false;
      return hit;
    });
    const r = await s.api('POST', '/api/conferences', hackneyInitialBody());
    expect(fault.failures()).toBe(1);
    // Created, so not "nothing was changed" (a coordinator trying again would have booked it twice).
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body.pending).toMatch(/conference is booked.*will be sent shortly/);
    const id = r.body.id as string;

    await s.idle();
    expect((await s.api('GET', '/api/conferences')).body.map((c: any) => c.id)).toEqual([id]);
    const view = (await s.api('GET', `/api/conferences/${id}`)).body;
    expect(view.followOn).toBeUndefined();
    expect(view.audit.filter((e: any) => e.action === 'conference.created')).toHaveLength(1);
    const invites = sent(s, id, 'send-invites', 1);
    expect(invites.length).toBeGreaterThan(0);
    expect(new Set(recipients(invites)).size).toBe(invites.length);
    expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
  });

  it('approval: 202 saying the letters will follow, and the decision reaches everyone once', async () => {
    const s = await start();
    const c = await create(s, hackneyInitialBody());
    await settle(s);
    await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
    let once = true;
    const fault = failScheduler(s, 'schedule', (jobs) => {
      const hit = once && !!jobs?.some((j) => j.step === 'circulate-decision');
      if (hit) once = false;
      return hit;
    });

    const r = await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {});
    expect(fault.failures()).toBe(1);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body.state).toBe('approved');
    expect(r.body.pending).toMatch(/decision is approved.*will be sent shortly/);

    await settle(s);
    await s.idle();
    const view = (await s.api('GET', `/api/conferences/${c.id}`)).body;
    expect(view.followOn).toBeUndefined();
    // Everyone who must have the decision has it: the last letter moves the conference on (and to its follow-up).
    expect(['circulated', 'follow-up']).toContain(view.state);
    expect(view.audit.filter((e: any) => e.action === 'decision.approved')).toHaveLength(1);
    const letters = s.smtp.messages.filter((m) => m.parsed.messageId?.startsWith('<circulate-decision-'));
    expect(letters.length).toBeGreaterThan(0);
    expect(new Set(letters.map((m) => m.parsed.messageId)).size).toBe(letters.length);
    expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
  });
});
