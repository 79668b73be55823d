/**
 * An updated family letter says "This replaces the earlier letter" only where the earlier letter was
 * printed and posted (user trial): a letter withdrawn unprinted never reached the parent, so the new
 * one is simply their invitation. Read from the letter's PDF, as the print room posts it.
 */
import { describe, expect, it } from 'vitest';
import { hardCopyPdf } from '../../src/app/post-and-texts/hard-copies.ts';
import { create, settle, type Created } from '../helpers/decision-flow.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';

const start = startedServices();
const REPLACES = 'This replaces the earlier letter';
const lettersFor = async (s: TestService, id: string, attendeeId: string) =>
  ((await s.api('GET', `/api/conferences/${id}`)).body.hardCopies as any[]).filter((h) => h.attendeeId === attendeeId);

async function rescheduledLetter(s: TestService, c: Created, attendeeId: string): Promise<string> {
  const r = await s.api('POST', `/api/conferences/${c.id}/reschedule`, {
    startsAt: '2027-01-06T10:00',
    reason: 'The chair is unwell',
    requestedBy: 'coordinator',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  await s.idle();
  const current = (await lettersFor(s, c.id, attendeeId)).filter((h) => !h.withdrawnAt && !h.printedAt);
  expect(current.map((h) => h.blobId)).toEqual([expect.stringMatching(/-v2$/)]);
  return pdfText((await hardCopyPdf(s.rt.deps, c.id, current[0].blobId)).data).replace(/\s+/g, ' ');
}

describe('an updated family letter', () => {
  it('says it replaces the earlier letter only once that letter was printed', { timeout: 120_000 }, async () => {
    const s = await start();
    const unprinted = await create(s, hackneyInitialBody());
    await settle(s);
    const marcus = unprinted.attendees.find((a) => a.role === 'parent' && !a.email)!;
    const fresh = await rescheduledLetter(s, unprinted, marcus.id);
    expect(fresh).toContain('Wednesday 6 January 2027');
    expect(fresh).not.toContain(REPLACES);

    const printed = await create(s, hackneyInitialBody({ startsAt: '2027-01-05T10:00' }));
    await settle(s);
    const [invitation] = await lettersFor(s, printed.id, marcus.id);
    const r = await s.api('POST', `/api/conferences/${printed.id}/hard-copies/${invitation.blobId}/printed`, {});
    expect(r.status).toBe(200);
    expect(await rescheduledLetter(s, printed, marcus.id)).toContain(`${REPLACES}: the time has changed.`);
  });
});
