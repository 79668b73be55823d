/**
 * Attack replays against inbound mail, through the real inbound SMTP server of the running service
 * (INBOUND_AUTH=verify: SPF, DKIM and DMARC checked with mailauth against a stub DNS served here).
 * Each attack is what an outsider could do with a mail client: forge a From header, forge a
 * calendar reply, reuse an old reply address, send something nasty to the reports mailbox, flood it.
 * Where an attack is refused, the conference, its audit trail and the outbox are compared whole.
 */
import { REPORT_CHASE_STEPS } from '../../src/domain/steps.ts';
import { generateKeyPairSync } from 'node:crypto';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeLinks } from '../../src/app/credentials/links.ts';
import { replyAddress, replyToken } from '../../src/app/credentials/reply-token.ts';
import { pastedReport } from '../helpers/fixtures.ts';
import { csrfOf, PageClient } from '../helpers/pages.ts';
import { hackneyInitialBody, startTestService, TEST_API_KEY, type TestService } from '../helpers/service.ts';
import type { SmtpSink } from '../helpers/smtp-sink.ts';
import { until } from '../helpers/wait.ts';

type Sent = SmtpSink['messages'][number];
const MAILBOX = 'HackneyCYPsreports@hackney.gov.uk';
const COORDINATOR = 'coordinator@example.gov.uk';

// DKIM keys of the attendees' own mail systems, published in the stub DNS with a DMARC policy.
const nhsKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const policeKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
// An attacker's own, properly published domain: DKIM passes for it, never for anyone else's.
const evilKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = (k: { privateKey: import('node:crypto').KeyObject }) =>
  k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const dkimTxt = (k: { publicKey: import('node:crypto').KeyObject }) =>
  `v=DKIM1; k=rsa; p=${k.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;

const TXT: Record<string, string> = {
  'mail._domainkey.nhs.example.org': dkimTxt(nhsKey),
  '_dmarc.nhs.example.org': 'v=DMARC1; p=reject',
  'mail._domainkey.police.example.uk': dkimTxt(policeKey),
  '_dmarc.police.example.uk': 'v=DMARC1; p=reject',
  'mail._domainkey.evil.example': dkimTxt(evilKey),
  '_dmarc.evil.example': 'v=DMARC1; p=none',
};
const lookups: string[] = [];
/** The only DNS the service gets: TXT records from the table, nothing else exists. */
async function stubDns(name: string, rrtype: string): Promise<string[][]> {
  lookups.push(`${rrtype} ${name}`);
  const txt = rrtype === 'TXT' ? TXT[name.toLowerCase()] : undefined;
  if (txt === undefined) throw Object.assign(new Error(`${name} ${rrtype}: not found`), { code: 'ENOTFOUND' });
  // Long TXT records come in 255-byte strings, as a real resolver returns them.
  return [txt.match(/.{1,255}/g)!];
}

const signer = (domain: string, key: { privateKey: import('node:crypto').KeyObject }) => ({
  domainName: domain,
  keySelector: 'mail',
  privateKey: pem(key),
});

let s: TestService;
beforeAll(async () => {
  s = await startTestService(
    { INBOUND_AUTH: 'verify', INBOUND_SENDER_BURST: '1000', INBOUND_GLOBAL_BURST: '1000' },
    { dnsResolver: stubDns },
  );
});
afterAll(async () => {
  await s?.stop();
});

const to = (m: Sent) => m.envelopeTo.join(',');
const subject = (m: Sent) => m.parsed.subject ?? '';
const text = (m: Sent) => (m.parsed.text ?? '').replace(/\s+/g, ' ');

/** Sends through the service's inbound SMTP server; resolves to the server's answer (250 or the refusal). */
async function send(
  mail: nodemailer.SendMailOptions,
  opts: { dkim?: ReturnType<typeof signer>; localAddress?: string } = {},
): Promise<{ ok: true } | { ok: false; code: number; message: string }> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: s.rt.inbound!.port,
    secure: false,
    ignoreTLS: true,
    ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    ...(opts.dkim ? { dkim: opts.dkim } : {}),
  });
  try {
    await transport.sendMail(mail);
    return { ok: true };
  } catch (err) {
    const e = err as { responseCode?: number; response?: string };
    return { ok: false, code: e.responseCode ?? 0, message: e.response ?? String(err) };
  } finally {
    transport.close();
  }
}

interface Conf {
  id: string;
  reference: string;
  attendees: { id: string; role: string; email?: string }[];
  /** An attendee's address in this conference (each conference has its own, so a sender matches one). */
  email(role: string): string;
  /** The reply address the attendee was given in their report request. */
  replyTo(role: string): string;
}

let conferences = 0;
/** A conference whose people have addresses of their own (`hv.c3@nhs.example.org`), invited and asked for reports. */
async function newConference(shared: { police?: string } = {}): Promise<Conf> {
  const tag = `c${++conferences}`;
  const body = hackneyInitialBody() as { attendees: { email?: string; managerEmail?: string; role?: string }[] };
  const own = (e: string) => e.replace('@', `.${tag}@`);
  for (const a of body.attendees) {
    if (a.email) a.email = a.role === 'police' && shared.police ? shared.police : own(a.email);
    if (a.managerEmail) a.managerEmail = own(a.managerEmail);
  }
  const r = await s.api('POST', '/api/conferences', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  await s.advanceTo(new Date(s.rt.clock.now().getTime() + 1000).toISOString());
  await s.idle();
  const c = r.body as Omit<Conf, 'email' | 'replyTo'>;
  const email = (role: string) => c.attendees.find((a) => a.role === role)!.email!;
  const replyTo = (role: string) =>
    s.smtp.messages.find((m) => to(m) === email(role) && subject(m).startsWith('Report request'))!.parsed.replyTo!
      .value[0]!.address!;
  return { ...c, email, replyTo };
}

const view = async (id: string) => (await s.api('GET', `/api/conferences/${id}`)).body;

/**
 * The report chasers waiting to chase an attendee, by job id: each is shared by the authors due at
 * its time and names whom it will chase (not the check that a report in was shared with the family).
 */
async function chaserJobs(conferenceId: string, attendeeId: string): Promise<string[]> {
  return ((await view(conferenceId)).pendingJobs as { id: string; step: string; state: string; chases?: string[] }[])
    .filter(
      (j) =>
        (REPORT_CHASE_STEPS as readonly string[]).includes(j.step) &&
        j.state === 'delayed' &&
        j.chases?.includes(attendeeId),
    )
    .map((j) => j.id)
    .sort();
}

/** Everything an attack must not change: the stored conference, its audit trail, and what was sent. */
async function snapshot(id: string) {
  await s.idle();
  const c = await s.rt.deps.store.get(id);
  return {
    conference: JSON.stringify(c),
    audit: JSON.stringify(await s.rt.deps.store.readAudit(id)),
    outbox: s.smtp.messages.length,
  };
}

const itipReply = (uid: string, attendee: string, partstat: string, sequence = 0) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Attacker//EN',
    'METHOD:REPLY',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `SEQUENCE:${sequence}`,
    'DTSTAMP:20261201T090500Z',
    'DTSTART;TZID=Europe/London:20270104T103000',
    'ORGANIZER:mailto:childprotectioninvitereportrequest@hackney.gov.uk',
    `ATTENDEE;PARTSTAT=${partstat}:mailto:${attendee}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

describe('a forged From with no reply address', () => {
  it('files nothing, keeps every chaser, tells the chair nothing, and waits in the coordinator’s queue', async () => {
    const conf = await newConference();
    const police = conf.attendees.find((a) => a.role === 'police')!;
    const POLICE = conf.email('police');
    const chasersBefore = await chaserJobs(conf.id, police.id);
    expect(chasersBefore.length).toBeGreaterThan(0);
    const auditBefore = JSON.stringify(await s.rt.deps.store.readAudit(conf.id));
    const mark = s.smtp.messages.length;

    const r = await send({
      from: `Pat Police <${POLICE}>`,
      to: MAILBOX,
      subject: `Report for ${conf.reference}`,
      text: 'Forged: no concerns, the family is doing fine.',
      attachments: [
        { filename: 'police-report.pdf', content: Buffer.from('%PDF-1.4 forged'), contentType: 'application/pdf' },
      ],
    });
    expect(r.ok).toBe(true);

    const v = await view(conf.id);
    expect(v.reports[police.id].status).not.toBe('received');
    expect(v.reports[police.id].submissions).toEqual([]);
    expect(await chaserJobs(conf.id, police.id)).toEqual(chasersBefore);
    expect(v.inboundQueue).toHaveLength(1);
    expect(v.inboundQueue[0]).toMatchObject({
      attendeeId: police.id,
      from: POLICE,
      status: 'pending',
      attachments: [{ filename: 'police-report.pdf' }],
    });
    expect(v.inboundQueue[0].reason).toMatch(/not authenticated \(dmarc=fail\)/);
    expect(JSON.stringify(await s.rt.deps.store.readAudit(conf.id))).toBe(auditBefore);

    const notice = await until('coordinator notice', () =>
      s.smtp.messages.slice(mark).find((m) => to(m) === COORDINATOR),
    );
    expect(subject(notice)).toBe(`${conf.reference}: a report needs confirming`);
    expect(text(notice)).toContain('arrived unauthenticated');
    expect(text(notice)).not.toContain('Forged');
    expect(notice.parsed.attachments).toEqual([]);
    await s.idle();
    expect(s.smtp.messages.slice(mark).filter((m) => to(m) === conf.email('chair'))).toEqual([]);
    expect(s.smtp.messages.slice(mark).filter((m) => to(m) === POLICE)).toEqual([]);
    expect(lookups).toContain('TXT _dmarc.police.example.uk');

    // The coordinator reads it on the dashboard (text, attachment as a download) and rejects it.
    const client = new PageClient(s.url);
    const signIn = await client.get('/dashboard/sign-in');
    expect((await client.post('/dashboard/sign-in', { key: TEST_API_KEY, _csrf: csrfOf(signIn.text) })).status).toBe(
      303,
    );
    const page = await client.get(`/dashboard/c/${conf.id}`);
    expect(page.text).toContain('Mail waiting for you to confirm');
    expect(page.text).toContain(`/dashboard/c/${conf.id}/inbound/q1`);
    const item = await client.get(`/dashboard/c/${conf.id}/inbound/q1`);
    expect(item.status).toBe(200);
    expect(item.text).toContain('Forged: no concerns, the family is doing fine.');
    expect(item.text).toContain('Not proven to be from');
    const file = await client.get(`/dashboard/c/${conf.id}/inbound/q1/attachments/1`);
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="police-report.pdf"');
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    const rejected = await client.post(`/dashboard/c/${conf.id}/inbound/q1/reject`, { _csrf: csrfOf(item.text) });
    expect(rejected.status).toBe(303);
    const after = await view(conf.id);
    expect(after.inboundQueue[0]).toMatchObject({ status: 'rejected' });
    expect(after.reports[police.id].status).not.toBe('received');
    expect(await chaserJobs(conf.id, police.id)).toEqual(chasersBefore);
    expect(after.audit.at(-1)).toMatchObject({
      action: 'inbound.rejected',
      detail: { item: 'q1', attendeeId: police.id },
    });
  });

  it('an attacker who DKIM-signs with their own domain is no better off', async () => {
    const conf = await newConference();
    const police = conf.attendees.find((a) => a.role === 'police')!;
    const POLICE = conf.email('police');
    const chasersBefore = await chaserJobs(conf.id, police.id);
    const mark = s.smtp.messages.length;
    // Sent twice with one Message-ID, as a mail server redelivers: one item, one notice.
    for (let i = 0; i < 2; i++)
      await send(
        {
          messageId: `<signed-${conf.id}@evil.example>`,
          from: POLICE,
          to: MAILBOX,
          subject: 'Report',
          text: 'Signed, but not by the police.',
        },
        { dkim: signer('evil.example', evilKey) },
      );
    await s.idle();
    expect(
      s.smtp.messages
        .slice(mark)
        .filter((m) => to(m) === COORDINATOR)
        .map(subject),
    ).toEqual([`${conf.reference}: a report needs confirming`]);
    const v = await view(conf.id);
    expect(v.reports[police.id].status).not.toBe('received');
    expect(await chaserJobs(conf.id, police.id)).toEqual(chasersBefore);
    expect(v.inboundQueue.map((q: any) => q.attendeeId)).toEqual([police.id]);
  });

  it('mail from someone since removed says they were removed and can only be rejected; confirming changes nothing', async () => {
    const conf = await newConference();
    const police = conf.attendees.find((a) => a.role === 'police')!;
    await send({ from: conf.email('police'), to: MAILBOX, subject: 'Report', text: 'Sent before I was removed.' });
    await s.idle();
    const removed = await s.api('POST', `/api/conferences/${conf.id}/attendees/${police.id}/remove`, {
      reason: 'No longer involved',
      requestedBy: 'Jo Coordinator',
    });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    const before = await view(conf.id);
    expect(before.inboundQueue).toMatchObject([{ id: 'q1', attendeeId: police.id, status: 'pending' }]);

    const read = await s.api('GET', `/api/conferences/${conf.id}/inbound/q1`);
    expect(read.body.actions).toEqual(['reject']);
    const confirm = await s.api('POST', `/api/conferences/${conf.id}/inbound/q1`, { action: 'confirm' });
    expect(confirm.status).toBe(409);
    expect(confirm.body.message).toBe(
      `Message q1 seemed to come from ${police.id}, who has since been removed from ${conf.reference}: it cannot be filed as their report, only rejected. Nothing was changed.`,
    );
    const after = await view(conf.id);
    expect(after.inboundQueue).toEqual(before.inboundQueue);
    expect(after.reports).toEqual(before.reports);
    expect(after.audit).toEqual(before.audit);

    const client = new PageClient(s.url);
    const signIn = await client.get('/dashboard/sign-in');
    await client.post('/dashboard/sign-in', { key: TEST_API_KEY, _csrf: csrfOf(signIn.text) });
    const page = await client.get(`/dashboard/c/${conf.id}`);
    expect(page.text).toContain(`${police.id} (removed from the conference)`);
    expect(page.text).not.toContain(`/dashboard/c/${conf.id}/inbound/q1/confirm`);
    expect(page.text).toContain(`/dashboard/c/${conf.id}/inbound/q1/reject`);
    const item = await client.get(`/dashboard/c/${conf.id}/inbound/q1`);
    expect(item.text).toContain(
      `This message seemed to come from ${police.id}, who has since been removed from ${conf.reference}. It cannot be filed as their report: you can only reject it.`,
    );
    expect(item.text).not.toContain('Confirm as their report');
    expect((await client.post(`/dashboard/c/${conf.id}/inbound/q1/reject`, { _csrf: csrfOf(item.text) })).status).toBe(
      303,
    );
    expect((await view(conf.id)).inboundQueue[0]).toMatchObject({ status: 'rejected' });
  });
});

describe('a flood of forgeries', () => {
  it('keeps at most 20 waiting per conference; the rest are only summarised, and the chasers stay', async () => {
    const conf = await newConference();
    const police = conf.attendees.find((a) => a.role === 'police')!;
    const chasersBefore = await chaserJobs(conf.id, police.id);
    const mark = s.smtp.messages.length;
    for (let i = 1; i <= 21; i++)
      expect(
        (await send({ from: conf.email('police'), to: MAILBOX, subject: `Report ${i}`, text: `forgery ${i}` })).ok,
      ).toBe(true);
    const v = await view(conf.id);
    expect(v.inboundQueue).toHaveLength(20);
    expect(v.inboundQueue.at(-1).subject).toBe('Report 20');
    expect(await chaserJobs(conf.id, police.id)).toEqual(chasersBefore);
    const summary = await until('summary of the 21st', () =>
      s.smtp.messages
        .slice(mark)
        .find((m) => to(m) === COORDINATOR && subject(m) === 'Reports mailbox: a message was not filed'),
    );
    expect(text(summary)).toContain('Subject: Report 21');
    expect(text(summary)).toContain('already has 20 messages waiting for the coordinator');
  });
});

describe('authenticated mail', () => {
  it('a report DKIM-signed by the sender’s own domain (DMARC pass) counts without a reply address', async () => {
    const conf = await newConference();
    const health = conf.attendees.find((a) => a.role === 'professional')!;
    const HEALTH = conf.email('professional');
    expect((await chaserJobs(conf.id, health.id)).length).toBeGreaterThan(0);
    const r = await send(
      {
        from: `Hana Health <${HEALTH}>`,
        to: MAILBOX,
        subject: `Report for ${conf.reference}`,
        text: 'Health visiting report.',
        attachments: [
          { filename: 'health.pdf', content: Buffer.from('%PDF-1.4 health'), contentType: 'application/pdf' },
        ],
      },
      { dkim: signer('nhs.example.org', nhsKey) },
    );
    expect(r.ok).toBe(true);
    const v = await view(conf.id);
    expect(v.reports[health.id]).toMatchObject({ status: 'received', channel: 'email' });
    expect(v.inboundQueue ?? []).toEqual([]);
    expect(await chaserJobs(conf.id, health.id)).toEqual([]);
    await until('chair told', () =>
      s.smtp.messages.find(
        (m) =>
          to(m) === conf.email('chair') && subject(m) === `${conf.reference}: report received from the professional`,
      ),
    );
  });

  it('a reply address used from another, authenticated domain is queued, not counted', async () => {
    const conf = await newConference();
    const police = conf.attendees.find((a) => a.role === 'police')!;
    const HEALTH = conf.email('professional');
    const token = conf.replyTo('police');
    const chasersBefore = await chaserJobs(conf.id, police.id);
    await send(
      { from: HEALTH, to: token, subject: 'RE: report request', text: 'Not the police.' },
      { dkim: signer('nhs.example.org', nhsKey) },
    );
    const v = await view(conf.id);
    expect(v.reports[police.id].status).not.toBe('received');
    expect(await chaserJobs(conf.id, police.id)).toEqual(chasersBefore);
    expect(v.inboundQueue).toMatchObject([{ attendeeId: police.id, from: HEALTH, status: 'pending' }]);
    expect(v.inboundQueue[0].reason).toContain('from another domain (nhs.example.org)');
  });
});

describe('an address invited to two conferences, the subject naming one', () => {
  // The reference in the subject picks the conference (8e969c0); it proves nothing about the sender.
  it('a forged From files nothing in either and waits only in the named one’s queue; signed, it counts only there', async () => {
    const SHARED = 'shared.officer@police.example.uk';
    const [first, second] = [await newConference({ police: SHARED }), await newConference({ police: SHARED })];
    const officer = (c: Conf) => c.attendees.find((a) => a.role === 'police')!.id;
    const report = (c: Conf) => ({
      from: `Pat Police <${SHARED}>`,
      to: MAILBOX,
      subject: `Police report ${c.reference}`,
      text: 'Police report.',
      attachments: [
        { filename: 'police.pdf', content: Buffer.from('%PDF-1.4 police'), contentType: 'application/pdf' },
      ],
    });
    const firstBefore = await snapshot(first.id);
    // Signed with the attacker's key in the police domain's name: DKIM fails, DMARC (p=reject) fails.
    expect((await send(report(second), { dkim: signer('police.example.uk', evilKey) })).ok).toBe(true);
    let v = await view(second.id);
    expect(v.reports[officer(second)].status).not.toBe('received');
    expect(v.inboundQueue).toMatchObject([{ attendeeId: officer(second), from: SHARED, status: 'pending' }]);
    expect(v.inboundQueue[0].reason).toContain('the sender is not authenticated');
    const firstAfter = await snapshot(first.id);
    expect(firstAfter.conference).toBe(firstBefore.conference);
    expect(firstAfter.audit).toBe(firstBefore.audit);

    // From the officer's own mail system, naming the first: filed there, and only there.
    const secondReports = JSON.stringify((await view(second.id)).reports);
    expect((await send(report(first), { dkim: signer('police.example.uk', policeKey) })).ok).toBe(true);
    expect((await view(first.id)).reports[officer(first)]).toMatchObject({ status: 'received', channel: 'email' });
    v = await view(second.id);
    expect(JSON.stringify(v.reports)).toBe(secondReports);
    expect(v.inboundQueue).toHaveLength(1);
  });
});

describe('a forged calendar reply', () => {
  it('does not change the victim’s answer, whoever sends it, and changes nothing at all', async () => {
    const conf = await newConference();
    const police = conf.attendees.find((a) => a.role === 'police')!;
    const POLICE = conf.email('police');
    const HEALTH = conf.email('professional');
    // Each attendee's calendar entry has its own UID.
    const uidOf = (role: string) => `cpc-${conf.id}-${conf.attendees.find((a) => a.role === role)!.id}@hackney.gov.uk`;
    const proUid = uidOf('police');
    const healthUid = uidOf('professional');
    const familyUid = uidOf('parent');
    const before = await snapshot(conf.id);
    const logMark = s.logs.length;
    const attempts: [nodemailer.SendMailOptions, Parameters<typeof send>[1]][] = [
      // 1. From anyone, naming the police officer.
      [
        {
          from: 'attacker@evil.example',
          to: 'childprotectioninvitereportrequest@hackney.gov.uk',
          subject: 'Declined',
          text: 'x',
          icalEvent: { method: 'REPLY', content: itipReply(proUid, POLICE, 'DECLINED') },
        },
        { dkim: signer('evil.example', evilKey) },
      ],
      // 2. A forged From: the police officer's own address, unauthenticated.
      [
        {
          from: POLICE,
          to: 'childprotectioninvitereportrequest@hackney.gov.uk',
          subject: 'Declined',
          text: 'x',
          icalEvent: { method: 'REPLY', content: itipReply(proUid, POLICE, 'DECLINED') },
        },
        {},
      ],
      // 3. Another attendee, properly authenticated, answering for the police officer.
      [
        {
          from: HEALTH,
          to: 'childprotectioninvitereportrequest@hackney.gov.uk',
          subject: 'Declined',
          text: 'x',
          icalEvent: { method: 'REPLY', content: itipReply(proUid, POLICE, 'DECLINED') },
        },
        { dkim: signer('nhs.example.org', nhsKey) },
      ],
      // 4. The health visitor for herself, but on the family's calendar entry, and on one never sent.
      [
        {
          from: HEALTH,
          to: 'childprotectioninvitereportrequest@hackney.gov.uk',
          subject: 'Declined',
          text: 'x',
          icalEvent: { method: 'REPLY', content: itipReply(familyUid, HEALTH, 'DECLINED') },
        },
        { dkim: signer('nhs.example.org', nhsKey) },
      ],
      [
        {
          from: HEALTH,
          to: 'childprotectioninvitereportrequest@hackney.gov.uk',
          subject: 'Declined',
          text: 'x',
          icalEvent: { method: 'REPLY', content: itipReply(healthUid, HEALTH, 'DECLINED', 7) },
        },
        { dkim: signer('nhs.example.org', nhsKey) },
      ],
      // 5. The health visitor for herself, on the police officer's entry.
      [
        {
          from: HEALTH,
          to: 'childprotectioninvitereportrequest@hackney.gov.uk',
          subject: 'Declined',
          text: 'x',
          icalEvent: { method: 'REPLY', content: itipReply(proUid, HEALTH, 'DECLINED') },
        },
        { dkim: signer('nhs.example.org', nhsKey) },
      ],
    ];
    for (const [mail, opts] of attempts) expect((await send(mail, opts)).ok).toBe(true);
    await until(
      'each reply refused',
      () => s.logs.slice(logMark).filter((l) => l.includes('calendar reply not applied')).length >= attempts.length,
    );
    expect(await snapshot(conf.id)).toEqual(before);
    const v = await view(conf.id);
    expect(v.attendees.find((a: any) => a.id === police.id).rsvp).toBe('needs-action');
    expect(v.inboundQueue ?? []).toEqual([]);

    // The real answer, authenticated and on her own invitation, still counts.
    await send(
      {
        from: HEALTH,
        to: 'childprotectioninvitereportrequest@hackney.gov.uk',
        subject: 'Accepted',
        text: 'x',
        icalEvent: { method: 'REPLY', content: itipReply(healthUid, HEALTH, 'ACCEPTED') },
      },
      { dkim: signer('nhs.example.org', nhsKey) },
    );
    expect((await view(conf.id)).attendees.find((a: any) => a.email === HEALTH).rsvp).toBe('accepted');
  });
});

describe('reply addresses', () => {
  it('an old, revoked, expired or made-up reply address is refused and changes nothing', async () => {
    const conf = await newConference();
    const police = conf.attendees.find((a) => a.role === 'police')!;
    const POLICE = conf.email('police');
    const issued = conf.replyTo('police');
    expect(issued).toMatch(new RegExp(`\\+r-${conf.id}-${police.id}-1-[a-z0-9]+-[a-z0-9]{12}@`));

    // Revoking the officer's links (dashboard) bumps their link version: the address they hold dies.
    await revokeLinks(s.rt.deps, conf.id, police.id);
    const secret = s.rt.deps.settings.linkSecret;
    const expired = replyAddress(
      MAILBOX,
      replyToken(secret, {
        conferenceId: conf.id,
        attendeeId: police.id,
        version: 2,
        exp: Math.floor(s.rt.clock.now().getTime() / 1000) - 86_400,
      }),
    );
    const before = await snapshot(conf.id);
    const chasersBefore = await chaserJobs(conf.id, police.id);

    for (const address of [issued, expired]) {
      const r = await send(
        {
          from: POLICE,
          to: address,
          subject: 'RE: report request',
          text: 'Report.',
          attachments: [{ filename: 'r.pdf', content: Buffer.from('%PDF-1.4 r') }],
        },
        { dkim: signer('police.example.uk', policeKey) },
      );
      expect(r).toMatchObject({ ok: false, code: 550 });
      expect((r as { message: string }).message).toMatch(/no longer in use \((revoked|expired)\)/);
    }
    expect(await snapshot(conf.id)).toEqual(before);
    expect(await chaserJobs(conf.id, police.id)).toEqual(chasersBefore);

    // The address as issued before versions (no version, no expiry) and a made-up MAC are not ours:
    // the coordinator gets a summary, the record nothing.
    const legacy = `hackneycypsreports+r-${conf.id}-${police.id}-abcdefghij@hackney.gov.uk`;
    const madeUp = issued.replace(/-[a-z0-9]{12}@/, '-000000000000@');
    for (const address of [legacy, madeUp])
      expect((await send({ from: 'attacker@evil.example', to: address, subject: 'x', text: 'x' })).ok).toBe(true);
    const v = await view(conf.id);
    expect(v.reports[police.id].status).not.toBe('received');
    expect(v.inboundQueue ?? []).toEqual([]);

    // A newly issued address (current version) works again.
    const fresh = replyAddress(
      MAILBOX,
      replyToken(secret, {
        conferenceId: conf.id,
        attendeeId: police.id,
        version: 2,
        exp: Math.floor(s.rt.clock.now().getTime() / 1000) + 30 * 86_400,
      }),
    );
    expect(
      (
        await send(
          { from: POLICE, to: fresh, subject: 'RE', text: pastedReport('The real report.') },
          { dkim: signer('police.example.uk', policeKey) },
        )
      ).ok,
    ).toBe(true);
    expect((await view(conf.id)).reports[police.id].status).toBe('received');
  });
});

describe('what is passed on', () => {
  it('unmatched mail is summarised to the coordinator with no attachment; programs and web pages are never kept in a report', async () => {
    const conf = await newConference();
    const health = conf.attendees.find((a) => a.role === 'professional')!;
    const HEALTH = conf.email('professional');
    const mark = s.smtp.messages.length;
    await send({
      from: 'it-support@evil.example',
      to: MAILBOX,
      subject: 'Urgent: your mailbox password expires today',
      html: '<p>Sign in <a href="https://evil.example/login">here</a></p>',
      attachments: [
        {
          filename: 'login.html',
          content: Buffer.from('<html><form action="https://evil.example"></form></html>'),
          contentType: 'text/html',
        },
        {
          filename: 'invoice.pdf.exe',
          content: Buffer.from('MZ\x90\x00 program'),
          contentType: 'application/octet-stream',
        },
      ],
    });
    const summary = await until('summary', () => s.smtp.messages.slice(mark).find((m) => to(m) === COORDINATOR));
    expect(subject(summary)).toBe('Reports mailbox: a message was not filed');
    expect(summary.parsed.attachments).toEqual([]);
    expect(text(summary)).toContain('From: it-support@evil.example');
    expect(text(summary)).toContain('Subject: Urgent: your mailbox password expires today');
    expect(text(summary)).toMatch(/Size: \d+ KB/);
    expect(text(summary)).toContain('Attachments: login.html, invoice.pdf.exe');
    expect(summary.parsed.html ?? '').not.toContain('href');

    // A proven report keeps its PDF and drops the rest (a web page in disguise included).
    const token = conf.replyTo('professional');
    await send(
      {
        from: HEALTH,
        to: token,
        subject: 'RE: report request',
        text: 'Report attached.',
        attachments: [
          { filename: 'report.pdf', content: Buffer.from('%PDF-1.4 report'), contentType: 'application/pdf' },
          {
            filename: 'chronology.html',
            content: Buffer.from('<html><script>alert(1)</script></html>'),
            contentType: 'text/html',
          },
          {
            filename: 'notes.txt',
            content: Buffer.from('<!DOCTYPE html><script>x</script>'),
            contentType: 'text/plain',
          },
          { filename: 'run.js', content: Buffer.from('alert(1)'), contentType: 'application/octet-stream' },
        ],
      },
      { dkim: signer('nhs.example.org', nhsKey) },
    );
    const v = await view(conf.id);
    expect(v.reports[health.id].status).toBe('received');
    expect(v.reports[health.id].submissions[0].attachmentCount).toBe(1);
    const stored = await Promise.all(
      v.reports[health.id].submissions[0].blobIds.map((b: string) => s.rt.deps.store.getBlob(conf.id, b)),
    );
    expect(stored.map((b) => b?.meta['filename'] ?? b?.meta['contentType'])).toEqual(['report.pdf', 'text/plain']);
    // The chair's copy carries the PDF and nothing else.
    const chair = await until('chair notice', () =>
      s.smtp.messages.find((m) => to(m) === conf.email('chair') && /report received/i.test(subject(m))),
    );
    expect(chair.parsed.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
  });
});

describe('rate limits on inbound SMTP', () => {
  it('refuses a sender over its budget, and everyone once the overall budget is spent, with 451', async () => {
    const limited = await startTestService({
      INBOUND_SENDER_BURST: '3',
      INBOUND_SENDER_PER_MINUTE: '1',
      INBOUND_GLOBAL_BURST: '5',
      INBOUND_GLOBAL_PER_MINUTE: '1',
    });
    try {
      const sendTo = async (from: string, localAddress: string) => {
        const transport = nodemailer.createTransport({
          host: '127.0.0.1',
          port: limited.rt.inbound!.port,
          secure: false,
          ignoreTLS: true,
          localAddress,
        });
        try {
          await transport.sendMail({ from, to: MAILBOX, subject: 'hello', text: 'hello' });
          return 250;
        } catch (err) {
          return (err as { responseCode?: number }).responseCode;
        } finally {
          transport.close();
        }
      };
      const first = [];
      for (let i = 0; i < 4; i++) first.push(await sendTo('flood@evil.example', '127.0.0.1'));
      expect(first).toEqual([250, 250, 250, 451]);
      // Another address and another client: its own budget, but the overall one runs out at five.
      expect(await sendTo('other@evil.example', '127.0.0.2')).toBe(250);
      expect(await sendTo('other@evil.example', '127.0.0.2')).toBe(250);
      expect(await sendTo('third@evil.example', '127.0.0.3')).toBe(451);
      expect(limited.logs.some((l) => l.includes('inbound SMTP rate limit reached'))).toBe(true);
    } finally {
      await limited.stop();
    }
  });
});
