/**
 * A replayed RSVP (trial finding: the same signed link posted twice) records nothing new: the audit
 * keeps one `rsvp.recorded` per answer given, and a changed answer is a new entry. Nothing is sent
 * twice either (the deputy prompt after a decline).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, linksInMail, PageClient, purposeOf } from '../helpers/pages.ts';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';

let svc: TestService;
let conf: { id: string; attendees: { id: string; role: string; email?: string }[] };

beforeAll(async () => {
  svc = await startTestService();
  const r = await svc.api('POST', '/api/conferences', hackneyInitialBody());
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  conf = r.body;
  await svc.advanceTo(new Date(svc.rt.clock.now().getTime() + 1000).toISOString());
});
afterAll(async () => {
  await svc?.stop();
});

/** The police officer's answers as the audit shows them, in order. */
async function answersInAudit(attendeeId: string): Promise<string[]> {
  const r = await svc.api('GET', `/api/conferences/${conf.id}`);
  expect(r.status).toBe(200);
  return r.body.audit
    .filter((e: any) => e.action === 'rsvp.recorded' && e.actor === attendeeId)
    .map((e: any) => e.detail.rsvp);
}

const deputyPrompts = () =>
  svc.smtp.messages.filter(
    (m) => m.envelopeTo.includes('police@police.example.uk') && /please nominate a deputy/.test(m.parsed.subject ?? ''),
  ).length;

describe('an RSVP sent twice by the same link', () => {
  it('is recorded once; a changed answer is recorded again', async () => {
    const police = conf.attendees.find((a) => a.role === 'police')!;
    const link = linksInMail(svc, police.email!).find((l) => purposeOf(l) === 'rsvp')!;
    expect(link).toBeDefined();
    const client = new PageClient(svc.url);
    const csrf = csrfOf((await client.get(link)).text);
    const answer = async (a: string) => {
      const res = await client.post(link, { answer: a, _csrf: csrf });
      expect(res.status, res.text).toBe(303);
      await svc.idle();
    };

    await answer('declined');
    await answer('declined');
    expect(await answersInAudit(police.id)).toEqual(['declined']);
    expect(deputyPrompts()).toBe(1);
    expect((await client.get(`${link}?done=rsvp`)).text).toContain('We have your answer: Not attending');

    await answer('accepted');
    await answer('accepted');
    expect(await answersInAudit(police.id)).toEqual(['declined', 'accepted']);
    await answer('declined');
    expect(await answersInAudit(police.id)).toEqual(['declined', 'accepted', 'declined']);
    expect(deputyPrompts()).toBe(1);
  });
});
