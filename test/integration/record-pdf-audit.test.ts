/**
 * Trial finding 11: the exported record (the PDF for the child's case record) shows the audit trail
 * in words, as a coordinator reads it: when, who by name and role, what happened. Never the stored
 * form (JSON, action codes, attendee or letter ids).
 */
import { describe, expect, it } from 'vitest';
import { byRole, create, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { hackneyInitialBody, startedServices, TEST_API_KEY } from '../helpers/service.ts';

const start = startedServices();

describe('the record export PDF', () => {
  it('tells the audit trail in words: who did what, when, by name and role', { timeout: 90_000 }, async () => {
    const s = await start();
    const c = await create(s, hackneyInitialBody());
    await settle(s);
    await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
    const chair = byRole(c, 'chair');
    expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, { by: chair.id })).status).toBe(200);
    await settle(s);
    const letters = (await s.api('GET', `/api/conferences/${c.id}/hard-copies`)).body.hardCopies as {
      blobId: string;
    }[];
    const decisionLetter = letters.find((h) => h.blobId.startsWith('hardcopy-decision-letter-'))!;
    expect(
      (await s.api('POST', `/api/conferences/${c.id}/hard-copies/${decisionLetter.blobId}/printed`, {})).status,
    ).toBe(200);

    expect((await s.api('GET', `/api/conferences/${c.id}/export`)).status).toBe(200);
    const res = await fetch(`${s.url}/api/conferences/${c.id}/export.pdf`, {
      headers: { authorization: `Bearer ${TEST_API_KEY}` },
    });
    expect(res.status).toBe(200);
    const text = pdfText(Buffer.from(await res.arrayBuffer())).replace(/\s+/g, ' ');
    const trail = text.slice(text.indexOf('Audit trail'));

    for (const sentence of [
      'Tue 1 Dec 2026 09:00: The coordinator created the initial child protection conference for Mon 4 Jan 2027 10:00.',
      // The conference's report requests are one job, and one line naming every author asked.
      "Tue 1 Dec 2026 09:00: The bot asked for a report from Sam Social, Social worker (Children's social care), Hana Health, Professional (Health visiting) and Pat Police, Police.",
      'Mon 4 Jan 2027 10:00: The coordinator started the meeting.',
      'Mon 4 Jan 2027 10:00: The coordinator recorded attendance: 6 people present, no apologies.',
      'Mon 4 Jan 2027 11:45: The coordinator recorded the decision: Child 1 (Ruby): child protection plan (neglect); Child 2 (Leo): child in need plan',
      'Mon 4 Jan 2027 11:45: The coordinator, on behalf of Chair Person, Chair (Safeguarding and Reviewing) approved the decision.',
      'The bot put the letter about the decision for Marcus Testfamily, Parent on the print queue, due by Tue 5 Jan 2027 11:45.',
      'The coordinator printed the letter about the decision for Marcus Testfamily, Parent.',
      'The coordinator exported the record as JSON.',
    ])
      expect(trail).toContain(sentence);
    // Never the stored form: no JSON, no action codes, no attendee, child or letter ids.
    for (const raw of [/[{}]/, /"\w+":/, /\bdecision\.approved\b/, /\bhard-copy\./, /\ba\d+\b/, /\bc\d\b/, /hardcopy-/])
      expect(trail).not.toMatch(raw);
  });
});
