/**
 * Changing parents' slots late, as a new coordinator did in a trial: a Hackney conference on Tue 30
 * March 2027 (Easter Monday the 29th), set up on 1 March, with separated parents — one by email, one
 * by post — a supporter who comes with the postal parent and an interpreter linked to nobody.
 * Moving one parent's slot the day before must re-send no report chaser, update only the calendar
 * entries that moved, change nothing when asked again, replace the unprinted letter rather than
 * pile up more, and say plainly that the post cannot bring it in time. After the meeting nobody is
 * asked to print invitations to it, and each letter has its own deadline alert.
 */
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOf, parseIcs } from '../../src/content/ics.ts';
import { holdMeeting, settle, type Created } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, runDueJobs, startTestService, type TestService } from '../helpers/service.ts';
import { RELAY_AUTH_ENV, relayPass } from '../helpers/mail-auth.ts';
import { until } from '../helpers/wait.ts';

type Msg = TestService['smtp']['messages'][number];

const JADE = 'jade@family.example.com';
const SUPPORTER = 'supporter@womensaid.example.org';
const INTERPRETER = 'interpreter@language.example.com';
const COORDINATOR = 'coordinator@example.gov.uk';

const runDueJobsAndSettle = async (svc: TestService) => {
  await runDueJobs(svc);
  await svc.idle();
};

const messageId = (m: Msg) => m.parsed.messageId ?? '';
const subject = (m: Msg) => m.parsed.subject ?? '';
const text = (m: Msg) => (m.parsed.text ?? '').replace(/\s+/g, ' ');

function eventOf(m: Msg) {
  const parts = m.parsed.attachments.filter((a) => /^text\/calendar$/i.test(a.contentType));
  expect(parts).toHaveLength(1);
  const events = eventsOf(parseIcs(parts[0]!.content.toString('utf8')));
  expect(events).toHaveLength(1);
  return { ...events[0]!, ics: parts[0]!.content.toString('utf8') };
}

async function sendReply(svc: TestService, from: string, uid: string, sequence: number): Promise<void> {
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Test//Outlook-ish//EN',
    'METHOD:REPLY',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `SEQUENCE:${sequence}`,
    'DTSTAMP:20270329T090500Z',
    'DTSTART;TZID=Europe/London:20270330T100000',
    'ORGANIZER:mailto:childprotectioninvitereportrequest@hackney.gov.uk',
    `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${from}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: svc.rt.inbound!.port,
    secure: false,
    ignoreTLS: true,
  });
  try {
    await transport.sendMail({
      from,
      to: 'childprotectioninvitereportrequest@hackney.gov.uk',
      headers: relayPass(from),
      subject: 'Accepted',
      text: 'reply',
      icalEvent: { method: 'REPLY', content: ics },
    });
  } finally {
    transport.close();
  }
}

function body() {
  const b = hackneyInitialBody({ startsAt: '2027-03-30T10:00', strategyDiscussionOn: '2027-03-01' }) as {
    attendees: Record<string, unknown>[];
  } & Record<string, unknown>;
  const marcus = `a${b.attendees.findIndex((a) => a.name === 'Marcus Testfamily') + 1}`;
  b.attendees.find((a) => a.name === 'Jade Testfamily')!.preMeetingStartsAt = '2027-03-30T10:00';
  b.attendees.find((a) => a.name === 'Marcus Testfamily')!.preMeetingStartsAt = '2027-03-30T10:18';
  b.attendees.push({ name: 'Sally Supporter', role: 'supporter', email: SUPPORTER, accompanies: marcus });
  b.attendees.push({ name: 'Ivan Interpreter', role: 'interpreter', email: INTERPRETER });
  return b;
}

describe("changing a parent's slot the day before the conference", () => {
  let svc: TestService;
  let c: Created;
  let marcus: string;
  let sally: string;
  const ofConference = () => svc.smtp.messages.filter((m) => messageId(m).includes(`.${c.id}@`));
  const view = async () => (await svc.api('GET', `/api/conferences/${c.id}`)).body;
  const setSlot = (startsAt: string) =>
    svc.api('POST', `/api/conferences/${c.id}/pre-meeting-slots`, {
      slots: [{ attendeeId: marcus, startsAt }],
      by: 'chair',
    });
  const queueFor = async (attendeeId: string) =>
    (
      (await svc.api('GET', '/api/hard-copies')).body as {
        conferenceId: string;
        attendeeId: string;
        document: string;
      }[]
    ).filter((h) => h.conferenceId === c.id && h.attendeeId === attendeeId);

  beforeAll(async () => {
    svc = await startTestService(RELAY_AUTH_ENV);
    await svc.advanceTo('2027-03-01T09:00:00Z');
    const r = await svc.api('POST', '/api/conferences', body());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    c = r.body;
    marcus = c.attendees.find((a) => a.role === 'parent' && !a.email)!.id;
    sally = c.attendees.find((a) => a.email === SUPPORTER)!.id;
    await runDueJobsAndSettle(svc);
    await until(
      'invitations',
      () => ofConference().filter((m) => messageId(m).startsWith('<send-invites-')).length >= 7,
    );
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('alerts the coordinator at the invitation letter’s own deadline (Tue 2 Mar), then the letter is printed', async () => {
    const letter = (await view()).hardCopies.find((h: any) => h.attendeeId === marcus && h.document === 'invitation');
    expect(letter.dueAt).toBe('2027-03-02T17:00:00+00:00');
    expect((await view()).pendingJobs.some((j: any) => j.step === 'hard-copy-due' && j.attendeeId === marcus)).toBe(
      true,
    );
    await svc.advanceTo('2027-03-02T17:05:00Z');
    const alerts = ofConference().filter(
      (m) => m.envelopeTo.includes(COORDINATOR) && subject(m).includes('to print and post'),
    );
    expect(alerts.map(subject)).toEqual([`${c.reference}: 1 letter(s) to print and post (due Tue 2 Mar 2027)`]);
    expect((await svc.api('POST', `/api/conferences/${c.id}/hard-copies/${letter.blobId}/printed`, {})).status).toBe(
      200,
    );
  });

  it('re-sends no report chaser, and updates only the calendar entries that moved', async () => {
    await svc.advanceTo('2027-03-29T09:00:00Z');
    // Every chaser due so far has gone: overdue reports, escalations and the flag to the chair.
    expect(ofConference().some((m) => messageId(m).startsWith('<report-overdue-'))).toBe(true);
    expect(ofConference().some((m) => messageId(m).startsWith('<reports-missing-flag-'))).toBe(true);
    const before = ofConference().length;
    const pendingBefore = ((await view()).pendingJobs as { id: string }[]).map((j) => j.id);

    const r = await setSlot('2027-03-30T10:20');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    await runDueJobsAndSettle(svc);

    const sent = ofConference().slice(before);
    // No chaser, no flag, no invitation to anyone whose time did not change.
    expect(sent.filter((m) => /^<(report-|reports-missing-flag)/.test(messageId(m))).map(messageId)).toEqual([]);
    expect(sent.filter((m) => messageId(m).startsWith('<send-invites-')).map((m) => m.envelopeTo[0])).toEqual([
      SUPPORTER,
    ]);
    expect(
      sent.some((m) => [JADE, INTERPRETER, 'hv@nhs.example.org', 'chair@example.gov.uk'].includes(m.envelopeTo[0]!)),
    ).toBe(false);
    // The supporter's calendar entry updates in place: same UID, SEQUENCE one higher, the new time.
    const first = eventOf(ofConference().find((m) => messageId(m).startsWith(`<send-invites-${sally}-v1.`))!);
    const update = sent.find((m) => m.envelopeTo[0] === SUPPORTER)!;
    expect(messageId(update)).toMatch(new RegExp(`^<send-invites-${sally}-update1-v1\\.`));
    const moved = eventOf(update);
    expect(moved.uid).toBe(first.uid);
    expect(first.ics).toMatch(/SEQUENCE:0/);
    expect(moved.ics).toMatch(/SEQUENCE:1/);
    expect(new Date(moved.start).toISOString()).toBe('2027-03-30T09:20:00.000Z');
    // Nothing already planned was dropped or planned again.
    expect(
      ((await view()).pendingJobs as { id: string; step: string }[])
        .filter((j) => j.step !== 'send-invites')
        .map((j) => j.id)
        .sort(),
    ).toEqual(pendingBefore.filter((id) => !id.includes('-send-invites-')).sort());
    const v = await view();
    expect(v.attendees.find((a: any) => a.id === sally).rsvp).toBe('needs-action');
    // The schedule version is for the whole conference's deadlines: a slot leaves it alone.
    expect(r.body.version).toBe(1);
    expect(r.body.invitationsUpdated.sort()).toEqual([marcus, sally].sort());
  });

  it('says at once that post cannot bring the updated letter before the meeting', async () => {
    const r = await setSlot('2027-03-30T10:22');
    expect(r.status).toBe(200);
    expect(r.body.warnings.join(' ')).toMatch(/Post will not arrive in time/);
    expect(r.body.warnings.join(' ')).toMatch(/Phone them/);
    await runDueJobsAndSettle(svc);
    const notices = await until('notice', () => {
      const n = ofConference().filter(
        (m) => m.envelopeTo.includes(COORDINATOR) && /post will not arrive in time/i.test(subject(m)),
      );
      return n.length >= 2 && n;
    });
    expect(text(notices[0]!)).toMatch(/phone them/i);
    expect(text(notices[0]!)).toMatch(/hand/i);
    const letter = (await view()).hardCopies.find(
      (h: any) => h.attendeeId === marcus && !h.printedAt && !h.withdrawnAt,
    );
    expect(letter.document).toBe('updated-invitation');
    expect(letter.tooLateForPost).toEqual({ neededBy: '2027-03-30T10:22:00+01:00' });
    // Printed to be handed over, so never due after the meeting it is about.
    expect(letter.dueAt).toBe('2027-03-30T10:22:00+01:00');
  });

  it('an identical request changes nothing', async () => {
    const before = await view();
    const sentBefore = ofConference().length;
    const r = await setSlot('2027-03-30T10:22');
    expect(r.status).toBe(200);
    expect(r.body.invitationsUpdated).toEqual([]);
    expect(r.body.warnings).toEqual([]);
    await runDueJobsAndSettle(svc);
    const after = await view();
    expect(after.version).toBe(before.version);
    expect(after.rev).toBe(before.rev);
    expect(ofConference().length).toBe(sentBefore);
  });

  it('keeps only the latest letter on the print list; earlier ones are kept, marked superseded', async () => {
    const queued = await queueFor(marcus);
    expect(queued.map((h) => h.document)).toEqual(['updated-invitation']);
    const all = (await view()).hardCopies.filter((h: any) => h.attendeeId === marcus);
    expect(all).toHaveLength(3);
    expect(all[0]).toMatchObject({ document: 'invitation', printedAt: expect.any(String) });
    expect(all[1]).toMatchObject({
      document: 'updated-invitation',
      withdrawnReason: 'superseded',
      supersededBy: all[2].blobId,
    });
    expect(all[2].withdrawnAt).toBeUndefined();
    expect((await view()).audit.some((e: any) => e.action === 'hard-copy.superseded')).toBe(true);
  });

  it('counts a calendar reply against that person’s own SEQUENCE', async () => {
    const sallyUid = String(eventOf(ofConference().find((m) => m.envelopeTo[0] === SUPPORTER)!).uid);
    const jadeUid = String(eventOf(ofConference().find((m) => m.envelopeTo[0] === JADE)!).uid);
    // The supporter answers her first invitation after it moved twice: not an answer for the new time.
    await sendReply(svc, SUPPORTER, sallyUid, 0);
    await sendReply(svc, SUPPORTER, sallyUid, 2);
    await until(
      'supporter accepted',
      async () => (await view()).attendees.find((a: any) => a.id === sally).rsvp === 'accepted',
    );
    // Jade's entry never changed: her SEQUENCE 0 answer still counts.
    await sendReply(svc, JADE, jadeUid, 0);
    await until(
      'jade accepted',
      async () => (await view()).attendees.find((a: any) => a.email === JADE).rsvp === 'accepted',
    );
    expect(svc.logs.some((l) => /calendar reply not applied/.test(l))).toBe(true);
  });

  it(
    'after the meeting: invitations are withdrawn from the print list and the alert gives the decision letter’s own deadline',
    { timeout: 60_000 },
    async () => {
      await holdMeeting(svc, c, { at: '2027-03-30T10:00', decideAt: '2027-03-30T11:45' });
      const held = (await view()).hardCopies.filter(
        (h: any) => h.attendeeId === marcus && h.document !== 'decision-letter',
      );
      expect(held.filter((h: any) => !h.printedAt && !h.withdrawnAt)).toEqual([]);
      expect(held.some((h: any) => h.withdrawnReason === 'meeting-held')).toBe(true);
      expect((await svc.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      await settle(svc);
      const decision = (await view()).hardCopies.find((h: any) => h.document === 'decision-letter');
      expect(decision.attendeeId).toBe(marcus);
      expect((await queueFor(marcus)).map((h) => h.document)).toEqual(['decision-letter']);
      await svc.advanceTo('2027-03-31T18:00:00Z');
      const alerts = ofConference().filter(
        (m) => m.envelopeTo.includes(COORDINATOR) && subject(m).includes('to print and post'),
      );
      expect(alerts.map(subject)).toEqual([
        `${c.reference}: 1 letter(s) to print and post (due Tue 2 Mar 2027)`,
        `${c.reference}: 1 letter(s) to print and post (due Wed 31 Mar 2027)`,
      ]);
      expect(text(alerts[1]!)).toContain(decision.blobId);
      expect(text(alerts[1]!)).not.toMatch(/invitation/);
    },
  );
});
