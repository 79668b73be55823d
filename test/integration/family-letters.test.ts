/** A family member reached through the social worker: the social worker gets the letter to hand over, the parent gets no email. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => svc.stop());

describe('letters via the social worker', () => {
  it('emails the social worker the invitation as a PDF to hand over, with no family name in the subject', async () => {
    const body = hackneyInitialBody();
    body.attendees = body.attendees.map((a: any) =>
      a.name === 'Marcus Testfamily' ? { ...a, contactPreference: 'via-social-worker' } : a,
    );
    const created = await svc.api('POST', '/api/conferences', body);
    expect(created.status).toBe(201);
    // Every job done (not a wall-clock wait: a loaded machine is slow, not wrong).
    await svc.idle(60_000);
    const m = svc.smtp.messages.find(
      (m) => m.envelopeTo[0] === 'sw@example.gov.uk' && /letter to hand/.test(m.parsed.subject ?? ''),
    );
    expect(m, 'the social worker was emailed the letter to hand over').toBeDefined();
    if (!m) return;
    expect(m.parsed.subject).toBe(`${created.body.reference}: a letter to hand to a family member`);
    expect(m.parsed.subject).not.toMatch(/Testfamily|Marcus|Ruby|Leo/);
    // No family name in the preview either (the first line a mail client shows, and the HTML preheader); the body says whom it is for.
    const [preview, ...rest] = (m.parsed.text ?? '').split('\n');
    expect(preview).toBe(
      `${created.body.reference}: a family member asked to be contacted through you; their letter is attached.`,
    );
    expect(/display:none[^>]*>([^<]*)</.exec(String(m.parsed.html))?.[1]).not.toMatch(/Testfamily|Marcus|Ruby|Leo/);
    expect(rest.join(' ').replace(/\s+/g, ' ')).toContain(
      'Marcus Testfamily (parent, a6) asked to be contacted through you. Please give them the attached letter in person',
    );
    const pdf = m.parsed.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf?.content.subarray(0, 5).toString()).toBe('%PDF-');
    // The mail reaches the server before the job records the hand-over in the ledger: wait for the job.
    await svc.idle();
    const v = (await svc.api('GET', `/api/conferences/${created.body.id}`)).body;
    const marcus = v.attendees.find((a: any) => a.name === 'Marcus Testfamily');
    expect(String(v.deliveries[`send-invites-${marcus.id}-v1`].messageId)).toMatch(/^via-social-worker:/);
    expect(svc.smtp.messages.some((x) => /marcus/i.test(x.envelopeTo[0] ?? ''))).toBe(false);
  });
});
