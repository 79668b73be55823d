/**
 * Who was asked to leave, in the professionals' decision letter. Trial finding (two parents, the
 * father asked to leave while the police spoke of an ongoing investigation): the letter said
 * "Parent left for: …", with two parents at the meeting; the attendance list above it names everyone.
 * The exclusion now names the person as the register does.
 */
import { describe, expect, it } from 'vitest';
import { decidedConference } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();

describe("the professionals' decision letter", () => {
  it('names the parent who was asked to leave part of the meeting', { timeout: 90_000 }, async () => {
    const s = await start();
    const body = hackneyInitialBody({ policy: 'cumbria', mode: 'virtual' });
    const created = await s.api('POST', '/api/conferences', body);
    expect(created.status).toBe(201);
    const c = created.body;
    const marcus = c.attendees.find((a: any) => a.role === 'parent' && !a.email)!;
    await decidedConference(s, {
      conference: c,
      meeting: {
        at: '2027-01-04T10:00',
        decideAt: '2027-01-04T11:45',
        exclude: {
          attendeeId: marcus.id,
          part: 'while the police spoke of an ongoing investigation',
          ground: 'There is an ongoing investigation and disclosing information would interfere with it',
        },
      },
      approvedBy: 'chair',
    });
    const letter = s.smtp.messages.find(
      (m) =>
        m.envelopeTo.includes('sw@example.gov.uk') &&
        m.parsed.subject === `Decision of child protection conference ${c.reference}`,
    )!;
    const text = (letter.parsed.text ?? '').replace(/\s+/g, ' ');
    expect(text).toContain(
      'Exclusions ---------- - Marcus Testfamily, Parent: asked to leave for this part: while the police spoke of an ongoing investigation (ground: There is an ongoing investigation',
    );
  });
});
