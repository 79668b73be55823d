/**
 * A first core group booked at the conference (#18 trial finding 7): the family's decision letter
 * gave the deadline ("will meet by …") instead of the date booked. Now both letters give the date.
 */
import { describe, expect, it } from 'vitest';
import { byRole, create, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

const start = startedServices();
const TEAM_MANAGER = {
  name: 'Tom Manager',
  email: 'tm@example.gov.uk',
  role: 'professional',
  agency: "Children's social care (team manager)",
  managerEmail: 'head@example.gov.uk',
};
const letterTo = (s: TestService, email: string) =>
  until(
    `the decision letter to ${email}`,
    () =>
      s.smtp.messages.find(
        (m) =>
          m.envelopeTo.includes(email) &&
          /^Decision of child protection conference|^The decision of your child protection meeting/.test(
            m.parsed.subject ?? '',
          ),
      ),
    20_000,
  );
const text = (m: { parsed: { text?: string | false } }) => String(m.parsed.text || '').replace(/\s+/g, ' ');

describe('the decision letters give the booked core group date', () => {
  it('family and professionals read the date and time booked, not the deadline', { timeout: 90_000 }, async () => {
    const s = await start();
    const body = hackneyInitialBody();
    const c = await create(s, { ...body, attendees: [...body.attendees, TEAM_MANAGER] });
    await settle(s);
    const tm = c.attendees.find((a) => a.email === TEAM_MANAGER.email)!;
    const jade = c.attendees.find((a) => a.email === 'jade@family.example.com')!;
    await holdMeeting(s, c, {
      at: '2027-01-04T10:00',
      decision: {
        coreGroup: [byRole(c, 'social-worker').id, jade.id],
        firstCoreGroup: { startsAt: '2027-01-12T14:00', durationMinutes: 60, mode: 'virtual', chairAttendeeId: tm.id },
      },
    });
    expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
    await settle(s);
    const family = text(await letterTo(s, jade.email!));
    expect(family).toContain(
      'The core group (you and the main workers) will meet on Tuesday 12 January 2027 at 14:00 to start the plan. You will get an invitation saying how to join.',
    );
    expect(family).not.toContain('will meet by');
    const pro = text(await letterTo(s, 'hv@nhs.example.org'));
    expect(pro).toMatch(
      /First core group booked for Tue(sday)? 12 Jan(uary)? 2027,? (at )?14:00 \(due by [^)]+\); members get their own invitation\./,
    );
  });
});
