/**
 * Calendar revisions as real clients apply them (RFC 5546): across invite → update → remove an
 * attendee → cancel, every message the organizer sends for a person's entry has the same UID, a
 * higher SEQUENCE and a later DTSTAMP than the one before, so Outlook, Apple Calendar and Thunderbird
 * replace or withdraw the entry instead of keeping the old one; entries that start at different
 * times (the chair's, a parent's, the professionals') never share a UID. Every calendar the SMTP
 * server received is read by two independent parsers, node-ical and ical.js, which must agree.
 */
import ICAL from 'ical.js';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOf, parseIcs } from '../../src/content/ics.ts';
import { RELAY_AUTH_ENV, relayPass } from '../helpers/mail-auth.ts';
import { hackneyInitialBody, runDueJobs, startTestService, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

type Msg = TestService['smtp']['messages'][number];
interface Revision {
  method: string;
  uid: string;
  sequence: number;
  stamp: number;
  start: number;
}

/** One calendar read by node-ical. */
function byNodeIcal(ics: string): Revision {
  const events = eventsOf(parseIcs(ics));
  expect(events).toHaveLength(1);
  const e = events[0]!;
  const method = /^METHOD:(.+)$/m.exec(ics)?.[1]?.trim() ?? '';
  return {
    method,
    uid: String(e.uid),
    sequence: Number(e.sequence),
    stamp: new Date(e.dtstamp as unknown as string).getTime(),
    start: new Date(e.start).getTime(),
  };
}

/** The same calendar read by ical.js. */
function byIcalJs(ics: string): Revision {
  const cal = new ICAL.Component(ICAL.parse(ics));
  const vevents = cal.getAllSubcomponents('vevent');
  expect(vevents).toHaveLength(1);
  const tz = cal.getFirstSubcomponent('vtimezone');
  if (tz) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  const e = new ICAL.Event(vevents[0]!);
  const stamp = vevents[0]!.getFirstPropertyValue('dtstamp') as ICAL.Time;
  return {
    method: String(cal.getFirstPropertyValue('method')),
    uid: e.uid,
    sequence: e.sequence,
    stamp: stamp.toJSDate().getTime(),
    start: e.startDate.toJSDate().getTime(),
  };
}

const calendarOf = (m: Msg) =>
  m.parsed.attachments.find((a) => /^text\/calendar$/i.test(a.contentType))?.content.toString('utf8');

let svc: TestService;
let conf: { id: string; attendees: { id: string; role: string; email?: string }[] };
const idOf = (role: string) => conf.attendees.find((a) => a.role === role)!.id;
/** Every calendar each person received, in the order the SMTP server took them, read by both parsers. */
function revisionsByRecipient(): Map<string, Revision[]> {
  const out = new Map<string, Revision[]>();
  for (const m of svc.smtp.messages.filter((x) => x.parsed.messageId?.includes(`.${conf.id}@`))) {
    const ics = calendarOf(m);
    if (!ics) continue;
    const ours = byNodeIcal(ics);
    expect(byIcalJs(ics), `${m.parsed.messageId}: ical.js reads what node-ical reads`).toEqual(ours);
    out.set(m.envelopeTo[0]!, [...(out.get(m.envelopeTo[0]!) ?? []), ours]);
  }
  return out;
}
const advance = async (minutes: number) => {
  await svc.advanceTo(new Date(svc.rt.clock.now().getTime() + minutes * 60_000).toISOString());
  await svc.idle();
};

beforeAll(async () => {
  svc = await startTestService(RELAY_AUTH_ENV);
  const r = await svc.api('POST', '/api/conferences', hackneyInitialBody());
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  conf = r.body;
  await runDueJobs(svc);
  await until('invitations', () => revisionsByRecipient().size >= 5);
}, 60_000);
afterAll(() => svc?.stop());

describe('across invite → update → remove → cancel', () => {
  beforeAll(async () => {
    await advance(5);
    expect(
      (
        await svc.api('POST', `/api/conferences/${conf.id}/reschedule`, {
          startsAt: '2027-01-11T10:00',
          reason: 'Room',
          requestedBy: 'Coordinator',
        })
      ).status,
    ).toBe(200);
    await runDueJobs(svc);
    await until('updates', () => [...revisionsByRecipient().values()].every((r) => r.length >= 2));
    await advance(5);
    expect(
      (
        await svc.api('POST', `/api/conferences/${conf.id}/attendees/${idOf('police')}/remove`, {
          reason: 'Not needed',
          requestedBy: 'Coordinator',
        })
      ).status,
    ).toBe(200);
    await advance(5);
    expect(
      (
        await svc.api('POST', `/api/conferences/${conf.id}/cancel`, {
          reason: 'Family moved away',
          requestedBy: 'Coordinator',
        })
      ).status,
    ).toBe(200);
    await runDueJobs(svc);
    await until('cancellations', () =>
      [...revisionsByRecipient().values()].every((r) => r.at(-1)!.method === 'CANCEL'),
    );
  }, 60_000);

  it('each person: one UID, and every message a newer revision (higher SEQUENCE, later DTSTAMP)', () => {
    const all = revisionsByRecipient();
    expect([...all.keys()].sort()).toEqual([
      'chair@example.gov.uk',
      'hv@nhs.example.org',
      'jade@family.example.com',
      'police@police.example.uk',
      'sw@example.gov.uk',
    ]);
    for (const [who, revisions] of all) {
      expect(
        revisions.map((r) => r.method),
        who,
      ).toEqual(['REQUEST', 'REQUEST', 'CANCEL']);
      expect(new Set(revisions.map((r) => r.uid)).size, who).toBe(1);
      for (let i = 1; i < revisions.length; i++) {
        expect(revisions[i]!.sequence, `${who}: SEQUENCE of message ${i + 1}`).toBeGreaterThan(
          revisions[i - 1]!.sequence,
        );
        expect(revisions[i]!.stamp, `${who}: DTSTAMP of message ${i + 1}`).toBeGreaterThan(revisions[i - 1]!.stamp);
      }
    }
  });

  it('the removed officer is sent the withdrawal, newer than their update, before the rest are cancelled', () => {
    const police = revisionsByRecipient().get('police@police.example.uk')!;
    const sw = revisionsByRecipient().get('sw@example.gov.uk')!;
    expect(police[2]!.stamp).toBeLessThan(sw[2]!.stamp);
    expect(police[2]!.sequence).toBe(police[1]!.sequence + 1);
  });

  it('entries that start at different times have different UIDs: the chair’s is not the professionals’', () => {
    const first = new Map([...revisionsByRecipient()].map(([who, r]) => [who, r[0]!]));
    const chair = first.get('chair@example.gov.uk')!;
    const sw = first.get('sw@example.gov.uk')!;
    expect(chair.start).toBeLessThan(sw.start);
    expect(chair.uid).not.toBe(sw.uid);
    const uids = [...first.values()].map((r) => r.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const [a, ra] of first)
      for (const [b, rb] of first) if (a !== b && ra.start !== rb.start) expect(ra.uid).not.toBe(rb.uid);
  });
});

describe('joining in one tap, through the whole service (local provider, virtual)', () => {
  it('each emailed invitation has a tel: link with the PIN, and its calendar a CONFERENCE phone and video', () => {
    const first = svc.smtp.messages.filter(
      (m) => m.parsed.messageId?.startsWith('<send-invites-') && m.parsed.messageId.includes(`-v1.${conf.id}@`),
    );
    expect(first.length).toBeGreaterThanOrEqual(5);
    for (const m of first) {
      const html = String(m.parsed.html);
      const tel =
        /<a href="(tel:\+442079460000,,(\d{6})%23)">\+44 20 7946 0000, then PIN (\d{6}) followed by #<\/a>/.exec(html);
      expect(tel, m.envelopeTo[0]).not.toBeNull();
      expect(tel![2]).toBe(tel![3]);
      const event = new ICAL.Component(ICAL.parse(calendarOf(m)!)).getFirstSubcomponent('vevent')!;
      const conference = event
        .getAllProperties('conference')
        .map((p) => [p.getParameter('feature'), p.getFirstValue()]);
      expect(conference).toEqual([
        ['VIDEO', expect.stringMatching(/\/meet\//)],
        ['PHONE', tel![1]],
      ]);
    }
  });
});

describe('replies match the new UIDs', () => {
  it('a calendar reply to a person’s own entry and SEQUENCE is recorded; one on another’s entry is not', async () => {
    const c = await svc.api(
      'POST',
      '/api/conferences',
      hackneyInitialBody({ startsAt: '2027-02-01T10:00', strategyDiscussionOn: '2026-12-01' }),
    );
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    await runDueJobs(svc);
    const mine = (email: string) =>
      svc.smtp.messages.find(
        (m) => m.envelopeTo[0] === email && m.parsed.messageId?.includes(`.${c.body.id}@`) && calendarOf(m),
      );
    await until('invitations', () => Boolean(mine('hv@nhs.example.org') && mine('sw@example.gov.uk')));
    const hv = byIcalJs(calendarOf(mine('hv@nhs.example.org')!)!);
    const sw = byIcalJs(calendarOf(mine('sw@example.gov.uk')!)!);
    const reply = (uid: string, sequence: number) =>
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Test//EN',
        'METHOD:REPLY',
        'BEGIN:VEVENT',
        `UID:${uid}`,
        `SEQUENCE:${sequence}`,
        'DTSTAMP:20261201T090000Z',
        'DTSTART:20270201T103000Z',
        'ORGANIZER:mailto:childprotectioninvitereportrequest@hackney.gov.uk',
        'ATTENDEE;PARTSTAT=ACCEPTED:mailto:hv@nhs.example.org',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n');
    const send = async (uid: string, sequence: number) => {
      const t = nodemailer.createTransport({
        host: '127.0.0.1',
        port: svc.rt.inbound!.port,
        secure: false,
        ignoreTLS: true,
      });
      try {
        await t.sendMail({
          from: 'hv@nhs.example.org',
          to: 'childprotectioninvitereportrequest@hackney.gov.uk',
          headers: relayPass('hv@nhs.example.org'),
          subject: 'Accepted',
          text: 'x',
          icalEvent: { method: 'REPLY', content: reply(uid, sequence) },
        });
      } finally {
        t.close();
      }
    };
    const rsvp = async () =>
      (await svc.api('GET', `/api/conferences/${c.body.id}`)).body.attendees.find(
        (a: { email?: string }) => a.email === 'hv@nhs.example.org',
      ).rsvp;
    await send(sw.uid, sw.sequence); // her answer on the social worker's entry
    await until('refused', () => svc.logs.some((l) => l.includes('calendar reply not applied')));
    expect(await rsvp()).toBe('needs-action');
    await send(hv.uid, hv.sequence);
    await until('accepted', async () => (await rsvp()) === 'accepted');
  });
});
