/**
 * A professional who cannot come names a colleague on their answer page: on the day, the chair's
 * briefing (by email when professionals join) names that colleague beside them until the
 * coordinator adds the colleague as an attendee (found by the chair trial: it said only "not
 * attending"). The Teams card's "I can't attend" keeps the nomination the same way
 * (app/conference/deputies.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, linkPath, PageClient } from '../helpers/pages.ts';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';

let s: TestService;
beforeAll(async () => {
  s = await startTestService({ LINK_RATE_LIMIT_BURST: '1000' });
});
afterAll(async () => s?.stop());

type Conf = { id: string; reference: string; timetable: { professionalsJoinAt: string }; attendees: any[] };

/** The police officer declines on their answer page and names Dee Deputy. */
async function declineNamingDeputy(c: Conf): Promise<void> {
  const police = c.attendees.find((a) => a.role === 'police')!;
  const rsvp = await linkPath(s, c.id, police.id, 'rsvp');
  const client = new PageClient(s.url);
  const token = csrfOf((await client.get(rsvp)).text);
  const r = await client.post(rsvp, {
    answer: 'declined',
    _csrf: token,
    deputyName: 'Dee Deputy',
    deputyEmail: 'dee@police.example.uk',
  });
  expect(r.status).toBe(303);
}

const briefingOf = (ref: string) =>
  (
    s.smtp.messages.find(
      (m) => m.envelopeTo.includes('chair@example.gov.uk') && m.parsed.subject === `${ref}: professionals are joining`,
    )?.parsed.text ?? ''
  ).replace(/\s+/g, ' ');

describe("a deputy named on the answer page, in the chair's briefing", () => {
  it('is named beside the officer who cannot come until the coordinator adds them', { timeout: 90_000 }, async () => {
    const named = (await s.api('POST', '/api/conferences', hackneyInitialBody())).body as Conf;
    const added = (await s.api('POST', '/api/conferences', hackneyInitialBody())).body as Conf;
    await s.idle();
    await declineNamingDeputy(named);
    await declineNamingDeputy(added);
    await s.idle();
    // In the second conference the coordinator adds the deputy, who then has their own invitation.
    const r = await s.api('POST', `/api/conferences/${added.id}/attendees`, {
      attendee: {
        name: 'Dee Deputy',
        email: 'dee@police.example.uk',
        role: 'police',
        agency: 'Police',
        managerEmail: 'police.manager@police.example.uk',
      },
      requestedBy: 'coordinator',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);

    await s.advanceTo(named.timetable.professionalsJoinAt);
    await s.idle();
    const briefing = briefingOf(named.reference);
    expect(briefing).toContain('Replies to the invitation');
    expect(briefing).toMatch(
      /Police[^:]*: not attending; deputy named: Dee Deputy <dee@police\.example\.uk>, not added as an attendee yet/,
    );
    const after = briefingOf(added.reference);
    expect(after).toContain('Replies to the invitation');
    expect(after).not.toContain('deputy named');
  });
});
