import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../../src/channels/email/smtp-mailer.ts';
import { buildInviteIcs, eventsOf, parseIcs } from '../../../src/content/ics.ts';
import { professionalInvite, professionalInviteInput } from '../../../src/content/templates/professional-invite.ts';
import { familyInvite, findAcronyms } from '../../../src/content/templates/family-invite.ts';
import { cancellationEmail } from '../../../src/content/templates/cancellation.ts';
import { familyRoleLabel } from '../../../src/content/words.ts';
import { FAMILY_ROLES } from '../../../src/domain/vocabulary.ts';
import type { Attendee } from '../../../src/domain/conference-parts.ts';
import type { Conference } from '../../../src/domain/conference.ts';
import type { Mailer, OutgoingEmail } from '../../../src/ports.ts';
import { allNames, policy, summerConference } from './fixtures.ts';
import { startCaptureServer, type Captured } from './smtp-capture.ts';

/** What the invite use-case does per attendee: template + ICS, one message each. */
function inviteFor(conference: Conference, a: Attendee, method: 'REQUEST' | 'CANCEL'): OutgoingEmail {
  const t = conference.timetable;
  const family = FAMILY_ROLES.has(a.role);
  const content =
    method === 'CANCEL'
      ? cancellationEmail({
          reference: conference.reference,
          policy,
          audience: family ? 'family' : 'professional',
          startsAt: family ? t.parentsJoinAt! : t.professionalsJoinAt,
        })
      : family
        ? familyInvite({
            reference: conference.reference,
            kind: conference.kind,
            policy,
            recipient: a,
            parentsJoinAt: t.parentsJoinAt!,
            professionalsJoinAt: t.professionalsJoinAt,
            endsAt: t.endsAt,
            mode: conference.mode,
            meeting: conference.meeting!,
            whoWillBeThere: conference.attendees
              .filter((x) => !FAMILY_ROLES.has(x.role))
              .map((x) => familyRoleLabel(x.role, x.agency)),
            oldestChildAge: 12,
          })
        : professionalInvite(professionalInviteInput(conference, a, policy));
  const ics = buildInviteIcs({
    uid: `cpc-${conference.id}@council.example`,
    sequence: conference.version,
    method,
    organizer: { name: policy.sender.name, email: policy.sender.address },
    attendee: { email: a.email! },
    start: t.parentsJoinAt!,
    end: t.endsAt,
    summary: `Child protection conference ${conference.reference}`,
    description: content.text,
    url: conference.meeting?.joinUrl,
    timezone: 'Europe/London',
  });
  return {
    to: a.email!,
    subject: content.subject,
    text: content.text,
    html: content.html,
    replyTo: `cp-reports+${conference.id.slice(0, 8)}-${a.id}@council.example`,
    messageId: `cpc-${conference.id}-invite-${a.id}-v${conference.version}-${method.toLowerCase()}@council.example`,
    icalEvent: { method, content: ics },
    headers: { 'X-Conference-Reference': conference.reference },
  };
}

const calendarParts = (c: Captured) => c.mail.attachments.filter((x) => x.contentType === 'text/calendar');

describe('invitations over a real SMTP server', () => {
  let server: Awaited<ReturnType<typeof startCaptureServer>>;
  let mailer: Mailer;
  const conference = summerConference();
  const withEmail = conference.attendees.filter((a) => a.email);

  beforeAll(async () => {
    server = await startCaptureServer();
    mailer = createSmtpMailer({
      url: `smtp://127.0.0.1:${server.port}`,
      from: policy.sender,
      requireTLS: false,
      ignoreTLS: true,
      pool: true,
    });
    for (const a of withEmail) await mailer.send(inviteFor(conference, a, 'REQUEST'));
  });
  afterAll(async () => {
    await mailer.close?.();
    await server.close();
  });

  it('sends one message per attendee, each to exactly one recipient', () => {
    expect(server.messages).toHaveLength(withEmail.length);
    for (const m of server.messages) {
      expect(m.rcptTo).toHaveLength(1);
      const to = Array.isArray(m.mail.to) ? m.mail.to : [m.mail.to];
      expect(to.flatMap((t) => t?.value ?? [])).toHaveLength(1);
      expect(m.mail.cc).toBeUndefined();
      expect(m.raw.toString()).not.toMatch(/^bcc:/im);
    }
    expect(new Set(server.messages.map((m) => m.rcptTo[0]))).toEqual(new Set(withEmail.map((a) => a.email)));
  });

  it('carries the text/calendar REQUEST part once, readable by node-ical with a summer-time start', () => {
    for (const m of server.messages) {
      const parts = calendarParts(m);
      expect(parts).toHaveLength(1);
      expect(m.raw.toString()).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
      const events = eventsOf(parseIcs(parts[0]!.content.toString('utf8')));
      expect(events).toHaveLength(1);
      const e = events[0]!;
      expect(e.uid).toBe(`cpc-${conference.id}@council.example`);
      expect(e.sequence).toBe(conference.version);
      expect(e.start.toISOString()).toBe('2027-06-14T09:00:00.000Z');
      expect(e.start.tz).toBe('Europe/London');
      const attendees = Array.isArray(e.attendee) ? e.attendee : [e.attendee];
      expect(attendees).toHaveLength(1);
      expect(JSON.stringify(attendees[0]).toLowerCase()).toContain(m.rcptTo[0]!.toLowerCase());
    }
  });

  it('keeps deterministic Message-IDs and the per-attendee Reply-To', () => {
    const helen = server.messages.find((m) => m.rcptTo[0] === 'helen.visitor@nhs.example')!;
    expect(helen.mail.messageId).toBe(`<cpc-${conference.id}-invite-a3-v1-request@council.example>`);
    expect(helen.mail.replyTo?.value[0]?.address).toBe(`cp-reports+${conference.id.slice(0, 8)}-a3@council.example`);
  });

  it('gives professionals the video link, every dial-in number and PIN, and the report sections', () => {
    const helen = server.messages.find((m) => m.rcptTo[0] === 'helen.visitor@nhs.example')!;
    const text = helen.mail.text ?? '';
    expect(helen.mail.subject).toBe(
      'Child protection conference CPC-2027-0042: invitation (join 10:30, Mon 14 Jun 2027)',
    );
    expect(text).toContain('Monday 14 June 2027, join at 10:30');
    expect(text).toContain('https://meet.google.example/abc-defg-hij');
    for (const d of conference.meeting!.dialIn) {
      expect(text).toContain(d.number);
      expect(text).toContain(d.pin);
    }
    for (const s of policy.reports.format.sections) expect(text).toContain(s);
    expect(text).toContain('Wednesday 9 June 2027 at 17:00');
    expect(text).toContain('Share and discuss your report with the family before you send it');
    expect(text).toMatch(/headphones/i);
    expect(text).toMatch(/public place/i);
    expect(helen.mail.html).toContain('href="https://meet.google.example/abc-defg-hij"');
  });

  it('gives the parent a plain-language letter with no acronyms, starting at the slot with the chair', () => {
    const parent = server.messages.find((m) => m.rcptTo[0] === 'jade.parent@mail.example')!;
    expect(parent.mail.subject).toBe('Your meeting with the chair on Mon 14 Jun 2027 (reference CPC-2027-0042)');
    const text = parent.mail.text ?? '';
    expect(text).toContain('Please join at 10:00 to talk with the chair before the other people join at 10:30.');
    expect(findAcronyms(text, conference.reference)).toEqual([]);
    expect(findAcronyms(parent.mail.subject ?? '', conference.reference)).toEqual([]);
    for (const word of ['CPP', 'CIN', 'CP', 'LA']) expect(text).not.toMatch(new RegExp(`\\b${word}\\b`));
    expect(text).toMatch(/supporter/);
    expect(text).toMatch(/solicitor, but only as a supporter/);
    expect(text).toMatch(/aged 11 or over can have an advocate/);
    expect(text).toContain(policy.complaints);
    expect(text).toContain('+44 20 3957 0000');
    expect(text).toContain('easy read');
    // Roles only: no professional's name in the family letter.
    for (const a of conference.attendees.filter((x) => x.role !== 'parent')) expect(text).not.toContain(a.name);
  });

  it('puts no child, family or attendee name in any subject', () => {
    const names = allNames(conference);
    for (const m of server.messages) {
      for (const n of names) expect(m.mail.subject ?? '').not.toMatch(new RegExp(`\\b${n}\\b`));
      expect(m.mail.subject).toContain('CPC-2027-0042');
    }
  });

  it('cancels with METHOD:CANCEL and STATUS:CANCELLED at a higher sequence', async () => {
    const before = server.messages.length;
    const cancelled = { ...conference, version: 2 };
    const helen = conference.attendees.find((a) => a.id === 'a3')!;
    await mailer.send(inviteFor(cancelled, helen, 'CANCEL'));
    const m = server.messages[before]!;
    expect(m.mail.subject).toBe('Child protection conference CPC-2027-0042: cancelled (was Mon 14 Jun 2027)');
    const parts = calendarParts(m);
    expect(parts).toHaveLength(1);
    const ics = parts[0]!.content.toString('utf8');
    expect(ics).toMatch(/^METHOD:CANCEL\r?$/m);
    const parsed = parseIcs(ics);
    expect(parsed.vcalendar?.method).toBe('CANCEL');
    const e = eventsOf(parsed)[0]!;
    expect(e.status).toBe('CANCELLED');
    expect(e.sequence).toBe(2);
    expect(e.uid).toBe(`cpc-${conference.id}@council.example`);
  });

  it('refuses a list of recipients before anything is sent', async () => {
    const helen = conference.attendees.find((a) => a.id === 'a3')!;
    const message = { ...inviteFor(conference, helen, 'REQUEST'), to: 'a@x.example, b@x.example' };
    await expect(mailer.send(message)).rejects.toThrow(/exactly one recipient/);
  });
});
