/**
 * Core group answers by the member's own signed link and by calendar reply, through the running
 * service: the link in each invitation email (never in the calendar file) opens a page for that core
 * group only; an answer shows on the coordinator's conference page; a calendar reply counts on the
 * core group's UID and current SEQUENCE only; answers close when it starts; nothing else changes.
 */
import { describe, expect, it } from 'vitest';
import { signLink } from '../../src/app/credentials/links.ts';
import { byRole, settle } from '../helpers/decision-flow.ts';
import { decidedWithCoreGroup } from '../helpers/core-group-flow.ts';
import { RELAY_AUTH_ENV, relayPass } from '../helpers/mail-auth.ts';
import {
  PageClient,
  csrfOf,
  linksInMail,
  plainText,
  purposeOf,
  rowOf,
  signedInDashboard,
  snapshot,
} from '../helpers/pages.ts';
import { TEST_API_KEY, sendInbound, startedServices, type TestService } from '../helpers/service.ts';
import type { SmtpSink } from '../helpers/smtp-sink.ts';

const start = startedServices();
type Sent = SmtpSink['messages'][number];
const ics = (m: Sent) =>
  m.parsed.attachments
    .filter((a) => /^text\/calendar$/i.test(a.contentType))
    .map((a) => a.content.toString('utf8').replace(/\r\n[ \t]/g, ''))
    .join('');
const rsvps = async (s: TestService, id: string) =>
  (await s.api('GET', `/api/conferences/${id}`)).body.coreGroups[0].rsvps ?? {};

function replyIcs(uid: string, email: string, partstat: string, sequence: number): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Test//Outlook-ish//EN',
    'METHOD:REPLY',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `SEQUENCE:${sequence}`,
    'DTSTAMP:20270105T090500Z',
    'DTSTART;TZID=Europe/London:20270111T100000',
    'DTEND;TZID=Europe/London:20270111T110000',
    `ATTENDEE;PARTSTAT=${partstat}:mailto:${email}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

async function reply(s: TestService, from: string, to: string, calendar: string) {
  await sendInbound(s, {
    from,
    to,
    headers: relayPass(from),
    subject: 'Accepted: core group',
    text: 'reply',
    icalEvent: { method: 'REPLY', content: calendar },
  });
  await s.idle();
}

describe('core group answers', () => {
  it(
    'by the member’s own link and by calendar reply, shown on the conference page; stale or late answers change nothing',
    { timeout: 90_000 },
    async () => {
      const s = await start(RELAY_AUTH_ENV);
      const { c, tm, parents } = await decidedWithCoreGroup(s, {
        policy: 'cumbria',
        mode: 'virtual',
        firstAt: '2027-01-11T10:00',
      });
      await s.advanceTo('2027-01-04T11:50');
      expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      await settle(s);
      const invites = s.smtp.messages.filter((m) => (m.parsed.messageId ?? '').startsWith('<core-group-invites-cg1-'));
      expect(invites.length).toBe(4);
      for (const m of invites) {
        // Each email has the member's own answer link; the calendar file (shared, synced) never does.
        expect(m.parsed.text ?? '').toMatch(/(Tell us if you can come|Say whether you will attend)/);
        expect(ics(m)).not.toContain('/l/');
      }
      const jade = 'jade@family.example.com';
      const link = linksInMail(s, jade).find((l) => purposeOf(l) === 'core-group')!;
      expect(link).toBeDefined();

      // Jade answers on her own page.
      const page = new PageClient(s.url);
      const opened = await page.get(link);
      expect(opened.status).toBe(200);
      expect(plainText(opened.text)).toContain('Can you come to the core group meeting?');
      expect(plainText(opened.text)).toContain('Monday 11 January 2027, 10:00 (London time)');
      expect(opened.text).not.toMatch(/Ruby|Leo|Testfamily/);
      const bad = await page.post(link, { _csrf: csrfOf(opened.text), answer: 'perhaps' });
      expect(bad.status).toBe(400);
      expect(plainText(bad.text)).toContain('Choose an answer');
      expect(await rsvps(s, c.id)).toEqual({});
      const posted = await page.post(link, { _csrf: csrfOf(opened.text), answer: 'accepted' });
      expect(posted.status).toBe(303);
      const thanks = await page.get(posted.location!);
      expect(plainText(thanks.text)).toContain('Thank you. We have your answer: Attending.');
      expect((await rsvps(s, c.id))[parents[0]!].state).toBe('accepted');
      // The same answer again (the post replayed) is kept once in the audit.
      expect((await page.post(link, { _csrf: csrfOf(opened.text), answer: 'accepted' })).status).toBe(303);
      const audit = (await s.api('GET', `/api/conferences/${c.id}`)).body.audit as any[];
      expect(audit.filter((e) => e.action === 'core-group.rsvp' && e.detail.attendeeId === parents[0])).toHaveLength(1);

      // A member's link for this core group does not open for someone who is not a member.
      const police = byRole(c, 'police');
      const notMember = signLink(s.rt.deps.settings.linkSecret, {
        conferenceId: c.id,
        attendeeId: police.id,
        purpose: 'core-group',
        exp: Math.floor(Date.parse('2027-01-12T00:00:00Z') / 1000),
        version: 1,
        coreGroupId: 'cg1',
      });
      expect((await new PageClient(s.url).get(`/l/${notMember}`)).status).toBe(403);

      // The social worker declines by calendar reply, on the core group's UID and SEQUENCE 0.
      const sw = byRole(c, 'social-worker');
      const swInvite = invites.find((m) => m.envelopeTo[0] === sw.email)!;
      const uid = /UID:(\S+)/.exec(ics(swInvite))![1]!;
      expect(uid).toMatch(new RegExp(`^cpc-${c.id}-cg1@`));
      const mailbox = /ORGANIZER[^:]*:mailto:(\S+)/i.exec(ics(swInvite))![1]!;
      await reply(s, sw.email!, mailbox, replyIcs(uid, sw.email!, 'DECLINED', 0));
      expect((await rsvps(s, c.id))[sw.id].state).toBe('declined');
      // Unproven (no authentication, not from their address): nothing changes.
      const before = await snapshot(s, c.id);
      await sendInbound(s, {
        from: 'someone@elsewhere.example',
        to: mailbox,
        subject: 'Accepted',
        text: 'reply',
        icalEvent: { method: 'REPLY', content: replyIcs(uid, sw.email!, 'ACCEPTED', 0) },
      });
      await s.idle();
      expect(await snapshot(s, c.id)).toEqual(before);

      // The coordinator's conference page shows every member's answer.
      const dash = await signedInDashboard(s.url, TEST_API_KEY);
      const row = plainText(rowOf((await dash.get(`/dashboard/c/${c.id}`)).text, 'Core groups', 'cg1'));
      expect(row).toContain('Jade Testfamily, Parent: Attending');
      expect(row).toContain("Sam Social, Social worker (Children's social care): Not attending");
      expect(row).toContain('(team manager)): No answer yet');

      // Rescheduled: answers start again; a reply to the old SEQUENCE is not recorded, one to the new is.
      await s.advanceTo('2027-01-05T09:00');
      const moved = await s.api('POST', `/api/conferences/${c.id}/core-groups/cg1/reschedule`, {
        startsAt: '2027-01-12T10:00',
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      await settle(s);
      await reply(s, tm.email!, mailbox, replyIcs(uid, tm.email!, 'ACCEPTED', 0));
      expect(await rsvps(s, c.id)).toEqual({});
      await reply(s, tm.email!, mailbox, replyIcs(uid, tm.email!, 'ACCEPTED', 1));
      expect((await rsvps(s, c.id))[tm.id].state).toBe('accepted');
      // A SEQUENCE never sent is refused.
      await reply(s, sw.email!, mailbox, replyIcs(uid, sw.email!, 'ACCEPTED', 5));
      expect((await rsvps(s, c.id))[sw.id]).toBeUndefined();

      // Once it has started, the link takes no answer and says so.
      await s.advanceTo('2027-01-12T10:05');
      const late = await new PageClient(s.url).get(link);
      expect(plainText(late.text)).toContain('Answers are closed');
      const lateBefore = await snapshot(s, c.id);
      const latePost = await page.post(link, { _csrf: csrfOf(opened.text), answer: 'declined' });
      expect(latePost.status).toBe(400);
      expect(await snapshot(s, c.id)).toEqual(lateBefore);
    },
  );
});
