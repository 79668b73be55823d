/**
 * The chair approves the decision on their page or on the Teams card, and queueing the letters fails
 * just after the approval was stored (follow-on.ts). The API answered 202 with `pending`, but the
 * chair's page said "Letters are being sent to everyone who must know" and the card said nothing:
 * both now say the letters could not be queued yet and will be sent shortly, until they are; then the
 * decision reaches everyone once. The queueing (and its repair job's) fails until released; the sweep
 * a worker makes at start-up then does it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { completePendingFollowOns } from '../../src/app/conference/follow-on.ts';
import { create, holdMeeting, settle, type Created } from '../helpers/decision-flow.ts';
import { failScheduler } from '../helpers/fail-scheduler.ts';
import { PageClient, csrfOf, linkPath, plainText } from '../helpers/pages.ts';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
import { cardText, startTeamsHarness, USERS, type TeamsHarness } from '../helpers/teams-harness.ts';

const start = startedServices();
let harness: TeamsHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const PENDING = /decision is approved\. The letters telling everyone could not be queued yet/;

/** The letters, and the repair job that would queue them, fail to queue until released. */
const lettersFail = (s: TestService) =>
  failScheduler(
    s,
    'schedule',
    (jobs) => !!jobs?.some((j) => j.step === 'circulate-decision' || j.step === 'complete-follow-on'),
  );

/** After release, the sweep a worker makes at start-up; then every decision letter has gone, once. */
async function lettersGoOnce(s: TestService, id: string) {
  expect(await completePendingFollowOns(s.rt.deps)).toBe(1);
  await settle(s);
  await s.idle();
  const view = (await s.api('GET', `/api/conferences/${id}`)).body;
  expect(view.followOn).toBeUndefined();
  expect(view.audit.filter((e: any) => e.action === 'decision.approved')).toHaveLength(1);
  const letters = s.smtp.messages.filter((m) =>
    new RegExp(`^<circulate-decision-.*\\.${id}@`).test(m.parsed.messageId ?? ''),
  );
  expect(letters.length).toBeGreaterThan(0);
  expect(new Set(letters.map((m) => m.parsed.messageId)).size).toBe(letters.length);
}

describe('an approval whose letters fail to queue, as the chair sees it', () => {
  it('the chair’s page says the letters will follow (not that they are being sent) until they are', async () => {
    const s = await start();
    const c = await create(s, hackneyInitialBody());
    await settle(s);
    await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
    const chairPath = await linkPath(s, c.id, 'a1', 'chair');
    const chair = new PageClient(s.url);
    const fault = lettersFail(s);

    const page = await chair.get(chairPath);
    const posted = await chair.post(chairPath, { _csrf: csrfOf(page.text), action: 'approve' });
    expect(posted.status).toBe(303);
    expect(fault.failures()).toBe(2);
    const after = plainText((await chair.get(posted.location ?? chairPath)).text);
    expect(after).toMatch(PENDING);
    expect(after).not.toContain('Letters are being sent to everyone who must know');

    fault.release();
    await lettersGoOnce(s, c.id);
    expect(plainText((await chair.get(chairPath)).text)).not.toMatch(PENDING);
  });

  it('the Teams card says the letters will follow', async () => {
    const h = (harness = await startTeamsHarness());
    await h.settle();
    const { s } = h;
    const c0 = await h.conference();
    await holdMeeting(s, c0 as unknown as Created, { at: c0.startsAt });
    const fault = lettersFail(s);

    const card = cardText(await h.act(USERS.chair, 'approve', { conferenceId: h.conferenceId }));
    expect(fault.failures()).toBe(2);
    expect(card).toContain('The decision is approved');
    expect(card).toMatch(PENDING);

    fault.release();
    await lettersGoOnce(s, h.conferenceId);
    const refreshed = cardText(await h.act(USERS.chair, 'refresh', { conferenceId: h.conferenceId, card: 'round' }));
    expect(refreshed).not.toMatch(PENDING);
  });
});
