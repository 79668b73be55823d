/**
 * Invitations through the whole service (local meeting provider, real SMTP sink, real inbound
 * SMTP): one recipient each, the right calendar times, phone dial-in, plain words for families,
 * updates and cancellations that replace the same calendar entry, and calendar replies.
 */
import nodemailer from 'nodemailer';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOf, parseIcs } from '../../src/content/ics.ts';
import { findAcronyms } from '../../src/content/templates/family-invite.ts';
import { startFakeGraph, type FakeGraph } from '../fakes/fake-graph.ts';
import { hackneyInitialBody, runDueJobs, startTestService, type TestService } from '../helpers/service.ts';
import { RELAY_AUTH_ENV, relayPass } from '../helpers/mail-auth.ts';
import { TEST_API_KEY } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

type Msg = TestService['smtp']['messages'][number];

const NAMES = ['Ruby', 'Leo', 'Testfamily', 'Jade', 'Marcus'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Messages of one conference: every Message-ID is `<step>-<recipient>-v<version>.<conferenceId>@domain`. */
const ofConference = (svc: TestService, id: string) =>
  svc.smtp.messages.filter((m) => m.parsed.messageId?.includes(`.${id}@`));
const ofStep = (svc: TestService, id: string, step: string, version: number) =>
  ofConference(svc, id).filter((m) => new RegExp(`^<${step}-a\\d+-v${version}\\.`).test(m.parsed.messageId ?? ''));

function calendarParts(m: Msg) {
  return m.parsed.attachments.filter((a) => /^text\/calendar$/i.test(a.contentType));
}

function icsOf(m: Msg): string {
  const parts = calendarParts(m);
  expect(parts, m.parsed.subject).toHaveLength(1);
  return parts[0]!.content.toString('utf8');
}

function eventOf(m: Msg) {
  const events = eventsOf(parseIcs(icsOf(m)));
  expect(events).toHaveLength(1);
  return events[0]!;
}

function methodParam(m: Msg): string | undefined {
  const header = calendarParts(m)[0]!.headers.get('content-type') as { params?: Record<string, string> } | undefined;
  return header?.params?.['method'];
}

function toAddresses(p: ParsedMail): string[] {
  const to = p.to ? (Array.isArray(p.to) ? p.to : [p.to]) : [];
  return to.flatMap((a) => a.value.map((v) => v.address!.toLowerCase()));
}

/** Everything a recipient can read: headers, bodies, the calendar and any attachment. */
function everything(m: Msg): string {
  return [
    m.raw.toString('utf8'),
    m.parsed.subject ?? '',
    m.parsed.text ?? '',
    typeof m.parsed.html === 'string' ? m.parsed.html : '',
    ...m.parsed.attachments.map((a) => a.content.toString('utf8')),
  ].join('\n');
}

async function createAndInvite(svc: TestService, body: Record<string, unknown>) {
  const r = await svc.api('POST', '/api/conferences', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  await runDueJobs(svc);
  const emailed = (body.attendees as any[]).filter(
    (a) => a.email && a.role !== 'child' && (a.contactPreference ?? 'email') === 'email',
  ).length;
  await until('invitations', () => ofStep(svc, r.body.id, 'send-invites', 1).length >= emailed);
  return r.body as {
    id: string;
    reference: string;
    attendees: { id: string; role: string; email?: string }[];
    timetable: any;
  };
}

async function view(svc: TestService, id: string) {
  const r = await svc.api('GET', `/api/conferences/${id}`);
  expect(r.status).toBe(200);
  return r.body;
}

async function sendReply(svc: TestService, from: string, ics: string, method = 'REPLY') {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: svc.rt.inbound!.port,
    secure: false,
    ignoreTLS: true,
  });
  try {
    return await transport.sendMail({
      from,
      to: 'childprotectioninvitereportrequest@hackney.gov.uk',
      // Calendar replies count only from an authenticated sender: here, the relay vouches for it.
      headers: relayPass(from),
      subject: 'Accepted: Child protection conference',
      text: 'reply',
      icalEvent: { method, content: ics },
    });
  } finally {
    transport.close();
  }
}

function replyIcs(uid: string, email: string, partstat: string, sequence = 0): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Test//Outlook-ish//EN',
    'METHOD:REPLY',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `SEQUENCE:${sequence}`,
    'DTSTAMP:20261201T090500Z',
    'DTSTART;TZID=Europe/London:20270104T103000',
    'DTEND;TZID=Europe/London:20270104T120000',
    'ORGANIZER:mailto:childprotectioninvitereportrequest@hackney.gov.uk',
    `ATTENDEE;PARTSTAT=${partstat}:mailto:${email}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/**
 * One service for every group below that uses the local provider (the Teams group has its own): each
 * test creates its own conference and reads only that conference's messages (ofConference, ofStep).
 * The API limit is lifted because the groups' polling for replies now shares one client bucket.
 */
let started: Promise<TestService> | undefined;
const shared = () =>
  (started ??= startTestService({
    ...RELAY_AUTH_ENV,
    API_RATE_LIMIT_BURST: '100000',
    API_RATE_LIMIT_PER_MINUTE: '1000000',
  }));
afterAll(async () => {
  await (await started?.catch(() => undefined))?.stop();
});

describe('invitations with the local provider', () => {
  let svc: TestService;
  let conf: Awaited<ReturnType<typeof createAndInvite>>;
  const body = hackneyInitialBody();
  (body.attendees as any[]).push({ name: 'Ruby Testfamily', role: 'child', childIds: ['c1'] });
  const everyAddress = (body.attendees as any[]).flatMap((a) => [a.email, a.managerEmail]).filter(Boolean) as string[];

  beforeAll(async () => {
    svc = await shared();
    conf = await createAndInvite(svc, body);
  });

  const invites = () => ofStep(svc, conf.id, 'send-invites', 1);
  const inviteTo = (email: string) => invites().find((m) => m.envelopeTo[0] === email)!;

  it('one invitation per emailed attendee, each to exactly one address', () => {
    const to = invites()
      .map((m) => m.envelopeTo[0])
      .sort();
    expect(to).toEqual([
      'chair@example.gov.uk',
      'hv@nhs.example.org',
      'jade@family.example.com',
      'police@police.example.uk',
      'sw@example.gov.uk',
    ]);
    for (const m of ofConference(svc, conf.id)) {
      expect(m.envelopeTo).toHaveLength(1);
      expect(toAddresses(m.parsed)).toEqual([m.envelopeTo[0]]);
      expect(m.parsed.cc).toBeUndefined();
      expect(m.parsed.bcc).toBeUndefined();
    }
  });

  it("no message carries another attendee's address, not even in the calendar", () => {
    for (const m of ofConference(svc, conf.id)) {
      const me = (body.attendees as any[]).find((a) => a.email === m.envelopeTo[0]);
      const mine = new Set([me?.email, me?.managerEmail].filter(Boolean));
      const text = everything(m).toLowerCase();
      for (const address of everyAddress) {
        if (!mine.has(address))
          expect(text, `${m.parsed.subject} to ${m.envelopeTo[0]}`).not.toContain(address.toLowerCase());
      }
      if (calendarParts(m).length) {
        const attendees = [eventOf(m).attendee].flat();
        expect(attendees).toHaveLength(1);
      }
    }
  });

  it('professionals start at 10:30 London, the family at 10:00, with the same join link', () => {
    const pro = eventOf(inviteTo('hv@nhs.example.org'));
    const chair = eventOf(inviteTo('chair@example.gov.uk'));
    const family = eventOf(inviteTo('jade@family.example.com'));
    expect(new Date(pro.start).toISOString()).toBe('2027-01-04T10:30:00.000Z');
    // The chair meets the parents first: their entry starts with the parents' slot.
    expect(new Date(chair.start).toISOString()).toBe('2027-01-04T10:00:00.000Z');
    expect(inviteTo('chair@example.gov.uk').parsed.subject).toContain('join 10:00');
    expect(inviteTo('chair@example.gov.uk').parsed.text).toContain(
      'You meet the parents on their own first, from 10:00; the other professionals join at 10:30.',
    );
    expect(inviteTo('hv@nhs.example.org').parsed.text).toContain(
      'The chair meets the family first, from 10:00. Please join at 10:30, not before.',
    );
    expect(new Date(family.start).toISOString()).toBe('2027-01-04T10:00:00.000Z');
    expect(new Date(family.end!).toISOString()).toBe(new Date(pro.end!).toISOString());
    expect(icsOf(inviteTo('hv@nhs.example.org'))).toMatch(/DTSTART;TZID=Europe\/London:20270104T103000/);
    expect(icsOf(inviteTo('jade@family.example.com'))).toMatch(/DTSTART;TZID=Europe\/London:20270104T100000/);
    const link = (e: any) => (typeof e.url === 'string' ? e.url : e.url?.val);
    expect(link(pro)).toMatch(/\/meet\//);
    expect(link(family)).toBe(link(pro));
    expect(inviteTo('jade@family.example.com').parsed.text).toContain(link(pro));
    expect(inviteTo('hv@nhs.example.org').parsed.text).toContain(link(pro));
  });

  it('the local provider’s join link opens a page that says there is no video and how to dial in', async () => {
    const e = eventOf(inviteTo('hv@nhs.example.org'));
    const url = typeof e.url === 'string' ? e.url : (e.url as unknown as { val: string }).val;
    const res = await fetch(`${svc.url}${new URL(url).pathname}`);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain(`Meeting ${conf.reference}`);
    expect(body).toContain('not a real video service');
    expect(body).toMatch(/call <strong>\+44 20 7946 0000<\/strong> and enter PIN <strong>\d{4,}<\/strong>/);
    for (const name of NAMES) expect(body).not.toContain(name);
    expect((await fetch(`${svc.url}/meet/nosuchconference`)).status).toBe(404);
  });

  it('every invitation carries a dial-in number and PIN', () => {
    const pins = new Set<string>();
    for (const m of invites()) {
      const text = m.parsed.text ?? '';
      expect(text).toContain('+44 20 7946 0000');
      const pin = /PIN (\d{4,})/.exec(text)?.[1];
      expect(pin, m.envelopeTo[0]).toBeDefined();
      pins.add(pin!);
    }
    expect(pins.size).toBe(1);
  });

  it('exactly one text/calendar part with method=REQUEST per message', () => {
    for (const m of invites()) {
      expect(calendarParts(m)).toHaveLength(1);
      expect(methodParam(m)?.toUpperCase()).toBe('REQUEST');
      const ics = icsOf(m);
      expect(ics.match(/^METHOD:/gm)).toEqual(['METHOD:']);
      expect(ics).toMatch(/^METHOD:REQUEST\r?$/m);
      expect(m.raw.toString().match(/^Content-Type: text\/calendar/gim)).toHaveLength(1);
    }
  });

  it('the family invitation is in plain words and says they may bring a supporter', () => {
    const m = inviteTo('jade@family.example.com');
    expect(findAcronyms(m.parsed.text ?? '', conf.reference)).toEqual([]);
    expect(findAcronyms(m.parsed.subject ?? '', conf.reference)).toEqual([]);
    expect(m.parsed.text).toMatch(/supporter/i);
    expect(m.parsed.text).toMatch(/10:00/);
    // Two children: the letter says so.
    expect((m.parsed.text ?? '').replace(/\s+/g, ' ')).toContain(
      'whether each of your children needs a child protection plan',
    );
  });

  it('a parent who asked for post gets a letter recorded, not an email', async () => {
    const v = await view(svc, conf.id);
    const marcus = v.attendees.find((a: any) => a.name === 'Marcus Testfamily');
    const key = `send-invites-${marcus.id}-v1`;
    expect(v.deliveries[key]).toMatchObject({ state: 'sent' });
    expect(String(v.deliveries[key].messageId)).toMatch(/^post:/);
    expect(marcus.deliveries[key]).toBeDefined();
    // The letter itself: a printable PDF on the hard-copy queue, due by the end of the next working day.
    const copy = v.hardCopies.find((h: any) => h.attendeeId === marcus.id && h.document === 'invitation');
    expect(copy).toMatchObject({ dueAt: '2026-12-02T17:00:00+00:00' });
    const pdf = await fetch(`${svc.url}/api/conferences/${conf.id}/hard-copies/${copy.blobId}`, {
      headers: { authorization: `Bearer ${TEST_API_KEY}` },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('children are never emailed', async () => {
    const v = await view(svc, conf.id);
    const child = v.attendees.find((a: any) => a.role === 'child');
    expect(child.contactPreference).toBe('via-social-worker');
    expect(Object.keys(v.deliveries).filter((k) => k.includes(`-${child.id}-`))).toEqual([]);
    expect(ofConference(svc, conf.id).filter((m) => m.parsed.messageId?.includes(`-${child.id}-`))).toEqual([]);
  });

  it('no child or family name in any subject or calendar summary', () => {
    for (const m of ofConference(svc, conf.id)) {
      for (const name of NAMES) {
        expect(m.parsed.subject ?? '').not.toContain(name);
        if (calendarParts(m).length) expect(String(eventOf(m).summary)).not.toContain(name);
      }
    }
  });

  describe('then rescheduled', () => {
    let firstUids: Map<string, string>;

    beforeAll(async () => {
      firstUids = new Map(invites().map((m) => [m.envelopeTo[0]!, String(eventOf(m).uid)]));
      const r = await svc.api('POST', `/api/conferences/${conf.id}/reschedule`, {
        startsAt: '2027-01-11T10:00',
        reason: 'Chair unavailable',
        requestedBy: 'Coordinator',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      await runDueJobs(svc);
      await until('updated invitations', () => ofStep(svc, conf.id, 'send-invites', 2).length >= 5);
      await sleep(300); // a duplicate, if any, would arrive now
      await runDueJobs(svc);
    });

    it('one updated invitation per recipient, same UID, higher SEQUENCE, new time, saying so', () => {
      const updated = ofStep(svc, conf.id, 'send-invites', 2);
      expect(updated.map((m) => m.envelopeTo[0]).sort()).toEqual([...firstUids.keys()].sort());
      for (const m of updated) {
        const e = eventOf(m);
        expect(String(e.uid)).toBe(firstUids.get(m.envelopeTo[0]!));
        expect(Number(e.sequence)).toBeGreaterThan(0);
        expect(methodParam(m)?.toUpperCase()).toBe('REQUEST');
        const withParents = ['jade@family.example.com', 'chair@example.gov.uk'].includes(m.envelopeTo[0]!);
        expect(new Date(e.start).toISOString()).toBe(
          withParents ? '2027-01-11T10:00:00.000Z' : '2027-01-11T10:30:00.000Z',
        );
        expect(m.parsed.text).toMatch(/replaces the earlier|time has changed/i);
        expect(m.parsed.text).toMatch(/11 Jan/);
        for (const name of NAMES) expect(m.parsed.subject).not.toContain(name);
      }
    });

    it('no recipient gets the same updated invitation twice, and nobody gets the first one again', () => {
      const all = ofConference(svc, conf.id).filter((m) => calendarParts(m).length);
      const perRecipient = new Map<string, number>();
      for (const m of all) perRecipient.set(m.envelopeTo[0]!, (perRecipient.get(m.envelopeTo[0]!) ?? 0) + 1);
      for (const [, count] of perRecipient) expect(count).toBe(2);
    });

    describe('then cancelled', () => {
      beforeAll(async () => {
        const r = await svc.api('POST', `/api/conferences/${conf.id}/cancel`, {
          reason: 'Family moved away',
          requestedBy: 'Team Manager',
        });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        await runDueJobs(svc);
        await until('cancellations', () => ofStep(svc, conf.id, 'send-cancellations', 3).length >= 5);
      });

      it('METHOD:CANCEL and STATUS:CANCELLED, same UID, to everyone previously invited', () => {
        const cancels = ofStep(svc, conf.id, 'send-cancellations', 3);
        expect(cancels.map((m) => m.envelopeTo[0]).sort()).toEqual([...firstUids.keys()].sort());
        for (const m of cancels) {
          const ics = icsOf(m);
          expect(methodParam(m)?.toUpperCase()).toBe('CANCEL');
          expect(ics).toMatch(/^METHOD:CANCEL\r?$/m);
          expect(ics).toMatch(/^STATUS:CANCELLED\r?$/m);
          const e = eventOf(m);
          expect(String(e.uid)).toBe(firstUids.get(m.envelopeTo[0]!));
          expect(Number(e.sequence)).toBeGreaterThan(1);
          expect(m.envelopeTo).toHaveLength(1);
          for (const name of NAMES) expect(m.parsed.subject).not.toContain(name);
        }
      });

      it('the parent whose letters were never printed has them withdrawn, not a cancellation letter; the child nothing', async () => {
        // A letter cancelling a meeting he was never told of would only alarm him (the printed case:
        // conference-unprinted-cancel.test.ts).
        const v = await view(svc, conf.id);
        const marcus = v.attendees.find((a: any) => a.name === 'Marcus Testfamily');
        expect(v.deliveries[`send-cancellations-${marcus.id}-v3`]).toBeUndefined();
        const his = v.hardCopies.filter((h: any) => h.attendeeId === marcus.id);
        expect(his.some((h: any) => h.document === 'cancellation')).toBe(false);
        expect(his.every((h: any) => h.withdrawnAt && !h.printedAt)).toBe(true);
        expect(his.at(-1).withdrawnReason).toBe('meeting-cancelled');
        const child = v.attendees.find((a: any) => a.role === 'child');
        expect(Object.keys(v.deliveries).filter((k) => k.includes(`-${child.id}-`))).toEqual([]);
      });
    });
  });
});

describe('summer time', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await shared();
  });

  it('a June conference at 10:00 London is 09:00Z for the family and 09:30Z for professionals', async () => {
    const conf = await createAndInvite(
      svc,
      hackneyInitialBody({ startsAt: '2027-06-14T10:00', strategyDiscussionOn: undefined }),
    );
    expect(conf.timetable.parentsJoinAt).toBe('2027-06-14T10:00:00+01:00');
    const invites = ofStep(svc, conf.id, 'send-invites', 1);
    const family = invites.find((m) => m.envelopeTo[0] === 'jade@family.example.com')!;
    const pro = invites.find((m) => m.envelopeTo[0] === 'sw@example.gov.uk')!;
    expect(new Date(eventOf(family).start).toISOString()).toBe('2027-06-14T09:00:00.000Z');
    expect(new Date(eventOf(pro).start).toISOString()).toBe('2027-06-14T09:30:00.000Z');
    expect(icsOf(family)).toMatch(/DTSTART;TZID=Europe\/London:20270614T100000/);
    expect(family.parsed.text).toMatch(/10:00/);
    expect(family.parsed.text).not.toMatch(/09:00|9:00/);
  });
});

describe('calendar replies by email', () => {
  let svc: TestService;
  let conf: Awaited<ReturnType<typeof createAndInvite>>;
  const uidFor = (email: string) =>
    String(eventOf(ofStep(svc, conf.id, 'send-invites', 1).find((m) => m.envelopeTo[0] === email)!).uid);
  const attendee = async (email: string) => (await view(svc, conf.id)).attendees.find((a: any) => a.email === email);

  beforeAll(async () => {
    svc = await shared();
    conf = await createAndInvite(svc, hackneyInitialBody());
  });

  it('an accepted REPLY updates the attendee', async () => {
    expect((await attendee('hv@nhs.example.org')).rsvp).toBe('needs-action');
    await sendReply(
      svc,
      'hv@nhs.example.org',
      replyIcs(uidFor('hv@nhs.example.org'), 'hv@nhs.example.org', 'ACCEPTED'),
    );
    await until('rsvp accepted', async () => (await attendee('hv@nhs.example.org')).rsvp === 'accepted');
    const v = await view(svc, conf.id);
    expect(v.audit.some((e: any) => e.action === 'rsvp.recorded')).toBe(true);
  });

  it('the family can reply too (their own UID)', async () => {
    await sendReply(
      svc,
      'jade@family.example.com',
      replyIcs(uidFor('jade@family.example.com'), 'JADE@family.example.com', 'TENTATIVE'),
    );
    await until('rsvp tentative', async () => (await attendee('jade@family.example.com')).rsvp === 'tentative');
  });

  it('a professional who declines is asked to nominate a deputy', async () => {
    await sendReply(
      svc,
      'police@police.example.uk',
      replyIcs(uidFor('police@police.example.uk'), 'police@police.example.uk', 'DECLINED'),
    );
    await until('rsvp declined', async () => (await attendee('police@police.example.uk')).rsvp === 'declined');
    const prompt = await until('deputy prompt', () =>
      ofConference(svc, conf.id).find((m) => m.parsed.messageId?.startsWith('<declined-deputy-prompt-')),
    );
    expect(prompt.envelopeTo).toEqual(['police@police.example.uk']);
    expect(prompt.parsed.text?.trim()).toBe(
      `You have declined the child protection conference ${conf.reference}. Please nominate a colleague to attend in your place by replying to this email with their name and email address, and please still send your report by its due date.`,
    );
    expect(prompt.parsed.subject).toContain(conf.reference);
  });

  it('a malformed REPLY changes nothing, logs a warning, and the service stays up', async () => {
    const before = await view(svc, conf.id);
    const logsBefore = svc.logs.length;
    const uid = uidFor('sw@example.gov.uk');
    const noAttendee = replyIcs(uid, 'sw@example.gov.uk', 'ACCEPTED').replace(/^ATTENDEE.*\r\n/m, '');
    await sendReply(svc, 'sw@example.gov.uk', noAttendee);
    const badPartstat = replyIcs(uid, 'sw@example.gov.uk', 'MAYBE-LATER');
    await sendReply(svc, 'sw@example.gov.uk', badPartstat);
    await sendReply(
      svc,
      'sw@example.gov.uk',
      'BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nthis is not ical\r\n',
    );
    const stranger = replyIcs(uid, 'stranger@evil.example', 'ACCEPTED');
    await sendReply(svc, 'stranger@evil.example', stranger);
    await until(
      'warnings',
      () =>
        svc.logs.slice(logsBefore).filter((l) => /"level":"warn"/.test(l) && /calendar reply not applied/.test(l))
          .length >= 4,
    );

    const after = await view(svc, conf.id);
    expect(after.attendees.map((a: any) => a.rsvp)).toEqual(before.attendees.map((a: any) => a.rsvp));
    expect(after.rev).toBe(before.rev);
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
    // Still accepting good replies afterwards.
    await sendReply(svc, 'sw@example.gov.uk', replyIcs(uid, 'sw@example.gov.uk', 'ACCEPTED'));
    await until('rsvp accepted', async () => (await attendee('sw@example.gov.uk')).rsvp === 'accepted');
  });
});

describe('calendar replies after the conference changed', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await shared();
  });

  const attendeeOf = async (id: string, email: string) =>
    (await view(svc, id)).attendees.find((a: any) => a.email === email);
  const uidOf = (id: string, email: string) =>
    String(eventOf(ofStep(svc, id, 'send-invites', 1).find((m) => m.envelopeTo[0] === email)!).uid);

  it('a reschedule asks everyone again, and a late answer to the old time does not count for the new one', async () => {
    const conf = await createAndInvite(svc, hackneyInitialBody());
    const uid = uidOf(conf.id, 'hv@nhs.example.org');
    await sendReply(svc, 'hv@nhs.example.org', replyIcs(uid, 'hv@nhs.example.org', 'ACCEPTED', 0));
    await until('accepted', async () => (await attendeeOf(conf.id, 'hv@nhs.example.org')).rsvp === 'accepted');

    const r = await svc.api('POST', `/api/conferences/${conf.id}/reschedule`, {
      startsAt: '2027-01-12T14:00',
      reason: 'Room',
      requestedBy: 'Coordinator',
    });
    expect(r.status).toBe(200);
    await runDueJobs(svc);
    await until('updated invitations', () => ofStep(svc, conf.id, 'send-invites', 2).length >= 5);
    expect((await attendeeOf(conf.id, 'hv@nhs.example.org')).rsvp).toBe('needs-action');

    // Someone answers their first invitation (SEQUENCE 0) after the move: not an answer for 12 Jan.
    const policeUid = uidOf(conf.id, 'police@police.example.uk');
    const logsBefore = svc.logs.length;
    await sendReply(svc, 'police@police.example.uk', replyIcs(policeUid, 'police@police.example.uk', 'ACCEPTED', 0));
    await until('warning', () => svc.logs.slice(logsBefore).some((l) => /calendar reply not applied/.test(l)));
    expect((await attendeeOf(conf.id, 'police@police.example.uk')).rsvp).toBe('needs-action');

    // An answer to the updated invitation (SEQUENCE 1) counts.
    await sendReply(svc, 'police@police.example.uk', replyIcs(policeUid, 'police@police.example.uk', 'ACCEPTED', 1));
    await until('accepted v2', async () => (await attendeeOf(conf.id, 'police@police.example.uk')).rsvp === 'accepted');
  });

  it('a decline arriving after the conference was cancelled asks nobody for a deputy', async () => {
    const conf = await createAndInvite(svc, hackneyInitialBody());
    const uid = uidOf(conf.id, 'police@police.example.uk');
    const r = await svc.api('POST', `/api/conferences/${conf.id}/cancel`, {
      reason: 'Not needed',
      requestedBy: 'Coordinator',
    });
    expect(r.status).toBe(200);
    await runDueJobs(svc);
    await until('cancellations', () => ofStep(svc, conf.id, 'send-cancellations', 2).length >= 5);

    const logsBefore = svc.logs.length;
    await sendReply(svc, 'police@police.example.uk', replyIcs(uid, 'police@police.example.uk', 'DECLINED', 1));
    await until('warning', () => svc.logs.slice(logsBefore).some((l) => /calendar reply not applied/.test(l)));
    await sleep(200);
    expect(
      ofConference(svc, conf.id).filter((m) => m.parsed.messageId?.startsWith('<declined-deputy-prompt-')),
    ).toEqual([]);
    expect((await attendeeOf(conf.id, 'police@police.example.uk')).rsvp).toBe('needs-action');
  });
});

describe('a Teams meeting without audio conferencing', () => {
  let graph: FakeGraph;
  let svc: TestService;

  beforeAll(async () => {
    graph = await startFakeGraph({ audioConferencing: null });
    svc = await startTestService({
      MEETING_PROVIDER: 'teams',
      GRAPH_BASE_URL: graph.graphBaseUrl,
      GRAPH_AUTHORITY_URL: graph.url,
      GRAPH_TENANT_ID: 'tenant',
      GRAPH_CLIENT_ID: 'client',
      GRAPH_CLIENT_SECRET: 'secret',
      GRAPH_ORGANIZER_USER_ID: 'organiser-user',
      FALLBACK_DIALIN_NUMBER: '+44 20 8356 0000',
      FALLBACK_DIALIN_PIN: '4321',
    });
  });
  afterAll(async () => {
    await svc?.stop();
    await graph?.close();
  });

  it('invitations carry the fallback dial-in and the chair is alerted', async () => {
    const conf = await createAndInvite(svc, hackneyInitialBody());
    expect(graph.meetings.size).toBe(1);
    const invites = ofStep(svc, conf.id, 'send-invites', 1);
    expect(invites).toHaveLength(5);
    for (const m of invites) {
      expect(m.parsed.text).toContain('+44 20 8356 0000');
      expect(m.parsed.text).toMatch(/PIN 4321/);
      expect(m.parsed.text).toContain('https://teams.microsoft.com/l/meetup-join/');
    }
    const alerts = ofConference(svc, conf.id).filter((m) => m.parsed.messageId?.startsWith('<dial-in-fallback-alert-'));
    expect(alerts.map((m) => m.envelopeTo[0]).sort()).toEqual(['chair@example.gov.uk', 'coordinator@example.gov.uk']);
    for (const a of alerts) {
      expect(a.parsed.subject).toBe(`${conf.reference}: fallback dial-in used`);
      expect(a.parsed.text?.trim()).toBe(
        `${conf.reference}: the teams meeting has no phone dial-in, so the authority's fallback audio bridge (+44 20 8356 0000) is in the invitations. Check that the bridge is booked for the conference time.`,
      );
      for (const name of NAMES) expect(a.parsed.subject).not.toContain(name);
    }
    expect(svc.logs.some((l) => /fallback bridge used/.test(l))).toBe(true);
  });

  // Trial finding: with a Teams meeting the chair's invitation left the checklist link out, as if every
  // chair had the Teams card; a chair the bot cannot reach (no Teams id) had no page to tick it on.
  it('gives the checklist link to a chair not on Teams, and not to one who is', async () => {
    const chairOf = async (teamsUserId?: string) => {
      const body = hackneyInitialBody();
      const attendees = body.attendees.map((a: any) => (a.role === 'chair' && teamsUserId ? { ...a, teamsUserId } : a));
      const conf = await createAndInvite(svc, { ...body, attendees });
      return ofStep(svc, conf.id, 'send-invites', 1).find((m) => m.envelopeTo.includes('chair@example.gov.uk'))!;
    };
    expect((await chairOf()).parsed.text).toContain('Pre-meeting checklist with the parents');
    expect((await chairOf('29:chair-on-teams')).parsed.text).not.toContain('Pre-meeting checklist with the parents');
  });
});
