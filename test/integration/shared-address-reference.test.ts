/**
 * A police officer (one address) invited to two conferences sends a report to the reports mailbox,
 * as the invitation says: "quoting CPC-… and no names in the subject line". The reference picks the
 * conference, so the report waits in that conference's queue for the coordinator to confirm. Before,
 * two conferences expecting a report from the address matched nothing: the coordinator got a
 * notice with no content and the report itself was lost.
 */
import { describe, expect, it } from 'vitest';
import { hackneyInitialBody, sendInbound, startedServices, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

const start = startedServices();
const POLICE = 'police@police.example.uk';
const COORDINATOR = 'coordinator@example.gov.uk';
const REPORT = 'Police attended the address three times this month after neighbours called about shouting. '.repeat(3);

async function book(s: TestService, startsAt: string): Promise<{ id: string; reference: string }> {
  const r = await s.api('POST', '/api/conferences', hackneyInitialBody({ startsAt }));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}
const inbound = async (s: TestService, id: string) =>
  (await s.api('GET', `/api/conferences/${id}/inbound`)).body.items as { attendeeId: string; subject: string }[];

describe('a report to the reports mailbox from an address on two conferences', () => {
  it('waits in the queue of the conference its subject names', async () => {
    const s = await start();
    const first = await book(s, '2027-01-04T10:00');
    const second = await book(s, '2027-01-05T10:00');
    await s.advanceTo(new Date(s.rt.clock.now().getTime() + 1000).toISOString());

    await sendInbound(s, {
      from: `Pat Police <${POLICE}>`,
      to: 'HackneyCYPsreports@hackney.gov.uk',
      subject: `Police report ${second.reference}`,
      text: REPORT,
    });
    const items = await until('the queued report', async () => {
      const waiting = await inbound(s, second.id);
      return waiting.length ? waiting : undefined;
    });
    expect(items).toEqual([
      expect.objectContaining({ attendeeId: 'a4', subject: `Police report ${second.reference}` }),
    ]);
    expect(await inbound(s, first.id)).toEqual([]);
    const notice = await until('the coordinator’s notice', () =>
      s.smtp.messages.find(
        (m) => m.envelopeTo.includes(COORDINATOR) && /needs confirming/.test(m.parsed.subject ?? ''),
      ),
    );
    expect(notice.parsed.subject).toBe(`${second.reference}: a report needs confirming`);
    expect(s.smtp.messages.some((m) => /was not filed/.test(m.parsed.subject ?? ''))).toBe(false);

    // Confirming it with a word wrong: the 400 says what was asked for (it said 'Invalid decision').
    const wrong = await s.api('POST', `/api/conferences/${second.id}/inbound/q1`, { action: 'file it', extra: 1 });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(
      /^Invalid request to confirm or reject a message: action: .*; extra: not a known field$/,
    );
    expect(wrong.body.issues.map((i: { field: string }) => i.field)).toEqual(['action', 'extra']);
    expect(await inbound(s, second.id)).toEqual([expect.objectContaining({ status: 'pending' })]);
  });

  it('is never taken for the other conference’s report when the one it names has its report already', async () => {
    const s = await start();
    const first = await book(s, '2027-01-04T10:00');
    const second = await book(s, '2027-01-05T10:00');
    await s.advanceTo(new Date(s.rt.clock.now().getTime() + 1000).toISOString());
    // The officer's report for the second conference is in (replied to its request).
    const request = await until('the second request', () =>
      s.smtp.messages.find(
        (m) =>
          m.envelopeTo.includes(POLICE) &&
          /^Report request/.test(m.parsed.subject ?? '') &&
          (m.parsed.subject ?? '').includes(second.reference),
      ),
    );
    await sendInbound(s, {
      from: `Pat Police <${POLICE}>`,
      to: request.parsed.replyTo!.value[0]!.address!,
      subject: `RE: ${request.parsed.subject}`,
      text: REPORT,
      attachments: [
        { filename: 'police.pdf', content: Buffer.from('%PDF-1.4 police'), contentType: 'application/pdf' },
      ],
    });
    await until('the second report in', async () => {
      const c = (await s.rt.deps.store.get(second.id))!;
      return c.reports['a4']!.status === 'received' ? true : undefined;
    });

    // More about the second conference's family, to the reports mailbox, quoting its reference.
    const summaries = () => s.smtp.messages.filter((m) => /was not filed/.test(m.parsed.subject ?? '')).length;
    const before = summaries();
    await sendInbound(s, {
      from: `Pat Police <${POLICE}>`,
      to: 'HackneyCYPsreports@hackney.gov.uk',
      subject: `More for ${second.reference}`,
      text: `An update for ${second.reference}. ${REPORT}`,
    });
    await s.idle();
    expect(await inbound(s, first.id)).toEqual([]); // not waiting to be confirmed as the first conference's report
    expect((await s.rt.deps.store.get(first.id))!.reports['a4']!.status).not.toBe('received');
    await until('the coordinator told it was not filed', () => (summaries() > before ? true : undefined));
  });
});
