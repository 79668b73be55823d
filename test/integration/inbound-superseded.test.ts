/**
 * Unproven mail claiming to be a report leaves the coordinator's worklist once it cannot matter
 * (trial finding: it stayed overdue after the author's real report was filed and the meeting was
 * over): the author's own report filed, or the conference cancelled or closed. It is resolved as
 * superseded, audited, and still shown in the conference's history of mail; it cannot be confirmed.
 * Closing a conference supersedes every item still waiting, those whose author's report was filed
 * after they came too (as items queued before this rule, a8f1db6, still are).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decidedConference, type Created } from '../helpers/decision-flow.ts';
import { pastedReport } from '../helpers/fixtures.ts';
import { csrfOf, PageClient } from '../helpers/pages.ts';
import {
  hackneyInitialBody,
  sendInbound,
  startTestService,
  TEST_API_KEY,
  type TestService,
} from '../helpers/service.ts';

const MAILBOX = 'HackneyCYPsreports@hackney.gov.uk';
let s: TestService;
let dash: PageClient;

beforeAll(async () => {
  s = await startTestService();
  dash = new PageClient(s.url);
  const signIn = await dash.get('/dashboard/sign-in');
  await dash.post('/dashboard/sign-in', { key: TEST_API_KEY, _csrf: csrfOf(signIn.text) });
});
afterAll(async () => {
  await s?.stop();
});

type Conf = { id: string; reference: string; attendees: { id: string; role: string; email?: string }[] };

let conferences = 0;
/** A conference whose people have addresses of their own (`hv.c2@nhs.example.org`), so mail matches one conference. */
async function newConference(overrides: Record<string, unknown> = {}): Promise<Conf> {
  const tag = `c${++conferences}`;
  const body = hackneyInitialBody(overrides) as { attendees: { email?: string; managerEmail?: string }[] };
  for (const a of body.attendees) {
    if (a.email) a.email = a.email.replace('@', `.${tag}@`);
    if (a.managerEmail) a.managerEmail = a.managerEmail.replace('@', `.${tag}@`);
  }
  const r = await s.api('POST', '/api/conferences', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  await s.advanceTo(new Date(s.rt.clock.now().getTime() + 1000).toISOString());
  await s.idle();
  return r.body;
}

/** Mail to the plain reports mailbox from the health visitor's address: not proven, so it waits. */
async function unprovenReport(c: Conf): Promise<void> {
  const hv = c.attendees.find((a) => a.role === 'professional')!;
  await sendInbound(s, {
    from: `Hana Health <${hv.email}>`,
    to: MAILBOX,
    subject: `Report for ${c.reference}`,
    text: 'Unproven: please find my report attached.',
    attachments: [
      { filename: 'health.pdf', content: Buffer.from('%PDF-1.4 unproven'), contentType: 'application/pdf' },
    ],
  });
  await s.idle();
}

const view = async (id: string) => (await s.api('GET', `/api/conferences/${id}`)).body;
const mailToConfirm = async (id: string) =>
  ((await s.api('GET', '/api/worklist')).body.items as { kind: string; conferenceId: string }[]).filter(
    (i) => i.kind === 'mail-to-confirm' && i.conferenceId === id,
  );
/** The row of the dashboard's table of mail to confirm for item q1, as text. */
const mailRow = async (id: string) => {
  const page = (await dash.get(`/dashboard/c/${id}`)).text;
  const row = new RegExp(`<tr>(?:(?!</tr>).)*?/inbound/q1"(?:(?!</tr>).)*</tr>`, 's').exec(page)?.[0] ?? '';
  return row.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
};

describe('unproven mail claiming to be a report', () => {
  it('confirmed by the coordinator, it is filed as the report and stays confirmed (not superseded by itself)', async () => {
    const c = await newConference();
    await unprovenReport(c);
    const confirmed = await s.api('POST', `/api/conferences/${c.id}/inbound/q1`, { action: 'confirm' });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const v = await view(c.id);
    expect(v.inboundQueue).toMatchObject([{ id: 'q1', status: 'confirmed' }]);
    expect(v.audit.map((e: any) => e.action)).not.toContain('inbound.superseded');
  });

  it('is no longer work once the conference is cancelled', async () => {
    const c = await newConference();
    await unprovenReport(c);
    const cancelled = await s.api('POST', `/api/conferences/${c.id}/cancel`, {
      reason: 'Family moved away',
      requestedBy: 'Jo Coordinator',
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const v = await view(c.id);
    expect(v.inboundQueue).toMatchObject([{ id: 'q1', status: 'superseded', supersededBecause: 'conference-ended' }]);
    expect(v.audit.filter((e: any) => e.action === 'inbound.superseded')).toMatchObject([
      { detail: { item: 'q1', because: 'conference-ended' } },
    ]);
    expect(await mailToConfirm(c.id)).toEqual([]);
    expect(await mailRow(c.id)).toContain('No longer needed: the conference has ended');
  });
  it('is no longer work once the author’s real report is filed: superseded, audited, still in the history', async () => {
    const c = await newConference();
    const hv = c.attendees.find((a) => a.role === 'professional')!;
    await unprovenReport(c);
    expect((await view(c.id)).inboundQueue).toMatchObject([{ id: 'q1', attendeeId: hv.id, status: 'pending' }]);
    expect(await mailToConfirm(c.id)).toHaveLength(1);

    // The health visitor's real report, to the reply address their report request gave them.
    const request = s.smtp.messages.find(
      (m) => m.envelopeTo.includes(hv.email!) && (m.parsed.subject ?? '').startsWith('Report request'),
    )!;
    await sendInbound(s, {
      from: hv.email!,
      to: request.parsed.replyTo!.value[0]!.address!,
      subject: `Re: ${request.parsed.subject}`,
      text: 'My report is attached.',
      attachments: [{ filename: 'report.pdf', content: Buffer.from('%PDF-1.4 real'), contentType: 'application/pdf' }],
    });
    await s.idle();
    const v = await view(c.id);
    expect(v.reports[hv.id].status).toBe('received');
    expect(v.inboundQueue).toMatchObject([{ id: 'q1', status: 'superseded', supersededBecause: 'report-filed' }]);
    expect(v.audit.filter((e: any) => e.action === 'inbound.superseded')).toMatchObject([
      { actor: 'system', detail: { item: 'q1', attendeeId: hv.id, because: 'report-filed' } },
    ]);

    // After the meeting (the last test here: the clock only goes forward), off the worklist, shown as no longer needed, and it cannot be confirmed.
    await s.advanceTo('2027-01-05T09:00:00Z');
    expect(await mailToConfirm(c.id)).toEqual([]);
    const row = await mailRow(c.id);
    expect(row).toContain('No longer needed: their own report has been filed');
    expect(row).not.toContain('Confirm as their report');
    const item = await dash.get(`/dashboard/c/${c.id}/inbound/q1`);
    expect(item.text).toContain('No longer needed: their own report has been filed');
    expect(item.text).not.toContain('Confirm as their report');
    const confirm = await s.api('POST', `/api/conferences/${c.id}/inbound/q1`, { action: 'confirm' });
    expect(confirm.status).toBe(409);
    expect((await view(c.id)).reports[hv.id].submissions).toHaveLength(1);
  });

  it('is no longer work once the conference is closed: every item still waiting is superseded, audited, still in the history', async () => {
    // After the last test's meeting (the clock only goes forward): a conference two weeks later.
    const c = await newConference({ startsAt: '2027-01-18T10:00' });
    const police = c.attendees.find((a) => a.role === 'police')!;
    await unprovenReport(c);
    // The police officer's real report is filed; then mail to their reply address from another
    // domain arrives: it waits, as items queued before a8f1db6 whose author's report was already
    // filed still do.
    const request = s.smtp.messages.find(
      (m) => m.envelopeTo.includes(police.email!) && (m.parsed.subject ?? '').startsWith('Report request'),
    )!;
    const replyTo = request.parsed.replyTo!.value[0]!.address!;
    await sendInbound(s, {
      from: police.email!,
      to: replyTo,
      subject: `Re: ${request.parsed.subject}`,
      text: pastedReport('Police report.'),
    });
    await sendInbound(s, {
      from: 'Pat Police <pat.at.home@mail.example>',
      to: replyTo,
      subject: `Re: ${request.parsed.subject}`,
      text: 'From home: the police report again.',
      attachments: [{ filename: 'police.pdf', content: Buffer.from('%PDF-1.4 again'), contentType: 'application/pdf' }],
    });
    await s.idle();
    let v = await view(c.id);
    expect(v.reports[police.id].status).toBe('received');
    expect(v.inboundQueue.map((q: any) => [q.id, q.status])).toEqual([
      ['q1', 'pending'],
      ['q2', 'pending'],
    ]);

    await decidedConference(s, {
      conference: c as Created,
      meeting: { at: '2027-01-18T10:00', decideAt: '2027-01-18T11:45' },
    });
    await s.advanceTo('2027-01-20T09:00');
    await s.idle();
    expect((await view(c.id)).state).toMatch(/circulated|follow-up/);
    expect(await mailToConfirm(c.id)).toHaveLength(2);

    const closed = await s.api('POST', `/api/conferences/${c.id}/close`, { reason: 'Work done' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    v = await view(c.id);
    expect(v.state).toBe('closed');
    expect(v.inboundQueue).toMatchObject([
      { id: 'q1', status: 'superseded', supersededBecause: 'conference-ended', decidedBy: 'system' },
      { id: 'q2', status: 'superseded', supersededBecause: 'conference-ended', decidedBy: 'system' },
    ]);
    expect(v.audit.filter((e: any) => e.action === 'inbound.superseded')).toMatchObject([
      { actor: 'system', detail: { item: 'q1', because: 'conference-ended' } },
      { actor: 'system', detail: { item: 'q2', attendeeId: police.id, because: 'conference-ended' } },
    ]);
    expect(await mailToConfirm(c.id)).toEqual([]);
    expect(await mailRow(c.id)).toContain('No longer needed: the conference has ended');
    expect((await s.api('POST', `/api/conferences/${c.id}/inbound/q2`, { action: 'confirm' })).status).toBe(409);
  });
});
