/**
 * A conference moved to a later date: the report request its authors already have (its upload link
 * and its reply address) keeps working until the new meeting. Before, both died at the old
 * meeting's end ("This link has expired"; a 550 telling them to reply to the newest email, the
 * updated invitation, which says not to reply to it), though nothing newer had been sent.
 */
import { describe, expect, it } from 'vitest';
import { hackneyInitialBody, sendInbound, startedServices, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

type Msg = TestService['smtp']['messages'][number];
const start = startedServices();

const POLICE = 'police@police.example.uk';
const text = (m: Msg) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const subject = (m: Msg) => m.parsed.subject ?? '';
const mailTo = (s: TestService, address: string) => s.smtp.messages.filter((m) => m.envelopeTo.includes(address));
const view = async (s: TestService, id: string) => (await s.api('GET', `/api/conferences/${id}`)).body;
const settle = (s: TestService) => s.advanceTo(new Date(s.rt.clock.now().getTime() + 1000).toISOString());

const REPORT = `${'The family have engaged with every visit this month and the home is warm and clean. '.repeat(4)}`;

async function bookAndMove(s: TestService): Promise<{ id: string; reference: string }> {
  const created = await s.api('POST', '/api/conferences', hackneyInitialBody());
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await settle(s);
  return created.body;
}

async function reschedule(s: TestService, id: string): Promise<void> {
  const moved = await s.api('POST', `/api/conferences/${id}/reschedule`, {
    startsAt: '2027-02-01T10:00',
    reason: 'Chair unwell',
    requestedBy: 'Coordinator',
  });
  expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  await settle(s);
}

describe('a conference moved to a later date', () => {
  it('keeps the report request’s upload link and reply address working after the old date', async () => {
    const s = await start();
    const c = await bookAndMove(s);
    const request = mailTo(s, POLICE).find((m) => subject(m).startsWith('Report request'))!;
    const replyTo = request.parsed.replyTo!.value[0]!.address!;
    const upload = /http:\/\/\S+\/l\/[A-Za-z0-9_.-]+/.exec(text(request))![0];
    await reschedule(s, c.id);

    // The old meeting (Mon 4 Jan 2027) has gone by; the new one is on 1 February.
    await s.advanceTo('2027-01-06T12:00');
    const page = await fetch(upload.replace(/^http:\/\/[^/]+/, s.url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Send your report');

    await sendInbound(s, {
      from: `Pat Police <${POLICE}>`,
      to: replyTo,
      subject: `RE: ${subject(request)}`,
      text: REPORT,
    });
    const thanks = await until('the thank-you', () =>
      mailTo(s, POLICE).find((m) => subject(m).startsWith('Report received')),
    );
    expect(text(thanks)).toContain('we received your report on Wednesday 6 January 2027');
    const police = (await view(s, c.id)).attendees.find((a: any) => a.email === POLICE);
    expect(police.report.status).toBe('received');

    // Once the new meeting's time has gone by, the old link has expired like any other.
    await s.advanceTo('2027-02-02T09:00');
    const late = await fetch(upload.replace(/^http:\/\/[^/]+/, s.url));
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('This link has expired');
  });
});
