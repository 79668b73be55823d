/**
 * A first core group booked at the conference (#18 trial finding 7): the family's decision letter
 * gave the deadline ("will meet by …") instead of the date booked. Now both letters give the date.
 * And the time booked is London time after the clocks go forward too: a booking without an offset
 * was read in the server's own zone (UTC), so 14:00 in April became 15:00 BST everywhere.
 */
import { describe, expect, it } from 'vitest';
import { byRole, create, decidedConference, settle } from '../helpers/decision-flow.ts';
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
    await decidedConference(s, {
      conference: c,
      meeting: {
        at: '2027-01-04T10:00',
        decision: {
          coreGroup: [byRole(c, 'social-worker').id, jade.id],
          firstCoreGroup: {
            startsAt: '2027-01-12T14:00',
            durationMinutes: 60,
            mode: 'virtual',
            chairAttendeeId: tm.id,
          },
        },
      },
    });
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

describe('a core group booked in summer time keeps the London time given', () => {
  it(
    '14:00 on 6 April 2027 (BST) is 14:00 in the booking, the letters and the invitation',
    { timeout: 120_000 },
    async () => {
      const s = await start();
      const body = hackneyInitialBody({ startsAt: '2027-03-30T10:00', strategyDiscussionOn: '2026-12-01' });
      const c = await create(s, { ...body, attendees: [...body.attendees, TEAM_MANAGER] });
      await settle(s);
      const tm = c.attendees.find((a) => a.email === TEAM_MANAGER.email)!;
      const jade = c.attendees.find((a) => a.email === 'jade@family.example.com')!;
      await decidedConference(s, {
        conference: c,
        meeting: {
          at: '2027-03-30T10:00',
          decision: {
            coreGroup: [byRole(c, 'social-worker').id, jade.id],
            firstCoreGroup: {
              startsAt: '2027-04-06T14:00',
              durationMinutes: 60,
              mode: 'virtual',
              chairAttendeeId: tm.id,
            },
          },
        },
      });
      const booked = (await s.api('GET', `/api/conferences/${c.id}/core-groups`)).body.coreGroups[0];
      expect(booked.startsAt).toBe('2027-04-06T14:00:00+01:00');
      expect(text(await letterTo(s, jade.email!))).toContain(
        'will meet on Tuesday 6 April 2027 at 14:00 to start the plan',
      );
      const invitation = await until(
        'the core group invitation to the team manager',
        () =>
          s.smtp.messages.find(
            (m) => m.envelopeTo.includes(TEAM_MANAGER.email) && /core group/i.test(m.parsed.subject ?? ''),
          ),
        20_000,
      );
      expect(invitation.parsed.subject).toContain('Tue 6 Apr 2027 14:00');
      const ics = invitation.parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'));
      expect(ics?.content.toString()).toMatch(/DTSTART;TZID=Europe\/London:20270406T140000|DTSTART:20270406T130000Z/);
    },
  );
});
