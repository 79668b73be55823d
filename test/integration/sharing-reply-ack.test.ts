/**
 * An author whose report is in replies by email with only the sharing lines the request asks for
 * ("Shared with parent or carer 1 on …", "Withheld from …"). The dates are recorded, and the author
 * is told so: what is now recorded, and who it is still not recorded as shared with. Before, the
 * dates were recorded and nothing came back, so the author could not tell their reply had counted.
 */
import { describe, expect, it } from 'vitest';
import { hackneyInitialBody, sendInbound, startedServices, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

type Msg = TestService['smtp']['messages'][number];
const start = startedServices();
const POLICE = 'police@police.example.uk';
const text = (m: Msg) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const subject = (m: Msg) => m.parsed.subject ?? '';
const REPORT = 'Police attended the address three times this month after neighbours called about shouting. '.repeat(4);

describe('a reply that only records sharing with the family', () => {
  it('records the dates and tells the author what is recorded and who is still to be shared with', async () => {
    const s = await start();
    const created = await s.api('POST', '/api/conferences', hackneyInitialBody());
    expect(created.status).toBe(201);
    const c = created.body as { id: string; reference: string };
    await s.advanceTo(new Date(s.rt.clock.now().getTime() + 1000).toISOString());
    const request = s.smtp.messages.find(
      (m) => m.envelopeTo.includes(POLICE) && subject(m).startsWith('Report request'),
    )!;
    const replyTo = request.parsed.replyTo!.value[0]!.address!;
    await sendInbound(s, { from: `Pat Police <${POLICE}>`, to: replyTo, subject: 'RE: report', text: REPORT });
    await until('the report filed', async () => {
      const v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      return v.attendees.find((a: { email?: string }) => a.email === POLICE).report.status === 'received';
    });
    await s.advanceTo(new Date(s.rt.clock.now().getTime() + 1000).toISOString());
    const thanks = await until('the thank-you', () =>
      s.smtp.messages.find((m) => m.envelopeTo.includes(POLICE) && subject(m).startsWith('Report received')),
    );
    const mark = s.smtp.messages.length;

    await s.advanceTo('2026-12-03T10:00');
    await sendInbound(s, {
      from: `Pat Police <${POLICE}>`,
      to: thanks.parsed.replyTo!.value[0]!.address!,
      subject: `RE: ${subject(thanks)}`,
      text: 'Shared with parent or carer 1 on 2026-12-02\nWithheld from parent or carer 1: the neighbour who called\n\nPat',
    });
    await s.advanceTo(new Date(s.rt.clock.now().getTime() + 1000).toISOString());
    const ack = await until('the acknowledgement', () =>
      s.smtp.messages.slice(mark).find((m) => m.envelopeTo.includes(POLICE)),
    );
    expect(subject(ack)).toBe(`Sharing recorded for ${c.reference}`);
    expect(text(ack)).toContain(
      'Thank you: we have recorded that you shared your report with parent or carer 1 on 2 December 2026 (withheld: the neighbour who called).',
    );
    expect(text(ack)).toContain('It is not yet recorded as shared with parent or carer 2.');
    expect(text(ack)).toContain('Your report itself is unchanged.');
    expect(ack.parsed.replyTo?.value[0]?.address).toMatch(/\+r-/);
    const v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
    const police = v.attendees.find((a: { email?: string }) => a.email === POLICE);
    expect(v.reports[police.id].submissions).toHaveLength(1);
    expect(v.reports[police.id].submissions[0].sharedWithFamily).toEqual([
      { parentId: 'a5', sharedOn: '2026-12-02', withheld: 'the neighbour who called' },
    ]);
  });
});
