/**
 * One number per parent or carer in the chair's briefing (new-user trial: two parents and a carer).
 * Report sharing, the professionals' pages and emailed sharing lines number them "parent or carer 1,
 * 2, 3" for good; the briefing's replies listed the same people per role ("Parent 1", "Parent 2",
 * "Carer 1"), so the chair read "Carer 1 (a7): no answer yet" above "not shared with parent or carer 3"
 * about the same person. Both lists now use the one number. And the email, not only the Teams card,
 * tells the chair an interpreter is not confirmed yet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, settle, type Created } from '../helpers/decision-flow.ts';
import { pastedReport } from '../helpers/fixtures.ts';
import { hackneyInitialBody, sendInbound, startTestService, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

const HV = 'hv@nhs.example.org';
let s: TestService;
let c: Created;
beforeAll(async () => {
  s = await startTestService();
  const body = hackneyInitialBody() as { attendees: Record<string, unknown>[] } & Record<string, unknown>;
  // The carer needs a Polish interpreter, not yet booked when the professionals join.
  body.attendees.push({
    name: 'Cara Carer',
    email: 'cara@family.example.com',
    role: 'carer',
    interpreterNeeded: true,
    language: 'pl',
  });
  c = await create(s, body);
  await settle(s);
}, 60_000);
afterAll(async () => s.stop());

describe("the chair's briefing", () => {
  it('numbers each parent or carer once, as report sharing does', { timeout: 60_000 }, async () => {
    const request = await until('the health visitor’s report request', () =>
      s.smtp.messages.find((m) => m.envelopeTo[0] === HV && (m.parsed.subject ?? '').startsWith('Report request')),
    );
    // Shared with the two parents, not with the carer (parent or carer 3).
    await sendInbound(s, {
      from: `Hana Health <${HV}>`,
      to: request.parsed.replyTo!.value[0]!.address!,
      subject: `Re: ${request.parsed.subject}`,
      text: `${pastedReport()}\n\nShared with parent or carer 1 on 2026-12-01\nShared with parent or carer 2 on 2026-12-01\n`,
    });
    await until('the report on file', async () => {
      const v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      return v.reports[c.attendees.find((a) => a.email === HV)!.id].status === 'received';
    });
    await s.advanceTo(c.timetable.professionalsJoinAt!);
    await s.idle();
    const briefing = (
      (
        await until('the briefing', () =>
          s.smtp.messages.find(
            (m) =>
              m.envelopeTo[0] === 'chair@example.gov.uk' &&
              m.parsed.subject === `${c.reference}: professionals are joining`,
          ),
        )
      ).parsed.text ?? ''
    ).replace(/\s+/g, ' ');
    const id = (role: string, n: number) => c.attendees.filter((a) => a.role === role)[n]!.id;
    expect(briefing).toContain(`Parent or carer 1 (${id('parent', 0)}): no answer yet`);
    expect(briefing).toContain(`Parent or carer 2 (${id('parent', 1)}): no answer yet`);
    expect(briefing).toContain(`Parent or carer 3 (${id('carer', 0)}): no answer yet`);
    expect(briefing).toContain('not shared with parent or carer 3');
    expect(briefing).not.toMatch(/\b(Parent|Carer) \d \(a\d+\)/);
  });

  it('by email, says an interpreter is not confirmed, as the Teams card does', async () => {
    const briefing = (
      s.smtp.messages.find(
        (m) =>
          m.envelopeTo[0] === 'chair@example.gov.uk' &&
          m.parsed.subject === `${c.reference}: professionals are joining`,
      )?.parsed.text ?? ''
    ).replace(/\s+/g, ' ');
    const cara = c.attendees.find((a) => a.role === 'carer')!.id;
    expect(briefing).toContain('Interpreters, accessibility and advocacy');
    expect(briefing).toContain(
      `Parent or carer 3 (${cara}): an interpreter who speaks Polish: NOT confirmed yet, check before you start`,
    );
  });
});
