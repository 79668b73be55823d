/**
 * Automatic replies to a report request (RFC 3834) are never filed, never answered: a real
 * Exchange/Outlook out-of-office and a bounce, through the inbound SMTP port, leave the report
 * outstanding, its chasers running, and nobody written to.
 */
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { hackneyInitialBody, sendInbound, startTestService, type TestService } from '../helpers/service.ts';

let s: TestService | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

const subject = (m: TestService['smtp']['messages'][number]) => m.parsed.subject ?? '';

/** Raw bytes over SMTP, with the envelope sender given (`''` is `MAIL FROM:<>`). */
async function sendRaw(svc: TestService, envelope: { from: string; to: string }, raw: string): Promise<void> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: svc.rt.inbound!.port,
    secure: false,
    ignoreTLS: true,
  });
  try {
    await transport.sendMail({ envelope, raw: raw.replace(/\r?\n/g, '\r\n') });
  } finally {
    transport.close();
  }
}

function outlookOutOfOffice(from: string, to: string, about: string): string {
  return `From: Pat Police <${from}>
To: <${to}>
Subject: Automatic reply: ${about}
Date: Tue, 22 Dec 2026 12:00:00 +0000
Message-ID: <oof-1@police.example.uk>
Auto-Submitted: auto-replied
X-Auto-Response-Suppress: All
X-MS-Exchange-Inbox-Rules-Loop: ${from}
X-MS-Has-Attach:
Content-Type: text/plain; charset="us-ascii"
MIME-Version: 1.0

I am on leave until 4 January with no access to email. For urgent matters please contact the duty desk.
`;
}

function bounce(to: string): string {
  return `From: Mail Delivery System <MAILER-DAEMON@police.example.uk>
To: <${to}>
Subject: Undelivered Mail Returned to Sender
Date: Tue, 22 Dec 2026 12:05:00 +0000
Message-ID: <bounce-1@police.example.uk>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain; charset=us-ascii

Your message could not be delivered to one or more recipients.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.police.example.uk
Final-Recipient: rfc822; someone@police.example.uk
Action: failed
Status: 5.1.1

--b1--
`;
}

describe('automatic replies to a report request', () => {
  it('an Outlook out-of-office and a bounce to the reply address are not filed, not answered, and the chasers still fire', async () => {
    s = await startTestService();
    const r = await s.api('POST', '/api/conferences', hackneyInitialBody());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const conf = r.body as { id: string; reference: string; attendees: { id: string; role: string; email?: string }[] };
    await s.advanceTo(new Date(s.rt.clock.now().getTime() + 1000).toISOString());
    await s.idle();
    const police = conf.attendees.find((a) => a.role === 'police')!;
    const request = s.smtp.messages.find(
      (m) => m.envelopeTo.includes(police.email!) && subject(m).startsWith('Report request'),
    )!;
    const token = request.parsed.replyTo!.value[0]!.address!;

    await s.advanceTo('2026-12-22T12:00');
    await s.idle();
    const mark = s.smtp.messages.length;
    await sendRaw(s, { from: police.email!, to: token }, outlookOutOfOffice(police.email!, token, subject(request)));
    await sendRaw(s, { from: '', to: token }, bounce(token));
    await s.idle();

    const v = (await s.api('GET', `/api/conferences/${conf.id}`)).body;
    expect(v.attendees.find((a: any) => a.id === police.id).report.status).not.toBe('received');
    expect(v.reports[police.id]?.submissions ?? []).toEqual([]);
    expect(v.inboundQueue ?? []).toEqual([]);
    expect(v.audit.filter((e: any) => e.action === 'inbound.ignored-automatic')).toHaveLength(2);
    expect(v.audit.some((e: any) => e.action === 'report.received')).toBe(false);
    // Nobody is written to: not the author (no loop), not the coordinator, not the chair.
    expect(s.smtp.messages.slice(mark).map((m) => [m.envelopeTo.join(','), subject(m)])).toEqual([]);
    const chasers = v.pendingJobs.filter((j: any) => j.chases?.includes(police.id)).map((j: any) => j.step);
    expect(chasers).toContain('report-last-reminder');

    // Time runs on: the police officer is still chased for the report.
    await s.advanceTo('2027-01-04T09:00');
    await s.idle();
    const later = s.smtp.messages
      .slice(mark)
      .filter((m) => m.envelopeTo.includes(police.email!))
      .map(subject);
    expect(
      later.some((x) => /reminder|overdue|due/i.test(x)),
      later.join(' | '),
    ).toBe(true);
  });

  it('a short reply with no file goes to the coordinator to confirm: the author is told, the chasers go on until it is confirmed', async () => {
    s = await startTestService();
    const r = await s.api('POST', '/api/conferences', hackneyInitialBody());
    const conf = r.body as { id: string; reference: string; attendees: { id: string; role: string; email?: string }[] };
    await s.advanceTo(new Date(s.rt.clock.now().getTime() + 1000).toISOString());
    await s.idle();
    const police = conf.attendees.find((a) => a.role === 'police')!;
    const request = s.smtp.messages.find(
      (m) => m.envelopeTo.includes(police.email!) && subject(m).startsWith('Report request'),
    )!;
    const token = request.parsed.replyTo!.value[0]!.address!;
    await s.advanceTo('2026-12-22T12:00');
    await s.idle();
    const mark = s.smtp.messages.length;
    await sendInbound(s, {
      from: `Pat Police <${police.email}>`,
      to: token,
      subject: `RE: ${subject(request)}`,
      text: 'Sorry, I will send it on Friday.\n\nPat\n\n> Please send your report',
    });
    await s.idle();

    let v = (await s.api('GET', `/api/conferences/${conf.id}`)).body;
    expect(v.reports[police.id].status).not.toBe('received');
    expect(v.inboundQueue.map((q: any) => [q.id, q.attendeeId, q.status])).toEqual([['q1', police.id, 'pending']]);
    expect(v.pendingJobs.filter((j: any) => j.chases?.includes(police.id)).map((j: any) => j.step)).toContain(
      'report-last-reminder',
    );
    const sent = s.smtp.messages.slice(mark);
    const told = sent.find((m) => m.envelopeTo.includes(police.email!))!;
    expect(subject(told)).toBe(`${conf.reference}: your message was passed to the coordinator`);
    const words = (told.parsed.text ?? '').replace(/\s+/g, ' ');
    expect(words).toContain(
      'The email you sent on Tuesday 22 December 2026 at 12:00 has not been filed as your report. It was short and had no file attached, so we have passed it to the conference coordinator to check.',
    );
    expect(words).toContain('Until then, your reminders will continue.');
    expect(words).toContain('To send your report, reply to this email with the report attached');
    expect(words).toMatch(/Upload your report: http:\/\/\S+\/l\//);
    expect(words).not.toMatch(/we received your report/i);
    expect(told.parsed.replyTo!.value[0]!.address).toBe(token);
    const coordinator = sent.find((m) => subject(m) === `${conf.reference}: a report needs confirming`)!;
    expect((coordinator.parsed.text ?? '').replace(/\s+/g, ' ')).toContain(
      'came to their reply address, but is a short message with no file attached, which may not be the report',
    );
    expect(sent.some((m) => /report received/i.test(subject(m)))).toBe(false);

    // Until the coordinator confirms it, the officer is still chased for the report.
    await s.advanceTo('2026-12-31T12:00');
    await s.idle();
    const chased = s.smtp.messages
      .slice(mark)
      .filter((m) => m.envelopeTo.includes(police.email!))
      .map(subject);
    expect(
      chased.some((x) => /^Report for .* due today|^Overdue: report/.test(x)),
      chased.join(' | '),
    ).toBe(true);

    // The coordinator confirms it: then it is the report and the chasers stop.
    expect((await s.api('POST', `/api/conferences/${conf.id}/inbound/q1`, { action: 'confirm' })).status).toBe(200);
    await s.idle();
    v = (await s.api('GET', `/api/conferences/${conf.id}`)).body;
    expect(v.reports[police.id].status).toBe('received');
    expect(
      v.pendingJobs.filter(
        (j: any) =>
          (j.attendeeId === police.id || j.chases?.includes(police.id)) &&
          /^report-(last-)?reminder|overdue|escalat/.test(j.step),
      ),
    ).toEqual([]);
  });
});
