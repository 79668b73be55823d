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
});
