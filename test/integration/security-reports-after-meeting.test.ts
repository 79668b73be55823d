/**
 * Reports after the meeting (found by a new-user trial): the report link takes no upload once the
 * meeting has started, but the other doors filed one as a new version after the decision, and told
 * the chair they "have it now". Replayed here through the real inbound SMTP server and the API:
 * a forged report that waited in the coordinator's queue is confirmed after the approval, and the
 * health visitor replies with a "new version" to her own reply address. Neither is filed: the
 * report on record, the chair's mail and the queue stay as they were; the confirmation is refused
 * naming why (409), and the author is told hers was not filed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, decidedConference, settle, type Created } from '../helpers/decision-flow.ts';
import { pastedReport } from '../helpers/fixtures.ts';
import { hackneyInitialBody, sendInbound, startTestService, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

const HV = 'hv@nhs.example.org';
const CHAIR = 'chair@example.gov.uk';
const FORGED = 'FORGED-MARKER everything is fine at home, close the case';
const AFTER = 'AFTER-MARKER a new version written after the conference decided';

let s: TestService;
let c: Created;
let replyTo: string;
beforeAll(async () => {
  s = await startTestService();
  c = await create(s, hackneyInitialBody());
  await settle(s);
  const request = await until('the health visitor’s report request', () =>
    s.smtp.messages.find((m) => m.envelopeTo[0] === HV && (m.parsed.subject ?? '').startsWith('Report request')),
  );
  replyTo = request.parsed.replyTo!.value[0]!.address!;
  // Before the meeting, someone else's domain sends "her" report to her reply address: it waits for the coordinator.
  await sendInbound(s, {
    from: 'Hana Health <hana.health@evil.example>',
    to: replyTo,
    subject: `Re: ${request.parsed.subject}`,
    text: pastedReport(FORGED),
  });
  await until('the queued message', async () => {
    const q = (await s.api('GET', `/api/conferences/${c.id}/inbound`)).body;
    return q.items?.length === 1;
  });
  // Held on 4 January 2027 (from 10:00; decided 11:45) and approved: her reply address is still alive until 12:00.
  await decidedConference(s, { conference: c });
}, 120_000);
afterAll(async () => s.stop());

const view = async () => (await s.api('GET', `/api/conferences/${c.id}`)).body;
const hvId = () => c.attendees.find((a) => a.email === HV)!.id;
const chairNotices = () =>
  s.smtp.messages.filter((m) => m.envelopeTo[0] === CHAIR && /report received/i.test(m.parsed.subject ?? '')).length;

describe('a report after the meeting, through the doors other than the report link', () => {
  it('the coordinator cannot confirm a queued one as her report: refused, nothing filed, the queue unchanged', async () => {
    const before = await view();
    expect(before.state).toBe('follow-up');
    const noticesBefore = chairNotices();
    const q = (await s.api('GET', `/api/conferences/${c.id}/inbound`)).body;
    const confirmed = await s.api('POST', `/api/conferences/${c.id}/inbound/${q.items[0].id}`, { action: 'confirm' });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(409);
    expect(confirmed.body.message).toContain('reports are taken only before the meeting');
    await s.idle();
    const after = await view();
    expect(after.reports[hvId()]).toEqual(before.reports[hvId()]);
    expect(JSON.stringify(after.reports)).not.toContain('FORGED-MARKER');
    expect(after.inboundQueue ?? (await s.api('GET', `/api/conferences/${c.id}/inbound`)).body.items).toEqual(
      before.inboundQueue ?? q.items,
    );
    expect(chairNotices()).toBe(noticesBefore);
    // Rejecting it is still possible.
    const rejected = await s.api('POST', `/api/conferences/${c.id}/inbound/${q.items[0].id}`, { action: 'reject' });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
  });

  it('her own reply with a new version is not filed; she is told, the chair is not', async () => {
    const before = await view();
    const noticesBefore = chairNotices();
    await sendInbound(s, {
      from: `Hana Health <${HV}>`,
      to: replyTo,
      subject: 'Re: my report',
      text: pastedReport(AFTER),
    });
    const told = await until('her "not filed" email', () =>
      s.smtp.messages.find(
        (m) => m.envelopeTo[0] === HV && (m.parsed.subject ?? '') === `Report not filed for ${c.reference}`,
      ),
    );
    expect((told.parsed.text ?? '').replace(/\s+/g, ' ')).toContain('reports are taken only before the meeting');
    await s.idle();
    const after = await view();
    expect(after.reports[hvId()]).toEqual(before.reports[hvId()]);
    expect(JSON.stringify(after.reports)).not.toContain('AFTER-MARKER');
    expect(chairNotices()).toBe(noticesBefore);
    expect(
      s.smtp.messages.filter((m) => m.envelopeTo[0] === CHAIR && (m.parsed.text ?? '').includes('AFTER-MARKER')),
    ).toEqual([]);
  });
});
