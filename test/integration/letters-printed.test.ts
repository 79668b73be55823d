/**
 * A letter by post has gone only when someone marks it printed. Until then the dashboard says it is
 * waiting to be printed (never "sent") and the chair's briefing before the meeting lists the parent
 * whose invitation has not gone; marking it printed clears both. (The circulation watchdog and
 * deadline check: circulation.test.ts.)
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_API_KEY, hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';
import { csrfOf, rowOf, signedInDashboard } from '../helpers/pages.ts';
import { pdfText } from '../helpers/pdf-text.ts';

let s: TestService;
beforeAll(async () => {
  s = await startTestService();
});
afterAll(async () => s.stop());

const dashboard = () => signedInDashboard(s.url, TEST_API_KEY);

describe('an invitation by post', () => {
  it(
    "is waiting to be printed, not sent, until marked printed: on the dashboard and in the chair's briefing",
    { timeout: 90_000 },
    async () => {
      // Two conferences at the same time: in one the coordinator prints Marcus's letter, in the other not.
      const waiting = await s.api('POST', '/api/conferences', hackneyInitialBody());
      const printed = await s.api('POST', '/api/conferences', hackneyInitialBody());
      expect(waiting.status).toBe(201);
      expect(printed.status).toBe(201);
      await s.idle();
      const marcusOf = (c: any) => c.attendees.find((a: any) => a.name === 'Marcus Testfamily');
      const view = async (id: string) => (await s.api('GET', `/api/conferences/${id}`)).body;
      const letterOf = (v: any) =>
        v.hardCopies.find((h: any) => h.document === 'invitation' && h.attendeeId === marcusOf(v).id);

      // The ledger has it queued; the view says which ledger entry is a letter, not yet printed.
      const v = await view(waiting.body.id);
      const letter = letterOf(v);
      expect(letter).toMatchObject({
        dueAt: '2026-12-02T17:00:00+00:00',
        ledgerKey: `send-invites-${marcusOf(v).id}-v1`,
      });
      expect(letter.printedAt).toBeUndefined();
      expect(v.letters[letter.ledgerKey]).toMatchObject({ blobId: letter.blobId });
      expect(
        pdfText(
          Buffer.from(
            await (
              await fetch(`${s.url}/api/conferences/${v.id}/hard-copies/${letter.blobId}`, {
                headers: { authorization: `Bearer ${TEST_API_KEY}` },
              })
            ).arrayBuffer(),
          ),
        ),
      ).toContain('You are invited to a child protection meeting');

      // The dashboard never calls it sent.
      const client = await dashboard();
      let page = (await client.get(`/dashboard/c/${v.id}`)).text;
      const invitation = rowOf(page, 'Attendees', 'Marcus Testfamily');
      expect(invitation).toContain('post: waiting to be printed, post by Wed 2 Dec 2026, 17:00');
      expect(invitation).not.toMatch(/\bsent\b/);
      expect(rowOf(page, 'Attendees', 'Jade Testfamily')).toContain(' sent ');
      expect(rowOf(page, 'Letters to print and post', 'Marcus Testfamily')).toContain(
        'Invitation to the conference Marcus Testfamily',
      );
      expect(rowOf(page, 'Letters to print and post', 'Marcus Testfamily')).toContain(
        'waiting to be printed, post by Wed 2 Dec 2026, 17:00',
      );
      const ledgerRow = rowOf(page, 'All emails', 'send-invites', 'Marcus Testfamily');
      expect(ledgerRow).toContain('waiting to be printed, post by Wed 2 Dec 2026, 17:00');
      expect(ledgerRow).not.toMatch(/\bsent\b/);

      // In the other conference the coordinator prints it from the dashboard.
      const other = await view(printed.body.id);
      const otherPage = (await client.get(`/dashboard/c/${other.id}`)).text;
      const marked = await client.post(`/dashboard/c/${other.id}/hard-copies/${letterOf(other).blobId}/printed`, {
        _csrf: csrfOf(otherPage),
      });
      expect(marked.status).toBe(303);
      page = (await client.get(marked.location!)).text;
      expect(page).toContain('The letter is marked printed');
      expect(rowOf(page, 'Attendees', 'Marcus Testfamily')).toMatch(/post: printed Tue 1 Dec 2026, \d\d:\d\d/);
      expect(rowOf(page, 'Letters to print and post', 'Marcus Testfamily')).not.toContain('waiting to be printed');
      expect(letterOf(await view(other.id)).printedAt).toBeTruthy();
      // Printed, its PDF is not kept: opening it says why. The unprinted one still opens.
      const gone = await client.get(`/dashboard/c/${other.id}/hard-copies/${letterOf(other).blobId}`);
      expect(gone.status).toBe(404);
      expect(gone.text).toContain('no longer on the print list (printed');
      expect((await client.get(`/dashboard/c/${v.id}/hard-copies/${letterOf(v).blobId}`)).status).toBe(200);

      // The chair's briefing when professionals join lists Marcus where his letter was never printed.
      await s.advanceTo(v.timetable.professionalsJoinAt);
      await s.idle();
      const briefing = (ref: string) =>
        s.smtp.messages.find(
          (m) =>
            m.envelopeTo.includes('chair@example.gov.uk') && m.parsed.subject === `${ref}: professionals are joining`,
        );
      const unprinted = (briefing(v.reference)?.parsed.text ?? '').replace(/\s+/g, ' ');
      expect(unprinted).toContain('Family members whose invitation has not gone');
      // Family members by role and id in an email (never their names).
      expect(unprinted).toContain(
        `Family members whose invitation has not gone ${'-'.repeat(44)} Parent or carer 2 (${marcusOf(v).id}): letter not printed yet: it was to be posted by Wednesday 2 December 2026 at 17:00 Reports`,
      );
      expect(unprinted).not.toContain('Marcus');
      const done = (briefing(other.reference)?.parsed.text ?? '').replace(/\s+/g, ' ');
      expect(done).toContain('Replies to the invitation');
      // Chairs have no dashboard: the briefing sends them where they can keep the register.
      expect(done).toContain(
        "Record who is there and who sent apologies on your chair's page (the link in your invitation) or on the briefing card in Teams",
      );
      expect(done).not.toContain('dashboard');
      expect(done).not.toContain('Family members whose invitation has not gone');
      expect(done).not.toContain('letter not printed');
      // The exported record says the same.
      const exported = async (id: string) =>
        pdfText(
          Buffer.from(
            await (
              await fetch(`${s.url}/api/conferences/${id}/export.pdf`, {
                headers: { authorization: `Bearer ${TEST_API_KEY}` },
              })
            ).arrayBuffer(),
          ),
        );
      expect(await exported(v.id)).toContain(
        `send-invites-${marcusOf(v).id}-v1: letter queued 2026-12-01T09:00:00.000Z, not printed (post by`,
      );
      expect(await exported(other.id)).toContain(
        `send-invites-${marcusOf(other).id}-v1: letter queued 2026-12-01T09:00:00.000Z, printed 2026-12-01T`,
      );
      // Never a family name in a subject.
      for (const m of s.smtp.messages) expect(m.parsed.subject ?? '').not.toMatch(/Testfamily|Marcus|Jade/);
    },
  );
});

describe('the print-room alert at a letter’s deadline', () => {
  it.each([
    ['sending', 'its first attempt died'],
    ['failed', 'the mail server refused its first attempt for now'],
  ] as const)(
    'is closed as skipped, not left "%s", when %s and the letter was printed before the retry',
    async (state, how) => {
      // Five weeks from wherever this file's simulated clock stands (a Monday, so a working day).
      const now = DateTime.fromJSDate(s.rt.clock.now(), { zone: 'Europe/London' });
      const day = now.plus({ weeks: 5 }).set({ weekday: 1 });
      const created = await s.api(
        'POST',
        '/api/conferences',
        hackneyInitialBody({ startsAt: `${day.toISODate()}T10:00`, strategyDiscussionOn: now.toISODate() }),
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      await s.idle();
      const view = async () => (await s.api('GET', `/api/conferences/${created.body.id}`)).body;
      const v = await view();
      const marcus = v.attendees.find((a: any) => a.name === 'Marcus Testfamily');
      const letter = v.hardCopies.find((h: any) => h.document === 'invitation' && h.attendeeId === marcus.id);
      const dueAt = DateTime.fromISO(letter.dueAt, { zone: 'Europe/London' });
      // The alert's first attempt claimed its send and its worker was killed before the mail server
      // answered (as in the chaos suite); its lease has run out. Meanwhile the coordinator prints the letter.
      const key = `hard-copy-due-${dueAt.toFormat('yyyyLLddHHmm')}-coordinator-v1`;
      expect(await s.rt.deps.ledger.claim(v.id, key, 1)).toBeTruthy();
      if (state === 'failed') await s.rt.deps.ledger.markFailed(v.id, key, `451 try again later: ${how}`);
      const printed = await s.api('POST', `/api/conferences/${v.id}/hard-copies/${letter.blobId}/printed`, {});
      expect(printed.status, JSON.stringify(printed.body)).toBe(200);

      // The retry at the deadline finds nothing left to print: no alert, and the delivery record is closed.
      await s.advanceTo(dueAt.plus({ minutes: 30 }).toUTC().toISO()!);
      await s.idle();
      const after = await view();
      expect(after.deliveries[key]).toMatchObject({ state: 'skipped' });
      expect(after.deliveries[key].reason).toMatch(/printed or withdrawn/);
      const alerts = s.smtp.messages.filter(
        (m) => m.envelopeTo.includes('coordinator@example.gov.uk') && (m.parsed.subject ?? '').startsWith(v.reference),
      );
      expect(alerts.map((m) => m.parsed.subject)).not.toContainEqual(expect.stringMatching(/to print and post/));
    },
  );
});
