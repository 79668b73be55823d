/**
 * How the family's decision letter names the people whose views it lists: from the same words as the
 * family's invitations and "Who will be there" (content/words.ts, familyPersonLabel), and in a
 * companion's copy in the companion's voice (companionPersonLabel), as their invitations have it. A
 * family-support worker with no agency is invited and gives a view: the mother reads "a worker who
 * knows your family", her interpreter "a worker who knows the family" (it is not the interpreter's
 * family), in the invitations' "Who will be there" and in the letter's email and PDF.
 */
import { describe, expect, it } from 'vitest';
import { create, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { until } from '../helpers/wait.ts';

type Msg = TestService['smtp']['messages'][number];
const start = startedServices();
const JADE = 'jade@family.example.com';
const INTERPRETER = 'interpreter@language.example.com';
const FRAN = 'fran@family-support.example.org';
const isLetter = (m: Msg) => /^The decision of your child protection meeting/.test(m.parsed.subject ?? '');
/** The letter as its reader has it: the email's text and the PDF's, each on one line. */
const asRead = async (s: TestService, to: string) => {
  const m = await until(`the letter to ${to}`, () =>
    s.smtp.messages.find((x) => x.envelopeTo.includes(to) && isLetter(x)),
  );
  const pdfs = m.parsed.attachments.filter((a) => a.contentType === 'application/pdf');
  return {
    email: (m.parsed.text ?? '').replace(/\s+/g, ' '),
    pdf: pdfs
      .map((a) => pdfText(a.content))
      .join(' ')
      .replace(/\s+/g, ' '),
  };
};

describe("the family's decision letter names people as the family's invitations do", () => {
  it("says 'a worker who knows your family' to the mother and 'the family' to her interpreter", async () => {
    const s = await start();
    const base = hackneyInitialBody();
    const c = await create(s, {
      ...base,
      attendees: [
        ...(base.attendees as Record<string, unknown>[]),
        { name: 'Ines Interpreter', email: INTERPRETER, role: 'interpreter', language: 'Polish', accompanies: 'a5' },
        { name: 'Fran Family', email: FRAN, role: 'professional' },
      ],
    });
    await settle(s);
    // Their invitations' "Who will be there" already speak so.
    const invitation = (to: string) =>
      (
        s.smtp.messages.find((m) => m.envelopeTo.includes(to) && m.parsed.subject?.includes(c.reference))?.parsed
          .text ?? ''
      ).replace(/\s+/g, ' ');
    expect(invitation(JADE)).toContain('- a worker who knows your family');
    expect(invitation(INTERPRETER)).toContain('- a worker who knows the family');
    expect(invitation(INTERPRETER)).not.toContain('a worker who knows your family');
    await holdMeeting(s, c, {
      at: '2027-01-04T10:00',
      views: ['c1', 'c2'].map((childId) => ({
        attendeeEmail: FRAN,
        childId,
        recommendation: 'child-in-need',
        categories: [],
        rationale: 'Family support is working',
      })),
    });
    expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
    await settle(s);

    const mother = await asRead(s, JADE);
    const interpreter = await asRead(s, INTERPRETER);
    expect(mother.pdf).not.toBe('');
    for (const copy of [mother.email, mother.pdf]) {
      expect(copy).toContain('A worker who knows your family: ');
      expect(copy).not.toContain('A worker who knows the family: ');
    }
    for (const copy of [interpreter.email, interpreter.pdf]) {
      expect(copy).toContain('A worker who knows the family: ');
      expect(copy).not.toContain('A worker who knows your family');
    }
    // Everyone else is named alike in both copies.
    for (const line of ['The social worker: ', 'Someone from Health visiting: ', 'A police officer: '])
      for (const copy of [mother.email, interpreter.email]) expect(copy).toContain(line);
  });
});
